import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startFakeLlm, type FakeLlm } from './index.js';
import { normalizeGeneratedFields, postJson, readSse } from './test-client.js';

interface ChatCompletion {
  id: string;
  created: number;
  choices: Array<{
    message: { content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> };
    finish_reason: string;
  }>;
  usage: Record<string, unknown>;
}

interface ChatChunk {
  id: string;
  object: string;
  choices: Array<{
    delta: {
      role?: string;
      content?: string | null;
      reasoning_content?: string;
      tool_calls?: Array<{ index: number; id?: string; type?: string; function: { name?: string; arguments: string } }>;
    };
    finish_reason: string | null;
  }>;
  usage?: Record<string, unknown> | null;
}

const userMessages = [{ role: 'user', content: 'hi' }];

/** Rebuilds the message a client would assemble from the chunks; counts fragments per tool call. */
function reassemble(chunks: ChatChunk[]) {
  let content = '';
  let reasoning = '';
  let finishReason: string | null = null;
  const toolCalls: Array<{ id: string; name: string; arguments: string; fragmentCount: number }> = [];
  for (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (choice === undefined) {
      continue;
    }
    content += choice.delta.content ?? '';
    reasoning += choice.delta.reasoning_content ?? '';
    finishReason = choice.finish_reason ?? finishReason;
    for (const fragment of choice.delta.tool_calls ?? []) {
      const call = (toolCalls[fragment.index] ??= { id: '', name: '', arguments: '', fragmentCount: 0 });
      call.id = fragment.id ?? call.id;
      call.name = fragment.function.name ?? call.name;
      call.arguments += fragment.function.arguments;
      call.fragmentCount += 1;
    }
  }
  return { content, reasoning, finishReason, toolCalls };
}

