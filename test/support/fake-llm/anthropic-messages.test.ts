import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startFakeLlm, type FakeLlm } from './index.js';
import { normalizeGeneratedFields, postJson, readSse, type ParsedSseEvent } from './test-client.js';

interface AnthropicMessage {
  id: string;
  content: Array<{ type: string; id?: string; name?: string; input?: unknown; thinking?: string; signature?: string; text?: string }>;
  stop_reason: string;
  usage: Record<string, number>;
}

interface StreamPayload {
  type: string;
  index?: number;
  message?: AnthropicMessage;
  content_block?: { type: string; id?: string; name?: string };
  delta?: { type?: string; text?: string; thinking?: string; signature?: string; partial_json?: string; stop_reason?: string };
  usage?: Record<string, number>;
}

interface AssembledBlock {
  type: string;
  text: string;
  signature: string;
  id?: string;
  name?: string;
  deltaCount: number;
}

/** Rebuilds content blocks the way a client does: start, concatenate deltas by index, stop. */
function assembleBlocks(payloads: StreamPayload[]): AssembledBlock[] {
  const blocks: AssembledBlock[] = [];
  for (const payload of payloads) {
    if (payload.type === 'content_block_start' && payload.index !== undefined && payload.content_block) {
      const { type, id, name } = payload.content_block;
      blocks[payload.index] = { type, id, name, text: '', signature: '', deltaCount: 0 };
    }
    if (payload.type === 'content_block_delta' && payload.index !== undefined && payload.delta) {
      const block = blocks[payload.index];
      block.text += payload.delta.text ?? payload.delta.thinking ?? payload.delta.partial_json ?? '';
      block.signature += payload.delta.signature ?? '';
      block.deltaCount += 1;
    }
  }
  return blocks;
}

function payloadsOf(events: ParsedSseEvent[]): StreamPayload[] {
  return events.map((event) => JSON.parse(event.data) as StreamPayload);
}

