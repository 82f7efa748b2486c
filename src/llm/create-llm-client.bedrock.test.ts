import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { normalizeLlm, type LlmInput } from '../models/index.js';
import { startFakeLlm, type FakeLlm, type RecordedRequest } from '../../test/support/fake-llm/index.js';
import { createLlmClient } from './create-llm-client.js';
import {
  LlmAuthenticationError,
  LlmBadRequestError,
  LlmContextWindowExceededError,
  LlmProviderNotSupportedError,
  LlmResponseError,
  LlmServiceUnavailableError,
} from './errors.js';
import type { LlmMessage, LlmToolSpec } from './types.js';

// The real client against the fake LLM server over the Bedrock Converse API (`bedrock/…` with
// base_url pointing at the fake). The fake knows the key pair, so every request that gets an
// answer had a SigV4 signature the fake recomputed from what it received.

const KEY_ID = 'AKIAFAKEBEDROCK7777';
const SECRET = 'bedrock/SECRET+access-key-0123456789';
const MODEL = 'bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0';

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
  const llm = normalizeLlm({
    model: MODEL,
    base_url: fake.bedrockBaseUrl,
    aws_access_key_id: KEY_ID,
    aws_secret_access_key: SECRET,
    aws_region_name: 'us-west-2',
    num_retries: 1,
    caching_prompt: false,
    ...overrides,
  });
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

function assertNoSecrets(error: Error) {
  for (const secret of [KEY_ID, SECRET]) {
    assert.ok(!error.message.includes(secret), `a key leaked into: ${error.message}`);
    assert.ok(!String(error.stack).includes(secret));
  }
}

