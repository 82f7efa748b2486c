import { Type, type Static } from '@sinclair/typebox';
import { kindUnion } from './kind-union.js';
import { Nullable, StringMap } from './schema-helpers.js';
import { SECRET_MASK, isSecretHeaderName, mapSecretSourceSecrets, maskSecret } from './secret-fields.js';

export { SECRET_MASK, isSecretHeaderName };

// api.md 15.8 and 16.

/** The literal every secret is replaced with on the wire (16.2). On input it means "no value". */

/** An input secret that is missing, empty, whitespace-only or the mask is absent (16.2). */
export function sanitizeSecretInput(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.trim() === '' || value === SECRET_MASK) return null;
  return value;
}


export const StaticSecret = Type.Object(
  {
    kind: Type.Optional(Type.Literal('StaticSecret', { default: 'StaticSecret' })),
    description: Type.Optional(Nullable(Type.String())),
    value: Type.String({ writeOnly: true }),
  },
  { title: 'StaticSecret' },
);

export const LookupSecret = Type.Object(
  {
    kind: Type.Optional(Type.Literal('LookupSecret', { default: 'LookupSecret' })),
    description: Type.Optional(Nullable(Type.String())),
    url: Type.String(),
    headers: Type.Optional(StringMap(Type.String(), { default: {} })),
  },
  { title: 'LookupSecret' },
);

export const SecretSource = kindUnion('SecretSource', [LookupSecret, StaticSecret]);
export type SecretSourceInput = Static<typeof SecretSource>;

/**
 * A map value in `secrets`: a SecretSource or, as the SDK client sends it, a plain string
 * (api.md 5.10, Recommended: accept both). The union comes first so that Ajv's first error for a
 * bad object is the discriminator one.
 */
export const SecretValue = Type.Union([SecretSource, Type.String()]);
export type SecretValueInput = Static<typeof SecretValue>;

export const Secrets = StringMap(SecretValue, { title: 'Secrets' });
export type SecretsInput = Static<typeof Secrets>;

export interface StaticSecret {
  kind: 'StaticSecret';
  description: string | null;
  /** null when the input was empty, blank or the mask */
  value: string | null;
}

export interface LookupSecret {
  kind: 'LookupSecret';
  description: string | null;
  url: string;
  headers: Record<string, string>;
}

export type SecretSource = StaticSecret | LookupSecret;

export function normalizeSecretSource(input: SecretValueInput): SecretSource {
  if (typeof input === 'string') return { kind: 'StaticSecret', description: null, value: sanitizeSecretInput(input) };
  if (input.kind === 'LookupSecret') {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.headers ?? {})) {
      // A masked secret header echoed back by a client carries no value; drop it.
      if (isSecretHeaderName(name) && sanitizeSecretInput(value) === null) continue;
      headers[name] = value;
    }
    return { kind: 'LookupSecret', description: input.description ?? null, url: input.url, headers };
  }
  return { kind: 'StaticSecret', description: input.description ?? null, value: sanitizeSecretInput(input.value) };
}

export function normalizeSecrets(input: SecretsInput | undefined): Record<string, SecretSource> {
  const secrets: Record<string, SecretSource> = {};
  for (const [name, value] of Object.entries(input ?? {})) secrets[name] = normalizeSecretSource(value);
  return secrets;
}

export function maskSecretSource(source: SecretSource): SecretSource {
  return mapSecretSourceSecrets(source as unknown as Record<string, unknown>, maskSecret) as unknown as SecretSource;
}

export function maskSecretSources(sources: Record<string, SecretSource>): Record<string, SecretSource> {
  const masked: Record<string, SecretSource> = {};
  for (const [name, source] of Object.entries(sources)) masked[name] = maskSecretSource(source);
  return masked;
}