describe('fake LLM: Anthropic Messages', () => {
  let fake: FakeLlm;
  beforeEach(async () => {
    fake = await startFakeLlm();
  });
  afterEach(async () => {
    await fake.close();
  });

  const createMessage = (body: Record<string, unknown>) =>
    postJson(
      `${fake.anthropicBaseUrl}/messages`,
      { model: 'claude-test', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }], ...body },
      { headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } },
    );

  test('answers a text reply with a whole message object', async () => {
    fake.enqueue({ text: 'Hello!', usage: { promptTokens: 12, completionTokens: 3 } });

    const response = await createMessage({});
    const body = (await response.json()) as AnthropicMessage;

    assert.equal(response.status, 200);
    assert.match(body.id, /^msg_01[A-Za-z0-9]{22}$/);
    assert.match(response.headers.get('request-id') ?? '', /^req_/);
    assert.deepEqual(normalizeGeneratedFields(body), {
      id: '<id>',
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 },
    });
  });

  test('puts thinking first, then text, then parallel tool_use blocks with object inputs', async () => {
    fake.enqueue({
      reasoning: 'Let me look.',
      text: 'Two thoughts',
      toolCalls: [
        { name: 'think', arguments: { thought: 'a' } },
        { id: 'toolu_fixed', name: 'think', arguments: '{"thought":"b"}' },
      ],
      usage: { cacheReadTokens: 300, cacheWriteTokens: 50 },
    });

    const body = (await (await createMessage({})).json()) as AnthropicMessage;
    const [thinking, text, firstTool, secondTool] = body.content;

    assert.deepEqual(body.content.map((block) => block.type), ['thinking', 'text', 'tool_use', 'tool_use']);
    assert.equal(thinking.thinking, 'Let me look.');
    assert.ok((thinking.signature ?? '').length > 20, 'thinking carries a signature');
    assert.equal(text.text, 'Two thoughts');
    assert.match(firstTool.id ?? '', /^toolu_01[A-Za-z0-9]{22}$/);
    assert.deepEqual({ name: firstTool.name, input: firstTool.input }, { name: 'think', input: { thought: 'a' } });
    assert.deepEqual(secondTool, { type: 'tool_use', id: 'toolu_fixed', name: 'think', input: { thought: 'b' } });
    assert.equal(body.stop_reason, 'tool_use');
    assert.equal(body.usage.cache_read_input_tokens, 300);
    assert.equal(body.usage.cache_creation_input_tokens, 50);
  });

  test('streams the documented event sequence with each event name matching its payload type', async () => {
    fake.enqueue({ reasoning: 'hmm', text: 'Hi', toolCalls: [{ name: 'finish', arguments: { message: 'done' } }] });

    const response = await createMessage({ stream: true });
    const events = await readSse(response);
    const payloads = payloadsOf(events);
    // Collapse runs of deltas so the sequence is independent of how text is chunked.
    const sequence = payloads
      .map((payload) => (payload.type === 'content_block_delta' ? `delta:${payload.delta?.type}` : payload.type))
      .filter((name, position, all) => name !== all[position - 1]);

    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.deepEqual(
      events.map((event) => event.event),
      payloads.map((payload) => payload.type),
    );
    assert.deepEqual(sequence, [
      'message_start',
      'ping',
      'content_block_start',
      'delta:thinking_delta',
      'delta:signature_delta',
      'content_block_stop',
      'content_block_start',
      'delta:text_delta',
      'content_block_stop',
      'content_block_start',
      'delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    assert.deepEqual(
      payloads.filter((payload) => payload.type === 'content_block_stop').map((payload) => payload.index),
      [0, 1, 2],
    );
  });

  test('streams parallel tool calls whose input_json_delta fragments parse to the scripted objects', async () => {
    const firstInput = { command: 'ls -la /tmp', security_risk: 'LOW' };
    const secondInput = { thought: 'parallel', nested: { list: [1, 2, 3] } };
    fake.enqueue({
      toolCalls: [
        { name: 'terminal', arguments: firstInput },
        { id: 'toolu_second', name: 'think', arguments: secondInput },
      ],
    });

    const payloads = payloadsOf(await readSse(await createMessage({ stream: true })));
    const blocks = assembleBlocks(payloads);

    assert.equal(blocks.length, 2);
    assert.equal(blocks[0].type, 'tool_use');
    assert.match(blocks[0].id ?? '', /^toolu_01/);
    assert.equal(blocks[0].name, 'terminal');
    assert.deepEqual(JSON.parse(blocks[0].text), firstInput);
    assert.ok(blocks[0].deltaCount > 2, 'input arrives in several fragments');
    assert.equal(blocks[1].id, 'toolu_second');
    assert.deepEqual(JSON.parse(blocks[1].text), secondInput);
    assert.equal(payloads.find((payload) => payload.type === 'message_delta')?.delta?.stop_reason, 'tool_use');
  });

  test('streams thinking with the same signature as the non-streaming answer, and text in several deltas', async () => {
    const text = 'A longer answer so that it needs several deltas.';
    fake.enqueue({ reasoning: 'deep thought', text }, { reasoning: 'deep thought', text });

    const blocks = assembleBlocks(payloadsOf(await readSse(await createMessage({ stream: true }))));
    const whole = (await (await createMessage({})).json()) as AnthropicMessage;

    assert.deepEqual(
      blocks.map((block) => block.type),
      ['thinking', 'text'],
    );
    assert.equal(blocks[0].text, 'deep thought');
    assert.equal(blocks[0].signature, whole.content[0].signature);
    assert.equal(blocks[1].text, text);
    assert.ok(blocks[1].deltaCount > 1);
  });

  test('reports usage in message_start and the final count in message_delta', async () => {
    fake.enqueue({ text: 'ok', usage: { promptTokens: 69, completionTokens: 53, cacheReadTokens: 4, cacheWriteTokens: 2 } });

    const payloads = payloadsOf(await readSse(await createMessage({ stream: true })));
    const start = payloads.find((payload) => payload.type === 'message_start');
    const delta = payloads.find((payload) => payload.type === 'message_delta');

    assert.deepEqual(start?.message?.usage, {
      input_tokens: 69,
      cache_creation_input_tokens: 2,
      cache_read_input_tokens: 4,
      output_tokens: 1,
    });
    assert.deepEqual(delta?.usage, {
      input_tokens: 69,
      cache_creation_input_tokens: 2,
      cache_read_input_tokens: 4,
      output_tokens: 53,
    });
    assert.equal(delta?.delta?.stop_reason, 'end_turn');
  });

  test('streams a tool without arguments as one empty partial_json, as Claude does', async () => {
    fake.enqueue({ toolCalls: [{ name: 'finish', arguments: {} }] });

    const payloads = payloadsOf(await readSse(await createMessage({ stream: true })));
    const deltas = payloads.filter((payload) => payload.type === 'content_block_delta');

    assert.deepEqual(deltas.map((payload) => payload.delta), [{ type: 'input_json_delta', partial_json: '' }]);
  });

  test('streams broken tool JSON verbatim but refuses it in a non-streaming answer', async () => {
    fake.enqueue(
      { toolCalls: [{ name: 'terminal', arguments: '{"command": "ls"' }] },
      { toolCalls: [{ name: 'terminal', arguments: '{"command": "ls"' }] },
    );

    const streamed = assembleBlocks(payloadsOf(await readSse(await createMessage({ stream: true }))));
    const refused = await createMessage({});
    const refusal = (await refused.json()) as { type: string; error: { type: string; message: string } };

    assert.equal(streamed[0].text, '{"command": "ls"');
    assert.equal(refused.status, 500);
    assert.equal(refusal.type, 'error');
    assert.match(refusal.error.message, /tool call 'terminal' has arguments that are not a JSON object/);
  });

  test('returns scripted errors in the Anthropic error shape with their headers', async () => {
    fake.enqueue(
      { error: { status: 429, headers: { 'retry-after': '3' } } },
      { error: { status: 529 } },
      { error: { status: 401 } },
    );

    const rateLimited = await createMessage({});
    const overloaded = await createMessage({ stream: true });
    const unauthorized = await createMessage({});

    assert.equal(rateLimited.status, 429);
    assert.equal(rateLimited.headers.get('retry-after'), '3');
    assert.deepEqual(normalizeGeneratedFields(await rateLimited.json()), {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' },
      request_id: '<id>',
    });
    assert.equal(overloaded.status, 529);
    assert.deepEqual(((await overloaded.json()) as { error: unknown }).error, { type: 'overloaded_error', message: 'Overloaded' });
    assert.deepEqual(((await unauthorized.json()) as { error: unknown }).error, {
      type: 'authentication_error',
      message: 'invalid x-api-key',
    });
  });

  test('sends a malformed body, and a stream that breaks off without message_stop', async () => {
    fake.enqueue({ text: 'x', malformed: true }, { text: 'x', malformed: true });

    const body = await (await createMessage({})).text();
    const events = await readSse(await createMessage({ stream: true }));

    assert.throws(() => JSON.parse(body), SyntaxError);
    assert.equal(events[0].event, 'message_start');
    assert.equal(events.length, 2);
    assert.throws(() => JSON.parse(events[1].data), SyntaxError);
    assert.ok(events.every((event) => event.event !== 'message_stop'));
  });

  test('rejects a request without max_tokens as Anthropic does', async () => {
    fake.enqueue({ text: 'unused' });

    const response = await postJson(`${fake.anthropicBaseUrl}/messages`, {
      model: 'claude-test',
      messages: [{ role: 'user', content: 'hi' }],
    });

    assert.equal(response.status, 400);
    assert.deepEqual(((await response.json()) as { error: unknown }).error, {
      type: 'invalid_request_error',
      message: 'max_tokens: Field required',
    });
    assert.equal(fake.remainingReplies, 1);
  });
});