function lastRequest(): RecordedRequest & { body: any } {
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
  fake.setAwsCredentials({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
});

describe('Bedrock Converse', () => {
  it('signs for the configured key id and region and sends system, messages and inferenceConfig; returns text, usage and cost', async () => {
    fake.enqueue({ text: 'Hi', usage: { promptTokens: 200, completionTokens: 30, cacheReadTokens: 1000, cacheWriteTokens: 100 } });
    const response = await client({ temperature: 0.5, top_p: 0.9, max_output_tokens: 1234, extra_headers: { 'X-Trace': 'trace-2' } })
      .complete({ messages: conversation, tools: [] });

    const request = lastRequest();
    assert.equal(request.protocol, 'bedrock');
    assert.equal(request.path, `/model/${encodeURIComponent('anthropic.claude-3-5-sonnet-20241022-v2:0')}/converse`);
    assert.ok(request.aws?.scheme === 'sigv4');
    assert.equal(request.aws.accessKeyId, KEY_ID);
    assert.equal(request.aws.region, 'us-west-2');
    assert.equal(request.aws.service, 'bedrock');
    assert.equal(request.aws.signatureVerified, true);
    assert.ok(request.aws.signedHeaders.includes('x-trace'), 'extra headers are signed');
    assert.equal(request.headers['x-trace'], 'trace-2');
    assert.deepEqual(request.body.system, [{ text: 'You are a helpful agent.' }]);
    assert.deepEqual(request.body.messages, [{ role: 'user', content: [{ text: 'Hello' }] }]);
    assert.deepEqual(request.body.inferenceConfig, { maxTokens: 1234, temperature: 0.5, topP: 0.9 });
    assert.equal(request.body.toolConfig, undefined);

    assert.equal(response.text, 'Hi');
    assert.match(response.id, /^[0-9a-f-]{36}$/, 'the id is the x-amzn-RequestId');
    assert.equal(response.model, 'anthropic.claude-3-5-sonnet-20241022-v2:0');
    assert.equal(response.finishReason, 'stop');
    // Like Anthropic, Bedrock's inputTokens exclude the cache; ours include them (agent.md 11.10).
    assert.deepEqual(response.usage, { promptTokens: 1300, completionTokens: 30, cacheReadTokens: 1000, cacheWriteTokens: 100, reasoningTokens: 0 });
    // claude-3-5-sonnet from the price table: $3 input, $15 output, $0.30 cache read, $3.75 cache write per million.
    const expected = (200 * 3 + 1000 * 0.3 + 100 * 3.75 + 30 * 15) / 1e6;
    assert.ok(Math.abs(response.cost - expected) < 1e-12, `${response.cost} != ${expected}`);
    assert.equal(response.contextWindow, 200_000);
  });

  it('prices a cross-region inference profile by its Claude model, and an unknown model at 0', async () => {
    fake.enqueue({ text: 'a', usage: { promptTokens: 1000, completionTokens: 100 } }, { text: 'b', usage: { promptTokens: 1000, completionTokens: 100 } });
    const sonnet4 = await client({ model: 'bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0' }).complete({ messages: conversation, tools: [] });
    assert.ok(Math.abs(sonnet4.cost - (1000 * 3 + 100 * 15) / 1e6) < 1e-12);
    assert.equal(lastRequest().path, `/model/${encodeURIComponent('us.anthropic.claude-sonnet-4-20250514-v1:0')}/converse`);
    const nova = await client({ model: 'bedrock/converse/us.amazon.nova-pro-v1:0' }).complete({ messages: conversation, tools: [] });
    assert.equal(nova.cost, 0);
    assert.equal(lastRequest().path, `/model/${encodeURIComponent('us.amazon.nova-pro-v1:0')}/converse`, 'the converse/ route word is dropped');
  });

  it('sends tools as toolConfig and returns parallel tool calls', async () => {
    fake.enqueue({ text: 'Two', toolCalls: [
      { id: 'tooluse_a', name: 'think', arguments: { thought: 'a' } },
      { id: 'tooluse_b', name: 'think', arguments: { thought: 'b' } },
    ] });
    const response = await client().complete({ messages: conversation, tools: [thinkTool] });
    assert.equal(response.finishReason, 'tool_calls');
    assert.equal(response.text, 'Two');
    assert.deepEqual(response.toolCalls, [
      { id: 'tooluse_a', name: 'think', arguments: '{"thought":"a"}' },
      { id: 'tooluse_b', name: 'think', arguments: '{"thought":"b"}' },
    ]);
    assert.deepEqual(lastRequest().body.toolConfig, {
      tools: [{ toolSpec: { name: 'think', description: 'Think out loud.', inputSchema: { json: thinkTool.parameters } } }],
    });
  });

  it('sends a tool round trip: toolUse in the assistant turn, toolResults first in one user turn, invalid arguments as {}', async () => {
    fake.enqueue({ text: 'ok' });
    await client().complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [text('')], toolCalls: [
          { id: 'tooluse_1', name: 'think', arguments: '{"thought":"x"}' },
          { id: 'tooluse_2', name: 'think', arguments: '{"thought": "broken' },
        ] },
        { role: 'tool', toolCallId: 'tooluse_1', toolName: 'think', content: [text('one')] },
        { role: 'user', content: [text('also this')] },
        { role: 'tool', toolCallId: 'tooluse_2', toolName: 'think', content: [text('')] },
      ],
      tools: [thinkTool],
    });
    const messages = lastRequest().body.messages;
    assert.deepEqual(messages.slice(1), [
      { role: 'assistant', content: [
        { toolUse: { toolUseId: 'tooluse_1', name: 'think', input: { thought: 'x' } } },
        { toolUse: { toolUseId: 'tooluse_2', name: 'think', input: {} } },
      ] },
      { role: 'user', content: [
        { toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'one' }] } },
        { toolResult: { toolUseId: 'tooluse_2', content: [{ text: '(empty)' }] } },
        { text: 'also this' },
      ] },
    ]);
  });

  it('marks the system prompt and the last user or tool turn with cachePoint blocks when caching', async () => {
    fake.enqueue({ text: 'ok' });
    await client({ model: 'bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0', caching_prompt: true }).complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [text('calling')], toolCalls: [{ id: 'tooluse_c', name: 'think', arguments: '{"thought":"c"}' }] },
        { role: 'tool', toolCallId: 'tooluse_c', toolName: 'think', content: [text('logged')] },
      ],
      tools: [thinkTool],
    });
    const body = lastRequest().body;
    const cachePoint = { cachePoint: { type: 'default' } };
    assert.deepEqual(body.system, [{ text: 'You are a helpful agent.' }, cachePoint]);
    assert.deepEqual(body.messages[0].content, [{ text: 'Hello' }]);
    assert.deepEqual(body.messages[2].content, [{ toolResult: { toolUseId: 'tooluse_c', content: [{ text: 'logged' }] } }, cachePoint]);
    assert.equal((JSON.stringify(body).match(/cachePoint/g) ?? []).length, 2);
  });

  it('enables extended thinking for Claude through additionalModelRequestFields and replays reasoning with its signature', async () => {
    const llm = client({ model: 'bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0', extended_thinking_budget: 4096, max_output_tokens: 8000 });
    fake.enqueue({ reasoning: 'Let me consider.', toolCalls: [{ id: 'tooluse_t', name: 'think', arguments: { thought: 'x' } }] });
    const response = await llm.complete({ messages: conversation, tools: [thinkTool] });
    const first = lastRequest().body;
    assert.deepEqual(first.additionalModelRequestFields, {
      anthropic_beta: ['interleaved-thinking-2025-05-14'],
      thinking: { type: 'enabled', budget_tokens: 4096 },
    });
    // 11.3: the budget is part of max_output_tokens; no sampling parameters with thinking.
    assert.deepEqual(first.inferenceConfig, { maxTokens: 8000 });
    assert.equal(response.reasoningContent, 'Let me consider.');
    const [block] = response.thinkingBlocks;
    assert.ok(block?.type === 'thinking' && block.signature);

    fake.enqueue({ text: 'done' });
    await llm.complete({
      messages: [
        ...conversation,
        { role: 'assistant', content: [], toolCalls: response.toolCalls, thinkingBlocks: response.thinkingBlocks, reasoningContent: response.reasoningContent },
        { role: 'tool', toolCallId: 'tooluse_t', toolName: 'think', content: [text('logged')] },
      ],
      tools: [thinkTool],
    });
    const assistant = lastRequest().body.messages[1];
    assert.deepEqual(assistant.content[0], { reasoningContent: { reasoningText: { text: 'Let me consider.', signature: block.signature } } });
    assert.ok('toolUse' in assistant.content[1]);
  });

  it('sends reasoning effort to Claude Opus 4.5 as output_config.effort with its beta', async () => {
    fake.enqueue({ text: 'ok' });
    await client({ model: 'bedrock/global.anthropic.claude-opus-4-5-20251101-v1:0', reasoning_effort: 'medium' }).complete({ messages: conversation, tools: [] });
    const body = lastRequest().body;
    assert.deepEqual(body.additionalModelRequestFields, { anthropic_beta: ['effort-2025-11-24'], output_config: { effort: 'medium' } });
    assert.equal(body.inferenceConfig.temperature, undefined);
  });

  it('sends top_k in additionalModelRequestFields, merges litellm_extra_body before signing, and drops seed', async () => {
    fake.enqueue({ text: 'ok' });
    await client({
      top_k: 40,
      seed: 7,
      litellm_extra_body: { performanceConfig: { latency: 'optimized' }, additionalModelRequestFields: { custom_flag: true } },
    }).complete({ messages: conversation, tools: [] });
    const request = lastRequest();
    assert.deepEqual(request.body.additionalModelRequestFields, { top_k: 40, custom_flag: true });
    assert.deepEqual(request.body.performanceConfig, { latency: 'optimized' });
    assert.equal(request.body.inferenceConfig.topK, undefined);
    assert.equal(request.body.seed, undefined);
    assert.ok(request.aws?.scheme === 'sigv4' && request.aws.signatureVerified);

    const error = await rejection(client({ seed: 7, drop_params: false }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmBadRequestError);
    assert.match(error.message, /seed/);
  });

  it('sends inline images as image blocks and replaces remote ones with a note', async () => {
    fake.enqueue({ text: 'ok' });
    const png = Buffer.from('fake png bytes').toString('base64');
    await client().complete({
      messages: [
        conversation[0],
        { role: 'user', content: [text('Look'), { type: 'image', url: `data:image/png;base64,${png}` }, { type: 'image', url: 'https://example.com/cat.png' }] },
      ],
      tools: [],
    });
    const content = lastRequest().body.messages[0].content;
    assert.deepEqual(content[1], { image: { format: 'png', source: { bytes: png } } });
    assert.match(content[2].text, /The image at https:\/\/example\.com\/cat\.png was left out/);
  });

  it('supports prompt-based tool calling with stopSequences and no toolConfig', async () => {
    fake.enqueue({ text: 'Thinking.\n<function=think>\n<parameter=thought>deep</parameter>\n' });
    const response = await client({ native_tool_calling: false }).complete({ messages: conversation, tools: [thinkTool] });
    assert.deepEqual(response.toolCalls, [{ id: 'toolu_01', name: 'think', arguments: '{"thought":"deep"}' }]);
    const body = lastRequest().body;
    assert.deepEqual(body.inferenceConfig.stopSequences, ['</function']);
    assert.equal(body.toolConfig, undefined);
  });
});

