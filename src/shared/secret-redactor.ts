/**
 * Knows every secret value the process holds (LLM keys, conversation secrets, looked-up values) and
 * replaces them in whatever leaves the process or reaches disk: events, log lines, error bodies,
 * webhooks and trajectory downloads (api.md 16, design.md 3).
 * Values shorter than 4 characters are not tracked: replacing them would mangle ordinary text.
 */
export const REDACTED = '<secret-hidden>';

/** Values longer than this are replaced by plain search: a regular expression has a size limit. */
const LONGEST_PATTERN_VALUE = 256;
/** Source size of one alternation; several are used when the values need more. */
const PATTERN_SOURCE_BUDGET = 32 * 1024;

type Replacer = (text: string) => string;

function escapeForPattern(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One pass per replacer, longest values first (so a secret that contains another is hidden whole).
 * Short values share alternations of bounded size; long ones are searched for literally. No input,
 * however many or however long the secrets, can make a pattern too large to compile.
 */
function buildReplacers(values: Iterable<string>): Replacer[] {
  const sorted = [...values].sort((a, b) => b.length - a.length);
  const replacers: Replacer[] = [];
  let chunk: string[] = [];
  let chunkSize = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    const pattern = new RegExp(chunk.join('|'), 'g');
    replacers.push((text) => text.replace(pattern, REDACTED));
    chunk = [];
    chunkSize = 0;
  };
  for (const value of sorted) {
    if (value.length > LONGEST_PATTERN_VALUE) {
      replacers.push((text) => (text.includes(value) ? text.split(value).join(REDACTED) : text));
      continue;
    }
    const escaped = escapeForPattern(value);
    if (chunkSize + escaped.length + 1 > PATTERN_SOURCE_BUDGET) flush();
    chunk.push(escaped);
    chunkSize += escaped.length + 1;
  }
  flush();
  return replacers;
}

export class SecretRedactor {
  private readonly values = new Set<string>();
  private replacers: Replacer[] | null = null;

  add(value: string | null | undefined): void {
    if (!value || value.length < 4 || this.values.has(value)) return;
    this.values.add(value);
    // Inside JSON text (a log document, a serialized body) the value appears escaped: `"` as `\"`,
    // `\` as `\\`, control characters as `\n`... Track that spelling too.
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.values.add(escaped);
    this.replacers = null;
  }

  redact(text: string): string {
    if (this.values.size === 0) return text;
    this.replacers ??= buildReplacers(this.values);
    let result = text;
    for (const replace of this.replacers) result = replace(result);
    return result;
  }

  /**
   * Every string inside a JSON-like value redacted, string by string (so JSON escaping cannot hide
   * a value). Returns the value itself when nothing changed, so the common case allocates nothing.
   */
  redactDeep<T>(value: T): T {
    if (this.values.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      value.forEach((item, index) => {
        const redacted = this.walk(item);
        if (redacted !== item) (copy ??= [...value])[index] = redacted;
      });
      return copy ?? value;
    }
    if (typeof value === 'object' && value !== null) {
      let copy: Record<string, unknown> | null = null;
      for (const [key, item] of Object.entries(value)) {
        const redacted = this.walk(item);
        if (redacted !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = redacted;
      }
      return copy ?? value;
    }
    return value;
  }
}
