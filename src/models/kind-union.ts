import { Type, type SchemaOptions, type Static, type TObject, type TUnsafe } from '@sinclair/typebox';
import { isPlainObject } from './schema-helpers.js';

/*
 * Multi-kind polymorphic families (api.md 15.1). The schema is
 *   {type: 'object', title: <Base>, required: ['kind'], discriminator: {propertyName: 'kind'}, oneOf: [...]}
 * with every branch inline (Ajv's discriminator needs `properties.kind.const` in each branch and
 * does not follow mangled mapping keys). Ajv reports an unknown kind as
 * `{keyword: 'discriminator', params: {error: 'mapping', tag: 'kind', tagValue}}` and a missing one as
 * `required/missingProperty: kind`. Branch `kind` properties stay optional so the branch `required`
 * lists equal the contract's; the union itself requires `kind`.
 */

type RequireKind<T> = T extends { kind?: infer K } ? Omit<T, 'kind'> & { kind: Exclude<K, undefined> } : T;

export type KindUnion<T extends TObject[]> = TUnsafe<RequireKind<Static<T[number]>>>;

export function kindUnion<T extends TObject[]>(title: string, branches: [...T], options: SchemaOptions = {}): KindUnion<T> {
  for (const branch of branches) {
    const kind: unknown = branch.properties.kind;
    if (!isPlainObject(kind) || typeof kind.const !== 'string') {
      throw new Error(`kindUnion(${title}): every branch needs properties.kind with a string const`);
    }
  }
  return Type.Unsafe<RequireKind<Static<T[number]>>>({
    ...options,
    type: 'object',
    title,
    required: ['kind'],
    discriminator: { propertyName: 'kind' },
    oneOf: branches,
  });
}

export interface KindUnionInfo {
  title: string;
  kinds: string[];
}

/** Base name and the sorted kinds of a schema built by `kindUnion`, or undefined for any other schema. */
export function kindUnionInfo(schema: unknown): KindUnionInfo | undefined {
  if (!isPlainObject(schema) || !Array.isArray(schema.oneOf) || !isPlainObject(schema.discriminator)) return undefined;
  const kinds: string[] = [];
  for (const branch of schema.oneOf) {
    const kind = isPlainObject(branch) && isPlainObject(branch.properties) ? branch.properties.kind : undefined;
    if (isPlainObject(kind) && typeof kind.const === 'string') kinds.push(kind.const);
  }
  const title = typeof schema.title === 'string' ? schema.title : 'object';
  return { title, kinds: kinds.sort() };
}

/** The contract's wording for an unknown kind (api.md 5.11). */
export function unexpectedKindMessage(options: { title: string; kinds: readonly string[]; kind: unknown }): string {
  const expected = [...options.kinds].sort().join(', ');
  return `Unexpected kind '${String(options.kind)}' for ${options.title}. Expected one of: ${expected}.`;
}
