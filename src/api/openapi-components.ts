/**
 * Shared, named schemas in the OpenAPI document, as FastAPI publishes them. Our routes declare
 * their schemas inline, so the generated document repeats every model where it is used and has
 * no `components.schemas`; client generators then get no named types. This pass moves each model
 * schema (an object or a union with a PascalCase `title`, such as `ConversationInfo` or
 * `TerminalAction`) to `components.schemas/<title>` and refers to it from where it stood. A union
 * whose members all carry a distinct `kind` constant becomes a `oneOf` with a `kind` discriminator.
 * Validation is not affected: it compiles the route schemas, not this document.
 */
import { isDeepStrictEqual } from 'node:util';

type Schema = Record<string, unknown>;

const MODEL_TITLE = /^[A-Z][A-Za-z0-9_]*$/;
const COMPONENT_PREFIX = '#/components/schemas/';

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isModelSchema(node: Schema): boolean {
  if (typeof node.title !== 'string' || !MODEL_TITLE.test(node.title)) return false;
  return (node.type === 'object' && isRecord(node.properties)) || Array.isArray(node.anyOf) || Array.isArray(node.oneOf);
}

/** The `kind` constant of a member schema, following a component reference. */
function kindOf(member: unknown, components: Record<string, Schema>): string | undefined {
  const target = isRecord(member) && typeof member.$ref === 'string' ? components[member.$ref.slice(COMPONENT_PREFIX.length)] : member;
  const kind = isRecord(target) && isRecord(target.properties) ? target.properties.kind : undefined;
  if (!isRecord(kind)) return undefined;
  if (typeof kind.const === 'string') return kind.const;
  return Array.isArray(kind.enum) && kind.enum.length === 1 && typeof kind.enum[0] === 'string' ? kind.enum[0] : undefined;
}

/** `anyOf`/`oneOf` of referenced models with distinct kinds: `oneOf` plus a discriminator. */
function withDiscriminator(node: Schema, components: Record<string, Schema>): Schema {
  const members = (node.oneOf ?? node.anyOf) as unknown[] | undefined;
  if (!members || members.length < 2 || !members.every((member) => isRecord(member) && typeof member.$ref === 'string')) return node;
  const kinds = members.map((member) => kindOf(member, components));
  if (kinds.some((kind) => kind === undefined) || new Set(kinds).size !== kinds.length) return node;
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = node;
  const mapping = Object.fromEntries(kinds.map((kind, index) => [kind as string, (members[index] as { $ref: string }).$ref]));
  return { ...rest, oneOf: members, discriminator: { propertyName: 'kind', mapping } };
}

export function withSharedComponents<T extends Schema>(document: T): T {
  const components: Record<string, Schema> = { ...((document.components as { schemas?: Record<string, Schema> } | undefined)?.schemas ?? {}) };

  const hoist = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(hoist);
    if (!isRecord(node)) return node;
    let copy: Schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, hoist(value)]));
    if (!isModelSchema(copy)) return copy;
    copy = withDiscriminator(copy, components);
    const name = copy.title as string;
    const existing = components[name];
    if (existing === undefined) components[name] = copy;
    // Two different schemas with one title stay where they are rather than share a wrong name.
    else if (!isDeepStrictEqual(existing, copy)) return copy;
    return { $ref: `${COMPONENT_PREFIX}${name}` };
  };

  const paths = hoist(document.paths);
  return { ...document, paths, components: { ...((document.components as Schema | undefined) ?? {}), schemas: components } };
}
