// Bedrock runtime errors (restJson1): the body is `{"message": …}` and the exception name
// travels in the `x-amzn-ErrorType` header. Types and default messages per status follow the
// Converse API reference ("Errors"); 424 is the model's own failure, 429 throttling.

const errorByStatus: Record<number, { type: string; message: string }> = {
  400: { type: 'ValidationException', message: 'Malformed input request, please reformat your input and try again.' },
  403: { type: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID." },
  404: { type: 'ResourceNotFoundException', message: 'Could not resolve the foundation model from the provided model identifier.' },
  408: { type: 'ModelTimeoutException', message: 'Model has timed out in processing the request. Try your request again.' },
  424: { type: 'ModelErrorException', message: 'The system encountered an unexpected error during processing. Try your request again.' },
  429: { type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' },
  500: { type: 'InternalServerException', message: 'The server encountered an internal error while processing the request.' },
  503: { type: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' },
};

function errorFor(status: number): { type: string; message: string } {
  return errorByStatus[status] ?? (status >= 500 ? errorByStatus[500] : errorByStatus[400]);
}

export function renderBedrockError(options: { status: number; message?: string }): Record<string, unknown> {
  return { message: options.message ?? errorFor(options.status).message };
}

/** The `x-amzn-ErrorType` header, `<Exception>:<namespace>` as Bedrock sends it. */
export function bedrockErrorHeaders(status: number, type = errorFor(status).type): Record<string, string> {
  return { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` };
}
