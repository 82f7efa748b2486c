/**
 * One MCP server as a conversation uses it: a client session opened when the tools are first
 * listed and kept for the conversation's lifetime (agent.md 14 Q14: persistent sessions instead of
 * one session per call). A session that drops (the server exited) is opened again by the next
 * call. The tools of one server share the connection; it closes when the last of them is closed.
 *
 * Stdio servers are child processes: closing ends stdin, then SIGTERM, then SIGKILL (the SDK's
 * transport does this), so no child outlives its conversation. Their stderr is drained (a full
 * pipe would block the server) and its tail only used, masked, in connection errors.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from './config.js';

const CLIENT_INFO = { name: 'openhands-agent-server-ts', version: '1.4.1' };
const STDERR_TAIL_CHARS = 2_000;
const MAX_TOOL_PAGES = 100;

export interface McpConnectionOptions {
  /** Bound on starting the server and its `initialize` handshake (also when reconnecting). */
  connectTimeoutMs: number;
}

export class McpConnection {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  /** Clients still starting or shaking hands; closing the connection ends them at once. */
  private readonly attempts = new Set<Client>();
  private isClosed = false;
  private users = 0;
  private stderrTail = '';

  constructor(
    readonly server: McpServerConfig,
    private readonly options: McpConnectionOptions,
  ) {}

  get name(): string {
    return this.server.name;
  }

  /** The server's tools (every page). Opens the session if needed. */
  async listTools(options: { timeoutMs: number }): Promise<Tool[]> {
    const client = await this.connected();
    const tools: Tool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_TOOL_PAGES; page++) {
      const result = await client.listTools(cursor ? { cursor } : undefined, { timeout: options.timeoutMs });
      tools.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  }

  async callTool(name: string, args: Record<string, unknown>, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CallToolResult> {
    const client = await this.connected();
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: options.timeoutMs, signal: options.signal });
    return result as CallToolResult;
  }

  /** One more tool uses this connection. */
  retain(): void {
    this.users++;
  }

  /** A tool is done with the connection; the last one closes it. */
  async release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) await this.close();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    const clients = [...this.attempts, ...(this.client ? [this.client] : [])];
    this.client = null;
    await Promise.allSettled(clients.map((client) => client.close()));
  }

  /** Text safe to show: every env and header value of this server hidden (they may be credentials). */
  mask(text: string): string {
    const values = Object.values(this.server.kind === 'stdio' ? this.server.env : this.server.headers).filter((value) => value.length >= 4);
    let masked = text;
    for (const value of values.sort((a, b) => b.length - a.length)) masked = masked.split(value).join('<secret-hidden>');
    return masked;
  }

  /** An error message naming the server, with what it wrote to stderr (stdio). */
  describeFailure(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    const stderr = this.stderrTail.trim();
    return this.mask(`MCP server '${this.name}': ${message}${stderr ? ` (stderr: ${stderr})` : ''}`);
  }

  private async connected(): Promise<Client> {
    if (this.isClosed) throw new Error(`the connection to MCP server '${this.name}' is closed`);
    if (this.client) return this.client;
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<Client> {
    const client = await this.openWithFallback();
    if (this.isClosed) {
      await client.close().catch(() => {});
      throw new Error(`the connection to MCP server '${this.name}' is closed`);
    }
    client.onclose = () => {
      if (this.client === client) this.client = null;
    };
    this.client = client;
    return client;
  }

  /** agent.md 12: a URL without `transport` is streamable HTTP unless its path says `/sse`. */
  private async openWithFallback(): Promise<Client> {
    const server = this.server;
    if (server.kind === 'stdio') return this.attempt(() => this.stdioTransport());
    const chosen = server.transport ?? (server.url.pathname.includes('/sse') ? 'sse' : 'http');
    if (chosen === 'sse') return this.attempt(() => new SSEClientTransport(server.url, { requestInit: { headers: server.headers } }));
    try {
      return await this.attempt(() => new StreamableHTTPClientTransport(server.url, { requestInit: { headers: server.headers } }));
    } catch (error) {
      // A server that predates streamable HTTP refuses the POST (404/405); try the older SSE protocol.
      const isRefused = error instanceof StreamableHTTPError && error.code !== undefined && error.code >= 400 && error.code < 500 && error.code !== 401 && error.code !== 403;
      if (server.transport !== null || !isRefused) throw error;
      return this.attempt(() => new SSEClientTransport(server.url, { requestInit: { headers: server.headers } }));
    }
  }

  private async attempt(makeTransport: () => Transport): Promise<Client> {
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    // Errors reach the caller through the failed request; the client must not throw them elsewhere.
    client.onerror = () => {};
    const timeoutMs = this.options.connectTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    this.attempts.add(client);
    try {
      await Promise.race([client.connect(makeTransport(), { timeout: timeoutMs }), timedOut]);
      return client;
    } catch (error) {
      await client.close().catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
      this.attempts.delete(client);
    }
  }

  private stdioTransport(): Transport {
    if (this.server.kind !== 'stdio') throw new Error('not a stdio server');
    const { command, args, env, cwd } = this.server;
    const transport = new StdioClientTransport({ command, args, env, cwd, stderr: 'pipe' });
    this.stderrTail = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    return transport;
  }
}
