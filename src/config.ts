/**
 * Server configuration: parsed once from CLI flags, an optional JSON file and the environment
 * (api.md 19), validated, and frozen. Only this module reads process.env.
 *
 * Precedence (lowest to highest): defaults, `--config FILE`, the whole-config JSON in `OH`,
 * individual `OH_*` variables, CLI flags `--host` / `--port`.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface WebhookSpec {
  base_url: string;
  headers: Record<string, string>;
  event_buffer_size: number;
  flush_delay: number;
  num_retries: number;
  retry_delay: number;
}

export interface Config {
  host: string;
  port: number;
  sessionApiKeys: readonly string[];
  allowCorsOrigins: readonly string[];
  conversationsPath: string;
  bashEventsDir: string;
  /** SQLite file holding conversations and events (extension: `OH_DATABASE_PATH`). */
  databasePath: string;
  staticFilesPath: string | null;
  webhooks: readonly WebhookSpec[];
  enableVscode: boolean;
  vscodePort: number;
  enableVnc: boolean;
  /** Key for secrets at rest; null keeps secrets in memory only (api.md 16.4). */
  secretKey: string | null;
  /** Largest accepted JSON body, in bytes (extension: `OH_MAX_BODY_BYTES`). */
  maxBodyBytes: number;
  /** Bytes a WebSocket/SSE subscriber may have queued before it is dropped (extension). */
  subscriberBufferBytes: number;
  /**
   * Extension: how long a conversation may wait for a confirmation before the default decision is
   * taken for the user (`OH_CONFIRMATION_TIMEOUT_SECONDS`, `OH_CONFIRMATION_TIMEOUT_DECISION`);
   * null (the default) waits forever, as the reference does.
   */
  confirmationTimeout: { seconds: number; decision: 'reject' | 'accept' } | null;
  /**
   * Extension (`OH_BLOCKING_RUN`): `POST .../run` answers when the run has ended, as the reference
   * at 1a893c3 does, for clients whose `run()` relies on that. Off by default (design.md 2.2).
   */
  blockingRun: boolean;
  /**
   * Where `load_user_skills` and `load_public_skills` look (agent.md 9.4): the server user's home
   * (from HOME), and the public skills repository and branch (extension:
   * `OH_PUBLIC_SKILLS_REPO_URL`, `OH_PUBLIC_SKILLS_BRANCH`, for a mirror or an offline copy).
   */
  skills: { homeDir: string; publicRepoUrl: string; publicRepoBranch: string };
  debug: boolean;
  logLevel: string;
  logJson: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
type Json = Record<string, unknown>;

/** The repository `load_public_skills` clones (agent.md 9.4). */
const PUBLIC_SKILLS_REPO_URL = 'https://github.com/OpenHands/skills';

const DEFAULT_WEBHOOK: Omit<WebhookSpec, 'base_url'> = {
  headers: {},
  event_buffer_size: 5,
  flush_delay: 30,
  num_retries: 3,
  retry_delay: 5,
};

function parseJson(variable: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(variable, `is not valid JSON (${(error as Error).message})`);
  }
}

/** api.md 19.2: `1` or `true` (any case) is true, anything else false. */
function parseBool(text: string): boolean {
  return text === '1' || text.toLowerCase() === 'true';
}

