import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startFakeLlm, type FakeLlm } from './index.js';
import { normalizeGeneratedFields, postJson, readSse } from './test-client.js';

interface OutputItem {
  id: string;
  type: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  encrypted_content?: string;
  content?: Array<{ text: string }>;
  summary?: Array<{ text: string }>;
}

interface ResponsesObject {
  id: string;
  status: string;
  incomplete_details: unknown;
  instructions: unknown;
  output: OutputItem[];
  usage: unknown;
}

interface StreamPayload {
  type: string;
  sequence_number: number;
  output_index?: number;
  delta?: string;
  item?: OutputItem;
  response?: ResponsesObject;
}

describe('fake LLM: OpenAI Responses API', () => {
  let fake: FakeLlm;
  beforeEach(async () => {
    fake = await startFakeLlm();
  });
  afterEach(async () => {
    await fake.close();
  });

  const createResponse = (body: Record<string, unknown>) =>
    postJson(
      `${fake.openaiBaseUrl}/responses`,
      { model: 'gpt-5-test', input: [{ role: 'user', content: 'hi' }], ...body },
      { headers: { authorization: 'Bearer k' } },
    );

  test('answers with reasoning, message and function_call items in order, echoing request settings', async () => {
    fake.enqueue({
      reasoning: 'plan',
      text: 'Calling tools',
      toolCalls: [
        { name: 'think', arguments: { thought: 'a' } },
        { id: 'call_fixed', name: 'think', arguments: { thought: 'b' } },
      ],
      usage: { promptTokens: 100, completionTokens: 40, cacheReadTokens: 64, reasoningTokens: 12 },
    });

    const body = (await (await createResponse({ instructions: 'be brief', store: false })).json()) as ResponsesObject;
    const [reasoning, message, firstCall, secondCall] = body.output;

    assert.match(body.id, /^resp_[0-9a-f]{50}$/);
    assert.equal(body.status, 'completed');
    assert.equal(body.instructions, 'be brief');
    assert.deepEqual(
      body.output.map((item) => item.type),
      ['reasoning', 'message', 'function_call', 'function_call'],
    );
    assert.deepEqual(normalizeGeneratedFields(reasoning), {
      id: '<id>',
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'plan' }],
    });
    assert.deepEqual(normalizeGeneratedFields(message), {
      id: '<id>',
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Calling tools' }],
    });
    assert.match(firstCall.id, /^fc_/);
    assert.match(firstCall.call_id ?? '', /^call_/);
    assert.equal(firstCall.arguments, '{"thought":"a"}');
    assert.equal(secondCall.call_id, 'call_fixed');
    assert.deepEqual(body.usage, {
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 64 },
      output_tokens: 40,
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 140,
    });
  });

  test('adds encrypted reasoning only when the request includes reasoning.encrypted_content', async () => {
    fake.enqueue({ reasoning: 'secret plan', text: 'a' }, { reasoning: 'secret plan', text: 'b' });

    const withEncrypted = (await (
      await createResponse({ include: ['reasoning.encrypted_content'] })
    ).json()) as ResponsesObject;
    const without = (await (await createResponse({})).json()) as ResponsesObject;

    assert.equal(typeof withEncrypted.output[0].encrypted_content, 'string');
    assert.ok((withEncrypted.output[0].encrypted_content ?? '').length > 0);
    assert.equal('encrypted_content' in without.output[0], false);
  });

  test('streams numbered events whose deltas rebuild the text and the function arguments', async () => {
    const text = 'Streaming over the Responses API works.';
    const toolArguments = { city: 'Beijing', days: [1, 2, 3] };
    fake.enqueue({ reasoning: 'short plan', text, toolCalls: [{ name: 'get_weather', arguments: toolArguments }] });

    const events = await readSse(await createResponse({ stream: true }));
    const payloads = events.map((event) => JSON.parse(event.data) as StreamPayload);
    const joinDeltas = (type: string) =>
      payloads
        .filter((payload) => payload.type === type)
        .map((payload) => payload.delta)
        .join('');

    assert.deepEqual(
      events.map((event) => event.event),
      payloads.map((payload) => payload.type),
    );
    assert.deepEqual(
      payloads.map((payload) => payload.sequence_number),
      payloads.map((_payload, position) => position),
    );
    assert.deepEqual(
      payloads.slice(0, 2).map((payload) => [payload.type, payload.response?.status]),
      [
        ['response.created', 'in_progress'],
        ['response.in_progress', 'in_progress'],
      ],
    );
    assert.equal(joinDeltas('response.reasoning_summary_text.delta'), 'short plan');
    assert.equal(joinDeltas('response.output_text.delta'), text);
    assert.deepEqual(JSON.parse(joinDeltas('response.function_call_arguments.delta')), toolArguments);
    assert.ok(payloads.filter((payload) => payload.type === 'response.function_call_arguments.delta').length > 2);

    const completed = payloads.at(-1);
    assert.equal(completed?.type, 'response.completed');
    assert.equal(completed?.response?.status, 'completed');
    const doneItems = payloads.filter((payload) => payload.type === 'response.output_item.done').map((payload) => payload.item);
    assert.deepEqual(completed?.response?.output, doneItems);
    assert.equal(completed?.response?.output[2].name, 'get_weather');
    assert.ok(events.every((event) => event.data !== '[DONE]'), 'the Responses API has no [DONE] sentinel');
  });

  test('ends a truncated answer as incomplete, in both modes', async () => {
    fake.enqueue({ text: 'cut', finishReason: 'length' }, { text: 'cut', finishReason: 'length' });

    const body = (await (await createResponse({})).json()) as ResponsesObject;
    const payloads = (await readSse(await createResponse({ stream: true }))).map(
      (event) => JSON.parse(event.data) as StreamPayload,
    );

    assert.equal(body.status, 'incomplete');
    assert.deepEqual(body.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(payloads.at(-1)?.type, 'response.incomplete');
    assert.deepEqual(payloads.at(-1)?.response?.incomplete_details, { reason: 'max_output_tokens' });
  });

  test('returns errors in the OpenAI error shape', async () => {
    fake.enqueue({ error: { status: 401 } });

    const response = await createResponse({ stream: true });

    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      error: {
        message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });
});
