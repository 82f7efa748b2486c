/**
 * The single place where errors become HTTP bodies (api.md 1.5):
 * - request validation failures -> 422 `{"detail": [ValidationError, ...]}` in FastAPI's shape;
 * - domain errors -> the status of their code, `{"detail": "<message>"}`;
 * - anything else -> 500 `{"detail": "Internal Server Error", "exception": "..."}` with every known
 *   secret value redacted.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, RequestValidationError, type DomainErrorCode, type ValidationItem } from '../shared/errors.js';
import type { SecretRedactor } from '../shared/secret-redactor.js';

export const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  not_found: 404,
  invalid_request: 400,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

const LOCATION_BY_CONTEXT: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
  schema?: unknown;
  parentSchema?: Record<string, unknown>;
}

function instanceLocation(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function quoteList(values: unknown[]): string {
  const quoted = values.map((value) => `'${String(value)}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

const TYPE_ERRORS: Record<string, [string, string]> = {
  integer: ['int_parsing', 'Input should be a valid integer'],
  number: ['float_parsing', 'Input should be a valid number'],
  string: ['string_type', 'Input should be a valid string'],
  boolean: ['bool_parsing', 'Input should be a valid boolean'],
  array: ['list_type', 'Input should be a valid list'],
  object: ['model_attributes_type', 'Input should be a valid dictionary or object to extract fields from'],
  null: ['none_required', 'Input should be None'],
};

/** Where the JSON parser leaves the body text on the request, so a 422 can echo what was sent. */
export const RAW_JSON_BODY = Symbol('rawJsonBody');

type SentBody = { found: true; value: unknown } | { found: false };

/**
 * The value at `path` in the body as the client sent it. Validation fills schema defaults into the
 * parsed body in place, so Ajv's own copy of the input may hold fields the client never sent.
 */
function sentValueAt(sent: SentBody, path: (string | number)[]): SentBody {
  let value = sent.found ? sent.value : undefined;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return { found: false };
    value = (value as Record<string | number, unknown>)[segment];
  }
  return sent.found ? { found: true, value } : sent;
}

function parsedSentBody(request: FastifyRequest): SentBody {
  const raw = (request as unknown as { [RAW_JSON_BODY]?: string })[RAW_JSON_BODY];
  if (raw === undefined) return { found: false };
  try {
    return { found: true, value: JSON.parse(raw) };
  } catch {
    return { found: false };
  }
}

/** Converts one Ajv error into a FastAPI/pydantic-style validation item. */
export function toValidationItem(error: AjvError, location: string, sent: SentBody = { found: false }): ValidationItem {
  const path = instanceLocation(error.instancePath);
  const loc: (string | number)[] = [location, ...path];
  const sentValue = sentValueAt(sent, path);
  const input = sentValue.found ? sentValue.value : error.data;
  const params = error.params;
  switch (error.keyword) {
    case 'required':
      return { type: 'missing', loc: [...loc, String(params.missingProperty)], msg: 'Field required', input: input ?? null };
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[field] : undefined;
      return { type: 'extra_forbidden', loc: [...loc, field], msg: 'Extra inputs are not permitted', input: value ?? null };
    }
    case 'type': {
      if (input === undefined) return { type: 'missing', loc, msg: 'Field required', input: null };
      const expected = String(params.type).split(',')[0];
      const [type, msg] = TYPE_ERRORS[expected] ?? ['type_error', `Input should be of type ${expected}`];
      return { type, loc, msg, input };
    }
    case 'minimum':
      return { type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${params.limit}`, input, ctx: { ge: params.limit } };
    case 'exclusiveMinimum':
      return { type: 'greater_than', loc, msg: `Input should be greater than ${params.limit}`, input, ctx: { gt: params.limit } };
    case 'maximum':
      return { type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${params.limit}`, input, ctx: { le: params.limit } };
    case 'exclusiveMaximum':
      return { type: 'less_than', loc, msg: `Input should be less than ${params.limit}`, input, ctx: { lt: params.limit } };
    case 'minLength':
      return { type: 'string_too_short', loc, msg: `String should have at least ${params.limit} character${params.limit === 1 ? '' : 's'}`, input, ctx: { min_length: params.limit } };
    case 'maxLength':
      return { type: 'string_too_long', loc, msg: `String should have at most ${params.limit} character${params.limit === 1 ? '' : 's'}`, input, ctx: { max_length: params.limit } };
    case 'minItems':
      return { type: 'too_short', loc, msg: `List should have at least ${params.limit} items`, input, ctx: { min_length: params.limit } };
    case 'maxItems':
      return { type: 'too_long', loc, msg: `List should have at most ${params.limit} items`, input, ctx: { max_length: params.limit } };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      return { type: 'enum', loc, msg: `Input should be ${quoteList(allowed)}`, input, ctx: { expected: quoteList(allowed) } };
    }
    case 'const':
      return { type: 'literal_error', loc, msg: `Input should be ${quoteList([params.allowedValue])}`, input, ctx: { expected: quoteList([params.allowedValue]) } };
    case 'pattern':
      return { type: 'string_pattern_mismatch', loc, msg: `String should match pattern '${params.pattern}'`, input, ctx: { pattern: params.pattern } };
    case 'format':
      if (params.format === 'uuid') return { type: 'uuid_parsing', loc, msg: 'Input should be a valid UUID', input };
      if (params.format === 'date-time') return { type: 'datetime_from_date_parsing', loc, msg: 'Input should be a valid datetime', input };
      return { type: 'value_error', loc, msg: `Input should match format '${params.format}'`, input };
    case 'discriminator': {
      if (params.error === 'mapping') {
        const branches = (error.parentSchema?.oneOf as { properties?: { kind?: { const?: string } } }[] | undefined) ?? [];
        const kinds = branches.map((branch) => branch.properties?.kind?.const).filter(Boolean).sort();
        const base = String(error.parentSchema?.title ?? 'the union');
        const msg = `Value error, Unexpected kind '${String(params.tagValue)}' for ${base}. Expected one of: ${kinds.join(', ')}`;
        return { type: 'value_error', loc, msg, input, ctx: { error: msg } };
      }
      return { type: 'missing', loc: [...loc, String(params.tag)], msg: 'Field required', input };
    }
    default:
      return { type: 'value_error', loc, msg: error.message ?? 'Invalid input', input };
  }
}

