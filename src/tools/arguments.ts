/**
 * The argument schemas of our tools, and the one validator every tool call goes through.
 * One definition gives both the JSON schema the LLM sees (agent.md 5.2: only type, description,
 * properties, required, items, enum) and the checks of agent.md 3.5 steps 3 and 5: stringified
 * arrays/objects repaired, unknown keys rejected, required fields present, lax coercion as pydantic
 * does it, enum membership and lower bounds.
 */
import type { Json } from './types.js';

interface BaseSchema {
  description?: string;
  /** Value used when the field is absent or null; absent optional fields without one become null. */
  default?: unknown;
}

export type ArgumentSchema =
  | (BaseSchema & { type: 'string'; enum?: readonly string[] })
  | (BaseSchema & { type: 'boolean' })
  | (BaseSchema & { type: 'number' | 'integer'; minimum?: number })
  | (BaseSchema & { type: 'array'; items: ArgumentSchema })
  | ObjectArgumentSchema;

export interface ObjectArgumentSchema extends BaseSchema {
  type: 'object';
  properties: Record<string, ArgumentSchema>;
  required: readonly string[];
}

export type ValidationResult = { ok: true; value: Json } | { ok: false; error: string };

/** The simplified JSON schema sent to the LLM (agent.md 5.2). */
export function toLlmSchema(schema: ArgumentSchema): Json {
  const out: Json = { type: schema.type };
  if (schema.description !== undefined) out.description = schema.description;
  if (schema.type === 'string' && schema.enum) out.enum = [...schema.enum];
  if (schema.type === 'array') out.items = toLlmSchema(schema.items);
  if (schema.type === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [name, toLlmSchema(property)]),
    );
    out.required = [...schema.required];
  }
  return out;
}

/**
 * Checks raw arguments (an object or its JSON text) against an object schema and returns every
 * declared field, defaults filled in, in declaration order. Error text is meant for the LLM.
 * `security_risk` is ignored here: the agent takes it out before validation (agent.md 3.5 step 4).
 */
export function validateArguments(schema: ObjectArgumentSchema, raw: unknown): ValidationResult {
  let input = raw;
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch (error) {
      return { ok: false, error: `The arguments are not valid JSON (${(error as Error).message}).` };
    }
  }
  if (input === null || input === undefined) input = {};
  if (!isPlainObject(input)) {
    return { ok: false, error: `The arguments must be a JSON object, got ${describeValue(input)}.` };
  }
  const { security_risk: _ignored, ...fields } = input;
  const problems: string[] = [];
  const value = checkObject(schema, fields, '', problems);
  return problems.length > 0 ? { ok: false, error: problems.join('\n') } : { ok: true, value };
}

function checkObject(schema: ObjectArgumentSchema, input: Json, at: string, problems: string[]): Json {
  const out: Json = {};
  const known = Object.keys(schema.properties);
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) {
      problems.push(`Unknown parameter \`${at}${key}\`. Accepted parameters: ${known.join(', ')}.`);
    }
  }
  for (const [name, property] of Object.entries(schema.properties)) {
    const given = input[name];
    if (given === undefined || given === null) {
      if (schema.required.includes(name)) {
        problems.push(
          given === null
            ? `Parameter \`${at}${name}\` must be ${expected(property)}, got null.`
            : `Missing required parameter \`${at}${name}\`.`,
        );
      }
      out[name] = structuredClone(property.default ?? null);
      continue;
    }
    out[name] = checkValue(property, given, `${at}${name}`, problems);
  }
  return out;
}

function checkValue(schema: ArgumentSchema, given: unknown, at: string, problems: string[]): unknown {
  const fail = (): null => {
    problems.push(`Parameter \`${at}\` must be ${expected(schema)}, got ${describeValue(given)}.`);
    return null;
  };
  switch (schema.type) {
    case 'string': {
      if (typeof given !== 'string') return fail();
      if (schema.enum && !schema.enum.includes(given)) {
        problems.push(`Parameter \`${at}\` must be one of ${schema.enum.join(', ')}; got ${JSON.stringify(given)}.`);
      }
      return given;
    }
    case 'boolean': {
      const value = toBoolean(given);
      return value === undefined ? fail() : value;
    }
    case 'number':
    case 'integer': {
      const value = toNumber(given, schema.type === 'integer');
      if (value === undefined) return fail();
      if (schema.minimum !== undefined && value < schema.minimum) {
        problems.push(`Parameter \`${at}\` must be at least ${schema.minimum}, got ${value}.`);
      }
      return value;
    }
    case 'array': {
      const value = Array.isArray(given) ? given : parseJsonOf(given, Array.isArray);
      if (!Array.isArray(value)) return fail();
      return value.map((item, index) => checkValue(schema.items, item, `${at}[${index}]`, problems));
    }
    case 'object': {
      const value = isPlainObject(given) ? given : parseJsonOf(given, isPlainObject);
      if (!isPlainObject(value)) return fail();
      return checkObject(schema, value, `${at}.`, problems);
    }
  }
}

// agent.md 3.5 step 3: models often send `"[1, 5]"` for an array.
/** A JSON string accepted by `accept` (LLMs often send objects and arrays as JSON text). */
export function parseJsonOf(given: unknown, accept: (value: unknown) => boolean): unknown {
  if (typeof given !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(given);
    return accept(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function toBoolean(given: unknown): boolean | undefined {
  if (typeof given === 'boolean') return given;
  if (given === 0 || given === 1) return given === 1;
  if (typeof given === 'string') {
    const text = given.trim().toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
  }
  return undefined;
}

export function toNumber(given: unknown, isInteger: boolean): number | undefined {
  let value: number | undefined;
  if (typeof given === 'number') value = given;
  else if (typeof given === 'string' && given.trim() !== '') value = Number(given.trim());
  if (value === undefined || !Number.isFinite(value)) return undefined;
  if (isInteger && !Number.isInteger(value)) return undefined;
  return value;
}

function expected(schema: ArgumentSchema): string {
  switch (schema.type) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'number':
      return 'a number';
    case 'integer':
      return 'an integer';
    case 'array':
      return `an array of ${schema.items.type}s`;
    case 'object':
      return 'an object';
  }
}

/** How a rejected value is named in an error the LLM reads. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
