/**
 * Issue 4 item 3: a real server process (LOG_LEVEL=debug, OH_SECRET_KEY set, a webhook) runs an
 * agent that uses static, lookup and later-added secrets, echoes them, views a file holding one,
 * and gets one typed into a user message. Then every way out is scanned for the values: every
 * conversation and event route, the WebSocket and SSE streams, the trajectory zip (decompressed),
 * webhook payloads, a 422 body, the LLM requests, every log line, and every byte under the data
 * directory (SQLite WAL and SHM files included, while the server runs and after it stopped).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { request as rawRequest } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { waitFor, workspaceDir } from '../support/fixtures.js';
import { startHttpStub } from '../support/http-stub.js';
import { makeDataDir } from '../support/server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { connectSocket } from '../support/socket-client.js';
import { unzip } from '../support/unzip.js';
import { PROTOCOLS, kinds, llmConfig, withFake } from './support.js';

const [openai] = PROTOCOLS;
const KEY = 'leak-test-session-key';
const unique = (label: string) => `${label}-${randomBytes(10).toString('hex')}`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const terminal = (command: string) => ({ toolCalls: [{ name: 'terminal', arguments: { command, security_risk: 'LOW' } }] });

async function call(server: ServerProcess, method: string, urlPath: string, body?: unknown): Promise<{ status: number; text: string; body: any }> {
  // node:http rather than fetch: the batch event route takes its ids as a GET body (api.md 1.7).
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { 'x-session-api-key': KEY, ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}) };
    const outgoing = rawRequest(server.url + urlPath, { method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: incoming.statusCode ?? 0, text, body: parsed });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The raw text of an SSE stream until it contains `until`. */
function readSse(server: ServerProcess, urlPath: string, until: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const outgoing = rawRequest(server.url + urlPath, { headers: { 'x-session-api-key': KEY } }, (incoming) => {
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes(until)) {
          outgoing.destroy();
          resolve(text);
        }
      });
    });
    outgoing.on('error', () => undefined);
    setTimeout(() => reject(new Error(`SSE never carried ${until}`)), 15_000).unref();
    outgoing.end();
  });
}

async function filesUnder(directory: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(directory, { recursive: true })) {
    const file = path.join(directory, entry);
    if ((await stat(file)).isFile()) files.set(entry, await readFile(file));
  }
  return files;
}

function assertClean(where: string, text: string | Buffer, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) assert.equal(text.includes(value), false, `${name} leaked into ${where}`);
}

