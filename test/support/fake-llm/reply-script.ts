import type { RecordedRequest, ReplyFactory, ScriptedReply } from './types.js';

// When the script runs out, the default answer is a loud 500 that names the request, so an
// under-scripted test fails with a readable message instead of hanging on a timeout.
function outOfScriptReply(request: RecordedRequest): ScriptedReply {
  return {
    error: {
      status: 500,
      message:
        `fake-llm: the script ran out: no scripted reply left for request #${request.index + 1} ` +
        `(${request.method} ${request.path}). Enqueue more replies or call setDefaultReply().`,
    },
  };
}

export class ReplyScript {
  readonly #queue: Array<ScriptedReply | ReplyFactory> = [];
  #defaultReply: ScriptedReply | ReplyFactory = outOfScriptReply;

  get remaining(): number {
    return this.#queue.length;
  }

  enqueue(replies: Array<ScriptedReply | ReplyFactory>): void {
    this.#queue.push(...replies);
  }

  setDefault(reply: ScriptedReply | ReplyFactory): void {
    this.#defaultReply = reply;
  }

  /** Takes the next reply for this request; called once per accepted request, in arrival order. */
  next(request: RecordedRequest): ScriptedReply {
    const source = this.#queue.shift() ?? this.#defaultReply;
    return typeof source === 'function' ? source(request) : source;
  }
}
