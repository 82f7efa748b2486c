/**
 * Request validation with two Ajv set-ups, one per kind of input, the way pydantic treats them:
 * - query strings, path parameters and headers arrive as text, so `limit=5` becomes a number and a
 *   single `ids=…` a list (coercion);
 * - JSON bodies are typed already: a number where a string belongs is refused (422 `string_type`),
 *   never turned into `"123"`, and a scalar is not a list.
 * Both fill schema defaults and report the first error only.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import { parseDateTimeText } from '../shared/date-time-text.js';
import { UUID_FORMAT } from '../shared/ids.js';

const SHARED_OPTIONS = { useDefaults: true, removeAdditional: false, allErrors: false, discriminator: true, verbose: true, strict: false };

function addFormats(ajv: { addFormat(name: string, format: RegExp | ((text: string) => boolean)): unknown }): void {
  // The reference parses ids as UUIDs in any spelling (api.md 1.3), not only the dashed form.
  ajv.addFormat('uuid', UUID_FORMAT);
  // Timestamp filters as pydantic reads them: naive local times allowed (api.md 6.1), a date alone,
  // a Unix timestamp; impossible dates refused.
  ajv.addFormat('date-time', (text) => parseDateTimeText(text) !== null);
}

interface RouteDefinition {
  httpPart: string;
  schema: unknown;
  method: string;
  url: string;
}
type Validate = (route: RouteDefinition) => unknown;

/** Fastify's `schemaController.compilersFactory.buildValidator`. */
export const buildRequestValidator = ((externalSchemas: Record<string, unknown>) => {
  const compilerFor = AjvCompiler() as unknown as (schemas: Record<string, unknown>, options: object) => Validate;
  const forText = compilerFor(externalSchemas, { customOptions: { ...SHARED_OPTIONS, coerceTypes: 'array' }, onCreate: addFormats });
  const forBody = compilerFor(externalSchemas, { customOptions: { ...SHARED_OPTIONS, coerceTypes: false }, onCreate: addFormats });
  return (route: RouteDefinition) => (route.httpPart === 'body' ? forBody(route) : forText(route));
}) as unknown as AjvCompiler.BuildCompilerFromPool;
