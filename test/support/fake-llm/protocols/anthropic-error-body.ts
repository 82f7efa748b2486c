import { newRequestId } from '../ids.js';

// Anthropic error bodies are `{type:'error', error:{type,message}, request_id}`; the error
// types per status are the ones listed in Anthropic's "Errors" documentation (529 is
// `overloaded_error`, which clients are expected to retry).

const errorTypeByStatus: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'The requested resource could not be found.' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

export function renderAnthropicError(options: { status: number; message?: string }): Record<string, unknown> {
  const kind =
    errorTypeByStatus[options.status] ?? (options.status >= 500 ? errorTypeByStatus[500] : errorTypeByStatus[400]);
  return {
    type: 'error',
    error: { type: kind.type, message: options.message ?? kind.message },
    request_id: newRequestId(),
  };
}
