import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { normalizeLlm, type LlmInput } from '../models/index.js';
import { startFakeLlm, type FakeLlm } from '../../test/support/fake-llm/index.js';
import { createLlmClient } from './create-llm-client.js';
import { LlmAuthenticationError, LlmContextWindowExceededError, LlmResponseError } from './errors.js';
import type { LlmMessage, LlmToolSpec } from './types.js';

// The real client against the fake LLM server over Anthropic Messages (`anthropic/…` with
// base_url pointing at the fake).

const KEY = 'sk-ant-fake-SECRET-7777777777';

const thinkTool: LlmToolSpec = {
  name: 'think',
  description: 'Think out loud.',
  parameters: { type: 'object', properties: { thought: { type: 'string', description: 'The thought.' } }, required: ['thought'] },
};

const text = (value: string) => ({ type: 'text' as const, text: value });
const conversation: LlmMessage[] = [
  { role: 'system', content: [text('You are a helpful agent.')] },
  { role: 'user', content: [text('Hello')] },
];

let fake: FakeLlm;
const sleeps: number[] = [];

function client(overrides: Partial<LlmInput> = {}) {
  const llm = normalizeLlm({ model: 'anthropic/claude-test', base_url: fake.anthropicBaseUrl, api_key: KEY, num_retries: 1, ...overrides });
  return createLlmClient(llm, { sleep: async (milliseconds) => void sleeps.push(milliseconds) });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected a rejection');
}

function lastRequest() {
  const requests = fake.requests;
  return requests[requests.length - 1];
}

before(async () => {
  fake = await startFakeLlm();
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  sleeps.length = 0;
});

