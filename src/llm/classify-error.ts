import { AISDKError, APICallError, InvalidResponseDataError, JSONParseError, LoadAPIKeyError, TypeValidationError } from 'ai';
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
  isLlmError,
  type LlmError,
} from './errors.js';
import { parseRetryAfter } from './retry-policy.js';
import { scrubSecrets } from './scrub-secrets.js';

// Maps whatever one attempt threw to one of our error classes (agent.md 11.6, classified by HTTP
// status first, then by the provider's text). Every provider text is scrubbed of secrets and cut
// short before it is put into a message.

export interface ErrorContext {
  /** The model string as configured (`openai/gpt-4o`). */
  model: string;
  /** Where requests go, for messages about errors without a URL of their own. */
  endpoint: string;
  /** Values that must never appear in a message (API key, secret headers). */
  secrets: readonly string[];
  /** True when our per-attempt timer aborted the request. */
  timedOut: boolean;
  timeoutSeconds: number;
  hasApiKey: boolean;
  /** What a 401/403 says was rejected; `the API key` unless told (Bedrock: `the AWS credentials`). */
  credentialName?: string;
  nowMs: number;
}

const CONTEXT_WINDOW_PATTERNS = [
  'contextwindowexceedederror',
  'prompt is too long',
  'input length and `max_tokens` exceed context limit',
  'please reduce the length of',
  'the request exceeds the available context size',
  'context length exceeded',
  'input exceeds the context window',
  'context_length_exceeded',
  'maximum context length',
  // Bedrock's ValidationException for an oversized prompt.
  'input is too long',
];

const AUTH_PATTERNS = ['invalid api key', 'unauthorized', 'missing api key', 'invalid authentication', 'access denied'];

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

const MAX_PROVIDER_TEXT = 500;

function shorten(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > MAX_PROVIDER_TEXT ? `${single.slice(0, MAX_PROVIDER_TEXT)}…` : single;
}

/** The first network error code in the cause chain (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
function networkCode(error: unknown): string | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 6; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code in NETWORK_CODES || code.startsWith('E') || code.startsWith('UND_ERR'))) return code;
    if (current.message === 'terminated' || current.message === 'other side closed') return 'UND_ERR_SOCKET';
  }
  return null;
}

function providerText(error: APICallError, context: ErrorContext): string {
  const message = error.message && error.message !== 'Failed to process error response' ? error.message : '';
  const isJustStatus = !message || /^[A-Za-z ]+$/.test(message);
  const body = typeof error.responseBody === 'string' ? error.responseBody : '';
  const text = isJustStatus && body ? `${message} ${body}`.trim() : message;
  return shorten(scrubSecrets(text, context.secrets));
}

function classifyHttpError(error: APICallError, status: number, context: ErrorContext): LlmError {
  const url = scrubSecrets(error.url, context.secrets);
  const detail = providerText(error, context);
  const suffix = detail ? `: ${detail}` : '';
  const searchable = `${error.message} ${error.responseBody ?? ''}`.toLowerCase();
  const retryAfterSeconds = parseRetryAfter(error.responseHeaders, context.nowMs);
  const options = { statusCode: status, retryAfterSeconds };
  const where = `for model '${context.model}' at ${url}`;

  if (status < 500 && CONTEXT_WINDOW_PATTERNS.some((pattern) => searchable.includes(pattern))) {
    return new LlmContextWindowExceededError(`The conversation is too long for the model's context window (${status}) ${where}${suffix}`, options);
  }
  if (status === 401 || status === 403 || (status < 500 && status !== 429 && AUTH_PATTERNS.some((pattern) => searchable.includes(pattern)))) {
    const reason = context.hasApiKey ? `rejected ${context.credentialName ?? 'the API key'}` : 'requires an API key and none is configured (api_key)';
    return new LlmAuthenticationError(`The LLM provider ${reason} (${status}) ${where}${suffix}`, options);
  }
  if (status === 429) {
    return new LlmRateLimitError(`The LLM provider is rate limiting requests (429) ${where}${suffix}`, options);
  }
  if (status === 408) {
    return new LlmTimeoutError(`The LLM provider timed out on the request (408) ${where}${suffix}`, options);
  }
  if (status >= 500) {
    return new LlmServiceUnavailableError(`The LLM provider failed with ${status} ${where}${suffix}`, options);
  }
  return new LlmBadRequestError(`The LLM provider rejected the request (${status}) ${where}${suffix}`, options);
}

/** Our error for what an attempt threw. Caller aborts and programming errors come back unchanged. */
export function classifyError(error: unknown, context: ErrorContext): unknown {
  if (isLlmError(error)) return error;
  const endpoint = scrubSecrets(context.endpoint, context.secrets);
  if (context.timedOut) {
    return new LlmTimeoutError(`The LLM at ${endpoint} did not answer within ${context.timeoutSeconds} s (model '${context.model}').`);
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const url = scrubSecrets(error.url, context.secrets);
    const code = networkCode(error.cause);
    if (status === undefined || status === null || ((status >= 200 && status < 300) && code !== null)) {
      const reason = code ? (NETWORK_CODES[code] ?? code) : shorten(scrubSecrets(error.message, context.secrets));
      return new LlmConnectionError(`Could not reach the LLM at ${url}: ${reason} (model '${context.model}').`, { cause: error.cause });
    }
    if (status >= 200 && status < 300) {
      const detail = error.cause instanceof Error ? shorten(scrubSecrets(error.cause.message, context.secrets)) : error.message;
      return new LlmResponseError(`The LLM at ${url} answered with a body that is not a valid response for model '${context.model}': ${detail}`, { statusCode: status });
    }
    return classifyHttpError(error, status, context);
  }
  if (InvalidResponseDataError.isInstance(error)) {
    if (/did not contain any choices/i.test(error.message)) {
      return new LlmNoResponseError(`The LLM at ${endpoint} returned no choices for model '${context.model}'.`);
    }
    return new LlmResponseError(`The LLM at ${endpoint} returned an invalid response for model '${context.model}': ${shorten(scrubSecrets(error.message, context.secrets))}`);
  }
  if (JSONParseError.isInstance(error) || TypeValidationError.isInstance(error)) {
    return new LlmResponseError(`The LLM at ${endpoint} returned a response that could not be parsed for model '${context.model}'.`);
  }
  if (LoadAPIKeyError.isInstance(error)) {
    return new LlmAuthenticationError(`No API key is configured for model '${context.model}': set api_key in the LLM settings.`);
  }
  if (AISDKError.isInstance(error)) {
    // Raised by the SDK before sending (a prompt or option it cannot express for this provider).
    return new LlmBadRequestError(`The request for model '${context.model}' could not be built: ${shorten(scrubSecrets(error.message, context.secrets))}`, { cause: error });
  }
  return error;
}
