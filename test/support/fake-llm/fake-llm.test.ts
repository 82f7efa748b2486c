import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startFakeLlm, type FakeLlm } from './index.js';
import { postJson } from './test-client.js';

interface ChatCompletion {
  choices: Array<{ message: { content: string | null } }>;
}

interface AnthropicMessage {
  content: Array<{ type: string; text?: string }>;
}

interface OpenAiErrorBody {
  error: { message: string; type: string };
}

const chatBody = { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] };
const anthropicBody = { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };

describe('fake LLM: script, recording, latency and lifecycle', () => {
  let fake: FakeLlm;
  beforeEach(async () => {
    fake = await startFakeLlm();
  });
  afterEach(async () => {
    await fake.close();
  });

  const chatText = async (url: string) => ((await (await postJson(url, chatBody)).json()) as ChatCompletion).choices[0].message.content;

  test('listens on loopback and exposes base URLs that clients append their endpoint paths to', async () => {
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(fake.openaiBaseUrl, `${fake.url}/v1`);
    assert.equal(fake.anthropicBaseUrl, `${fake.url}/v1`);
  });

  test('consumes replies in order, one per request, whatever the protocol or path prefix', async () => {
    fake.enqueue({ text: 'first' }, { text: 'second' }, { text: 'third' }, { text: 'fourth' });

    const first = await chatText(`${fake.openaiBaseUrl}/chat/completions`);
    const second = (await (await postJson(`${fake.url}/v1/messages`, anthropicBody)).json()) as AnthropicMessage;
    const third = await chatText(`${fake.url}/chat/completions`);
    const fourth = (await (await postJson(`${fake.url}/messages`, anthropicBody)).json()) as AnthropicMessage;

    assert.deepEqual([first, second.content[0].text, third, fourth.content[0].text], ['first', 'second', 'third', 'fourth']);
    assert.deepEqual(
      fake.requests.map((request) => [request.protocol, request.path]),
      [
        ['openai-chat', '/v1/chat/completions'],
        ['anthropic', '/v1/messages'],
        ['openai-chat', '/chat/completions'],
        ['anthropic', '/messages'],
      ],
    );
    assert.equal(fake.remainingReplies, 0);
  });

  test('answers a request beyond the script with a loud 500 in the protocol error shape', async () => {
    fake.enqueue({ text: 'only one' });
    await chatText(`${fake.openaiBaseUrl}/chat/completions`);

    const openAiResponse = await postJson(`${fake.openaiBaseUrl}/chat/completions`, chatBody);
    const anthropicResponse = await postJson(`${fake.anthropicBaseUrl}/messages`, anthropicBody);
    const openAiError = (await openAiResponse.json()) as OpenAiErrorBody;
    const anthropicError = (await anthropicResponse.json()) as { type: string; error: { type: string; message: string } };

    assert.equal(openAiResponse.status, 500);
    assert.equal(openAiError.error.type, 'server_error');
    assert.match(openAiError.error.message, /script ran out.*request #2 \(POST \/v1\/chat\/completions\)/);
    assert.equal(anthropicResponse.status, 500);
    assert.equal(anthropicError.type, 'error');
    assert.equal(anthropicError.error.type, 'api_error');
    assert.match(anthropicError.error.message, /script ran out.*request #3 \(POST \/v1\/messages\)/);
  });

  test('uses the default reply once the queue is empty, including a factory that sees the request', async () => {
    fake.enqueue({ text: 'scripted' });
    fake.setDefaultReply((request) => ({ text: `default for request ${request.index} (${request.protocol})` }));

    const texts = [
      await chatText(`${fake.openaiBaseUrl}/chat/completions`),
      await chatText(`${fake.openaiBaseUrl}/chat/completions`),
      await chatText(`${fake.openaiBaseUrl}/chat/completions`),
    ];

    assert.deepEqual(texts, ['scripted', 'default for request 1 (openai-chat)', 'default for request 2 (openai-chat)']);
  });

  test('records every request with protocol, path, headers, parsed body, stream flag and time', async () => {
    fake.enqueue({ text: 'a' }, { text: 'b' }, { text: 'c' });
    const before = Date.now();

    await postJson(`${fake.openaiBaseUrl}/chat/completions`, chatBody, {
      headers: { authorization: 'Bearer sk-test', 'x-extra': 'yes' },
    });
    await (
      await postJson(
        `${fake.anthropicBaseUrl}/messages`,
        { ...anthropicBody, stream: true },
        { headers: { 'x-api-key': 'anthropic-key', 'anthropic-version': '2023-06-01' } },
      )
    ).text();
    await postJson(`${fake.openaiBaseUrl}/responses?api-version=1`, { model: 'gpt-5', input: 'hello' });
    const [chat, anthropic, responses] = fake.requests;

    assert.deepEqual(
      { index: chat.index, protocol: chat.protocol, method: chat.method, path: chat.path, body: chat.body, stream: chat.stream },
      { index: 0, protocol: 'openai-chat', method: 'POST', path: '/v1/chat/completions', body: chatBody, stream: false },
    );
    assert.equal(chat.headers.authorization, 'Bearer sk-test');
    assert.equal(chat.headers['x-extra'], 'yes');
    assert.ok(chat.receivedAt >= before && chat.receivedAt <= Date.now());
    assert.equal(anthropic.protocol, 'anthropic');
    assert.equal(anthropic.stream, true);
    assert.equal(anthropic.headers['x-api-key'], 'anthropic-key');
    assert.equal(anthropic.headers['anthropic-version'], '2023-06-01');
    assert.deepEqual(anthropic.body, { ...anthropicBody, stream: true });
    assert.deepEqual([responses.protocol, responses.path, responses.body.input], ['openai-responses', '/v1/responses', 'hello']);
  });

  test('hands out copies of the request list', async () => {
    fake.enqueue({ text: 'a' });
    await postJson(`${fake.openaiBaseUrl}/chat/completions`, chatBody);

    fake.requests.pop();

    assert.equal(fake.requests.length, 1);
  });

  test('waitForRequests resolves once enough requests arrived and rejects with the count on timeout', async () => {
    fake.enqueue({ text: 'a' }, { text: 'b' });
    const waiting = fake.waitForRequests(2, 2000);

    await postJson(`${fake.openaiBaseUrl}/chat/completions`, chatBody);
    await postJson(`${fake.openaiBaseUrl}/chat/completions`, chatBody);
    const requests = await waiting;

    assert.equal(requests.length, 2);
    await assert.rejects(fake.waitForRequests(3, 50), /waited 50 ms for 3 request\(s\) but received 2/);
  });

  test('close rejects pending waits instead of leaving them hanging', async () => {
    // The assertion is attached before closing, so the rejection is never unhandled.
    const rejection = assert.rejects(fake.waitForRequests(1, 60_000), /closed while waiting/);

    await fake.close();

    await rejection;
  });

  test('adds the configured latency before every reply, concurrently across requests', async () => {
    const latencyMs = 100;
    fake.setLatency(latencyMs);
    fake.setDefaultReply({ text: 'slow' });

    const singleStart = performance.now();
    await chatText(`${fake.openaiBaseUrl}/chat/completions`);
    const singleElapsed = performance.now() - singleStart;

    const concurrentStart = performance.now();
    const texts = await Promise.all(
      Array.from({ length: 16 }, () => chatText(`${fake.openaiBaseUrl}/chat/completions`)),
    );
    const concurrentElapsed = performance.now() - concurrentStart;

    assert.ok(singleElapsed >= latencyMs - 5, `one reply took ${singleElapsed} ms`);
    assert.deepEqual(new Set(texts), new Set(['slow']));
    // Served one after another, 16 replies would take 1.6 s; concurrently they take about 0.1 s.
    assert.ok(concurrentElapsed < latencyMs * 8, `16 concurrent replies took ${concurrentElapsed} ms`);
  });

  test('adds a reply delayMs on top of the latency, errors included', async () => {
    fake.setLatency(50);
    fake.enqueue({ error: { status: 503 }, delayMs: 100 });

    const start = performance.now();
    const response = await postJson(`${fake.openaiBaseUrl}/chat/completions`, chatBody);
    const elapsed = performance.now() - start;

    assert.equal(response.status, 503);
    assert.ok(elapsed >= 145, `the error arrived after ${elapsed} ms`);
  });

  test('a hanging reply never answers, so the client times out, and close still returns', async () => {
    fake.enqueue({ hang: true }, { hang: true });

    await assert.rejects(
      postJson(`${fake.openaiBaseUrl}/chat/completions`, chatBody, { signal: AbortSignal.timeout(150) }),
      { name: 'TimeoutError' },
    );
    const droppedByClose = assert.rejects(
      postJson(`${fake.anthropicBaseUrl}/messages`, anthropicBody),
      TypeError,
      'closing the fake drops the hanging connection',
    );
    await fake.waitForRequests(2);
    await fake.close();

    await droppedByClose;
  });

  test('lists models in the OpenAI shape, or the Anthropic shape for Anthropic clients', async () => {
    const openAiList = await (await fetch(`${fake.openaiBaseUrl}/models`)).json();
    const anthropicList = (await (
      await fetch(`${fake.anthropicBaseUrl}/models`, { headers: { 'anthropic-version': '2023-06-01' } })
    ).json()) as { data: Array<{ type: string; id: string }>; has_more: boolean };

    assert.deepEqual((openAiList as { object: string; data: Array<{ id: string; object: string }> }).data.map((model) => [model.id, model.object]), [
      ['fake-model', 'model'],
    ]);
    assert.equal((openAiList as { object: string }).object, 'list');
    assert.deepEqual(anthropicList.data.map((model) => [model.id, model.type]), [['fake-model', 'model']]);
    assert.equal(anthropicList.has_more, false);
    assert.equal(fake.requests.length, 0, 'model listing is not an LLM request');
  });

  test('answers unknown paths with 404 and non-JSON bodies with 400, consuming no reply', async () => {
    fake.enqueue({ text: 'kept' });

    const notFound = await postJson(`${fake.url}/v1/embeddings`, { input: 'x' });
    const notJson = await fetch(`${fake.openaiBaseUrl}/chat/completions`, { method: 'POST', body: '{not json' });

    assert.equal(notFound.status, 404);
    assert.match(((await notFound.json()) as OpenAiErrorBody).error.message, /no route for POST \/v1\/embeddings/);
    assert.equal(notJson.status, 400);
    assert.match(((await notJson.json()) as OpenAiErrorBody).error.message, /not a JSON object/);
    assert.equal(fake.remainingReplies, 1);
    assert.equal(fake.requests.length, 0);
  });
});

describe('fake LLM: startFakeLlm options', () => {
  test('listens on the requested port', async () => {
    const probe = await startFakeLlm();
    const port = Number(new URL(probe.url).port);
    await probe.close();

    const fake = await startFakeLlm({ port });
    try {
      assert.equal(fake.url, `http://127.0.0.1:${port}`);
    } finally {
      await fake.close();
    }
  });
});