function parseNumber(variable: string, text: string, options: { integer: boolean }): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value))) {
    throw new ConfigError(variable, `expected ${options.integer ? 'an integer' : 'a number'}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A list from `<NAME>` (JSON array, or a count) merged with `<NAME>_0`, `<NAME>_1`, ... */
function readList(env: Env, name: string, base: unknown[] | undefined, readItem: (prefix: string, existing: unknown) => unknown): unknown[] | undefined {
  let items = base ? [...base] : undefined;
  const whole = env[name];
  if (whole !== undefined) {
    const parsed = parseJson(name, whole);
    if (typeof parsed === 'number') items = new Array(parsed).fill(undefined);
    else if (Array.isArray(parsed)) items = parsed;
    else throw new ConfigError(name, 'expected a JSON array');
  }
  for (let index = 0; ; index++) {
    const prefix = `${name}_${index}`;
    const hasIndexed = Object.keys(env).some((key) => key === prefix || key.startsWith(`${prefix}_`));
    if (!hasIndexed && (items === undefined || index >= items.length)) break;
    items ??= [];
    items[index] = readItem(prefix, items[index]);
  }
  return items;
}

function readWebhook(env: Env, prefix: string, existing: unknown): unknown {
  const spec: Json = typeof existing === 'object' && existing !== null ? { ...(existing as Json) } : {};
  const fields: [string, 'string' | 'int' | 'float' | 'json'][] = [
    ['base_url', 'string'], ['headers', 'json'], ['event_buffer_size', 'int'],
    ['flush_delay', 'float'], ['num_retries', 'int'], ['retry_delay', 'int'],
  ];
  for (const [field, type] of fields) {
    const variable = `${prefix}_${field.toUpperCase()}`;
    const text = env[variable];
    if (text === undefined) continue;
    if (type === 'string') spec[field] = text;
    else if (type === 'json') spec[field] = parseJson(variable, text);
    else spec[field] = parseNumber(variable, text, { integer: type === 'int' });
  }
  return spec;
}

function validateWebhook(variable: string, raw: unknown): WebhookSpec {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError(variable, 'expected an object');
  const spec = { ...DEFAULT_WEBHOOK, ...(raw as Json) } as Json;
  if (typeof spec.base_url !== 'string' || spec.base_url === '') throw new ConfigError(`${variable}_BASE_URL`, 'is required');
  const headers = spec.headers ?? {};
  if (typeof headers !== 'object' || Array.isArray(headers) || Object.values(headers as Json).some((v) => typeof v !== 'string')) {
    throw new ConfigError(`${variable}_HEADERS`, 'expected a JSON object of strings');
  }
  const checks: [string, (v: number) => boolean, string][] = [
    ['event_buffer_size', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'],
    ['flush_delay', (v) => v > 0, 'a number > 0'],
    ['num_retries', (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0'],
    ['retry_delay', (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0'],
  ];
  for (const [field, ok, expected] of checks) {
    const value = spec[field];
    if (typeof value !== 'number' || !ok(value)) throw new ConfigError(`${variable}_${field.toUpperCase()}`, `must be ${expected}`);
  }
  return { base_url: spec.base_url, headers: headers as Record<string, string>, event_buffer_size: spec.event_buffer_size as number, flush_delay: spec.flush_delay as number, num_retries: spec.num_retries as number, retry_delay: spec.retry_delay as number };
}

function nonEmpty(variable: string, value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value.trim() === '') throw new ConfigError(variable, 'must not be empty');
  return value;
}

function stringList(variable: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ConfigError(variable, 'expected a list of strings');
  }
  return value as string[];
}

/** Off unless a positive number of seconds is given; `0` or empty also means off. */
function readConfirmationTimeout(secondsText: string | null | undefined, decisionText: string | null | undefined): Config['confirmationTimeout'] {
  const decision = (decisionText ?? 'reject').trim().toLowerCase();
  if (decision !== 'reject' && decision !== 'accept') {
    throw new ConfigError('OH_CONFIRMATION_TIMEOUT_DECISION', `must be reject or accept, got ${JSON.stringify(decisionText)}`);
  }
  if (secondsText === undefined || secondsText === null || secondsText.trim() === '') return null;
  const seconds = parseNumber('OH_CONFIRMATION_TIMEOUT_SECONDS', secondsText, { integer: false });
  if (seconds < 0) throw new ConfigError('OH_CONFIRMATION_TIMEOUT_SECONDS', 'must be a number of seconds >= 0 (0 = no time limit)');
  return seconds === 0 ? null : { seconds, decision };
}

export interface ConfigSources {
  argv?: readonly string[];
  env?: Env;
  cwd?: string;
}

interface CliFlags {
  host?: string;
  port?: string;
  configFile?: string;
}

function parseArgv(argv: readonly string[]): CliFlags {
  const flags: CliFlags = {};
  const names: Record<string, keyof CliFlags> = { '--host': 'host', '--port': 'port', '--config': 'configFile' };
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    const name = names[flag];
    if (!name) throw new ConfigError(argv[index], 'unknown command-line flag (expected --host, --port or --config)');
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') throw new ConfigError(flag, 'needs a value');
    flags[name] = value;
  }
  return flags;
}

/** Reads the configuration; throws ConfigError naming the offending variable. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const flags = parseArgv(sources.argv ?? []);

  let merged: Json = {};
  if (flags.configFile) {
    let text: string;
    try {
      text = readFileSync(path.resolve(cwd, flags.configFile), 'utf8');
    } catch (error) {
      throw new ConfigError('--config', `cannot read ${flags.configFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const parsed = parseJson('--config', text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('--config', 'expected a JSON object');
    merged = { ...(parsed as Json) };
  }
  if (env.OH !== undefined) {
    const parsed = parseJson('OH', env.OH);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('OH', 'expected a JSON object');
    merged = { ...merged, ...(parsed as Json) };
  }

  const text = (field: string): string | null | undefined => {
    const variable = `OH_${field.toUpperCase()}`;
    if (env[`${variable}_IS_NONE`] !== undefined && parseBool(env[`${variable}_IS_NONE`]!)) return null;
    if (env[variable] !== undefined) return env[variable];
    const value = merged[field];
    if (value === undefined) return undefined;
    if (value === null) return null;
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  const boolField = (field: string, fallback: boolean) => {
    const value = merged[field];
    const envText = env[`OH_${field.toUpperCase()}`];
    if (envText !== undefined) return parseBool(envText);
    if (typeof value === 'boolean') return value;
    if (value !== undefined) throw new ConfigError(field, 'expected a boolean');
    return fallback;
  };
  const intField = (field: string, fallback: number, check: (v: number) => boolean, expected: string) => {
    const raw = text(field);
    const value = raw === undefined || raw === null ? fallback : parseNumber(`OH_${field.toUpperCase()}`, raw, { integer: true });
    if (!check(value)) throw new ConfigError(`OH_${field.toUpperCase()}`, `must be ${expected}`);
    return value;
  };

  const keysFromList = readList(env, 'OH_SESSION_API_KEYS', merged.session_api_keys as unknown[] | undefined, (prefix, existing) => env[prefix] ?? existing);
  let sessionApiKeys = keysFromList ? stringList('OH_SESSION_API_KEYS', keysFromList) : [];
  if (!keysFromList && env.SESSION_API_KEY) sessionApiKeys = [env.SESSION_API_KEY];

  const corsList = readList(env, 'OH_ALLOW_CORS_ORIGINS', merged.allow_cors_origins as unknown[] | undefined, (prefix, existing) => env[prefix] ?? existing);
  const allowCorsOrigins = corsList ? stringList('OH_ALLOW_CORS_ORIGINS', corsList) : [];

  const webhookList = readList(env, 'OH_WEBHOOKS', merged.webhooks as unknown[] | undefined, (prefix, existing) => readWebhook(env, prefix, existing)) ?? [];
  const webhooks = webhookList.map((raw, index) => validateWebhook(`OH_WEBHOOKS_${index}`, raw));

  const conversationsPath = text('conversations_path') ?? 'workspace/conversations';
  const bashEventsDir = text('bash_events_dir') ?? 'workspace/bash_events';
  const databasePath = text('database_path') ?? path.join(conversationsPath, 'agent_server.db');
  const staticFilesPath = text('static_files_path') ?? null;

  // SESSION_API_KEY is only the default for a key that is not configured (undefined); an explicit
  // none (`OH_SECRET_KEY_IS_NONE=1`, or null in the config file) means no key at all.
  const configuredSecretKey = text('secret_key');
  const secretKey = configuredSecretKey === undefined ? (env.SESSION_API_KEY ?? null) : configuredSecretKey;
  if (secretKey !== null && secretKey.trim() === '') throw new ConfigError('OH_SECRET_KEY', 'must not be empty');

  const portText = flags.port ?? env.PORT ?? (merged.port !== undefined ? String(merged.port) : '8000');
  const port = parseNumber(flags.port !== undefined ? '--port' : 'PORT', portText, { integer: true });
  if (port < 0 || port > 65535) throw new ConfigError(flags.port !== undefined ? '--port' : 'PORT', 'must be between 0 and 65535');
  const host = flags.host ?? env.HOST ?? (typeof merged.host === 'string' ? merged.host : '0.0.0.0');

  const confirmationTimeout = readConfirmationTimeout(text('confirmation_timeout_seconds'), text('confirmation_timeout_decision'));

  const debug = ['1', 'true', 'yes'].includes((env.DEBUG ?? '').toLowerCase());
  // api.md 19: DEBUG also means debug logging, unless LOG_LEVEL says otherwise.
  const logLevel = (env.LOG_LEVEL ?? (debug ? 'debug' : 'info')).toLowerCase();
  const levels = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'critical', 'silent'];
  if (!levels.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${levels.join(', ')}`);

  return Object.freeze({
    host,
    port,
    sessionApiKeys: Object.freeze(sessionApiKeys),
    allowCorsOrigins: Object.freeze(allowCorsOrigins),
    conversationsPath: path.resolve(cwd, conversationsPath),
    bashEventsDir: path.resolve(cwd, bashEventsDir),
    databasePath: databasePath === ':memory:' ? databasePath : path.resolve(cwd, databasePath),
    staticFilesPath: staticFilesPath === null ? null : path.resolve(cwd, staticFilesPath),
    webhooks: Object.freeze(webhooks),
    enableVscode: boolField('enable_vscode', false),
    vscodePort: intField('vscode_port', 8001, (v) => v >= 1 && v <= 65535, 'between 1 and 65535'),
    enableVnc: boolField('enable_vnc', false),
    blockingRun: boolField('blocking_run', false),
    secretKey,
    maxBodyBytes: intField('max_body_bytes', 10 * 1024 * 1024, (v) => v >= 1024, 'at least 1024'),
    subscriberBufferBytes: intField('subscriber_buffer_bytes', 8 * 1024 * 1024, (v) => v >= 1024, 'at least 1024'),
    confirmationTimeout: confirmationTimeout === null ? null : Object.freeze(confirmationTimeout),
    skills: Object.freeze({
      homeDir: env.HOME || homedir(),
      publicRepoUrl: nonEmpty('OH_PUBLIC_SKILLS_REPO_URL', text('public_skills_repo_url')) ?? PUBLIC_SKILLS_REPO_URL,
      publicRepoBranch: nonEmpty('OH_PUBLIC_SKILLS_BRANCH', text('public_skills_branch')) ?? 'main',
    }),
    debug,
    logLevel: logLevel === 'warning' ? 'warn' : logLevel === 'critical' ? 'fatal' : logLevel,
    logJson: parseBool(env.LOG_JSON ?? ''),
  });
}

/** Configuration for tests and embedding: defaults plus overrides, no environment. */
export function testConfig(overrides: Partial<Config> & { dataDir: string }): Config {
  const { dataDir, ...rest } = overrides;
  const base = loadConfig({ env: {}, cwd: dataDir });
  return Object.freeze({ ...base, host: '127.0.0.1', port: 0, logLevel: 'silent', ...rest });
}
