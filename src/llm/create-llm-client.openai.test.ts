import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { normalizeLlm, type LlmInput } from '../models/index.js';
import { startFakeLlm, type FakeLlm } from '../../test/support/fake-llm/index.js';
import { createLlmClient } from './create-llm-client.js';
import {
  LlmAuthenticationError,
  LlmBadRequestError,
  LlmConnectionError,
  LlmFunctionCallValidationError,
  LlmProviderNotSupportedError,
  LlmRateLimitError,
  LlmResponseError,
  LlmTimeoutError,
  isLlmError,
} from './errors.js';
import type { LlmMessage, LlmToolSpec } from './types.js';

// The real client against the fake LLM server over OpenAI Chat Completions (base_url with
// `openai/…` and `litellm_proxy/…`) and the Responses API.

const KEY = 'sk-fake-SECRET-4242424242';

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
  const llm = normalizeLlm({ model: 'openai/fake-model', base_url: fake.openaiBaseUrl, api_key: KEY, num_retries: 1, ...overrides });
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

function assertNoKey(error: Error) {
  assert.ok(!error.message.includes(KEY), `the key leaked into: ${error.message}`);
  assert.ok(!String(error.stack).includes(KEY));
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

function lastRequest() {
  const requests = fake.requests;
  return requests[requests.length - 1];
}

describe('OpenAI Chat Completions via base_url', () => {
  it('sends the request parameters, key and extra headers, and returns text, usage and cost', async () => {
    fake.enqueue({ text: 'Hi there', usage: { promptTokens: 100, completionTokens: 20, cacheReadTokens: 40, reasoningTokens: 3 } });
    const response = await client({
      temperature: 0.3, top_p: 0.9, max_output_tokens: 321, seed: 7,
      extra_headers: { 'X-Trace': 'trace-1' },
      input_cost_per_token: 0.001, output_cost_per_token: 0.01,
      usage_id: 'agent',
    }).complete({ messages: conversation, tools: [] });

    assert.equal(response.text, 'Hi there');
    assert.match(response.id, /^chatcmpl-/);
    assert.equal(response.finishReason, 'stop');
    assert.deepEqual(response.toolCalls, []);
    assert.deepEqual(response.usage, { promptTokens: 100, completionTokens: 20, cacheReadTokens: 40, cacheWriteTokens: 0, reasoningTokens: 3 });
    assert.ok(Math.abs(response.cost - (100 * 0.001 + 20 * 0.01)) < 1e-12);
    assert.ok(response.latencySeconds >= 0);
    assert.equal(response.contextWindow, 0);

    const request = lastRequest();
    assert.equal(request.protocol, 'openai-chat');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.headers['x-trace'], 'trace-1');
    assert.equal(request.body.model, 'fake-model');
    assert.equal(request.body.temperature, 0.3);
    assert.equal(request.body.top_p, 0.9);
    assert.equal(request.body.max_completion_tokens, 321);
    assert.equal(request.body.seed, 7);
    assert.equal(request.body.stream, undefined);
    assert.equal(request.body.tools, undefined);
    assert.deepEqual(request.body.messages, [
      { role: 'system', content: 'You are a helpful agent.' },
      { role: 'user', content: 'Hello' },
    ]);
  });

  it('returns parallel tool calls with their raw arguments and sends the tools', async () => {
    fake.enqueue({ text: 'Two thoughts', toolCalls: [
      { id: 'call_a', name: 'think', arguments: { thought: 'a' } },
      { id: 'call_b', name: 'think', arguments: '{"thought": "b"' },
    ] });
    const response = await client().complete({ messages: conversation, tools: [thinkTool] });
    assert.equal(response.finishReason, 'tool_calls');
    assert.deepEqual(response.toolCalls, [
      { id: 'call_a', name: 'think', arguments: '{"thought":"a"}' },
      { id: 'call_b', name: 'think', arguments: '{"thought": "b"' },
    ]);
    const body = lastRequest().body;
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'think', description: 'Think out loud.', parameters: thinkTool.parameters } }]);
    assert.equal(body.tool_choice, undefined);
    assert.equal(body.parallel_tool_calls, undefined);
  });

  it('replays tool calls exactly, invalid JSON included, and tool results with their name', async () => {
    fake.enqueue({ text: 'ok' });
    const history: LlmMessage[] = [
      ...conversation,
      { role: 'assistant', content: [text('thinking')], toolCalls: [
        { id: 'call_1', name: 'think', arguments: '{"thought": "x"}' },
        { id: 'call_2', name: 'think', arguments: '{"thought": "broken' },
      ] },
      { role: 'tool', toolCallId: 'call_1', toolName: 'think', content: [text('Your thought has been logged.')] },
      { role: 'tool', toolCallId: 'call_2', toolName: 'think', content: [text('Error validating args')] },
    ];
    await client().complete({ messages: history, tools: [thinkTool] });
    const messages = lastRequest().body.messages as Array<Record<string, unknown>>;
    assert.deepEqual(messages[2], {
      role: 'assistant',
      content: 'thinking',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'think', arguments: '{"thought": "x"}' } },
        { id: 'call_2', type: 'function', function: { name: 'think', arguments: '{"thought": "broken' } },
      ],
    });
    assert.deepEqual(messages[3], { role: 'tool', tool_call_id: 'call_1', content: 'Your thought has been logged.', name: 'think' });
    assert.equal(messages[4].tool_call_id, 'call_2');
  });

  it('merges litellm_extra_body into the body', async () => {
    fake.enqueue({ text: 'ok' });
    await client({ litellm_extra_body: { metadata: { trace: 'x' } } }).complete({ messages: conversation, tools: [] });
    assert.deepEqual(lastRequest().body.metadata, { trace: 'x' });
  });

  it('strips images for a model without vision and keeps them with vision, moving tool images after the results', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const history: LlmMessage[] = [
      { role: 'user', content: [text('Look'), { type: 'image', url: png }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'call_1', name: 'think', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'call_1', toolName: 'think', content: [text('screenshot'), { type: 'image', url: 'https://example.com/a.png' }] },
    ];
    fake.enqueue({ text: 'blind' }, { text: 'seeing' });
    await client().complete({ messages: history, tools: [thinkTool] });
    const blind = lastRequest().body.messages as Array<Record<string, unknown>>;
    assert.deepEqual(blind[0], { role: 'user', content: 'Look' });
    assert.equal(blind.length, 3);

    await client({ model: 'openai/gpt-4o' }).complete({ messages: history, tools: [thinkTool] });
    const seeing = lastRequest().body.messages as Array<Record<string, unknown>>;
    assert.deepEqual(seeing[0], { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: png } }] });
    assert.deepEqual(seeing[2], { role: 'tool', tool_call_id: 'call_1', content: 'screenshot', name: 'think' });
    assert.deepEqual(seeing[3], { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] });
  });

  it('middle-truncates text parts longer than 50,000 characters', async () => {
    fake.enqueue({ text: 'ok' });
    await client().complete({ messages: [{ role: 'user', content: [text('a'.repeat(30_000) + 'b'.repeat(30_000))] }], tools: [] });
    const content = (lastRequest().body.messages as Array<{ content: string }>)[0].content;
    assert.equal(content.length, 50_000);
    assert.ok(content.startsWith('aaa') && content.endsWith('bbb'));
    assert.match(content, /<response clipped>/);
  });
});

