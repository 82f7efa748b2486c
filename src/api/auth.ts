/**
 * Session API keys (api.md 2). Runs as a preValidation hook inside the `/api` scope: after the body
 * is parsed (malformed JSON is a 422 first) and before validation (an unauthenticated request with
 * bad parameters gets 401, not 422).
 *
 * With several keys, each conversation belongs to the key that created it (seed 001: only the
 * owner may update it); the key's hash is the owner scope. With one key or none, nothing is scoped.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Owner scope of the caller: undefined when conversations are not scoped. */
    owner: string | null | undefined;
  }
}

export function ownerOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
}

function sameKey(candidate: string, key: string): boolean {
  const a = Buffer.from(candidate, 'utf8');
  const b = Buffer.from(key, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The matching configured key, or null. */
export function matchKey(keys: readonly string[], candidate: unknown): string | null {
  if (typeof candidate !== 'string') return null;
  return keys.find((key) => sameKey(candidate, key)) ?? null;
}

export function ownerScopeFor(keys: readonly string[], key: string | null): string | undefined {
  return keys.length > 1 && key !== null ? ownerOf(key) : undefined;
}

export function makeAuthHook(keys: readonly string[]) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    if (keys.length === 0) {
      request.owner = undefined;
      return;
    }
    const key = matchKey(keys, request.headers['x-session-api-key']);
    if (key === null) return reply.code(401).send({ detail: 'Unauthorized' });
    request.owner = ownerScopeFor(keys, key);
  };
}
