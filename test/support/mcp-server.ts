/**
 * Real MCP servers for the MCP tests, built on the installed SDK's server side:
 * - `writeStdioMcpServer` writes a small `.mjs` stdio server into a directory (it imports the SDK
 *   by absolute URL, so it runs from anywhere) and returns the `mcp_config` entry that starts it;
 *   it records its pid in a file, so a test can check that the process is gone;
 * - `startHttpMcpServer` serves the same kind of tools over streamable HTTP and SSE on loopback,
 *   recording the headers it received.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const sdkModule = (specifier: string) => pathToFileURL(fileURLToPath(import.meta.resolve(specifier))).href;

/** The tools every test server offers (JSON Schema as an MCP server lists it). */
export const TEST_TOOLS = [
  {
    name: 'add',
    description: 'Adds two numbers.',
    inputSchema: { type: 'object', properties: { a: { type: 'number', description: 'First addend' }, b: { type: 'number' } }, required: ['a', 'b'] },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'fail',
    description: 'Always reports a failure.',
    inputSchema: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] },
  },
  { name: 'boom', description: 'Throws inside the server.', inputSchema: { type: 'object', properties: {} } },
  {
    name: 'echo_env',
    description: 'Returns an environment variable of the server process.',
    inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  },
  { name: 'where', description: 'Returns the working directory of the server process.', inputSchema: { type: 'object', properties: {} } },
  { name: 'picture', description: 'Returns a text and an image.', inputSchema: { type: 'object', properties: {} } },
  { name: 'wait_forever', inputSchema: { type: 'object', properties: {} } },
];

/** The behaviour of the tools, shared by the stdio script (as source text) and the HTTP server. */
const CALL_TOOL_SOURCE = `async (name, args, extra) => {
  switch (name) {
    case 'add': return { content: [{ type: 'text', text: String(args.a + args.b) }] };
    case 'fail': return { isError: true, content: [{ type: 'text', text: 'failed: ' + args.reason }] };
    case 'boom': throw new Error('kaboom');
    case 'echo_env': return { content: [{ type: 'text', text: process.env[args.name] ?? '(unset)' }] };
    case 'where': return { content: [{ type: 'text', text: process.cwd() }] };
    case 'picture': return { content: [{ type: 'text', text: 'a red dot' }, { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }, { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' }] };
    case 'wait_forever': return new Promise((resolve) => extra.signal.addEventListener('abort', () => resolve({ content: [] })));
    default: throw new Error('unknown tool ' + name);
  }
}`;

// eslint-disable-next-line no-new-func
const callTool = new Function(`return ${CALL_TOOL_SOURCE}`)() as (name: string, args: any, extra: { signal: AbortSignal }) => Promise<any>;

export interface StdioServerOptions {
  /** Tools to list (default: all of TEST_TOOLS). */
  tools?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface StdioMcpServer {
  /** The `mcpServers` entry that starts it. */
  config: { command: string; args: string[]; env?: Record<string, string>; cwd?: string };
  scriptPath: string;
  /** Where the server writes its pid when it starts. */
  pidFile: string;
}

export async function writeStdioMcpServer(directory: string, options: StdioServerOptions = {}): Promise<StdioMcpServer> {
  const tools = TEST_TOOLS.filter((tool) => !options.tools || options.tools.includes(tool.name));
  const scriptPath = path.join(directory, `mcp-server-${Math.random().toString(16).slice(2)}.mjs`);
  const pidFile = `${scriptPath}.pid`;
  const source = `
import { writeFileSync, appendFileSync } from 'node:fs';
import { Server } from ${JSON.stringify(sdkModule('@modelcontextprotocol/sdk/server/index.js'))};
import { StdioServerTransport } from ${JSON.stringify(sdkModule('@modelcontextprotocol/sdk/server/stdio.js'))};
import { CallToolRequestSchema, ListToolsRequestSchema } from ${JSON.stringify(sdkModule('@modelcontextprotocol/sdk/types.js'))};
appendFileSync(process.argv[2], process.pid + '\\n');
const tools = ${JSON.stringify(tools)};
const callTool = ${CALL_TOOL_SOURCE};
const server = new Server({ name: 'test-server', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async (request, extra) => callTool(request.params.name, request.params.arguments ?? {}, extra));
await server.connect(new StdioServerTransport());
`;
  await writeFile(scriptPath, source);
  await writeFile(pidFile, '');
  return {
    config: { command: process.execPath, args: [scriptPath, pidFile], ...(options.env ? { env: options.env } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) },
    scriptPath,
    pidFile,
  };
}

/** A script that starts and never answers (for connection timeouts). */
export async function writeSilentServer(directory: string): Promise<{ config: { command: string; args: string[] }; pidFile: string }> {
  const scriptPath = path.join(directory, `silent-${Math.random().toString(16).slice(2)}.mjs`);
  const pidFile = `${scriptPath}.pid`;
  await writeFile(scriptPath, `import { appendFileSync } from 'node:fs';\nappendFileSync(process.argv[2], process.pid + '\\n');\nprocess.stdin.resume();\n`);
  await writeFile(pidFile, '');
  return { config: { command: process.execPath, args: [scriptPath, pidFile] }, pidFile };
}

/** Whether a process with this pid still exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function makeServer(): Server {
  const server = new Server({ name: 'test-http-server', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TEST_TOOLS as any }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => callTool(request.params.name, request.params.arguments ?? {}, extra));
  return server;
}

export interface HttpMcpServer {
  /** Streamable HTTP endpoint. */
  mcpUrl: string;
  /** SSE endpoint (older protocol). */
  sseUrl: string;
  /** SSE endpoint whose path does not say `sse`; refuses streamable HTTP POSTs with 405. */
  legacyUrl: string;
  /** Headers of every request received, in order. */
  requests: { method: string; path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startHttpMcpServer(): Promise<HttpMcpServer> {
  const requests: HttpMcpServer['requests'] = [];
  const sseSessions = new Map<string, SSEServerTransport>();
  const servers: Server[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push({ method: request.method ?? '', path: url.pathname, headers: request.headers });
    if (url.pathname === '/mcp') {
      // Stateless streamable HTTP: one server and transport per request.
      const server = makeServer();
      servers.push(server);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await server.connect(transport);
      await transport.handleRequest(request, response);
      return;
    }
    if (url.pathname === '/legacy' && request.method !== 'GET') return void response.writeHead(405).end();
    if ((url.pathname === '/sse' || url.pathname === '/legacy') && request.method === 'GET') {
      const transport = new SSEServerTransport('/messages', response);
      sseSessions.set(transport.sessionId, transport);
      const server = makeServer();
      servers.push(server);
      await server.connect(transport);
      return;
    }
    if (url.pathname === '/messages' && request.method === 'POST') {
      const transport = sseSessions.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) return void response.writeHead(404).end();
      await transport.handlePostMessage(request, response);
      return;
    }
    response.writeHead(404).end();
  };
  const http = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    mcpUrl: `http://127.0.0.1:${port}/mcp`,
    sseUrl: `http://127.0.0.1:${port}/sse`,
    legacyUrl: `http://127.0.0.1:${port}/legacy`,
    requests,
    async close() {
      await Promise.allSettled(servers.map((server) => server.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
