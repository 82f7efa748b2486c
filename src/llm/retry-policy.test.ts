import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmAuthenticationError, LlmRateLimitError, LlmServiceUnavailableError } from './errors.js';
import { parseRetryAfter, retryDelayMs, retryPolicyFrom, runWithRetries } from './retry-policy.js';

describe('retryPolicyFrom / retryDelayMs', () => {
  it('uses the contract defaults: 5 attempts, waits 8, 16, 32, 64 s', () => {
    const policy = retryPolicyFrom({});
    assert.equal(policy.maxAttempts, 5);
    assert.deepEqual([1, 2, 3, 4].map((retry) => retryDelayMs(policy, retry)), [8000, 16000, 32000, 64000]);
  });

  it('applies min and max waits', () => {
    const policy = retryPolicyFrom({ num_retries: 3, retry_multiplier: 1, retry_min_wait: 3, retry_max_wait: 5 });
    assert.deepEqual([1, 2, 3, 4].map((retry) => retryDelayMs(policy, retry)), [3000, 3000, 4000, 5000]);
  });

  it('treats num_retries 0 as one attempt', () => assert.equal(retryPolicyFrom({ num_retries: 0 }).maxAttempts, 1));

  it('waits at least what retry-after asks, within a cap', () => {
    const policy = retryPolicyFrom({ retry_multiplier: 0, retry_min_wait: 0, retry_max_wait: 0 });
    assert.equal(retryDelayMs(policy, 1, 2), 2000);
    assert.equal(retryDelayMs(policy, 1, 0), 0);
    assert.equal(retryDelayMs(policy, 1, 100_000), 300_000);
    assert.equal(retryDelayMs(retryPolicyFrom({}), 1, 1), 8000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads seconds, milliseconds and HTTP dates', () => {
    assert.equal(parseRetryAfter({ 'retry-after': '7' }, now), 7);
    assert.equal(parseRetryAfter({ 'Retry-After-Ms': '1500' }, now), 1.5);
    assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, now), 30);
  });
  it('is null when absent or unreadable', () => {
    assert.equal(parseRetryAfter({}, now), null);
    assert.equal(parseRetryAfter(undefined, now), null);
    assert.equal(parseRetryAfter({ 'retry-after': 'soon' }, now), null);
  });
});

describe('runWithRetries', () => {
  const policy = retryPolicyFrom({ num_retries: 3, retry_multiplier: 1, retry_min_wait: 0, retry_max_wait: 10 });

  it('retries retryable errors with the policy waits and returns the first success', async () => {
    const sleeps: number[] = [];
    const seen: unknown[] = [];
    const result = await runWithRetries({
      policy,
      sleep: async (milliseconds) => void sleeps.push(milliseconds),
      attempt: async (attemptNumber, previousError) => {
        seen.push(previousError);
        if (attemptNumber < 3) throw new LlmServiceUnavailableError('boom', { statusCode: 500 });
        return 'ok';
      },
    });
    assert.equal(result, 'ok');
    assert.deepEqual(sleeps, [1000, 2000]);
    assert.equal(seen[0], undefined);
    assert.ok(seen[1] instanceof LlmServiceUnavailableError);
  });

  it('does not retry non-retryable errors', async () => {
    let attempts = 0;
    await assert.rejects(
      runWithRetries({ policy, sleep: async () => {}, attempt: async () => { attempts++; throw new LlmAuthenticationError('no'); } }),
      LlmAuthenticationError,
    );
    assert.equal(attempts, 1);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    let attempts = 0;
    await assert.rejects(
      runWithRetries({ policy, sleep: async () => {}, attempt: async () => { attempts++; throw new LlmRateLimitError(`try ${attempts}`); } }),
      /try 3/,
    );
    assert.equal(attempts, 3);
  });

  it('honours retry-after from the error', async () => {
    const sleeps: number[] = [];
    let attempts = 0;
    await runWithRetries({
      policy,
      sleep: async (milliseconds) => void sleeps.push(milliseconds),
      attempt: async () => {
        if (attempts++ === 0) throw new LlmRateLimitError('slow down', { retryAfterSeconds: 4 });
        return 1;
      },
    });
    assert.deepEqual(sleeps, [4000]);
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = runWithRetries({
      policy,
      signal: controller.signal,
      sleep: () => new Promise(() => {}),
      attempt: async () => { throw new LlmServiceUnavailableError('down'); },
    });
    setImmediate(() => controller.abort(new Error('stopped by caller')));
    await assert.rejects(pending, /stopped by caller/);
  });

  it('does not retry errors that are not LLM errors', async () => {
    let attempts = 0;
    await assert.rejects(runWithRetries({ policy, sleep: async () => {}, attempt: async () => { attempts++; throw new TypeError('bug'); } }), TypeError);
    assert.equal(attempts, 1);
  });
});
