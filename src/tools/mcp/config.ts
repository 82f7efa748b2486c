/**
 * `agent.mcp_config` (agent.md 12) read into one typed entry per server. Stdio servers run
 * `command` with `args` in `cwd` (the workspace by default) with a minimal environment plus `env`;
 * remote servers are reached at `url` with `headers`. A remote server without `transport` uses SSE
 * when its path contains `/sse`, streamable HTTP otherwise (with an SSE fallback, see connection.ts).
 */
import path from 'node:path';
import { McpConfigError } from './errors.js';

type Json = Record<string, unknown>;

export interface StdioServerConfig {
  name: string;
  kind: 'stdio';
  command: string;
  args: string[];
  /** Plain values, passed to the child only; never logged or echoed. */
  env: Record<string, string>;
  cwd: string;
}

export interface RemoteServerConfig {
  name: string;
  kind: 'remote';
  url: URL;
  /** null: chosen from the URL (agent.md 12). */
  transport: 'http' | 'sse' | null;
  headers: Record<string, string>;
}

export type McpServerConfig = StdioServerConfig | RemoteServerConfig;

const REMOTE_TRANSPORTS: Record<string, 'http' | 'sse'> = { http: 'http', 'streamable-http': 'http', streamable_http: 'http', sse: 'sse' };

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A string map; entries whose value is null are skipped (a secret that could not be restored after
 * a restart without `OH_SECRET_KEY` comes back as null, agent.md 10.5).
 */
function stringMap(server: string, field: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new McpConfigError(server, `\`${field}\` must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      throw new McpConfigError(server, `\`${field}.${name}\` must be a string`);
    }
    out[name] = String(item);
  }
  return out;
}

function stdioServer(name: string, entry: Json, workingDir: string): StdioServerConfig {
  if (typeof entry.command !== 'string' || entry.command.trim() === '') throw new McpConfigError(name, '`command` must be a non-empty string');
  const args = entry.args ?? [];
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string' || typeof arg === 'number')) {
    throw new McpConfigError(name, '`args` must be an array of strings');
  }
  if (entry.cwd !== undefined && entry.cwd !== null && typeof entry.cwd !== 'string') throw new McpConfigError(name, '`cwd` must be a string');
  const cwd = typeof entry.cwd === 'string' && entry.cwd !== '' ? path.resolve(workingDir, entry.cwd) : workingDir;
  return { name, kind: 'stdio', command: entry.command, args: args.map(String), env: stringMap(name, 'env', entry.env), cwd };
}

function remoteServer(name: string, entry: Json): RemoteServerConfig {
  let url: URL;
  try {
    url = new URL(String(entry.url));
  } catch {
    throw new McpConfigError(name, `\`url\` is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new McpConfigError(name, '`url` must be an http or https URL');
  const requested = entry.transport;
  let transport: 'http' | 'sse' | null = null;
  if (requested !== undefined && requested !== null) {
    transport = REMOTE_TRANSPORTS[String(requested).toLowerCase()] ?? null;
    if (!transport) throw new McpConfigError(name, `unsupported transport ${JSON.stringify(requested)} for a URL (use http, streamable-http or sse)`);
  }
  if (entry.auth !== undefined && entry.auth !== null) {
    throw new McpConfigError(name, '`auth` (OAuth) is not supported; pass credentials in `headers` (for example `Authorization`)');
  }
  return { name, kind: 'remote', url, transport, headers: stringMap(name, 'headers', entry.headers) };
}

/** The servers of `mcp_config`, in declaration order; an empty config gives none. */
export function parseMcpConfig(config: unknown, options: { workingDir: string }): McpServerConfig[] {
  if (config === undefined || config === null) return [];
  if (!isPlainObject(config)) throw new McpConfigError(null, '`mcp_config` must be an object');
  const servers = config.mcpServers;
  if (servers === undefined || servers === null) return [];
  if (!isPlainObject(servers)) throw new McpConfigError(null, '`mcp_config.mcpServers` must be an object of servers');
  return Object.entries(servers).map(([name, entry]) => {
    if (!isPlainObject(entry)) throw new McpConfigError(name, 'the server entry must be an object');
    const transport = typeof entry.transport === 'string' ? entry.transport.toLowerCase() : null;
    if (typeof entry.url === 'string' && entry.url !== '') {
      if (transport === 'stdio') throw new McpConfigError(name, '`transport: stdio` needs `command`, not `url`');
      return remoteServer(name, entry);
    }
    if (transport !== null && transport !== 'stdio') throw new McpConfigError(name, `transport ${JSON.stringify(entry.transport)} needs a \`url\``);
    if (entry.command === undefined) throw new McpConfigError(name, 'needs either `command` (stdio) or `url` (HTTP/SSE)');
    return stdioServer(name, entry, options.workingDir);
  });
}