describe('OpenAI-compatible LiteLLM proxy in front of Claude', () => {
  it('sends the rest of the model, cache_control breakpoints and thinking in the OpenAI-shaped body', async () => {
    fake.enqueue({ text: 'ok', reasoning: 'hmm', usage: { promptTokens: 500, completionTokens: 10, cacheReadTokens: 300, cacheWriteTokens: 100 } });
    const response = await client({
      model: 'litellm_proxy/anthropic/claude-sonnet-4-5-20250929', extended_thinking_budget: 2048, max_output_tokens: 4096,
    }).complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [text('calling')], toolCalls: [{ id: 'call_1', name: 'think', arguments: '{"thought":"t"}' }],
          thinkingBlocks: [{ type: 'thinking', thinking: 'earlier', signature: 'sig-1' }] },
        { role: 'tool', toolCallId: 'call_1', toolName: 'think', content: [text('logged')] },
      ],
      tools: [thinkTool],
    });
    const request = lastRequest();
    const body = request.body;
    assert.equal(body.model, 'anthropic/claude-sonnet-4-5-20250929');
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.equal(body.temperature, undefined);
    assert.equal(body.top_p, undefined);
    assert.equal(body.max_completion_tokens, 4096);
    assert.equal(request.headers['anthropic-beta'], 'interleaved-thinking-2025-05-14');
    const messages = body.messages as Array<Record<string, unknown>>;
    assert.deepEqual(messages[0], { role: 'system', content: [{ type: 'text', text: 'You are a helpful agent.', cache_control: { type: 'ephemeral' } }] });
    assert.deepEqual(messages[1], { role: 'user', content: 'Hello' });
    assert.deepEqual(messages[2].thinking_blocks, [{ type: 'thinking', thinking: 'earlier', signature: 'sig-1' }]);
    assert.deepEqual(messages[3], { role: 'tool', tool_call_id: 'call_1', content: 'logged', name: 'think', cache_control: { type: 'ephemeral' } });
    assert.equal(response.reasoningContent, 'hmm');
    assert.deepEqual(response.usage, { promptTokens: 500, completionTokens: 10, cacheReadTokens: 300, cacheWriteTokens: 100, reasoningTokens: 0 });
    // claude-sonnet-4-5 prices: 100 uncached at $3/M, 300 read at $0.30/M, 100 written at $3.75/M, 10 out at $15/M
    assert.ok(Math.abs(response.cost - (100 * 3 + 300 * 0.3 + 100 * 3.75 + 10 * 15) / 1e6) < 1e-12);
    assert.equal(response.contextWindow, 200_000);
  });

  it('sends no cache_control when caching_prompt is false', async () => {
    fake.enqueue({ text: 'ok' });
    await client({ model: 'litellm_proxy/claude-sonnet-4-20250514', caching_prompt: false }).complete({ messages: conversation, tools: [] });
    assert.ok(!JSON.stringify(lastRequest().body).includes('cache_control'));
  });
});

