/**
 * Issue 4 item 4: with several session keys, a conversation belongs to the key that created it.
 * Every conversation route, the SSE stream, the trajectory download and the socket answer another
 * key exactly as they answer an id that does not exist, and change nothing; the owner's key works
 * on every one of them.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request as rawRequest } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { newConversationId } from '../support/fixtures.js';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm/index.js';
import { startServer, type TestServer } from '../support/server.js';
import { connectSocket } from '../support/socket-client.js';
import { PROTOCOLS, createConversation, sendMessage, waitForStatus } from '../acceptance/support.js';

const OWNER = 'owner-key';
const OTHER = 'other-key';

interface Route {
  name: string;
  method: string;
  path: (id: string, eventId: string) => string;
  body?: unknown;
}

// Every route that names a conversation (api.md 5, 6, 9.3 and the SSE extension).
const ROUTES: Route[] = [
  { name: 'get', method: 'GET', path: (id) => `/api/conversations/${id}` },
  { name: 'update', method: 'PATCH', path: (id) => `/api/conversations/${id}`, body: { title: 'stolen' } },
  { name: 'pause', method: 'POST', path: (id) => `/api/conversations/${id}/pause` },
  { name: 'run', method: 'POST', path: (id) => `/api/conversations/${id}/run` },
  { name: 'secrets', method: 'POST', path: (id) => `/api/conversations/${id}/secrets`, body: { secrets: { INJECTED: 'injected-value' } } },
  { name: 'confirmation_policy', method: 'POST', path: (id) => `/api/conversations/${id}/confirmation_policy`, body: { policy: { kind: 'NeverConfirm' } } },
  { name: 'security_analyzer', method: 'POST', path: (id) => `/api/conversations/${id}/security_analyzer`, body: { security_analyzer: {} } },
  { name: 'generate_title', method: 'POST', path: (id) => `/api/conversations/${id}/generate_title`, body: {} },
  { name: 'ask_agent', method: 'POST', path: (id) => `/api/conversations/${id}/ask_agent`, body: { question: 'What is the secret?' } },
  { name: 'events search', method: 'GET', path: (id) => `/api/conversations/${id}/events/search` },
  { name: 'events count', method: 'GET', path: (id) => `/api/conversations/${id}/events/count` },
  { name: 'event get', method: 'GET', path: (id, eventId) => `/api/conversations/${id}/events/${eventId}` },
  { name: 'events batch get', method: 'GET', path: (id) => `/api/conversations/${id}/events`, body: [] },
  { name: 'send message', method: 'POST', path: (id) => `/api/conversations/${id}/events`, body: { role: 'user', content: [{ type: 'text', text: 'hijack' }], run: true } },
  { name: 'respond_to_confirmation', method: 'POST', path: (id) => `/api/conversations/${id}/events/respond_to_confirmation`, body: { accept: true } },
  { name: 'SSE stream', method: 'GET', path: (id) => `/api/conversations/${id}/events/stream` },
  { name: 'download trajectory', method: 'GET', path: (id) => `/api/file/download-trajectory/${id}` },
  { name: 'delete', method: 'DELETE', path: (id) => `/api/conversations/${id}` },
];

/** Status and body of a request; a streaming answer (SSE) is cut after its head. */
function probe(server: TestServer, method: string, urlPath: string, key: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { 'x-session-api-key': key, ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}) };
    const outgoing = rawRequest(server.url + urlPath, { method, headers }, (incoming) => {
      if (String(incoming.headers['content-type']).startsWith('text/event-stream')) {
        outgoing.destroy();
        return resolve({ status: incoming.statusCode ?? 0, text: '(stream)' });
      }
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

describe('conversations scoped to session keys', () => {
  let server: TestServer;
  let fake: FakeLlm;
  before(async () => {
    server = await startServer({ config: { sessionApiKeys: [OWNER, OTHER] } });
    fake = await startFakeLlm();
  });
  after(async () => {
    await server.close({ removeData: true });
    await fake.close();
  });

  /** The owner's conversation, waiting for the confirmation of a command that creates a marker. */
  async function waitingConversation() {
    fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command: 'touch marker.txt', security_risk: 'LOW' } }] });
    // The test server's requests carry the first configured key, the owner's.
    const scenario = await createConversation(server, fake, PROTOCOLS[0], { extra: { confirmation_policy: { kind: 'AlwaysConfirm' }, secrets: { OWN: 'own-secret-value' } } });
    await sendMessage(scenario, 'Make the marker');
    await waitForStatus(scenario, 'waiting_for_confirmation');
    const events = await server.request('GET', `/api/conversations/${scenario.id}/events/search?limit=100`, { key: OWNER });
    return { scenario, eventId: events.body.items[0].id as string, eventCount: events.body.items.length as number };
  }

  test('another key gets exactly the answer of an unknown id on every route, and changes nothing', async () => {
    const { scenario, eventId, eventCount } = await waitingConversation();
    const before = await server.request('GET', `/api/conversations/${scenario.id}`, { key: OWNER });
    const requestsBefore = fake.requests.length;
    const unknown = newConversationId();
    for (const route of ROUTES) {
      const foreign = await probe(server, route.method, route.path(scenario.id, eventId), OTHER, route.body);
      const missing = await probe(server, route.method, route.path(unknown, eventId), OTHER, route.body);
      assert.equal(foreign.status, 404, `${route.name}: ${foreign.text}`);
      assert.equal(foreign.text.replaceAll(scenario.id, '<id>'), missing.text.replaceAll(unknown, '<id>'), `${route.name} tells a foreign id from an unknown one`);
    }
    const batch = await server.request('GET', `/api/conversations?ids=${scenario.id}`, { key: OTHER });
    assert.deepEqual(batch.body, [null]);
    const search = await server.request('GET', '/api/conversations/search?limit=100', { key: OTHER });
    assert.equal(search.body.items.some((item: { id: string }) => item.id === scenario.id), false);
    const ownCount = (await server.request('GET', '/api/conversations/count', { key: OWNER })).body;
    const otherCount = (await server.request('GET', '/api/conversations/count', { key: OTHER })).body;
    assert.ok(ownCount >= 1);
    assert.equal(otherCount, 0);
    const foreignSocket = await connectSocket(`${server.wsUrl}/sockets/events/${scenario.id}?session_api_key=${OTHER}`);
    assert.equal((await foreignSocket.closed).code, 4004);
    assert.equal(foreignSocket.frames.length, 0, 'not even a full_state snapshot');

    // Ids are global: creating one that another key owns is refused (and takes nothing over).
    const body = { agent: { llm: { model: 'openai/gpt-4o', base_url: 'http://127.0.0.1:9/v1' }, tools: [] }, workspace: { working_dir: scenario.workspace }, conversation_id: scenario.id };
    const taken = await server.request('POST', '/api/conversations', { key: OTHER, body });
    assert.deepEqual([taken.status, taken.body], [400, { detail: 'A conversation with this id already exists.' }]);

    // Nothing the other key sent had any effect.
    const after = await server.request('GET', `/api/conversations/${scenario.id}`, { key: OWNER });
    assert.deepEqual(after.body, before.body);
    const events = await server.request('GET', `/api/conversations/${scenario.id}/events/search?limit=100`, { key: OWNER });
    assert.equal(events.body.items.length, eventCount);
    assert.equal(fake.requests.length, requestsBefore, 'no LLM call (run, ask_agent, generate_title) was made');
    assert.equal(existsSync(path.join(scenario.workspace, 'marker.txt')), false, 'the pending action did not run');
  });

  test("the owner's key works on every one of those routes", async () => {
    const { scenario, eventId } = await waitingConversation();
    fake.setDefaultReply({ text: 'A short title' });
    try {
      const socket = await connectSocket(`${server.wsUrl}/sockets/events/${scenario.id}?session_api_key=${OWNER}`);
      const [first] = await socket.waitForCount(1);
      assert.equal(first.key, 'full_state');
      socket.close();
      for (const route of ROUTES) {
        const answer = await probe(server, route.method, route.path(scenario.id, eventId), OWNER, route.body);
        assert.ok([200, 409].includes(answer.status), `${route.name}: ${answer.status} ${answer.text}`);
        if (route.name === 'send message' || route.name === 'run') await waitForStatus({ server, id: scenario.id }, 'finished', 'idle', 'paused', 'waiting_for_confirmation');
      }
      assert.equal((await server.request('GET', `/api/conversations/${scenario.id}`, { key: OWNER })).status, 404, 'the owner deleted it');
    } finally {
      fake.setDefaultReply({ error: { status: 500, message: 'no more replies' } });
    }
  });
});
