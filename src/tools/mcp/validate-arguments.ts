/**
 * agent.md 12: the arguments of an MCP tool call checked against the derived parameters before the
 * ActionEvent is made: null-valued keys dropped, unknown keys rejected, required keys present,
 * values coerced as laxly as the other tools' arguments (tools/arguments.ts). The result is
 * `MCPToolAction.data`: the validated values, without the keys that were left out or null.
 */
import { describeValue, isPlainObject, parseJsonOf, toBoolean, toNumber, type ValidationResult } from '../arguments.js';
import type { McpParameters, McpValueType } from './input-schema.js';

type Json = Record<string, unknown>;

function expected(value: McpValueType): string {
  switch (value.type) {
    case 'integer':
      return 'an integer';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'boolean':
      return 'a boolean (true or false)';
    default:
      return `a ${value.type}`;
  }
}

function check(value: McpValueType, given: unknown, at: string, problems: string[]): unknown {
  const fail = (): null => {
    problems.push(`Parameter \`${at}\` must be ${expected(value)}, got ${describeValue(given)}.`);
    return null;
  };
  switch (value.type) {
    case 'any':
      return given;
    case 'string':
      return typeof given === 'string' ? given : fail();
    case 'boolean':
      return toBoolean(given) ?? fail();
    case 'integer':
    case 'number':
      return toNumber(given, value.type === 'integer') ?? fail();
    case 'object': {
      const object = isPlainObject(given) ? given : parseJsonOf(given, isPlainObject);
      return object === undefined ? fail() : object;
    }
    case 'array': {
      const array = Array.isArray(given) ? given : parseJsonOf(given, Array.isArray);
      if (!Array.isArray(array)) return fail();
      return array.map((item, index) => check(value.items, item, `${at}[${index}]`, problems));
    }
  }
}

export function validateMcpArguments(parameters: McpParameters, raw: unknown): ValidationResult {
  let input = raw;
  if (typeof input === 'string') {
    try {
      input = input.trim() === '' ? {} : JSON.parse(input);
    } catch (error) {
      return { ok: false, error: `The arguments are not valid JSON (${(error as Error).message}).` };
    }
  }
  if (input === null || input === undefined) input = {};
  if (!isPlainObject(input)) return { ok: false, error: `The arguments must be a JSON object, got ${describeValue(input)}.` };
  const given = Object.fromEntries(Object.entries(input).filter(([name, value]) => name !== 'security_risk' && value !== null && value !== undefined));
  const known = parameters.properties.map((parameter) => parameter.name);
  const problems: string[] = [];
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) problems.push(`Unknown parameter \`${name}\`. Accepted parameters: ${known.length > 0 ? known.join(', ') : '(none)'}.`);
  }
  const data: Json = {};
  for (const parameter of parameters.properties) {
    if (!(parameter.name in given)) {
      if (parameters.required.includes(parameter.name)) problems.push(`Missing required parameter \`${parameter.name}\`.`);
      continue;
    }
    data[parameter.name] = check(parameter.value, given[parameter.name], parameter.name, problems);
  }
  return problems.length > 0 ? { ok: false, error: problems.join('\n') } : { ok: true, value: data };
}