export function validationBody(items: ValidationItem[]): { detail: ValidationItem[] } {
  return { detail: items };
}

function jsonErrorItem(error: Error, rawBody: unknown): ValidationItem {
  const position = /position (\d+)/.exec(error.message);
  return {
    type: 'json_invalid',
    loc: ['body', position ? Number(position[1]) : 0],
    msg: 'JSON decode error',
    input: {},
    ctx: { error: error.message },
  };
}

export interface ErrorHandlerOptions {
  redactor: SecretRedactor;
  debug: boolean;
}

export function makeErrorHandler(options: ErrorHandlerOptions) {
  return function handleErrorSafely(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    try {
      return handleError(error, request, reply);
    } catch {
      // Fastify's fallback body would carry the raw error message, which may hold a secret.
      return reply.code(500).send({ detail: 'Internal Server Error' });
    }
  };

  function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (error.validation) {
      const location = LOCATION_BY_CONTEXT[error.validationContext ?? 'body'] ?? 'body';
      const sent = location === 'body' ? parsedSentBody(request) : { found: false as const };
      const items = (error.validation as unknown as AjvError[]).map((item) => toValidationItem(item, location, sent));
      // A 422 echoes the offending input, which may hold a secret the server already knows.
      return reply.code(422).send(options.redactor.redactDeep(validationBody(items)));
    }
    if (error instanceof RequestValidationError) return reply.code(422).send(options.redactor.redactDeep(validationBody(error.items)));
    if (error instanceof DomainError) {
      const status = STATUS_BY_CODE[error.code];
      if (status >= 500) return reply.code(status).send(serverErrorBody(`${status}: ${error.message}`, error, options));
      return reply.code(status).send({ detail: options.redactor.redact(error.message) });
    }
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.code(422).send(validationBody([jsonErrorItem(error, request.body)]));
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.code(422).send(validationBody([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ detail: 'Request body too large' });
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ detail: `Unsupported media type: ${request.headers['content-type'] ?? 'none'}` });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ detail: options.redactor.redact(error.message) });
    request.log.error({ err: { message: options.redactor.redact(error.message), stack: options.redactor.redact(error.stack ?? '') } }, 'request failed');
    return reply.code(status).send(serverErrorBody(error.message, error, options));
  }
}

function serverErrorBody(exception: string, error: Error, options: ErrorHandlerOptions) {
  const body: Record<string, string> = {
    detail: 'Internal Server Error',
    exception: options.redactor.redact(exception),
  };
  if (options.debug) body.traceback = options.redactor.redact(error.stack ?? '');
  return body;
}
