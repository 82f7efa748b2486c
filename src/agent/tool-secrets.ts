/**
 * The secrets side of a ToolContext (agent.md 10.3-10.4): a command gets, as environment variables,
 * exactly the secrets whose name it mentions (case-insensitive); lookup secrets are fetched when
 * used. Every known value is masked as `<secret-hidden>` in what tools return.
 */
type Json = Record<string, unknown>;

export const SECRET_PLACEHOLDER = '<secret-hidden>';
const LOOKUP_TIMEOUT_MS = 30_000;

export class SecretLookupError extends Error {
  constructor(name: string, reason: string) {
    super(`Could not fetch the value of secret '${name}': ${reason}`);
    this.name = 'SecretLookupError';
  }
}

export interface ToolSecretsOptions {
  /** The conversation's secret sources, read at use time (they can change through the API). */
  sources: () => Record<string, Json>;
  fetch?: typeof fetch;
  /** Told every value fetched from a lookup secret, so the process-wide redactor hides it too. */
  onLookedUpValue?: (value: string) => void;
}

export class ToolSecrets {
  /** Values fetched from lookup secrets, kept in memory only so they can be masked. */
  private readonly fetchedValues = new Set<string>();

  constructor(private readonly options: ToolSecretsOptions) {}

  async environmentFor(command: string): Promise<Record<string, string>> {
    const mentioned = command.toLowerCase();
    const environment: Record<string, string> = {};
    for (const [name, source] of Object.entries(this.options.sources())) {
      if (!mentioned.includes(name.toLowerCase())) continue;
      const value = await this.resolve(name, source);
      if (value) environment[name] = value;
    }
    return environment;
  }

  mask(text: string): string {
    const values = [...this.staticValues(), ...this.fetchedValues].filter((value) => value.length > 0);
    // Longest first, so a value containing another is hidden whole.
    values.sort((left, right) => right.length - left.length);
    let masked = text;
    for (const value of values) masked = masked.split(value).join(SECRET_PLACEHOLDER);
    return masked;
  }

  private staticValues(): string[] {
    return Object.values(this.options.sources())
      .filter((source) => source.kind === 'StaticSecret' && typeof source.value === 'string')
      .map((source) => source.value as string);
  }

  private async resolve(name: string, source: Json): Promise<string | null> {
    if (source.kind === 'StaticSecret') return typeof source.value === 'string' ? source.value : null;
    if (source.kind !== 'LookupSecret') return null;
    const value = await this.lookup(name, String(source.url), (source.headers as Record<string, string> | undefined) ?? {});
    if (value) {
      this.fetchedValues.add(value);
      this.options.onLookedUpValue?.(value);
    }
    return value;
  }

  private async lookup(name: string, url: string, headers: Record<string, string>): Promise<string> {
    const fetchImpl = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
    } catch (error) {
      throw new SecretLookupError(name, (error as Error).message);
    }
    if (!response.ok) throw new SecretLookupError(name, `the lookup URL answered HTTP ${response.status}`);
    return response.text();
  }
}
