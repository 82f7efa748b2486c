import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { newRequestId } from './ids.js';
import type { ProtocolRenderer, RenderContext } from './protocols/protocol-renderer.js';
import { rendererForProtocol } from './protocols/renderer-for-protocol.js';
import { renderMalformedBody, renderMalformedStream } from './render-malformed.js';
import { fakeModelId } from './render-model-list.js';
import { resolveReply } from './resolve-reply.js';
import { sendJson, sendSse, sendText } from './send-response.js';
import type { RecordedRequest, ScriptedError, ScriptedReply } from './types.js';

// Answers one accepted request with its scripted reply. Order: wait (latency + delayMs),
// then hang / error / malformed / a real answer. The wait comes first so a benchmark's
// latency applies to every kind of reply, errors included.

/** Resolves false when the client went away during the wait, so nothing is written to a dead socket. */
async function waitBeforeAnswering(response: ServerResponse, milliseconds: number): Promise<boolean> {
  if (milliseconds <= 0) {
    return true;
  }
  const abortController = new AbortController();
  const abort = () => abortController.abort();
  response.once('close', abort);
  try {
    await sleep(milliseconds, undefined, { signal: abortController.signal });
    return true;
  } catch (error) {
    if (abortController.signal.aborted) {
      return false;
    }
    throw error;
  } finally {
    response.off('close', abort);
  }
}

/** The request id header, plus the protocol's error headers for an error answer. */
export function responseHeaders(renderer: ProtocolRenderer, errorStatus?: number): Record<string, string> {
  const errorHeaders = errorStatus === undefined ? {} : (renderer.errorHeaders?.(errorStatus) ?? {});
  return { [renderer.requestIdHeader]: renderer.newRequestId?.() ?? newRequestId(), ...errorHeaders };
}

function sendScriptedError(response: ServerResponse, renderer: ProtocolRenderer, error: ScriptedError): void {
  const headers = { ...responseHeaders(renderer, error.status), ...error.headers };
  if (typeof error.body === 'string') {
    sendText(response, { status: error.status, text: error.body, contentType: 'text/plain; charset=utf-8', headers });
    return;
  }
  const body = error.body ?? renderer.renderError({ status: error.status, message: error.message });
  sendJson(response, { status: error.status, body, headers });
}

function renderContext(request: RecordedRequest, reply: ScriptedReply): RenderContext {
  return {
    reply: resolveReply(reply, request.protocol),
    request,
    model: typeof request.body.model === 'string' ? request.body.model : fakeModelId,
    createdAtSeconds: Math.floor(Date.now() / 1000),
  };
}

function sendAnswer(response: ServerResponse, renderer: ProtocolRenderer, options: { context: RenderContext; isMalformed: boolean }): void {
  const { context, isMalformed } = options;
  const headers = responseHeaders(renderer);
  if (context.request.stream) {
    const events = renderer.renderStream(context);
    sendSse(response, { events: isMalformed ? renderMalformedStream(events) : events, headers });
    return;
  }
  const body = renderer.renderBody(context);
  if (isMalformed) {
    sendText(response, { status: 200, text: renderMalformedBody(body), contentType: 'application/json', headers });
    return;
  }
  sendJson(response, { status: 200, body, headers });
}

export async function answerRequest(options: {
  response: ServerResponse;
  request: RecordedRequest;
  reply: ScriptedReply;
  latencyMs: number;
}): Promise<void> {
  const { response, request, reply } = options;
  const isClientWaiting = await waitBeforeAnswering(response, options.latencyMs + (reply.delayMs ?? 0));
  // A hanging reply leaves the socket open until the client gives up or the fake closes.
  if (!isClientWaiting || reply.hang === true) {
    return;
  }
  const renderer = rendererForProtocol(request.protocol);
  if (reply.error !== undefined) {
    sendScriptedError(response, renderer, reply.error);
    return;
  }
  sendAnswer(response, renderer, { context: renderContext(request, reply), isMalformed: reply.malformed === true });
}
