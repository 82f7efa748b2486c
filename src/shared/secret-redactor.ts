/**
 * Knows every secret value the process holds (LLM keys, conversation secrets) and replaces them in
 * text that leaves the process: log lines and error bodies (api.md 16, design.md 3).
 * Values shorter than 4 characters are not tracked: replacing them would mangle ordinary text.
 */
export const REDACTED = '<secret-hidden>';

export class SecretRedactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  add(value: string | null | undefined): void {
    if (!value || value.length < 4 || this.values.has(value)) return;
    this.values.add(value);
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
}
