// Reading the JSON Schema of a tool's parameters, just enough for prompt-based tool calling.

export interface ParameterSchema {
  name: string;
  /** `string`, `integer`, `number`, `boolean`, `array`, `object` (the first non-null type). */
  type: string;
  description: string;
  isRequired: boolean;
  allowedValues: unknown[] | null;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function typeOf(schema: JsonObject): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((entry) => entry !== 'null') as string | undefined) ?? 'string';
  for (const key of ['anyOf', 'oneOf']) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const option = options.find((entry) => isObject(entry) && entry.type !== 'null');
      if (isObject(option)) return typeOf(option);
    }
  }
  return 'string';
}

function enumOf(schema: JsonObject): unknown[] | null {
  if (Array.isArray(schema.enum)) return schema.enum.filter((value) => value !== null);
  for (const key of ['anyOf', 'oneOf']) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const option = options.find((entry) => isObject(entry) && Array.isArray(entry.enum));
      if (isObject(option)) return enumOf(option);
    }
  }
  return null;
}

/** Parameters in declaration order; null when the schema declares no `properties` (anything goes). */
export function parametersOf(schema: Record<string, unknown>): ParameterSchema[] | null {
  if (!isObject(schema.properties)) return null;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name) => typeof name === 'string') : []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const definition = isObject(property) ? property : {};
    return {
      name,
      type: typeOf(definition),
      description: typeof definition.description === 'string' ? definition.description : '',
      isRequired: required.has(name),
      allowedValues: enumOf(definition),
    };
  });
}
