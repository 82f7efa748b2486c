import { randomUUID } from 'node:crypto';

/** Accepts any UUID spelling the reference accepts (dashed, hex, upper case, braces, urn:uuid:). */
const UUID_PATTERN = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}

/** Canonical hex form (32 lowercase characters), or null when the text is not a UUID. */
export function toHexId(text: string): string | null {
  const match = UUID_PATTERN.exec(text.trim());
  return match ? match.slice(1).join('').toLowerCase() : null;
}

export function toDashedId(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newHexId(): string {
  return randomUUID().replace(/-/g, '');
}

export function newEventId(): string {
  return randomUUID();
}

/** Ajv format for path and query ids (same acceptance as `isUuid`). */
export const UUID_FORMAT = UUID_PATTERN;
