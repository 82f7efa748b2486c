/**
 * agent.md 12: the parameters of an MCP tool, derived from its `inputSchema` the lossy way the
 * reference does it: top-level properties only; types reduced to string, integer, number,
 * boolean, array (with its item type) and object (any keys); enums and defaults dropped;
 * `required` kept; optional properties nullable. A property whose type cannot be read (no `type`,
 * nothing in `anyOf`) accepts any value rather than rejecting calls the server would take.
 */
type Json = Record<string, unknown>;

export type McpValueType =
  | { type: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'any' }
  | { type: 'array'; items: McpValueType };

export interface McpParameter {
  name: string;
  value: McpValueType;
  description?: string;
}

export interface McpParameters {
  properties: McpParameter[];
  required: string[];
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean', 'object']);
const ANY: McpValueType = { type: 'any' };

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `#/$defs/Name` and `#/definitions/Name` inside the same schema; anything else is unknown. */
function resolveRef(node: Json, root: Json, depth: number): Json {
  if (typeof node.$ref !== 'string' || depth > 8) return node;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(node.$ref);
  const target = match ? (root[match[1]!] as Json | undefined)?.[decodeURIComponent(match[2]!)] : undefined;
  return isPlainObject(target) ? resolveRef(target, root, depth + 1) : { type: 'object' };
}

function valueTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeOf(raw: unknown, root: Json, depth = 0): McpValueType | null {
  if (!isPlainObject(raw) || depth > 8) return null;
  const node = resolveRef(raw, root, 0);
  const declared = Array.isArray(node.type) ? node.type.find((type) => type !== 'null') : node.type;
  if (declared === 'array') return { type: 'array', items: typeOf(node.items, root, depth + 1) ?? ANY };
  if (typeof declared === 'string' && SCALARS.has(declared)) return { type: declared as 'string' };
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const resolved = typeOf(branch, root, depth + 1);
      if (resolved) return resolved;
    }
  }
  const sample = Array.isArray(node.enum) ? node.enum.find((item) => item !== null) : node.const;
  const sampleType = sample === undefined ? null : valueTypeOf(sample);
  if (sampleType && sampleType !== 'array' && SCALARS.has(sampleType)) return { type: sampleType as 'string' };
  return null;
}

export function deriveParameters(inputSchema: unknown): McpParameters {
  const root = isPlainObject(inputSchema) ? inputSchema : {};
  const properties = isPlainObject(root.properties) ? root.properties : {};
  const parameters: McpParameter[] = Object.entries(properties).map(([name, node]) => {
    const description = isPlainObject(node) && typeof node.description === 'string' ? node.description : undefined;
    return { name, value: typeOf(node, root) ?? ANY, ...(description !== undefined ? { description } : {}) };
  });
  const names = new Set(parameters.map((parameter) => parameter.name));
  const required = Array.isArray(root.required) ? root.required.filter((name): name is string => typeof name === 'string' && names.has(name)) : [];
  return { properties: parameters, required: [...new Set(required)] };
}

function llmValueSchema(value: McpValueType): Json {
  if (value.type === 'any') return {};
  if (value.type === 'array') return { type: 'array', items: llmValueSchema(value.items) };
  return { type: value.type };
}

/** The JSON schema sent to the LLM (agent.md 5.2 shape; `security_risk` is added by the agent). */
export function toLlmParameters(parameters: McpParameters): Json {
  return {
    type: 'object',
    properties: Object.fromEntries(
      parameters.properties.map((parameter) => [
        parameter.name,
        { ...llmValueSchema(parameter.value), ...(parameter.description !== undefined ? { description: parameter.description } : {}) },
      ]),
    ),
    required: [...parameters.required],
  };
}