describe('retries and errors', () => {
  it('retries 429 and 500 with the policy waits, honouring retry-after', async () => {
    fake.enqueue(
      { error: { status: 429, headers: { 'retry-after': '2' } } },
      { error: { status: 500 } },
      { text: 'finally' },
    );
    const before = fake.requests.length;
    const response = await client({ num_retries: 3, retry_multiplier: 0, retry_min_wait: 0, retry_max_wait: 0 }).complete({ messages: conversation, tools: [] });
    assert.equal(response.text, 'finally');
    assert.equal(fake.requests.length - before, 3);
    assert.deepEqual(sleeps, [2000, 0]);
  });

  it('gives up after num_retries attempts with the last error', async () => {
    fake.enqueue({ error: { status: 429 } }, { error: { status: 429 } });
    const before = fake.requests.length;
    const error = await rejection(client({ num_retries: 2, retry_min_wait: 0, retry_multiplier: 0 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmRateLimitError);
    assert.equal(fake.requests.length - before, 2);
  });

  it('does not retry 400 or 401, and never shows the key', async () => {
    fake.enqueue({ error: { status: 401, message: `Incorrect API key provided: ${KEY}` } });
    const before = fake.requests.length;
    const auth = await rejection(client({ num_retries: 5 }).complete({ messages: conversation, tools: [] }));
    assert.ok(auth instanceof LlmAuthenticationError);
    assert.equal(auth.code, 'LLMAuthenticationError');
    assert.match(auth.message, /rejected the API key \(401\)/);
    assertNoKey(auth);

    fake.enqueue({ error: { status: 400, message: 'Unsupported parameter: seed' } });
    const bad = await rejection(client({ num_retries: 5 }).complete({ messages: conversation, tools: [] }));
    assert.ok(bad instanceof LlmBadRequestError);
    assert.match(bad.message, /Unsupported parameter: seed/);
    assertNoKey(bad);
    assert.equal(fake.requests.length - before, 2);
    assert.deepEqual(sleeps, []);
  });

  it('times out a hanging reply and retries it', async () => {
    fake.enqueue({ hang: true }, { text: 'awake' });
    const response = await client({ timeout: 0.3 as number, num_retries: 2, retry_min_wait: 0, retry_multiplier: 0 }).complete({ messages: conversation, tools: [] });
    assert.equal(response.text, 'awake');

    fake.enqueue({ hang: true });
    const error = await rejection(client({ timeout: 0.3 as number, num_retries: 1 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmTimeoutError);
    assert.match(error.message, /did not answer within 0.3 s/);
  });

  it('maps a malformed body to a response error', async () => {
    fake.enqueue({ malformed: true });
    const error = await rejection(client().complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmResponseError);
    assertNoKey(error);
  });

  it('sends temperature 1.0 for kimi-k2-thinking unless the client set one (agent.md 11.2)', async () => {
    fake.enqueue({ text: 'a' });
    await client({ model: 'openai/kimi-k2-thinking' }).complete({ messages: conversation, tools: [] });
    const unset = lastRequest().body.temperature;
    fake.enqueue({ text: 'b' });
    await client({ model: 'openai/kimi-k2-thinking', temperature: 0.2 }).complete({ messages: conversation, tools: [] });
    assert.equal(unset, 1);
    assert.equal(lastRequest().body.temperature, 0.2);
  });

  it('retries a response without choices at temperature 1.0', async () => {
    fake.enqueue({ error: { status: 200, body: { id: 'chatcmpl-empty', object: 'chat.completion', created: 1, model: 'fake-model', choices: [] } } }, { text: 'ok' });
    const response = await client({ num_retries: 2, retry_min_wait: 0, retry_multiplier: 0 }).complete({ messages: conversation, tools: [] });
    assert.equal(response.text, 'ok');
    const [first, second] = fake.requests.slice(-2);
    assert.equal(first.body.temperature, 0);
    assert.equal(second.body.temperature, 1);
  });

  it('reports an unreachable server with its URL and the reason', async () => {
    const closed = await startFakeLlm();
    await closed.close();
    const llm = normalizeLlm({ model: 'openai/fake-model', base_url: closed.openaiBaseUrl, api_key: KEY, num_retries: 1 });
    const error = await rejection(createLlmClient(llm).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmConnectionError);
    assert.equal(error.message, `Could not reach the LLM at ${closed.openaiBaseUrl}/chat/completions: connection refused (model 'openai/fake-model').`);
    assertNoKey(error);
  });

  it('passes a caller abort through without retrying', async () => {
    fake.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = client({ num_retries: 5 }).complete({ messages: conversation, tools: [], signal: controller.signal });
    await fake.waitForRequests(fake.requests.length + 1);
    controller.abort(new Error('paused'));
    const error = await rejection(pending);
    assert.equal(error.message, 'paused');
    assert.ok(!isLlmError(error));
  });
});

describe('createLlmClient', () => {
  it('refuses a provider it cannot reach, before any request', () => {
    assert.throws(() => createLlmClient(normalizeLlm({ model: 'vertex_ai/gemini-2.5-pro', api_key: KEY })), (error: unknown) => {
      assert.ok(error instanceof LlmProviderNotSupportedError);
      assert.match(error.message, /base_url/);
      assertNoKey(error);
      return true;
    });
  });

  it('exposes the model and usage id', () => {
    const llm = client({ usage_id: 'condenser' });
    assert.equal(llm.model, 'openai/fake-model');
    assert.equal(llm.usageId, 'condenser');
  });
});

describe('drop_params on the native OpenAI adapter', () => {
  it('leaves out top_k when drop_params is true and refuses it when false', async () => {
    fake.enqueue({ text: 'ok' });
    const settings = { model: 'openai/gpt-4o', custom_llm_provider: 'openai', top_k: 5 };
    await client(settings).complete({ messages: conversation, tools: [] });
    assert.equal(lastRequest().body.top_k, undefined);
    const before = fake.requests.length;
    const error = await rejection(client({ ...settings, drop_params: false }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmBadRequestError);
    assert.match(error.message, /does not support top_k/);
    assert.equal(fake.requests.length, before);
  });
});

describe('prompt-based tool calling (native_tool_calling: false)', () => {
  it('describes tools in the prompt, stops at </function and parses the call from the text', async () => {
    fake.enqueue({ text: 'I will think.\n\n<function=think>\n<parameter=thought>about it</parameter>\n' });
    const llm = client({ native_tool_calling: false });
    const response = await llm.complete({ messages: conversation, tools: [thinkTool] });
    assert.equal(response.text, 'I will think.\n\n');
    assert.deepEqual(response.toolCalls, [{ id: 'toolu_01', name: 'think', arguments: '{"thought":"about it"}' }]);
    assert.equal(response.finishReason, 'tool_calls');
    const body = lastRequest().body;
    assert.equal(body.tools, undefined);
    assert.deepEqual(body.stop, ['</function']);
    const messages = body.messages as Array<{ role: string; content: unknown }>;
    assert.match(String(messages[0].content), /---- BEGIN FUNCTION #1: think ----/);

    fake.enqueue({ text: 'Done.' });
    const next = await llm.complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [text(response.text)], toolCalls: response.toolCalls },
        { role: 'tool', toolCallId: 'toolu_01', toolName: 'think', content: [text('Your thought has been logged.')] },
      ],
      tools: [thinkTool],
    });
    assert.equal(next.text, 'Done.');
    assert.deepEqual(next.toolCalls, []);
    const replayed = lastRequest().body.messages as Array<{ role: string; content: unknown }>;
    assert.deepEqual(replayed.slice(2), [
      { role: 'assistant', content: 'I will think.\n\n\n\n<function=think>\n<parameter=thought>about it</parameter>\n</function>' },
      { role: 'user', content: 'EXECUTION RESULT of [think]:\nYour thought has been logged.' },
    ]);
  });

  it('throws a FunctionCallValidationError that carries the response', async () => {
    fake.enqueue({ text: '<function=shout>\n</function>', usage: { promptTokens: 50, completionTokens: 5 } });
    const error = await rejection(client({ native_tool_calling: false }).complete({ messages: conversation, tools: [thinkTool] }));
    assert.ok(error instanceof LlmFunctionCallValidationError);
    assert.match(error.message, /function 'shout' does not exist/);
    assert.equal(error.response?.usage.promptTokens, 50);
  });
});

describe('OpenAI Responses API (custom_llm_provider openai, gpt-5 family)', () => {
  it('sends store false with encrypted reasoning and replays the reasoning item', async () => {
    fake.enqueue({ text: 'Answer', reasoning: 'deliberating', toolCalls: [{ id: 'call_r', name: 'think', arguments: { thought: 'r' } }] });
    const llm = client({ model: 'openai/gpt-5-mini', custom_llm_provider: 'openai', reasoning_effort: 'low' });
    const response = await llm.complete({ messages: conversation, tools: [thinkTool] });
    const request = lastRequest();
    assert.equal(request.protocol, 'openai-responses');
    assert.equal(request.body.store, false);
    assert.deepEqual(request.body.include, ['reasoning.encrypted_content']);
    assert.deepEqual((request.body.reasoning as Record<string, unknown>).effort, 'low');
    assert.equal(request.body.temperature, undefined);
    assert.equal(response.text, 'Answer');
    assert.match(response.id, /^resp_/);
    assert.deepEqual(response.toolCalls, [{ id: 'call_r', name: 'think', arguments: '{"thought":"r"}' }]);
    const item = response.responsesReasoningItem;
    assert.ok(item && typeof item.id === 'string' && typeof item.encrypted_content === 'string');

    fake.enqueue({ text: 'Next' });
    await llm.complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [text(response.text)], toolCalls: response.toolCalls, responsesReasoningItem: item },
        { role: 'tool', toolCallId: 'call_r', toolName: 'think', content: [text('logged')] },
      ],
      tools: [thinkTool],
    });
    const input = lastRequest().body.input as Array<Record<string, unknown>>;
    const reasoning = input.find((entry) => entry.type === 'reasoning');
    assert.equal(reasoning?.id, item.id);
    assert.equal(reasoning?.encrypted_content, item.encrypted_content);
    assert.ok(input.some((entry) => entry.type === 'function_call_output' && entry.call_id === 'call_r' && entry.output === 'logged'));
  });

  // 11.8: the Responses path runs at temperature 1.0 without top_p, whatever the LLM says. For
  // reasoning models the 1.0 stays implicit (it is the API's default and the only value they take).
  it('sends codex-mini-latest no temperature or top_p, but its reasoning effort', async () => {
    fake.enqueue({ text: 'a' });
    await client({ model: 'openai/codex-mini-latest', custom_llm_provider: 'openai', temperature: 0.3 }).complete({ messages: conversation, tools: [] });
    const body = lastRequest().body;
    assert.equal(lastRequest().protocol, 'openai-responses');
    assert.equal(body.temperature, undefined);
    assert.equal(body.top_p, undefined);
    assert.deepEqual(body.reasoning, { effort: 'high' });
    assert.deepEqual(body.include, ['reasoning.encrypted_content']);
  });

  it('sends temperature 1.0 and no top_p to a Responses model that takes sampling parameters', async () => {
    fake.enqueue({ text: 'a' });
    await client({ model: 'openai/gpt-5-chat-latest', custom_llm_provider: 'openai', top_p: 0.5 }).complete({ messages: conversation, tools: [] });
    const body = lastRequest().body;
    assert.equal(body.temperature, 1);
    assert.equal(body.top_p, undefined);
  });
});
