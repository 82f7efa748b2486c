/**
 * Every place a secret value can sit in a conversation's data (api.md 16.1): the LLM keys of the
 * agent and of condenser LLMs (through pipelines), static secret values, and lookup-secret headers
 * whose names mark them as secret. One traversal serves masking (wire), sealing (disk) and
 * unsealing (load), so the three can never disagree about what is secret.
 */
export const SECRET_MASK = '**********';

/**
 * Header (or environment variable) names whose values are secrets. api.md 16.1 names
 * AUTHORIZATION, KEY and SECRET; we also treat TOKEN, PASSWORD/PASSWD, COOKIE and CREDENTIAL as
 * secret (an extension: masking more never leaks anything). The one definition for the server.
 */
export function isSecretHeaderName(name: string): boolean {
  return /AUTHORIZATION|KEY|SECRET|TOKEN|PASSWORD|PASSWD|COOKIE|CREDENTIAL/i.test(name);
}

export type SecretTransform = (value: string) => string | null;

const LLM_SECRET_FIELDS = ['api_key', 'aws_access_key_id', 'aws_secret_access_key'] as const;

type Json = Record<string, unknown>;

function mapValue(value: unknown, transform: SecretTransform): unknown {
  return typeof value === 'string' ? transform(value) : value;
}

/** Values of a string map whose names mark them as secret (headers, MCP server env). */
function mapSecretNamedValues(map: unknown, transform: SecretTransform): unknown {
  if (typeof map !== 'object' || map === null) return map;
  return Object.fromEntries(
    Object.entries(map as Json).map(([name, value]) => [name, isSecretHeaderName(name) && typeof value === 'string' ? transform(value) : value]),
  );
}

export function mapLlmSecrets<T extends Json>(llm: T, transform: SecretTransform): T {
  const copy: Json = { ...llm };
  for (const field of LLM_SECRET_FIELDS) if (field in copy) copy[field] = mapValue(copy[field], transform);
  if ('extra_headers' in copy) copy.extra_headers = mapSecretNamedValues(copy.extra_headers, transform);
  return copy as T;
}

/**
 * MCP servers carry credentials in `env` and `headers`, secret by name as other headers are.
 * Not every env value: secret values are also redacted from every event, so treating values such
 * as `production` or a home path as secret would garble unrelated text.
 */
function mapMcpSecrets(mcpConfig: unknown, transform: SecretTransform): unknown {
  if (typeof mcpConfig !== 'object' || mcpConfig === null) return mcpConfig;
  const servers = (mcpConfig as Json).mcpServers;
  if (typeof servers !== 'object' || servers === null) return mcpConfig;
  const mapped = Object.fromEntries(
    Object.entries(servers as Json).map(([name, server]) => {
      if (typeof server !== 'object' || server === null) return [name, server];
      const copy: Json = { ...(server as Json) };
      if ('env' in copy) copy.env = mapSecretNamedValues(copy.env, transform);
      if ('headers' in copy) copy.headers = mapSecretNamedValues(copy.headers, transform);
      return [name, copy];
    }),
  );
  return { ...(mcpConfig as Json), mcpServers: mapped };
}

function mapCondenserSecrets(condenser: unknown, transform: SecretTransform): unknown {
  if (typeof condenser !== 'object' || condenser === null) return condenser;
  const copy: Json = { ...(condenser as Json) };
  if (typeof copy.llm === 'object' && copy.llm !== null) copy.llm = mapLlmSecrets(copy.llm as Json, transform);
  if (Array.isArray(copy.condensers)) copy.condensers = copy.condensers.map((inner) => mapCondenserSecrets(inner, transform));
  return copy;
}

export function mapAgentSecrets<T extends Json>(agent: T, transform: SecretTransform): T {
  const copy: Json = { ...agent };
  if (typeof copy.llm === 'object' && copy.llm !== null) copy.llm = mapLlmSecrets(copy.llm as Json, transform);
  if ('condenser' in copy) copy.condenser = mapCondenserSecrets(copy.condenser, transform);
  if ('mcp_config' in copy) copy.mcp_config = mapMcpSecrets(copy.mcp_config, transform);
  return copy as T;
}

export function mapSecretSourceSecrets<T extends Json>(source: T, transform: SecretTransform): T {
  const copy: Json = { ...source };
  if (copy.kind === 'StaticSecret') copy.value = mapValue(copy.value, transform);
  if (copy.kind === 'LookupSecret' && typeof copy.headers === 'object' && copy.headers !== null) {
    copy.headers = Object.fromEntries(
      Object.entries(copy.headers as Record<string, string>).map(([name, value]) => [name, isSecretHeaderName(name) ? transform(value) : value]),
    );
  }
  return copy as T;
}

export function mapSecretSources<T extends Json>(sources: Record<string, T>, transform: SecretTransform): Record<string, T> {
  return Object.fromEntries(Object.entries(sources).map(([name, source]) => [name, mapSecretSourceSecrets(source, transform)]));
}

/** Every secret value, for the log/error redactor. */
export function collectSecretValues(agent: Json, sources: Record<string, Json>): string[] {
  const values: string[] = [];
  const collect: SecretTransform = (value) => {
    values.push(value);
    return value;
  };
  mapAgentSecrets(agent, collect);
  mapSecretSources(sources, collect);
  return values;
}

export const maskSecret: SecretTransform = () => SECRET_MASK;
