/**
 * Knows every secret value the process holds (LLM keys, conversation secrets, looked-up values) and
 * replaces them in whatever leaves the process or reaches disk: events, log lines, error bodies,
 * webhooks and trajectory downloads (api.md 16, design.md 3).
 * Values shorter than 4 characters are not tracked: replacing them would mangle ordinary text.
 */
export const REDACTED = '<secret-hidden>';

export class SecretRedactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  add(value: string | null | undefined): void {
    if (!value || value.length < 4 || this.values.has(value)) return;
    this.values.add(value);
    // Inside JSON text (a log document, a serialized body) the value appears escaped: `"` as `\"`,
    // `\` as `\\`, control characters as `\n`... Track that spelling too.
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.values.add(escaped);
    this.pattern = null;
  }

  redact(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values].sort((a, b) => b.length - a.length).map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
      'g',
    );
    return text.replace(this.pattern, REDACTED);
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
