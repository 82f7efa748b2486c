import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { computeSigV4Signature, parseSigV4Authorization, type SigV4Authorization } from './aws-signature.js';
import { startFakeLlm, type FakeLlm } from './index.js';

// The fake's Bedrock Converse protocol: the answer shape, scripted errors in Bedrock's shape,
// the checks Converse makes on a request, and SigV4 authentication.

interface ConverseResponse {
  output: { message: { role: string; content: Array<Record<string, any>> } };
  stopReason: string;
  usage: Record<string, number>;
  metrics: { latencyMs: number };
}

const KEY_ID = 'AKIDFAKELLMTEST';
const SECRET = 'fake-llm-secret/Key+1234567890';
const MODEL_PATH = `/model/${encodeURIComponent('anthropic.claude-3-5-sonnet-20241022-v2:0')}/converse`;
const userTurn = { role: 'user', content: [{ text: 'hi' }] };

/** `YYYYMMDDTHHMMSSZ` now, as SigV4 wants it. */
const amzDateNow = () => new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');

/**
 * Signs with the fake's own SigV4 implementation, which the AWS test-suite vectors below pin;
 * the LLM client tests check it against the client's signer.
 */
function signedHeaders(url: string, body: string, options: { keyId?: string; secret?: string; region?: string; service?: string } = {}): Record<string, string> {
  const parsed = new URL(url);
  const amzDate = amzDateNow();
  const headers = { host: parsed.host, 'x-amz-date': amzDate, 'content-type': 'application/json' };
  const authorization: SigV4Authorization = {
    accessKeyId: options.keyId ?? KEY_ID,
    date: amzDate.slice(0, 8),
    region: options.region ?? 'us-west-2',
    service: options.service ?? 'bedrock',
    signedHeaders: ['host', 'x-amz-date'],
    signature: '',
  };
  const signature = computeSigV4Signature({ method: 'POST', url: parsed.pathname + parsed.search, headers, body }, authorization, options.secret ?? SECRET);
  const credential = `${authorization.accessKeyId}/${authorization.date}/${authorization.region}/${authorization.service}/aws4_request`;
  return {
    'x-amz-date': amzDate,
    'content-type': 'application/json',
    authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
  };
}

