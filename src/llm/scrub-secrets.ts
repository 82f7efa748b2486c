const MASK = '**********';

/** Secrets shorter than this are not scrubbed: replacing 2-letter strings would garble every message. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret (API key, secret-looking header values) with a mask. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  const ordered = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of ordered) scrubbed = scrubbed.split(secret).join(MASK);
  return scrubbed;
}

const SECRET_HEADER_NAME = /auth|key|token|secret|cookie|password/i;

export interface SecretSettings {
  api_key?: string | null;
  aws_access_key_id?: string | null;
  aws_secret_access_key?: string | null;
  extra_headers?: Record<string, string> | null;
}

/**
 * The values worth scrubbing from error texts: the API key, the AWS key pair (the key id too: it
 * names the account's identity) and the values of secret-named extra headers.
 */
export function secretsOf(llm: SecretSettings): string[] {
  const secrets: string[] = [];
  for (const value of [llm.api_key, llm.aws_access_key_id, llm.aws_secret_access_key]) if (value) secrets.push(value);
  for (const [name, value] of Object.entries(llm.extra_headers ?? {})) {
    if (SECRET_HEADER_NAME.test(name) && value) {
      secrets.push(value);
      const bearer = /^bearer\s+(.+)$/i.exec(value);
      if (bearer) secrets.push(bearer[1]);
    }
  }
  return secrets;
}
