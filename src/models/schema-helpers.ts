import {
  Type,
  type SchemaOptions,
  type Static,
  type TOptional,
  type TProperties,
  type TSchema,
  type TUnsafe,
} from '@sinclair/typebox';

/*
 * Why nullable values are not `anyOf: [X, {type: 'null'}]` when X is a plain typed schema:
 * Fastify's Ajv runs with `coerceTypes: 'array'`, which coerces inside the first anyOf branch, so
 * `null` against `anyOf: [{type: 'string'}, {type: 'null'}]` becomes `""`. A type list
 * (`type: ['string', 'null']`) is checked before any coercion, so `null` stays `null`.
 * Composite schemas (oneOf/anyOf unions) keep the anyOf form, with the object first so that the
 * first Ajv error is the informative one.
 */
export function Nullable<T extends TSchema>(schema: T, options: SchemaOptions = {}): TUnsafe<Static<T> | null> {
  const plain: Record<string, unknown> = Object.fromEntries(Object.entries(schema));
  const isComposite = 'anyOf' in plain || 'oneOf' in plain || 'allOf' in plain;
  if (isComposite || typeof plain.type !== 'string') {
    return Type.Unsafe<Static<T> | null>({ anyOf: [schema, { type: 'null' }], ...options });
  }
  const nullable: Record<string, unknown> = { ...plain, type: [plain.type, 'null'], ...options };
  if (Array.isArray(plain.enum)) nullable.enum = [...plain.enum, null];
  return Type.Unsafe<Static<T> | null>(nullable);
}

/** A JSON object whose values all match `value` (`additionalProperties`, as the contract writes maps). */
export function StringMap<T extends TSchema>(value: T, options: SchemaOptions = {}): TUnsafe<Record<string, Static<T>>> {
  return Type.Unsafe<Record<string, Static<T>>>({ type: 'object', additionalProperties: value, ...options });
}

/** Any JSON object (`additionalProperties: true`). */
export function AnyObject(options: SchemaOptions = {}): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, ...options });
}

/** A string enum (`{type: 'string', enum: [...]}`), typed as the union of its values. */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export type OptionalProps<T extends TProperties> = { [K in keyof T]: TOptional<T[K]> };

/** Marks every property optional: the contract lists most fields as optional with a default. */
export function optionalProps<T extends TProperties>(props: T): OptionalProps<T> {
  const out: Record<string, TSchema> = {};
  for (const [key, schema] of Object.entries(props)) out[key] = Type.Optional(schema);
  return out as OptionalProps<T>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
