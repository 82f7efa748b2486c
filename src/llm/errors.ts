import type { LlmResponse } from './types.js';

// One class per kind of LLM failure. `isRetryable` is decided here, at construction (style.md
// 2.6); the retry loop reads that flag and nothing else. `code` is the ConversationErrorEvent
// code of agent.md 11.6. Messages are written for the person who configured the LLM and never
// contain the API key: `classify-error.ts` scrubs every provider text before it gets here.

export type LlmErrorCode =
  | 'LLMAuthenticationError'
  | 'LLMRateLimitError'
  | 'LLMContextWindowExceedError'
  | 'LLMBadRequestError'
  | 'LLMTimeoutError'
  | 'LLMServiceUnavailableError'
  | 'LLMResponseError'
  | 'LLMNoResponseError'
  | 'LLMProviderNotSupportedError'
  | 'FunctionCallValidationError';

export interface LlmErrorOptions {
  /** HTTP status of the provider's answer, when there was one. */
  statusCode?: number | null;
  /** From the provider's `retry-after` / `retry-after-ms` header, when sent. */
  retryAfterSeconds?: number | null;
  cause?: unknown;
}

export abstract class LlmError extends Error {
  abstract readonly code: LlmErrorCode;
  readonly isRetryable: boolean;
  readonly statusCode: number | null;
  readonly retryAfterSeconds: number | null;

  protected constructor(message: string, isRetryable: boolean, options: LlmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.isRetryable = isRetryable;
    this.statusCode = options.statusCode ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

export function isLlmError(value: unknown): value is LlmError {
  return value instanceof LlmError;
}

/** 401/403, or a provider text saying the key is wrong or missing. */
export class LlmAuthenticationError extends LlmError {
  readonly code = 'LLMAuthenticationError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, false, options);
  }
}

/** 429. */
export class LlmRateLimitError extends LlmError {
  readonly code = 'LLMRateLimitError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, true, options);
  }
}

/** The prompt does not fit the model's context window. The agent may condense and try again. */
export class LlmContextWindowExceededError extends LlmError {
  readonly code = 'LLMContextWindowExceedError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, false, options);
  }
}

/** Any other 4xx, or a request we could not build (e.g. unsupported parameters with `drop_params: false`). */
export class LlmBadRequestError extends LlmError {
  readonly code = 'LLMBadRequestError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, false, options);
  }
}

/** No answer within `timeout` seconds. */
export class LlmTimeoutError extends LlmError {
  readonly code = 'LLMTimeoutError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, true, options);
  }
}

/** The server could not be reached (refused, reset, DNS). Reported with the service-unavailable code (11.6). */
export class LlmConnectionError extends LlmError {
  readonly code = 'LLMServiceUnavailableError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, true, options);
  }
}

/** 5xx (including Anthropic's 529 "overloaded"). */
export class LlmServiceUnavailableError extends LlmError {
  readonly code = 'LLMServiceUnavailableError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, true, options);
  }
}

/** A 2xx answer whose body is not a valid response of the protocol (cut off, not JSON, wrong shape). */
export class LlmResponseError extends LlmError {
  readonly code = 'LLMResponseError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, false, options);
  }
}

/** A valid response without any choice; retried (11.6), with temperature 1.0 if it was 0. */
export class LlmNoResponseError extends LlmError {
  readonly code = 'LLMNoResponseError';
  constructor(message: string, options?: LlmErrorOptions) {
    super(message, true, options);
  }
}

/** The model string names a provider we cannot talk to. Thrown by `createLlmClient`. */
export class LlmProviderNotSupportedError extends LlmError {
  readonly code = 'LLMProviderNotSupportedError';
  constructor(message: string) {
    super(message, false);
  }
}

/**
 * Prompt-based tool calling (agent.md 11.9): the reply's function call is unknown, malformed or
 * misses a parameter. The message is written for the model: the agent sends it back as a user
 * message. `response` is the call that produced it, so its usage and cost can still be recorded.
 */
export class LlmFunctionCallValidationError extends LlmError {
  readonly code = 'FunctionCallValidationError';
  readonly response: LlmResponse | null;
  constructor(message: string, options: { response?: LlmResponse | null } = {}) {
    super(message, false);
    this.response = options.response ?? null;
  }
}
