import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { conversationBody } from '../support/fixtures.js';
import { makeDataDir } from '../support/server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { connectSocket } from '../support/socket-client.js';

async function call(server: ServerProcess, method: string, urlPath: string, body?: unknown, key = 'k1') {
  const response = await fetch(server.url + urlPath, {
    method,
    headers: { 'content-type': 'application/json', 'x-session-api-key': key },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
}

async function allBytesUnder(directory: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (const entry of await readdir(directory, { recursive: true })) {
    const file = path.join(directory, entry);
    if ((await stat(file)).isFile()) chunks.push(await readFile(file));
  }
  return Buffer.concat(chunks);
}

const SECRET_KEY_ENV = { OH_SESSION_API_KEYS: '["k1"]', OH_SECRET_KEY: 'a-long-enough-secret-key-for-tests' };

describe('restart', () => {
  test('after SIGTERM every conversation, title, status, event and secret is back', async () => {
    const dataDir = await makeDataDir();
    let server = await startServerProcess({ dataDir, env: SECRET_KEY_ENV });
    const created = await call(server, 'POST', '/api/conversations', conversationBody({ apiKey: 'sk-restart-secret-111', extra: { secrets: { TOKEN: 'token-restart-222' } } }));
    const id = created.body.id;
    await call(server, 'PATCH', `/api/conversations/${id}`, { title: 'Survives restarts' });
    await call(server, 'POST', `/api/conversations/${id}/events`, { content: [{ text: 'remember me' }] });
    await call(server, 'POST', `/api/conversations/${id}/confirmation_policy`, { policy: { kind: 'AlwaysConfirm' } });
    await call(server, 'POST', `/api/conversations/${id}/secrets`, { secrets: { LATER: 'added-later-333' } });
    await call(server, 'POST', `/api/conversations/${id}/pause`);
    const before = await call(server, 'GET', `/api/conversations/${id}/events/search?limit=100`);

    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0);
    // Nothing secret is written in plain text anywhere under the data directory.
    const bytes = await allBytesUnder(dataDir);
    for (const secret of ['sk-restart-secret-111', 'token-restart-222', 'added-later-333']) assert.equal(bytes.includes(secret), false, secret);

    server = await startServerProcess({ dataDir, env: SECRET_KEY_ENV });
    try {
      const info = await call(server, 'GET', `/api/conversations/${id}`);
      assert.equal(info.status, 200);
      assert.equal(info.body.title, 'Survives restarts');
      assert.equal(info.body.execution_status, 'paused');
      assert.deepEqual(info.body.confirmation_policy, { kind: 'AlwaysConfirm' });
      assert.equal(info.body.agent.llm.api_key, '**********', 'the API key was restored (masked on the wire)');
      assert.deepEqual(Object.keys(info.body.secret_registry.secret_sources).sort(), ['LATER', 'TOKEN']);
      assert.equal(info.body.secret_registry.secret_sources.LATER.value, '**********');
      const after = await call(server, 'GET', `/api/conversations/${id}/events/search?limit=100`);
      assert.deepEqual(after.body.items, before.body.items);
      // The log continues after the restart with strictly later timestamps.
      await call(server, 'POST', `/api/conversations/${id}/events`, { content: [{ text: 'after restart' }] });
      const latest = await call(server, 'GET', `/api/conversations/${id}/events/search?limit=1&sort_order=TIMESTAMP_DESC`);
      assert.ok(latest.body.items[0].timestamp > before.body.items[before.body.items.length - 1].timestamp);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  test('without OH_SECRET_KEY secrets are never written, and the log says so once', async () => {
    const dataDir = await makeDataDir();
    const server = await startServerProcess({ dataDir, env: { OH_SESSION_API_KEYS: '["k1"]' } });
    try {
      await call(server, 'POST', '/api/conversations', conversationBody({ apiKey: 'sk-memory-only-444', extra: { secrets: { A: 'memory-only-555' } } }));
      await call(server, 'POST', '/api/conversations', conversationBody({ apiKey: 'sk-memory-only-666' }));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const bytes = await allBytesUnder(dataDir);
    for (const secret of ['sk-memory-only-444', 'memory-only-555', 'sk-memory-only-666']) assert.equal(bytes.includes(secret), false);
    assert.equal(server.output().match(/OH_SECRET_KEY is not set/g)?.length, 1);
    for (const secret of ['sk-memory-only-444', 'memory-only-555', 'k1"']) assert.equal(server.output().includes(secret), false);
  });

  test('kill -9 never loses an event a client has seen', async () => {
    const dataDir = await makeDataDir();
    let server = await startServerProcess({ dataDir, env: SECRET_KEY_ENV });
    const created = await call(server, 'POST', '/api/conversations', conversationBody());
    const id = created.body.id;
    const client = await connectSocket(`ws://127.0.0.1:${server.port}/sockets/events/${id}?session_api_key=k1`);
    await client.waitForCount(1);
    // Fire messages without waiting, and kill the process while they stream.
    const sends = Array.from({ length: 200 }, (_, index) =>
      call(server, 'POST', `/api/conversations/${id}/events`, { content: [{ text: `message ${index}` }] }).catch(() => undefined),
    );
    await client.waitFor((frame) => frame.llm_message?.content?.[0]?.text === 'message 20');
    server.child.kill('SIGKILL');
    await server.exited;
    await Promise.all(sends);
    const seen = client.frames.filter((frame) => frame.key !== 'full_state').map((frame) => frame.id);
    assert.ok(seen.length >= 21);

    server = await startServerProcess({ dataDir, env: SECRET_KEY_ENV });
    try {
      const stored = await call(server, 'GET', `/api/conversations/${id}/events/search?limit=100`);
      // The SystemPromptEvent was stored at creation, before the client connected.
      const live = (items: { id: string; kind: string }[]) => items.filter((event) => event.kind !== 'SystemPromptEvent').map((event) => event.id);
      let ids: string[] = live(stored.body.items);
      let page = stored.body.next_page_id;
      while (page) {
        const next = await call(server, 'GET', `/api/conversations/${id}/events/search?limit=100&page_id=${page}`);
        ids = ids.concat(live(next.body.items));
        page = next.body.next_page_id;
      }
      for (const eventId of seen) assert.ok(ids.includes(eventId), `event ${eventId} seen by the client was lost`);
      assert.deepEqual(ids.slice(0, seen.length), seen, 'the stored log starts with what the client saw, in order');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  test('a bad configuration stops start-up with one line naming the variable', async () => {
    const dataDir = await makeDataDir();
    await assert.rejects(startServerProcess({ dataDir, env: { OH_WEBHOOKS: '[{"base_url": "http://x", "flush_delay": 0}]' } }), /OH_WEBHOOKS_0_FLUSH_DELAY/);
    await assert.rejects(startServerProcess({ dataDir, env: { OH_SESSION_API_KEYS: 'not json' } }), /OH_SESSION_API_KEYS: is not valid JSON/);
  });
});