test('no secret value leaves the process or reaches disk, whatever the agent does with it', () =>
  withFake(async (fake) => {
    const values = {
      llmApiKey: unique('sk-llm'),
      staticToken: unique('static-token'),
      lookupToken: unique('lookup-token'),
      lookupAuthorization: `Bearer ${unique('lookup-auth')}`,
      laterToken: unique('later-token'),
    };
    const secretKey = unique('oh-secret-key');
    const lookup = await startHttpStub((request, response) => {
      if (request.headers.authorization !== values.lookupAuthorization) return void response.writeHead(401).end();
      response.end(values.lookupToken);
    });
    const webhook = await startHttpStub((_request, response) => response.end('{}'));
    const dataDir = await makeDataDir();
    const workspace = workspaceDir();
    const server = await startServerProcess({
      dataDir,
      env: {
        LOG_LEVEL: 'debug',
        OH_SECRET_KEY: secretKey,
        OH_SESSION_API_KEYS: JSON.stringify([KEY]),
        OH_WEBHOOKS: JSON.stringify([{ base_url: webhook.url, event_buffer_size: 1, flush_delay: 0.1, num_retries: 0 }]),
      },
    });
    let stopped = false;
    try {
      const created = await call(server, 'POST', '/api/conversations', {
        agent: { llm: llmConfig(fake, openai, { api_key: values.llmApiKey }), tools: [{ name: 'terminal' }, { name: 'file_editor' }] },
        workspace: { working_dir: workspace },
        secrets: {
          STATIC_TOKEN: { kind: 'StaticSecret', value: values.staticToken },
          LOOKUP_TOKEN: { kind: 'LookupSecret', url: `${lookup.url}/token`, headers: { Authorization: values.lookupAuthorization } },
        },
      });
      assert.equal(created.status, 201, created.text);
      const id = created.body.id;
      assert.equal((await call(server, 'POST', `/api/conversations/${id}/secrets`, { secrets: { LATER_TOKEN: values.laterToken } })).status, 200);

      fake.enqueue(
        terminal('printf %s "$STATIC_TOKEN$LATER_TOKEN$LOOKUP_TOKEN" | sha256sum | cut -d" " -f1 > all.sha256'),
        terminal('echo "$STATIC_TOKEN $LATER_TOKEN $LOOKUP_TOKEN"'),
        terminal("env | grep -c '^OH_' || true"),
        terminal('printf %s "$STATIC_TOKEN" > plain.txt'),
        { toolCalls: [{ name: 'file_editor', arguments: { command: 'view', path: path.join(workspace, 'plain.txt'), security_risk: 'LOW' } }] },
        { text: 'done' },
      );
      const sent = await call(server, 'POST', `/api/conversations/${id}/events`, {
        role: 'user',
        content: [{ type: 'text', text: `Use the tokens; for the record the static one is ${values.staticToken}.` }],
        run: true,
      });
      assert.equal(sent.status, 200);
      await waitFor(async () => (await call(server, 'GET', `/api/conversations/${id}`)).body.execution_status === 'finished', { what: 'finished', timeoutMs: 20_000 });

      // The values reached the commands (hash comparison), and what the agent saw was masked.
      assert.equal(readFileSync(path.join(workspace, 'all.sha256'), 'utf8').trim(), sha256(values.staticToken + values.laterToken + values.lookupToken));
      const search = await call(server, 'GET', `/api/conversations/${id}/events/search?limit=100`);
      const events: any[] = search.body.items;
      const agentEvents = events.filter((event) => event.kind !== 'SystemPromptEvent' && event.kind !== 'ConversationStateUpdateEvent');
      assert.deepEqual(kinds(agentEvents), ['MessageEvent(user)', ...Array(5).fill(['ActionEvent', 'ObservationEvent']).flat(), 'MessageEvent(agent)']);
      const text = (event: any) => event.observation.content.map((item: any) => item.text).join('');
      assert.equal(agentEvents[0].llm_message.content[0].text, 'Use the tokens; for the record the static one is <secret-hidden>.');
      assert.equal(text(agentEvents[4]), '<secret-hidden> <secret-hidden> <secret-hidden>');
      assert.equal(text(agentEvents[6]).trim(), '0', "the server's own OH_* variables are not in the agent's shell");
      assert.match(text(agentEvents[10]), /1\t<secret-hidden>/, 'file_editor observations are masked too');
      const lastId = events.at(-1).id;

      // Every route a client can read.
      const responses: [string, string][] = [
        ['info', (await call(server, 'GET', `/api/conversations/${id}`)).text],
        ['batch get', (await call(server, 'GET', `/api/conversations?ids=${id}`)).text],
        ['search', (await call(server, 'GET', '/api/conversations/search')).text],
        ['events search', search.text],
        ['events search desc', (await call(server, 'GET', `/api/conversations/${id}/events/search?limit=100&sort_order=TIMESTAMP_DESC`)).text],
        ['event batch get', (await call(server, 'GET', `/api/conversations/${id}/events`, events.map((event) => event.id))).text],
        ['one event', (await call(server, 'GET', `/api/conversations/${id}/events/${agentEvents[4].id}`)).text],
        ['422 body', (await call(server, 'POST', `/api/conversations/${id}/secrets`, { secrets: { X: { kind: 'Nope', value: values.staticToken } } })).text],
        ['SSE', await readSse(server, `/api/conversations/${id}/events/stream?resend_all=true`, lastId)],
      ];
      assert.equal(JSON.parse(responses[0][1]).secret_registry.secret_sources.LOOKUP_TOKEN.headers.Authorization, '**********');
      const socket = await connectSocket(`ws://127.0.0.1:${server.port}/sockets/events/${id}?session_api_key=${KEY}&resend_all=true`);
      await socket.waitFor((frame) => frame.id === lastId);
      socket.close();
      responses.push(['socket frames', JSON.stringify(socket.frames)]);
      const trajectory = await fetch(`${server.url}/api/file/download-trajectory/${id}`, { headers: { 'x-session-api-key': KEY } });
      const zipBytes = Buffer.from(await trajectory.arrayBuffer());
      const entries = await unzip(zipBytes);
      assert.ok(entries.size > agentEvents.length);
      responses.push(['trajectory zip', zipBytes.toString('latin1')]);
      for (const [name, bytes] of entries) responses.push([`trajectory ${name}`, bytes.toString('utf8')]);
      await waitFor(() => webhook.requests.some((request) => request.body.includes(lastId)), { what: 'the webhook to receive the last event', timeoutMs: 15_000 });
      for (const request of webhook.requests) responses.push([`webhook ${request.url}`, request.body]);
      for (const [where, body] of responses) assertClean(where, body, values);
      for (const request of fake.requests) assertClean('an LLM request', JSON.stringify(request.body), values);

      // Disk while the server runs: the SQLite WAL and SHM files are there and are scanned too.
      const running = await filesUnder(dataDir);
      assert.ok([...running.keys()].some((name) => name.endsWith('-wal')), `no WAL file among ${[...running.keys()].join(', ')}`);
      for (const [name, bytes] of running) assertClean(`${name} (running)`, bytes, { ...values, secretKey, sessionKey: KEY });

      server.child.kill('SIGTERM');
      assert.equal((await server.exited).code, 0);
      stopped = true;
      for (const [name, bytes] of await filesUnder(dataDir)) assertClean(`${name} (stopped)`, bytes, { ...values, secretKey, sessionKey: KEY });
      const log = server.output();
      assert.match(log, /"level":20/, 'debug lines were logged');
      assertClean('the log', log, { ...values, secretKey, sessionKey: KEY });
    } finally {
      if (!stopped) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      await lookup.close();
      await webhook.close();
    }
  }));
