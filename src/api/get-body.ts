import type { FastifyRequest } from 'fastify';
import { RequestValidationError } from '../shared/errors.js';

/**
 * The batch-get routes take a JSON body on GET (api.md 1.7). Without a body, Ajv's array coercion
 * would turn the missing value into `[null]`; refuse it as FastAPI does (422 `missing`).
 * Registered after the authentication hook, so a missing key is still 401 first.
 */
export async function rejectMissingGetBody(request: FastifyRequest): Promise<void> {
  if (request.method !== 'GET' || !request.routeOptions.schema?.body || request.body !== undefined) return;
  throw new RequestValidationError([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
}
