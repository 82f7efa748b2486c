/**
 * Base class for every error a service throws on purpose. The `code` says what kind of failure it
 * is; `api/errors.ts` holds the one table from code to HTTP status. Services never throw HTTP errors.
 */
export type DomainErrorCode =
  | 'not_found' // the named thing does not exist (404)
  | 'invalid_request' // the request is well-formed but cannot be honoured (400)
  | 'conflict' // the target is busy, e.g. a run is already active (409)
  | 'unavailable' // an optional integration is switched off (503)
  | 'internal'; // an expected failure that is still the server's fault (500)

export class DomainError extends Error {
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A failure of a request field that the schema could not catch (FastAPI-style 422 item). */
export class RequestValidationError extends Error {
  constructor(readonly items: ValidationItem[]) {
    super(items.map((item) => `${item.loc.join('.')}: ${item.msg}`).join('; '));
    this.name = 'RequestValidationError';
  }
}

export interface ValidationItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}
