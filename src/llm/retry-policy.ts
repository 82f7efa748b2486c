import { isLlmError } from './errors.js';

// agent.md 11.6: up to `num_retries` total attempts; before retry n (1-based) wait
// min(max(retry_multiplier * 2^(n-1), retry_min_wait), retry_max_wait) seconds, or longer when the
// provider asks for it with `retry-after`. Only errors whose `isRetryable` is true are retried.

export interface RetryPolicy {
  /** Total attempts, at least 1. */
  maxAttempts: number;
  multiplier: number;
  minWaitSeconds: number;
  maxWaitSeconds: number;
}

export interface RetrySettings {
  num_retries?: number | null;
  retry_multiplier?: number | null;
  retry_min_wait?: number | null;
  retry_max_wait?: number | null;
}

/** A server's `retry-after` is honoured up to this many seconds (or `retry_max_wait` if larger). */
const RETRY_AFTER_CAP_SECONDS = 300;

export function retryPolicyFrom(settings: RetrySettings): RetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(settings.num_retries ?? 5)),
    multiplier: Math.max(0, settings.retry_multiplier ?? 8),
    minWaitSeconds: Math.max(0, settings.retry_min_wait ?? 8),
    maxWaitSeconds: Math.max(0, settings.retry_max_wait ?? 64),
  };
}

/** Milliseconds to wait before retry number `retryNumber` (1 = the second attempt). */
export function retryDelayMs(policy: RetryPolicy, retryNumber: number, retryAfterSeconds: number | null = null): number {
  const backoff = Math.min(
    Math.max(policy.multiplier * 2 ** (retryNumber - 1), policy.minWaitSeconds),
    policy.maxWaitSeconds,
  );
  if (retryAfterSeconds === null) return backoff * 1000;
  const cap = Math.max(policy.maxWaitSeconds, RETRY_AFTER_CAP_SECONDS);
  return Math.max(backoff, Math.min(retryAfterSeconds, cap)) * 1000;
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(headers: Record<string, string | undefined> | undefined, nowMs: number): number | null {
  if (!headers) return null;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const milliseconds = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds / 1000;
  const value = lower['retry-after']?.trim();
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - nowMs) / 1000);
}

export interface RunWithRetriesOptions<T> {
  policy: RetryPolicy;
  /** One attempt; `previousError` is what the attempt before it threw (undefined on the first). */
  attempt: (attemptNumber: number, previousError: unknown) => Promise<T>;
  sleep: (milliseconds: number) => Promise<void>;
  signal?: AbortSignal;
}

function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Runs `attempt` until it succeeds, throws a non-retryable error, or the attempts run out (then the last error is thrown). */
export async function runWithRetries<T>(options: RunWithRetriesOptions<T>): Promise<T> {
  const { policy, attempt, sleep, signal } = options;
  let previousError: unknown;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber, previousError);
    } catch (error) {
      if (!isLlmError(error) || !error.isRetryable || attemptNumber >= policy.maxAttempts) throw error;
      previousError = error;
      await abortable(sleep(retryDelayMs(policy, attemptNumber, error.retryAfterSeconds)), signal);
    }
  }
}
