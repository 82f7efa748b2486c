import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APICallError, InvalidResponseDataError, LoadAPIKeyError } from 'ai';
import { classifyError, type ErrorContext } from './classify-error.js';
import {
  LlmAuthenticationError,
  LlmBadRequestError,
  LlmConnectionError,
  LlmContextWindowExceededError,
  LlmNoResponseError,
  LlmRateLimitError,
  LlmResponseError,
  LlmServiceUnavailableError,
  LlmTimeoutError,
} from './errors.js';

const KEY = 'sk-test-SECRET-0123456789';

const context: ErrorContext = {
  model: 'openai/gpt-4o',
  endpoint: 'http://127.0.0.1:9/v1',
  secrets: [KEY],
  timedOut: false,
  timeoutSeconds: 30,
  hasApiKey: true,
  nowMs: 0,
};

function httpError(statusCode: number, message: string, extra: { body?: string; headers?: Record<string, string> } = {}) {
  return new APICallError({
    message,
    url: 'http://127.0.0.1:9/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
    responseBody: extra.body ?? JSON.stringify({ error: { message } }),
    responseHeaders: extra.headers,
  });
}

function classify(error: unknown, overrides: Partial<ErrorContext> = {}) {
  return classifyError(error, { ...context, ...overrides });
}

describe('classifyError', () => {
  it('maps 401 to an authentication error that never shows the key', () => {
    const error = classify(httpError(401, `Incorrect API key provided: ${KEY}`));
    assert.ok(error instanceof LlmAuthenticationError);
    assert.equal(error.isRetryable, false);
    assert.match(error.message, /rejected the API key \(401\)/);
    assert.ok(!error.message.includes(KEY));
    assert.match(error.message, /\*{10}/);
  });

  it('says when no key is configured', () => {
    const error = classify(httpError(401, 'Unauthorized'), { hasApiKey: false });
    assert.match((error as Error).message, /none is configured/);
    assert.ok(classify(new LoadAPIKeyError({ message: 'missing' })) instanceof LlmAuthenticationError);
  });

  it('detects auth failures by text on other 4xx', () => {
    assert.ok(classify(httpError(400, 'Invalid API Key for this project')) instanceof LlmAuthenticationError);
  });

  it('detects context window errors by text and code before other 400s', () => {
    assert.ok(classify(httpError(400, 'prompt is too long: 210000 tokens > 200000 maximum')) instanceof LlmContextWindowExceededError);
    assert.ok(classify(httpError(400, "This model's maximum context length is 128000 tokens.")) instanceof LlmContextWindowExceededError);
    assert.ok(classify(httpError(400, 'x', { body: '{"error":{"code":"context_length_exceeded"}}' })) instanceof LlmContextWindowExceededError);
  });

  it('maps 429 to a retryable rate limit error with retry-after', () => {
    const error = classify(httpError(429, 'Rate limit reached', { headers: { 'retry-after': '3' } }));
    assert.ok(error instanceof LlmRateLimitError);
    assert.equal(error.isRetryable, true);
    assert.equal(error.retryAfterSeconds, 3);
  });

  it('maps 5xx and 529 to retryable service errors', () => {
    for (const status of [500, 502, 503, 504, 529]) {
      const error = classify(httpError(status, 'Overloaded'));
      assert.ok(error instanceof LlmServiceUnavailableError, String(status));
      assert.equal(error.isRetryable, true);
    }
  });

  it('maps other 4xx to non-retryable bad requests with the provider text', () => {
    const error = classify(httpError(400, 'Invalid value for temperature'));
    assert.ok(error instanceof LlmBadRequestError);
    assert.equal(error.isRetryable, false);
    assert.match(error.message, /rejected the request \(400\).*Invalid value for temperature/);
  });

  it('includes a non-JSON error body when the message is only a status text', () => {
    const error = classify(httpError(502, 'Bad Gateway', { body: '<html>upstream down</html>' }));
    assert.match((error as Error).message, /upstream down/);
  });

  it('maps network failures to connection errors naming the URL', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = classify(new APICallError({ message: 'Cannot connect to API', url: 'http://127.0.0.1:9/v1/chat/completions', requestBodyValues: {}, cause, isRetryable: true }));
    assert.ok(error instanceof LlmConnectionError);
    assert.equal(error.isRetryable, true);
    assert.equal(error.code, 'LLMServiceUnavailableError');
    assert.equal(error.message, "Could not reach the LLM at http://127.0.0.1:9/v1/chat/completions: connection refused (model 'openai/gpt-4o').");
  });

  it('maps unparsable 2xx bodies to a response error', () => {
    const error = classify(new APICallError({ message: 'Invalid JSON response', url: 'http://h/v1/chat/completions', requestBodyValues: {}, statusCode: 200, cause: new Error('Unexpected end of JSON input') }));
    assert.ok(error instanceof LlmResponseError);
    assert.equal(error.isRetryable, false);
  });

  it('maps a response without choices to a retryable no-response error', () => {
    const error = classify(new InvalidResponseDataError({ data: {}, message: 'Response did not contain any choices.' }));
    assert.ok(error instanceof LlmNoResponseError);
    assert.equal(error.isRetryable, true);
  });

  it('maps our own timeout to a timeout error', () => {
    const error = classify(new DOMException('aborted', 'AbortError'), { timedOut: true });
    assert.ok(error instanceof LlmTimeoutError);
    assert.match(error.message, /did not answer within 30 s/);
  });

  it('returns a caller abort unchanged', () => {
    const abort = new DOMException('aborted', 'AbortError');
    assert.equal(classify(abort), abort);
  });
});
