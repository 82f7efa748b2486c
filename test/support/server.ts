/**
 * Starts the real server on a free loopback port with a fresh data directory, for black-box tests.
 * Every test builds its own server; nothing touches process.env.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { request as rawRequest } from 'node:http';
import { buildApp, type AppOverrides } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';

export interface TestServer {
  app: FastifyInstance;
  url: string;
  wsUrl: string;
  dataDir: string;
  config: Config;
  /** fetch relative to the server, JSON in and out; adds the first session key when configured. */
  request(method: string, urlPath: string, options?: { body?: unknown; headers?: Record<string, string>; key?: string | null; rawBody?: string }): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  /** Stops the server; keeps the data directory unless `removeData`. */
  close(options?: { removeData?: boolean }): Promise<void>;
  /** Stops and starts again on the same data directory (a graceful restart). */
  restart(): Promise<TestServer>;
}

/** node:http instead of fetch: fetch refuses a body on GET, which two routes need (api.md 1.7). */
function httpRequest(url: string, options: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers, 'content-length': String(Buffer.byteLength(options.body ?? '')) };
    const outgoing = rawRequest(url, { method: options.method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: incoming.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'oh-server-test-'));
}

export async function startServer(options: { config?: Partial<Config>; dataDir?: string; overrides?: AppOverrides } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const config = testConfig({
    dataDir,
    conversationsPath: path.join(dataDir, 'conversations'),
    bashEventsDir: path.join(dataDir, 'bash_events'),
    databasePath: path.join(dataDir, 'conversations', 'agent_server.db'),
    ...options.config,
  });
  const app = await buildApp(config, options.overrides);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server has no address');
  const url = `http://127.0.0.1:${address.port}`;
  const server: TestServer = {
    app,
    url,
    wsUrl: `ws://127.0.0.1:${address.port}`,
    dataDir,
    config,
    async request(method, urlPath, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      const key = requestOptions.key === undefined ? config.sessionApiKeys[0] : requestOptions.key;
      if (key) headers['x-session-api-key'] = key;
      let body: string | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
        headers['content-type'] ??= 'application/json';
      } else if (body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await httpRequest(url + urlPath, { method, headers, body });
      const text = response.text;
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, headers: response.headers, text };
    },
    async close(closeOptions = {}) {
      await app.close();
      if (closeOptions.removeData) await rm(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await app.close();
      return startServer({ ...options, dataDir, config: options.config });
    },
  };
  return server;
}
