import { LlmFunctionCallValidationError } from '../errors.js';
import type { LlmToolCall, LlmToolSpec } from '../types.js';
import { parametersOf, type ParameterSchema } from './tool-schema.js';

// Reads the `<function=NAME>…</function>` call out of a reply (agent.md 11.9 step 5). String
// values are kept verbatim; typed values (integer, number, boolean, array, object, enums) are
// read after trimming surrounding whitespace. Problems throw LlmFunctionCallValidationError with a
// message addressed to the model.

export interface ParsedTextReply {
  /** The text before the call (the whole reply when there is none). */
  content: string;
  toolCall: LlmToolCall | null;
}

const FUNCTION_PATTERN = /<function=([^>\n]*)>([\s\S]*?)<\/function>/;
const PARAMETER_PATTERN = /<parameter=([^>\n]+)>([\s\S]*?)<\/parameter>/g;
// `<parameter=a=b</parameter>`, a slip some models make, means `<parameter=a>b</parameter>`.
const SLIPPED_PARAMETER = /<parameter=([^=>\n]+)=([^>]*?)<\/parameter>/g;

function invalid(message: string): LlmFunctionCallValidationError {
  return new LlmFunctionCallValidationError(message);
}

function closeCall(text: string, start: number): string {
  if (text.indexOf('</function>', start) !== -1) return text;
  // The `</function` stop sequence ends generation just before the closing tag.
  return text.endsWith('</function') ? `${text}>` : `${text}</function>`;
}

function convertValue(functionName: string, parameter: ParameterSchema, raw: string): unknown {
  const trimmed = raw.trim();
  let value: unknown = raw;
  const where = `parameter '${parameter.name}' of function '${functionName}'`;
  switch (parameter.type) {
    case 'integer':
      if (!/^[-+]?\d+$/.test(trimmed)) throw invalid(`The ${where} must be an integer, but got '${raw}'.`);
      value = Number.parseInt(trimmed, 10);
      break;
    case 'number':
      if (trimmed === '' || !Number.isFinite(Number(trimmed))) throw invalid(`The ${where} must be a number, but got '${raw}'.`);
      value = Number(trimmed);
      break;
    case 'boolean':
      if (/^(true|false)$/i.test(trimmed)) value = trimmed.toLowerCase() === 'true';
      break;
    case 'array':
    case 'object': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw invalid(`The ${where} must be a JSON ${parameter.type}, but got '${raw}'.`);
      }
      if (Array.isArray(parsed) !== (parameter.type === 'array') || typeof parsed !== 'object' || parsed === null) {
        throw invalid(`The ${where} must be a JSON ${parameter.type}, but got '${raw}'.`);
      }
      value = parsed;
      break;
    }
  }
  if (parameter.allowedValues) {
    const candidate = typeof value === 'string' ? trimmed : value;
    if (!parameter.allowedValues.some((allowed) => allowed === candidate)) {
      const allowed = parameter.allowedValues.map((entry) => `'${String(entry)}'`).join(', ');
      throw invalid(`The ${where} must be one of ${allowed}, but got '${raw}'.`);
    }
    value = candidate;
  }
  return value;
}

function readParameters(functionName: string, body: string, schema: ParameterSchema[] | null): Record<string, unknown> {
  const repaired = body.replace(SLIPPED_PARAMETER, '<parameter=$1>$2</parameter>');
  const byName = new Map((schema ?? []).map((parameter) => [parameter.name, parameter]));
  const values: Record<string, unknown> = {};
  for (const match of repaired.matchAll(PARAMETER_PATTERN)) {
    const name = match[1].trim();
    const parameter = byName.get(name);
    if (schema !== null && parameter === undefined) {
      const allowed = schema.map((entry) => `'${entry.name}'`).join(', ') || 'none';
      throw invalid(`The parameter '${name}' is not allowed for function '${functionName}'. Allowed parameters: ${allowed}.`);
    }
    values[name] = parameter ? convertValue(functionName, parameter, match[2]) : match[2];
  }
  const missing = (schema ?? []).filter((parameter) => parameter.isRequired && !(parameter.name in values));
  if (missing.length > 0) {
    throw invalid(`Missing required parameters for function '${functionName}': ${missing.map((entry) => `'${entry.name}'`).join(', ')}.`);
  }
  return values;
}

/**
 * Parses a reply of a model without native tool calling. `callNumber` makes the id `toolu_NN`
 * (agent.md 11.9: a two-digit counter over the calls in the history).
 */
export function parseTextToolCall(text: string, tools: readonly LlmToolSpec[], callNumber: number): ParsedTextReply {
  const start = text.indexOf('<function=');
  if (start === -1) return { content: text, toolCall: null };
  const match = FUNCTION_PATTERN.exec(closeCall(text, start).slice(start));
  if (!match) throw invalid('The function call in your reply could not be read. Use the <function=NAME> … </function> format.');
  const name = match[1].trim();
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) {
    const available = tools.map((candidate) => `'${candidate.name}'`).join(', ') || 'none';
    throw invalid(`The function '${name}' does not exist. Available functions: ${available}.`);
  }
  const parameters = readParameters(name, match[2], parametersOf(tool.parameters));
  return {
    content: text.slice(0, start),
    toolCall: { id: `toolu_${String(callNumber).padStart(2, '0')}`, name, arguments: JSON.stringify(parameters) },
  };
}