describe('Anthropic Messages', () => {
  it('sends key, version, parameters and extra headers; returns text, usage and cost', async () => {
    fake.enqueue({ text: 'Hi', usage: { promptTokens: 200, completionTokens: 30, cacheReadTokens: 1000, cacheWriteTokens: 100 } });
    const response = await client({
      model: 'anthropic/claude-sonnet-4-20250514', temperature: 0.5, max_output_tokens: 1234, caching_prompt: false,
      extra_headers: { 'X-Trace': 'trace-2' },
    }).complete({ messages: conversation, tools: [] });

    const request = lastRequest();
    assert.equal(request.protocol, 'anthropic');
    assert.equal(request.path, '/v1/messages');
    assert.equal(request.headers['x-api-key'], KEY);
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    assert.equal(request.headers['x-trace'], 'trace-2');
    assert.equal(request.body.model, 'claude-sonnet-4-20250514');
    assert.equal(request.body.max_tokens, 1234);
    assert.equal(request.body.temperature, 0.5);
    assert.deepEqual(request.body.system, [{ type: 'text', text: 'You are a helpful agent.' }]);
    assert.deepEqual(request.body.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);

    assert.equal(response.text, 'Hi');
    assert.match(response.id, /^msg_/);
    // Prompt tokens include cache reads and writes, as on OpenAI (agent.md 11.10).
    assert.deepEqual(response.usage, { promptTokens: 1300, completionTokens: 30, cacheReadTokens: 1000, cacheWriteTokens: 100, reasoningTokens: 0 });
    const expected = (200 * 3 + 1000 * 0.3 + 100 * 3.75 + 30 * 15) / 1e6;
    assert.ok(Math.abs(response.cost - expected) < 1e-12, `${response.cost} != ${expected}`);
    assert.equal(response.contextWindow, 200_000);
  });

  it('returns parallel tool calls and sends tools with input_schema', async () => {
    fake.enqueue({ text: 'Two', toolCalls: [
      { id: 'toolu_a', name: 'think', arguments: { thought: 'a' } },
      { id: 'toolu_b', name: 'think', arguments: { thought: 'b' } },
    ] });
    const response = await client().complete({ messages: conversation, tools: [thinkTool] });
    assert.equal(response.finishReason, 'tool_calls');
    assert.deepEqual(response.toolCalls, [
      { id: 'toolu_a', name: 'think', arguments: '{"thought":"a"}' },
      { id: 'toolu_b', name: 'think', arguments: '{"thought":"b"}' },
    ]);
    const tools = lastRequest().body.tools as Array<Record<string, unknown>>;
    assert.deepEqual(tools.map(({ name, description, input_schema }) => ({ name, description, input_schema })), [
      { name: 'think', description: 'Think out loud.', input_schema: thinkTool.parameters },
    ]);
    assert.equal(lastRequest().body.tool_choice, undefined);
  });

  it('puts all tool results of a turn in one user message, before user text; invalid arguments become {}', async () => {
    fake.enqueue({ text: 'ok' });
    await client().complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [text('')], toolCalls: [
          { id: 'toolu_1', name: 'think', arguments: '{"thought":"x"}' },
          { id: 'toolu_2', name: 'think', arguments: '{"thought": "broken' },
        ] },
        { role: 'tool', toolCallId: 'toolu_1', toolName: 'think', content: [text('one')] },
        { role: 'user', content: [text('also this')] },
        { role: 'tool', toolCallId: 'toolu_2', toolName: 'think', content: [text('')] },
      ],
      tools: [thinkTool],
    });
    const messages = lastRequest().body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    assert.equal(messages.length, 3);
    assert.deepEqual(messages[1], { role: 'assistant', content: [
      { type: 'tool_use', id: 'toolu_1', name: 'think', input: { thought: 'x' } },
      { type: 'tool_use', id: 'toolu_2', name: 'think', input: {} },
    ] });
    assert.deepEqual(messages[2].content.map((block) => block.type), ['tool_result', 'tool_result', 'text']);
    assert.deepEqual(messages[2].content[1], { type: 'tool_result', tool_use_id: 'toolu_2', content: '(empty)' });
  });

  it('enables extended thinking and replays thinking blocks with their signatures', async () => {
    const llm = client({ model: 'anthropic/claude-sonnet-4-5-20250929', extended_thinking_budget: 4096, max_output_tokens: 8000, caching_prompt: false });
    fake.enqueue({ reasoning: 'Let me consider.', toolCalls: [{ id: 'toolu_t', name: 'think', arguments: { thought: 'x' } }] });
    const response = await llm.complete({ messages: conversation, tools: [thinkTool] });
    const first = lastRequest();
    assert.deepEqual(first.body.thinking, { type: 'enabled', budget_tokens: 4096 });
    assert.equal(first.body.temperature, undefined);
    assert.equal(first.body.top_p, undefined);
    assert.match(String(first.headers['anthropic-beta']), /interleaved-thinking-2025-05-14/);
    assert.equal(response.reasoningContent, 'Let me consider.');
    assert.equal(response.thinkingBlocks.length, 1);
    const [block] = response.thinkingBlocks;
    assert.ok(block.type === 'thinking' && block.signature);

    fake.enqueue({ text: 'done' });
    await llm.complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [], toolCalls: response.toolCalls, thinkingBlocks: response.thinkingBlocks, reasoningContent: response.reasoningContent },
        { role: 'tool', toolCallId: 'toolu_t', toolName: 'think', content: [text('logged')] },
      ],
      tools: [thinkTool],
    });
    const assistant = (lastRequest().body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>)[1];
    assert.deepEqual(assistant.content[0], { type: 'thinking', thinking: 'Let me consider.', signature: block.signature });
    assert.equal(assistant.content[1].type, 'tool_use');
  });

  // 11.3: the thinking budget is part of max_output_tokens, not added to it; with interleaved
  // thinking the budget may exceed it, so both go out unchanged.
  for (const [budget, maxOutput] of [[4096, 8000], [8000, 8000], [20_000, 8000]]) {
    it(`sends max_tokens = max_output_tokens with a thinking budget of ${budget} of ${maxOutput}`, async () => {
      fake.enqueue({ text: 'ok' });
      await client({ model: 'anthropic/claude-sonnet-4-5-20250929', extended_thinking_budget: budget, max_output_tokens: maxOutput })
        .complete({ messages: conversation, tools: [] });
      const body = lastRequest().body;
      assert.equal(body.max_tokens, maxOutput);
      assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: budget });
    });
  }

  it('sends the default max_output_tokens as max_tokens with the default thinking budget', async () => {
    fake.enqueue({ text: 'ok' });
    await client({ model: 'anthropic/claude-haiku-4-5' }).complete({ messages: conversation, tools: [] });
    const body = lastRequest().body;
    assert.equal(body.max_tokens, 64_000);
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 200_000 });
  });

  it('marks the system prompt and the last user or tool turn with cache_control', async () => {
    fake.enqueue({ text: 'ok' });
    await client({ model: 'anthropic/claude-sonnet-4-5-20250929', extended_thinking_budget: null }).complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [text('calling')], toolCalls: [{ id: 'toolu_c', name: 'think', arguments: '{"thought":"c"}' }] },
        { role: 'tool', toolCallId: 'toolu_c', toolName: 'think', content: [text('logged')] },
      ],
      tools: [thinkTool],
    });
    const body = lastRequest().body;
    assert.deepEqual(body.system, [{ type: 'text', text: 'You are a helpful agent.', cache_control: { type: 'ephemeral' } }]);
    const messages = body.messages as Array<{ content: Array<Record<string, unknown>> }>;
    assert.equal(messages[0].content[0].cache_control, undefined);
    assert.deepEqual(messages[2].content[0], { type: 'tool_result', tool_use_id: 'toolu_c', content: 'logged', cache_control: { type: 'ephemeral' } });
    assert.equal((JSON.stringify(body).match(/cache_control/g) ?? []).length, 2);
  });

  it('retries 529 and succeeds', async () => {
    fake.enqueue({ error: { status: 529 } }, { text: 'back' });
    const response = await client({ num_retries: 2, retry_multiplier: 0, retry_min_wait: 0 }).complete({ messages: conversation, tools: [] });
    assert.equal(response.text, 'back');
    assert.deepEqual(sleeps, [0]);
  });

  it('does not retry 401 and keeps the key out of the message', async () => {
    fake.enqueue({ error: { status: 401, message: `invalid x-api-key ${KEY}` } });
    const before = fake.requests.length;
    const error = await rejection(client({ num_retries: 5 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmAuthenticationError);
    assert.ok(!error.message.includes(KEY));
    assert.equal(fake.requests.length - before, 1);
  });

  it('maps "prompt is too long" to a context window error', async () => {
    fake.enqueue({ error: { status: 400, message: 'prompt is too long: 250000 tokens > 200000 maximum' } });
    const error = await rejection(client({ num_retries: 5 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmContextWindowExceededError);
    assert.equal(error.code, 'LLMContextWindowExceedError');
  });

  it('maps a malformed body to a response error', async () => {
    fake.enqueue({ malformed: true });
    assert.ok((await rejection(client().complete({ messages: conversation, tools: [] }))) instanceof LlmResponseError);
  });

  it('supports prompt-based tool calling with stop_sequences', async () => {
    fake.enqueue({ text: 'Thinking.\n<function=think>\n<parameter=thought>deep</parameter>\n' });
    const response = await client({ native_tool_calling: false }).complete({ messages: conversation, tools: [thinkTool] });
    assert.deepEqual(response.toolCalls, [{ id: 'toolu_01', name: 'think', arguments: '{"thought":"deep"}' }]);
    const body = lastRequest().body;
    assert.deepEqual(body.stop_sequences, ['</function']);
    assert.equal(body.tools, undefined);
  });
});