describe('fake LLM: OpenAI Chat Completions', () => {
  let fake: FakeLlm;
  beforeEach(async () => {
    fake = await startFakeLlm();
  });
  afterEach(async () => {
    await fake.close();
  });

  const complete = (body: Record<string, unknown>) =>
    postJson(`${fake.openaiBaseUrl}/chat/completions`, { model: 'gpt-test', messages: userMessages, ...body });

  test('answers a text reply with a whole chat.completion object echoing the model', async () => {
    fake.enqueue({ text: 'Hello!' });

    const response = await complete({});
    const body = (await response.json()) as ChatCompletion;

    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(body.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
    assert.ok(Math.abs(body.created - Date.now() / 1000) < 60);
    assert.deepEqual(normalizeGeneratedFields(body), {
      id: '<id>',
      object: 'chat.completion',
      created: 0,
      model: 'gpt-test',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello!', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 15,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
      system_fingerprint: 'fp_fake_llm',
    });
  });

  test('returns parallel tool calls with null content, generated or scripted ids and finish_reason tool_calls', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'think', arguments: { thought: 'a' } },
        { id: 'call_fixed', name: 'think', arguments: '{"thought": "b"}' },
      ],
    });

    const body = (await (await complete({})).json()) as ChatCompletion;
    const [choice] = body.choices;

    assert.equal(choice.message.content, null);
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.tool_calls?.length, 2);
    const [first, second] = choice.message.tool_calls ?? [];
    assert.match(first.id, /^call_[A-Za-z0-9]{24}$/);
    assert.deepEqual(first.function, { name: 'think', arguments: '{"thought":"a"}' });
    // A string is sent verbatim, spacing included.
    assert.deepEqual(second, { id: 'call_fixed', type: 'function', function: { name: 'think', arguments: '{"thought": "b"}' } });
  });

  test('reports scripted usage numbers, including cache and reasoning tokens', async () => {
    fake.enqueue({
      text: 'ok',
      reasoning: 'because',
      usage: { promptTokens: 120, completionTokens: 30, cacheReadTokens: 100, cacheWriteTokens: 20, reasoningTokens: 7 },
    });

    const body = (await (await complete({})).json()) as ChatCompletion & {
      choices: Array<{ message: { reasoning_content?: string } }>;
    };

    assert.equal(body.choices[0].message.reasoning_content, 'because');
    assert.deepEqual(body.usage, {
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 100, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 7,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
      cache_creation_input_tokens: 20,
      cache_read_input_tokens: 100,
    });
  });

  test('streams text as several chunks, then a usage chunk when asked, then [DONE]', async () => {
    const text = 'Hello there, this is a streamed reply.';
    fake.enqueue({ text, reasoning: 'thinking first', usage: { promptTokens: 42, completionTokens: 9 } });

    const response = await complete({ stream: true, stream_options: { include_usage: true } });
    const events = await readSse(response);

    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(events.at(-1)?.data, '[DONE]');
    assert.ok(events.every((event) => event.event === undefined), 'chat completions sends bare data lines');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data) as ChatChunk);
    assert.ok(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0].id));
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '', refusal: null });
    const contentChunkCount = chunks.filter((chunk) => typeof chunk.choices[0]?.delta.content === 'string' && chunk.choices[0].delta.content !== '').length;
    assert.ok(contentChunkCount > 1, `text should arrive in several chunks, got ${contentChunkCount}`);

    const assembled = reassemble(chunks);
    assert.equal(assembled.content, text);
    assert.equal(assembled.reasoning, 'thinking first');
    assert.equal(assembled.finishReason, 'stop');

    const usageChunk = chunks.at(-1);
    assert.deepEqual(usageChunk?.choices, []);
    assert.equal(usageChunk?.usage?.prompt_tokens, 42);
    assert.equal(usageChunk?.usage?.completion_tokens, 9);
    assert.equal(usageChunk?.usage?.total_tokens, 51);
    assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null), 'other chunks carry usage: null');
  });

  test('streams parallel tool calls as argument fragments keyed by index', async () => {
    const firstArguments = { command: 'echo hi', security_risk: 'LOW' };
    const secondArguments = { path: '/tmp/some/file.txt', view_range: [1, 20] };
    fake.enqueue({
      toolCalls: [
        { name: 'terminal', arguments: firstArguments },
        { id: 'call_second', name: 'file_editor', arguments: secondArguments },
      ],
    });

    const events = await readSse(await complete({ stream: true }));
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data) as ChatChunk);
    const assembled = reassemble(chunks);

    assert.equal(assembled.finishReason, 'tool_calls');
    assert.equal(assembled.content, '');
    assert.equal(chunks[0].choices[0].delta.content, null, 'a tool-only answer starts with content null');
    assert.equal(assembled.toolCalls.length, 2);
    const [first, second] = assembled.toolCalls;
    assert.match(first.id, /^call_/);
    assert.equal(first.name, 'terminal');
    assert.deepEqual(JSON.parse(first.arguments), firstArguments);
    assert.ok(first.fragmentCount > 2, 'arguments are split across several chunks');
    assert.equal(second.id, 'call_second');
    assert.equal(second.name, 'file_editor');
    assert.deepEqual(JSON.parse(second.arguments), secondArguments);
    assert.ok(chunks.every((chunk) => !('usage' in chunk)), 'no usage field unless include_usage is set');
  });

  test('maps a scripted finish reason in either vocabulary', async () => {
    fake.enqueue({ text: 'cut', finishReason: 'max_tokens' }, { text: 'odd', finishReason: 'content_filter' });

    const truncated = (await (await complete({})).json()) as ChatCompletion;
    const filtered = (await (await complete({})).json()) as ChatCompletion;

    assert.equal(truncated.choices[0].finish_reason, 'length');
    assert.equal(filtered.choices[0].finish_reason, 'content_filter');
  });

  test('returns a scripted 429 with its retry-after header in the OpenAI error shape', async () => {
    fake.enqueue({ error: { status: 429, headers: { 'Retry-After': '7' } } });

    const response = await complete({ stream: true });

    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
    assert.deepEqual(await response.json(), {
      error: {
        message: 'Rate limit reached for requests. Please try again later.',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
  });

  test('sends a scripted error message or body verbatim', async () => {
    fake.enqueue(
      { error: { status: 400, message: 'prompt is too long: 300000 tokens' } },
      { error: { status: 502, body: '<html>Bad gateway</html>' } },
    );

    const contextError = await complete({});
    const gatewayError = await complete({});

    assert.deepEqual(await contextError.json(), {
      error: { message: 'prompt is too long: 300000 tokens', type: 'invalid_request_error', param: null, code: null },
    });
    assert.equal(gatewayError.status, 502);
    assert.equal(await gatewayError.text(), '<html>Bad gateway</html>');
  });

  test('sends a malformed body with status 200', async () => {
    fake.enqueue({ text: 'never parsed', malformed: true });

    const response = await complete({});
    const text = await response.text();

    assert.equal(response.status, 200);
    assert.match(text, /^\{"id":"chatcmpl-/);
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  test('breaks off a malformed stream with an unparsable chunk and no [DONE]', async () => {
    fake.enqueue({ text: 'never finished', malformed: true });

    const events = await readSse(await complete({ stream: true }));

    assert.equal(events.length, 2);
    assert.equal((JSON.parse(events[0].data) as ChatChunk).object, 'chat.completion.chunk');
    assert.throws(() => JSON.parse(events[1].data), SyntaxError);
    assert.ok(events.every((event) => event.data !== '[DONE]'));
  });

  test('rejects a request without messages as OpenAI does, without consuming a reply', async () => {
    fake.enqueue({ text: 'kept for later' });

    const response = await postJson(`${fake.openaiBaseUrl}/chat/completions`, { model: 'gpt-test' });

    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: null, code: null },
    });
    assert.equal(fake.remainingReplies, 1);
    assert.equal(fake.requests.length, 1, 'the rejected request is still recorded');
  });
});