describe('Bedrock endpoint and credentials', () => {
  it('behind a base_url without aws_region_name (or a Bedrock host naming one), signs for us-east-1', async () => {
    fake.enqueue({ text: 'ok' });
    await client({ aws_region_name: null }).complete({ messages: conversation, tools: [] });
    assert.ok(lastRequest().aws?.scheme === 'sigv4');
    assert.equal((lastRequest().aws as { region: string }).region, 'us-east-1');
  });

  it('refuses a model without aws_region_name and base_url, naming the setting', () => {
    assert.throws(() => createLlmClient(normalizeLlm({ model: MODEL, aws_access_key_id: KEY_ID, aws_secret_access_key: SECRET })), (error: unknown) => {
      assert.ok(error instanceof LlmProviderNotSupportedError);
      assert.match(error.message, /aws_region_name/);
      assertNoSecrets(error);
      return true;
    });
  });

  it('fails without credentials, or with half a key pair, before any request and naming the setting', async () => {
    const before = fake.requests.length;
    const none = await rejection(client({ aws_access_key_id: null, aws_secret_access_key: null }).complete({ messages: conversation, tools: [] }));
    assert.ok(none instanceof LlmAuthenticationError);
    assert.match(none.message, /aws_access_key_id and aws_secret_access_key/);
    const half = await rejection(client({ aws_secret_access_key: null }).complete({ messages: conversation, tools: [] }));
    assert.ok(half instanceof LlmAuthenticationError);
    assert.match(half.message, /set aws_secret_access_key/);
    assertNoSecrets(half);
    assert.equal(fake.requests.length, before);
  });

  it('ignores the AWS_* environment: only the LLM settings decide endpoint, region and credentials', async () => {
    const ambient = {
      AWS_BEARER_TOKEN_BEDROCK: 'ambient-bearer-token',
      AWS_SESSION_TOKEN: 'ambient-session-token',
      AWS_REGION: 'ap-northeast-1',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9/',
    };
    const saved = Object.fromEntries(Object.keys(ambient).map((name) => [name, process.env[name]]));
    Object.assign(process.env, ambient);
    try {
      fake.enqueue({ text: 'ok' });
      await client().complete({ messages: conversation, tools: [] });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const request = lastRequest();
    assert.ok(request.aws?.scheme === 'sigv4' && request.aws.signatureVerified);
    assert.equal(request.aws.region, 'us-west-2');
    assert.equal(request.headers['x-amz-security-token'], undefined);
  });

  it('sends api_key as a Bedrock API key (bearer) when no AWS key pair is set', async () => {
    fake.enqueue({ text: 'ok' });
    const response = await client({ aws_access_key_id: null, aws_secret_access_key: null, api_key: 'bedrock-api-key-xyz' }).complete({ messages: conversation, tools: [] });
    assert.equal(response.text, 'ok');
    assert.deepEqual(lastRequest().aws, { scheme: 'bearer' });
    assert.equal(lastRequest().headers.authorization, 'Bearer bedrock-api-key-xyz');
  });
});

describe('Bedrock errors', () => {
  it('retries throttling (429) and 503, then succeeds', async () => {
    fake.enqueue({ error: { status: 429 } }, { error: { status: 503 } }, { text: 'back' });
    const response = await client({ num_retries: 3, retry_multiplier: 0, retry_min_wait: 0 }).complete({ messages: conversation, tools: [] });
    assert.equal(response.text, 'back');
    assert.deepEqual(sleeps, [0, 0]);
  });

  it('gives up after num_retries attempts on 500 with a service-unavailable error', async () => {
    fake.enqueue({ error: { status: 500 } }, { error: { status: 500 } });
    const error = await rejection(client({ num_retries: 2, retry_multiplier: 0, retry_min_wait: 0 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmServiceUnavailableError);
    assert.match(error.message, /internal error/);
  });

  it('does not retry a ValidationException', async () => {
    fake.enqueue({ error: { status: 400, message: 'The model returned the following errors: bad things' } });
    const before = fake.requests.length;
    const error = await rejection(client({ num_retries: 5 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmBadRequestError);
    assert.match(error.message, /bad things/);
    assert.equal(fake.requests.length - before, 1);
  });

  it('maps "Input is too long" to a context window error', async () => {
    fake.enqueue({ error: { status: 400, message: 'Input is too long for requested model.' } });
    const error = await rejection(client({ num_retries: 5 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmContextWindowExceededError);
  });

  it('does not retry 403 and keeps the key id and secret out of the message', async () => {
    fake.enqueue({ error: { status: 403, message: `User ${KEY_ID} with secret ${SECRET} is not authorized` } });
    const before = fake.requests.length;
    const error = await rejection(client({ num_retries: 5 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmAuthenticationError);
    assert.match(error.message, /rejected the AWS credentials \(403\)/);
    assertNoSecrets(error);
    assert.equal(fake.requests.length - before, 1);
  });

  it('reports a signature AWS refuses as an authentication error', async () => {
    fake.setAwsCredentials({ accessKeyId: KEY_ID, secretAccessKey: 'a-different-secret' });
    const error = await rejection(client({ num_retries: 5 }).complete({ messages: conversation, tools: [] }));
    assert.ok(error instanceof LlmAuthenticationError);
    assert.match(error.message, /signature we calculated does not match/);
    assertNoSecrets(error);
  });

  it('maps a malformed body to a response error', async () => {
    fake.enqueue({ malformed: true });
    assert.ok((await rejection(client().complete({ messages: conversation, tools: [] }))) instanceof LlmResponseError);
  });
});
