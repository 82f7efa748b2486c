// OpenAI error bodies are `{error:{message,type,param,code}}` for both Chat Completions and
// the Responses API. The per-status defaults mirror what api.openai.com sends, so clients that
// classify errors by `code` or by message text see realistic input.

interface OpenAiErrorKind {
  type: string;
  code: string | null;
  message: string;
}

const errorKindByStatus: Record<number, OpenAiErrorKind> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
  },
  403: { type: 'invalid_request_error', code: null, message: 'You are not allowed to sample from this model.' },
  404: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: 'The model does not exist or you do not have access to it.',
  },
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: 'Rate limit reached for requests. Please try again later.',
  },
};

const serverErrorKind: OpenAiErrorKind = {
  type: 'server_error',
  code: null,
  message: 'The server had an error while processing your request. Sorry about that!',
};

export function renderOpenAiError(options: { status: number; message?: string }): Record<string, unknown> {
  const kind = errorKindByStatus[options.status] ?? (options.status >= 500 ? serverErrorKind : errorKindByStatus[400]);
  return {
    error: { message: options.message ?? kind.message, type: kind.type, param: null, code: kind.code },
  };
}