describe('fake LLM: SigV4 signatures', () => {
  // The AWS Signature Version 4 test suite (`get-vanilla`, `post-vanilla`, `get-vanilla-query-order-key-case`).
  const suite = { accessKeyId: 'AKIDEXAMPLE', date: '20150830', region: 'us-east-1', service: 'service', signedHeaders: ['host', 'x-amz-date'], signature: '' };
  const headers = { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' };
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  const vectors: Array<[string, string, string, string]> = [
    ['get-vanilla', 'GET', '/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ['post-vanilla', 'POST', '/', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
    ['get-vanilla-query-order-key-case', 'GET', '/?Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'],
  ];
  for (const [name, method, url, expected] of vectors) {
    test(`reproduces the AWS test-suite vector ${name}`, () => {
      assert.equal(computeSigV4Signature({ method, url, headers, body: '' }, suite, secret), expected);
    });
  }

  test('parses the Authorization header into scope and signed headers', () => {
    assert.deepEqual(
      parseSigV4Authorization(
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + 'a'.repeat(64),
      ),
      { accessKeyId: 'AKIDEXAMPLE', date: '20150830', region: 'us-east-1', service: 'bedrock', signedHeaders: ['host', 'x-amz-date'], signature: 'a'.repeat(64) },
    );
    assert.equal(parseSigV4Authorization('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request'), null);
  });
});

describe('fake LLM: Bedrock Converse', () => {
  let fake: FakeLlm;
  beforeEach(async () => {
    fake = await startFakeLlm();
  });
  afterEach(async () => {
    await fake.close();
  });

  const url = () => `${fake.bedrockBaseUrl}${MODEL_PATH}`;
  async function converse(body: Record<string, unknown>, options: Parameters<typeof signedHeaders>[2] & { headers?: Record<string, string> } = {}) {
    const text = JSON.stringify({ messages: [userTurn], ...body });
    return fetch(url(), { method: 'POST', headers: options.headers ?? signedHeaders(url(), text, options), body: text });
  }

  test('answers text with output.message, stopReason, usage and metrics; the request id is a UUID', async () => {
    fake.enqueue({ text: 'Hello!', usage: { promptTokens: 12, completionTokens: 3 } });

    const response = await converse({});
    const body = (await response.json()) as ConverseResponse;

    assert.equal(response.status, 200);
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(body, {
      output: { message: { role: 'assistant', content: [{ text: 'Hello!' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 },
      metrics: { latencyMs: 1 },
    });
    assert.equal(fake.bedrockBaseUrl, fake.url);
  });

  test('puts reasoning first, then text, then parallel toolUse blocks; reports cache tokens', async () => {
    fake.enqueue({
      reasoning: 'Let me look.',
      text: 'Two thoughts',
      toolCalls: [
        { name: 'think', arguments: { thought: 'a' } },
        { id: 'tooluse_fixed', name: 'think', arguments: '{"thought":"b"}' },
      ],
      usage: { promptTokens: 20, completionTokens: 7, cacheReadTokens: 300, cacheWriteTokens: 50 },
    });

    const body = (await (await converse({})).json()) as ConverseResponse;
    const [reasoning, text, first, second] = body.output.message.content;

    assert.equal(reasoning.reasoningContent.reasoningText.text, 'Let me look.');
    assert.ok(reasoning.reasoningContent.reasoningText.signature.length > 20, 'reasoning carries a signature');
    assert.deepEqual(text, { text: 'Two thoughts' });
    assert.match(first.toolUse.toolUseId, /^tooluse_[A-Za-z0-9]{22}$/);
    assert.deepEqual({ name: first.toolUse.name, input: first.toolUse.input }, { name: 'think', input: { thought: 'a' } });
    assert.deepEqual(second, { toolUse: { toolUseId: 'tooluse_fixed', name: 'think', input: { thought: 'b' } } });
    assert.equal(body.stopReason, 'tool_use');
    assert.deepEqual(body.usage, { inputTokens: 20, outputTokens: 7, totalTokens: 377, cacheReadInputTokens: 300, cacheWriteInputTokens: 50 });
  });

  test('maps scripted finish reasons to stopReason words and passes Bedrock-only ones through', async () => {
    fake.enqueue({ text: 'cut', finishReason: 'length' }, { text: 'x', finishReason: 'guardrail_intervened' });
    assert.equal(((await (await converse({})).json()) as ConverseResponse).stopReason, 'max_tokens');
    assert.equal(((await (await converse({})).json()) as ConverseResponse).stopReason, 'guardrail_intervened');
  });

  test('refuses tool arguments that are not a JSON object, in the Bedrock error shape', async () => {
    fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: '{"command": "ls' }] });
    const response = await converse({});
    assert.equal(response.status, 500);
    assert.match(((await response.json()) as { message: string }).message, /tool call 'terminal' has arguments that are not a JSON object/);
  });

  test('returns scripted errors as {message} with the exception in x-amzn-ErrorType', async () => {
    fake.enqueue(
      { error: { status: 429, headers: { 'retry-after': '2' } } },
      { error: { status: 400, message: 'Input is too long for requested model.' } },
      { error: { status: 503 } },
    );

    const throttled = await converse({});
    const invalid = await converse({});
    const unavailable = await converse({});

    assert.equal(throttled.status, 429);
    assert.deepEqual(await throttled.json(), { message: 'Too many requests, please wait before trying again.' });
    assert.equal(throttled.headers.get('x-amzn-errortype'), 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/');
    assert.equal(throttled.headers.get('retry-after'), '2');
    assert.match(throttled.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(await invalid.json(), { message: 'Input is too long for requested model.' });
    assert.match(invalid.headers.get('x-amzn-errortype') ?? '', /^ValidationException:/);
    assert.equal(unavailable.status, 503);
    assert.match(unavailable.headers.get('x-amzn-errortype') ?? '', /^ServiceUnavailableException:/);
  });

  const invalidBodies: Array<[string, Record<string, unknown>, RegExp]> = [
    ['no messages', { messages: undefined }, /Value null at 'messages'/],
    ['a first turn from the assistant', { messages: [{ role: 'assistant', content: [{ text: 'x' }] }] }, /must start with a user message/],
    ['two user turns in a row', { messages: [userTurn, userTurn] }, /must alternate between user and assistant/],
    ['blank text', { messages: [{ role: 'user', content: [{ text: '  ' }] }] }, /messages\.0\.content\.0 is blank/],
    ['blank system text', { system: [{ text: '' }] }, /SystemContentBlock object is blank/],
    ['toolUse without toolConfig', {
      messages: [userTurn, { role: 'assistant', content: [{ toolUse: { toolUseId: 't', name: 'think', input: {} } }] }, { role: 'user', content: [{ toolResult: { toolUseId: 't', content: [{ text: 'ok' }] } }] }],
    }, /toolConfig field must be defined/],
    ['maxTokens below 1', { inferenceConfig: { maxTokens: 0 } }, /inferenceConfig\.maxTokens/],
  ];
  for (const [what, body, message] of invalidBodies) {
    test(`rejects ${what} with a ValidationException, recorded, without using a reply`, async () => {
      fake.enqueue({ text: 'unused' });
      const response = await converse(body);
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { message: string }).message, message);
      assert.match(response.headers.get('x-amzn-errortype') ?? '', /^ValidationException:/);
      assert.equal(fake.requests.length, 1);
      assert.equal(fake.remainingReplies, 1);
    });
  }

  test('records the SigV4 scope of each request; without a key pair only the form is checked', async () => {
    fake.enqueue({ text: 'ok' });
    const response = await converse({}, { keyId: 'AKIDSOMEONE', secret: 'anything', region: 'eu-central-1' });
    assert.equal(response.status, 200);
    const [request] = fake.requests;
    assert.equal(request.protocol, 'bedrock');
    assert.equal(request.path, MODEL_PATH);
    assert.deepEqual(request.aws, {
      scheme: 'sigv4',
      accessKeyId: 'AKIDSOMEONE',
      date: request.headers['x-amz-date']?.toString().slice(0, 8),
      region: 'eu-central-1',
      service: 'bedrock',
      signedHeaders: ['host', 'x-amz-date'],
      signatureVerified: false,
    });
  });

  test('verifies the signature against a configured key pair', async () => {
    fake.setAwsCredentials({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
    fake.enqueue({ text: 'signed' });
    const response = await converse({});
    assert.equal(response.status, 200);
    assert.equal(fake.requests[0].aws?.scheme === 'sigv4' && fake.requests[0].aws.signatureVerified, true);
  });

  const refusals: Array<[string, (signed: Record<string, string>, text: string) => { headers: Record<string, string>; body: string }, string, RegExp]> = [
    ['a wrong secret', (_signed, text) => ({ headers: signedHeaders(url(), text, { secret: 'wrong' }), body: text }), 'InvalidSignatureException', /signature we calculated does not match/],
    ['a body changed after signing', (signed, text) => ({ headers: signed, body: text.replace('hi', 'ho') }), 'InvalidSignatureException', /signature we calculated does not match/],
    ['an unknown key id', (_signed, text) => ({ headers: signedHeaders(url(), text, { keyId: 'AKIDOTHER' }), body: text }), 'UnrecognizedClientException', /security token included in the request is invalid/],
    ['another service in the scope', (_signed, text) => ({ headers: signedHeaders(url(), text, { service: 's3' }), body: text }), 'InvalidSignatureException', /scoped to correct service: 'bedrock'/],
    ['no Authorization header', (signed, text) => ({ headers: { 'x-amz-date': signed['x-amz-date'] }, body: text }), 'MissingAuthenticationTokenException', /Missing Authentication Token/],
    ['a malformed Authorization header', (signed, text) => ({ headers: { ...signed, authorization: 'AWS4-HMAC-SHA256 nonsense' }, body: text }), 'IncompleteSignatureException', /requires 'Credential'/],
  ];
  for (const [what, build, type, message] of refusals) {
    test(`answers ${what} with Bedrock's 403, recorded, without using a reply`, async () => {
      fake.setAwsCredentials({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
      fake.enqueue({ text: 'unused' });
      const text = JSON.stringify({ messages: [userTurn] });
      const { headers, body } = build(signedHeaders(url(), text), text);
      const response = await fetch(url(), { method: 'POST', headers, body });
      assert.equal(response.status, 403);
      assert.match(((await response.json()) as { message: string }).message, message);
      assert.equal(response.headers.get('x-amzn-errortype'), `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`);
      assert.equal(fake.requests.length, 1);
      assert.equal(fake.remainingReplies, 1);
      assert.ok(!JSON.stringify(fake.requests[0].aws ?? {}).includes(SECRET));
    });
  }

  test('accepts a Bedrock API key as a bearer token', async () => {
    fake.setAwsCredentials({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
    fake.enqueue({ text: 'ok' });
    const response = await converse({}, { headers: { authorization: 'Bearer bedrock-api-key-123', 'content-type': 'application/json' } });
    assert.equal(response.status, 200);
    assert.deepEqual(fake.requests[0].aws, { scheme: 'bearer' });
  });

  test('does not speak the streaming endpoint', async () => {
    const response = await fetch(`${fake.bedrockBaseUrl}/model/m/converse-stream`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 404);
    assert.equal(fake.requests.length, 0);
  });
});
