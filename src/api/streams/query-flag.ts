const TRUE_WORDS = ['true', '1', 'yes', 'on', 't', 'y'];
const FALSE_WORDS = ['false', '0', 'no', 'off', 'f', 'n'];

/**
 * A boolean socket query flag such as `resend_all` (api.md 12.1), in any spelling pydantic reads as
 * a boolean: absent is false; null for anything else (the handshake is then refused).
 */
export function parseQueryFlag(value: unknown): boolean | null {
  if (value === undefined) return false;
  const text = String(value).toLowerCase();
  if (TRUE_WORDS.includes(text)) return true;
  if (FALSE_WORDS.includes(text)) return false;
  return null;
}
