/**
 * Webhooks (api.md 20), black-box: a loopback HTTP receiver records what the real server posts.
 * Each test starts its own server and receiver; waits are on conditions, never on the clock.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import type { WebhookSpec } from '../../src/config.js';
import { conversationBody, newConversationId, waitFor } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';
import { connectSocket } from '../support/socket-client.js';

interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  text: string;
  body: any;
  /** The status answered, or null while the receiver holds the request. */
  status: number | null;
}

/** Decides the status of each request; a promise lets a test hold the answer (or never give it). */
type Answer = (request: ReceivedRequest, index: number) => number | Promise<number>;

interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Events of the accepted (2xx) posts to `/events/<hex id>`, oldest first. */
  deliveredEvents(hexId: string): any[];
  accepted(pathSuffix: string): ReceivedRequest[];
  close(): Promise<void>;
}

const openReceivers = new Set<Receiver>();

async function startReceiver(answer: Answer = () => 200): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const held = new Set<ServerResponse>();
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: ReceivedRequest = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, text, body: JSON.parse(text), status: null };
      requests.push(request);
      held.add(response);
      const status = await answer(request, requests.length - 1);
      held.delete(response);
      request.status = status;
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('receiver has no address');
  const accepted = (pathSuffix: string) => requests.filter((request) => request.path.endsWith(pathSuffix) && request.status !== null && request.status < 300);
  const receiver: Receiver = {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    accepted,
    deliveredEvents: (hexId) => accepted(`/events/${hexId}`).flatMap((request) => request.body),
    async close() {
      openReceivers.delete(receiver);
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  openReceivers.add(receiver);
  return receiver;
}

function webhook(receiver: Receiver, spec: Partial<WebhookSpec> = {}): WebhookSpec {
  return { base_url: receiver.url, headers: {}, event_buffer_size: 100, flush_delay: 600, num_retries: 0, retry_delay: 0, ...spec };
}

const hex = (dashedId: string) => dashedId.replace(/-/g, '');
const isFullState = (event: any) => event.kind === 'ConversationStateUpdateEvent' && event.key === 'full_state';
const stored = (events: any[]) => events.filter((event) => !isFullState(event));

async function createConversation(server: TestServer, extra: Record<string, unknown> = {}, apiKey?: string): Promise<string> {
  const response = await server.request('POST', '/api/conversations', { body: conversationBody({ extra, apiKey }) });
  assert.equal(response.status, 201);
  return response.body.id;
}

async function sendMessage(server: TestServer, id: string, text: string): Promise<void> {
  const response = await server.request('POST', `/api/conversations/${id}/events`, { body: { role: 'user', content: [{ type: 'text', text }], run: false } });
  assert.equal(response.status, 200);
}

/** The whole event log through the REST API, paging with `page_id`. */
async function eventLog(server: TestServer, id: string): Promise<any[]> {
  const events: any[] = [];
  let pageId: string | null = null;
  do {
    const response: { status: number; body: any } = await server.request('GET', `/api/conversations/${id}/events/search?limit=100${pageId ? `&page_id=${pageId}` : ''}`);
    assert.equal(response.status, 200);
    events.push(...response.body.items);
    pageId = response.body.next_page_id;
  } while (pageId);
  return events;
}

/** Waits until the accepted event posts hold exactly `log` (full_state snapshots aside), in order. */
async function waitForDelivery(receiver: Receiver, id: string, log: any[]): Promise<void> {
  const expected = JSON.stringify(log);
  await waitFor(() => JSON.stringify(stored(receiver.deliveredEvents(hex(id)))) === expected, { what: `delivery of ${log.length} events` }).catch(() => undefined);
  assert.deepEqual(stored(receiver.deliveredEvents(hex(id))), log);
}

describe('webhooks', () => {
  after(async () => {
    for (const receiver of [...openReceivers]) await receiver.close();
  });

  test('event batches carry exactly the logged events, oldest first, with the spec headers and the session key', async () => {
    const receiver = await startReceiver();
    const server = await startServer({
      config: {
        sessionApiKeys: ['k1'],
        webhooks: [webhook(receiver, {
          base_url: `${receiver.url}/hooks//`,
          headers: { Authorization: 'Bearer hook-token', 'X-Session-API-Key': 'from-spec', 'X-Extra': 'yes' },
          event_buffer_size: 2,
          flush_delay: 0.2,
        })],
      },
    });
    try {
      const id = await createConversation(server);
      for (const text of ['one', 'two', 'three']) await sendMessage(server, id, text);
      const log = await eventLog(server, id);
      assert.ok(log.length >= 3);
      await waitForDelivery(receiver, id, log);
      assert.ok(receiver.deliveredEvents(hex(id)).some(isFullState), 'full_state snapshots are delivered too');

      const eventPosts = receiver.requests.filter((request) => request.path.includes('/events/'));
      for (const request of eventPosts) {
        assert.equal(request.method, 'POST');
        assert.equal(request.path, `/hooks/events/${hex(id)}`);
        assert.ok(Array.isArray(request.body));
        assert.equal(request.headers['content-type'], 'application/json');
        assert.equal(request.headers['x-session-api-key'], 'k1');
        assert.equal(request.headers.authorization, 'Bearer hook-token');
        assert.equal(request.headers['x-extra'], 'yes');
      }
      const info = await waitFor(() => receiver.accepted('/hooks/conversations')[0], { what: 'the created info post' });
      assert.equal(info.body.id, id);
      assert.equal(info.headers['x-session-api-key'], 'k1');
      assert.equal(info.headers.authorization, 'Bearer hook-token');
    } finally {
      await server.close({ removeData: true });
      await receiver.close();
    }
  });

  test('conversation info is posted on create (new only), pause (even twice), PATCH and DELETE; DELETE flushes the queue', async () => {
    const receiver = await startReceiver();
    const server = await startServer({ config: { webhooks: [webhook(receiver)] } });
    try {
      const conversationId = newConversationId();
      const created = await server.request('POST', '/api/conversations', { body: conversationBody({ conversationId }) });
      assert.equal(created.status, 201);
      const again = await server.request('POST', '/api/conversations', { body: conversationBody({ conversationId }) });
      assert.equal(again.status, 200);
      const infos = () => receiver.accepted('/conversations').map((request) => request.body);

      assert.equal((await server.request('POST', `/api/conversations/${conversationId}/pause`)).status, 200);
      await waitFor(() => infos().length >= 2, { what: 'the pause info' });
      assert.equal((await server.request('POST', `/api/conversations/${conversationId}/pause`)).status, 200);
      assert.equal((await server.request('PATCH', `/api/conversations/${conversationId}`, { body: { title: '  Renamed  ' } })).status, 200);
      await waitFor(() => infos().length >= 4, { what: 'the second pause and the PATCH infos' });
      assert.equal(receiver.requests.filter((request) => request.path.includes('/events/')).length, 0, 'events wait for the buffer or the timer');

      const log = await eventLog(server, conversationId);
      assert.equal((await server.request('DELETE', `/api/conversations/${conversationId}`)).status, 200);
      await waitFor(() => infos().length >= 5, { what: 'the delete info' });
      const statuses = infos().map((info) => [info.id, info.execution_status, info.title]);
      assert.deepEqual(statuses, [
        [conversationId, 'idle', null],
        [conversationId, 'paused', null],
        [conversationId, 'paused', null],
        [conversationId, 'paused', 'Renamed'],
        [conversationId, 'paused', 'Renamed'],
      ]);
      assert.deepEqual(Object.keys(infos()[0]), Object.keys(created.body), 'the same ConversationInfo as the REST API');
      assert.equal(infos()[0].agent.llm.api_key, '**********');
      await waitForDelivery(receiver, conversationId, log);
    } finally {
      await server.close({ removeData: true });
      await receiver.close();
    }
  });

  test('a full buffer is posted without waiting for the timer', async () => {
    const receiver = await startReceiver();
    const server = await startServer({ config: { webhooks: [webhook(receiver, { event_buffer_size: 3, flush_delay: 600 })] } });
    try {
      const id = await createConversation(server);
      const eventPosts = () => receiver.accepted(`/events/${hex(id)}`);
      for (let count = 0; count < 30 && eventPosts().length < 2; count++) await sendMessage(server, id, `message ${count}`);
      await waitFor(() => eventPosts().length >= 2, { what: 'two full batches' });
      assert.equal(eventPosts()[0]!.body.length, 3);
      const log = await eventLog(server, id);
      assert.equal((await server.request('DELETE', `/api/conversations/${id}`)).status, 200);
      await waitForDelivery(receiver, id, log);
      const sizes = eventPosts().map((request) => request.body.length);
      // The last post may be the remainder flushed by the delete.
      for (const size of sizes.slice(0, -1)) assert.ok(size >= 3, `batch sizes ${sizes.join(', ')}`);
    } finally {
      await server.close({ removeData: true });
      await receiver.close();
    }
  });

  test('the flush timer starts with the first queued event and later events do not restart it', async () => {
    const receiver = await startReceiver();
    const server = await startServer({ config: { webhooks: [webhook(receiver, { event_buffer_size: 1000, flush_delay: 0.3 })] } });
    try {
      const id = await createConversation(server);
      const eventPosts = () => receiver.accepted(`/events/${hex(id)}`);
      // Messages keep coming far more often than every 0.3 s; a timer restarted by each one would
      // never fire while they do.
      let sent = 0;
      while (eventPosts().length === 0 && sent < 1000) await sendMessage(server, id, `message ${sent++}`);
      assert.ok(eventPosts().length > 0, `no batch arrived while ${sent} messages were being sent`);
      const log = await eventLog(server, id);
      await waitForDelivery(receiver, id, log);
      for (const request of eventPosts()) assert.ok(request.body.length < 1000);
    } finally {
      await server.close({ removeData: true });
      await receiver.close();
    }
  });

  test('failed attempts are retried with the same batch; nothing is lost and the order is kept', async () => {
    const failures = new Map<string, number>([['events', 2], ['conversations', 1]]);
    const receiver = await startReceiver((request) => {
      const kind = request.path.includes('/events/') ? 'events' : 'conversations';
      const left = failures.get(kind)!;
      failures.set(kind, left - 1);
      return left > 0 ? 500 : 200;
    });
    const server = await startServer({ config: { webhooks: [webhook(receiver, { event_buffer_size: 2, flush_delay: 0.2, num_retries: 3 })] } });
    try {
      const id = await createConversation(server);
      for (const text of ['a', 'b', 'c', 'd']) await sendMessage(server, id, text);
      const log = await eventLog(server, id);
      await waitForDelivery(receiver, id, log);

      const eventRequests = receiver.requests.filter((request) => request.path.includes('/events/'));
      assert.deepEqual(eventRequests.slice(0, 3).map((request) => request.status), [500, 500, 200]);
      assert.equal(eventRequests[1]!.text, eventRequests[0]!.text);
      assert.equal(eventRequests[2]!.text, eventRequests[0]!.text);
      const infoRequests = await waitFor(() => {
        const found = receiver.requests.filter((request) => request.path === '/conversations');
        return found.length >= 2 && found.at(-1)!.status !== null ? found : undefined;
      }, { what: 'the retried info post' });
      assert.deepEqual(infoRequests.map((request) => request.status), [500, 200]);
      assert.equal(infoRequests[1]!.text, infoRequests[0]!.text);
    } finally {
      await server.close({ removeData: true });
      await receiver.close();
    }
  });

  test('a batch that failed every attempt goes back in front of the events that arrived meanwhile', async () => {
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const receiver = await startReceiver(async (request, index) => {
      if (!request.path.includes('/events/')) return 200;
      const eventIndex = receiver.requests.slice(0, index + 1).filter((item) => item.path.includes('/events/')).length - 1;
      if (eventIndex === 0) await firstHeld;
      return eventIndex < 2 ? 500 : 200;
    });
    const server = await startServer({ config: { webhooks: [webhook(receiver, { event_buffer_size: 100, flush_delay: 0.2, num_retries: 1 })] } });
    try {
      const id = await createConversation(server);
      await waitFor(() => receiver.requests.some((request) => request.path.includes('/events/')), { what: 'the first batch' });
      // While the first attempt hangs, a new event is queued behind the batch in flight.
      await sendMessage(server, id, 'arrived meanwhile');
      releaseFirst();
      const log = await eventLog(server, id);
      await waitForDelivery(receiver, id, log);
      const eventRequests = receiver.requests.filter((request) => request.path.includes('/events/'));
      assert.deepEqual(eventRequests.slice(0, 3).map((request) => request.status), [500, 500, 200]);
      const failedBatch = eventRequests[0]!.body;
      const message = log.find((event) => event.kind === 'MessageEvent');
      assert.deepEqual(eventRequests[2]!.body, [...failedBatch, message], 'the failed batch first, then the newer event');
    } finally {
      await server.close({ removeData: true });
      await receiver.close();
    }
  });

  test('no secret value reaches a webhook: info is masked, events pass through the redactor', async () => {
    const receiver = await startReceiver();
    const server = await startServer({ config: { webhooks: [webhook(receiver, { event_buffer_size: 1 })] } });
    try {
      const id = await createConversation(server, { secrets: { TOKEN: { kind: 'StaticSecret', value: 'ghp_webhook_secret_value' } } }, 'sk-webhook-llm-key');
      await sendMessage(server, id, 'my token is ghp_webhook_secret_value');
      await waitFor(() => receiver.deliveredEvents(hex(id)).some((event) => event.kind === 'MessageEvent'), { what: 'the message event' });
      await waitFor(() => receiver.accepted('/conversations').length > 0, { what: 'the info post' });
      for (const request of receiver.requests) {
        assert.ok(!request.text.includes('ghp_webhook_secret_value'), `secret in ${request.path}`);
        assert.ok(!request.text.includes('sk-webhook-llm-key'), `LLM key in ${request.path}`);
      }
      const info = receiver.accepted('/conversations')[0]!.body;
      assert.equal(info.agent.llm.api_key, '**********');
      assert.equal(info.secret_registry.secret_sources.TOKEN.value, '**********');
      const message = receiver.deliveredEvents(hex(id)).find((event) => event.kind === 'MessageEvent');
      assert.match(message.llm_message.content[0].text, /^my token is \S+$/);
    } finally {
      await server.close({ removeData: true });
      await receiver.close();
    }
  });

  test('a webhook that never answers delays neither the REST API, nor sockets, nor other webhooks; shutdown does not wait for it', { timeout: 25_000 }, async () => {
    const dead = await startReceiver(() => new Promise<number>(() => {}));
    const healthy = await startReceiver();
    const server = await startServer({
      config: { webhooks: [webhook(dead, { event_buffer_size: 1 }), webhook(healthy, { event_buffer_size: 1 })] },
    });
    try {
      const id = await createConversation(server);
      await waitFor(() => dead.requests.length > 0, { what: 'a request held by the dead webhook' });
      const socket = await connectSocket(`${server.wsUrl}/sockets/events/${id}`);
      await sendMessage(server, id, 'still moving');
      const log = await eventLog(server, id);
      assert.equal(log.at(-1).llm_message.content[0].text, 'still moving');
      await socket.waitFor((frame) => frame.kind === 'MessageEvent' && frame.llm_message.content[0].text === 'still moving', { what: 'the message on the socket' });
      socket.close();
      await waitForDelivery(healthy, id, log);
      assert.ok(dead.requests.every((request) => request.status === null), 'the dead webhook never answered');
      // Its requests time out after 30 s; shutdown abandons them after a few seconds instead.
      await server.close({ removeData: true });
    } finally {
      await dead.close();
      await healthy.close();
    }
  });

  test('shutdown posts what is still queued', async () => {
    const receiver = await startReceiver();
    const server = await startServer({ config: { webhooks: [webhook(receiver)] } });
    const id = await createConversation(server);
    for (const text of ['x', 'y']) await sendMessage(server, id, text);
    const log = await eventLog(server, id);
    assert.equal(receiver.requests.filter((request) => request.path.includes('/events/')).length, 0);
    await server.close({ removeData: true });
    try {
      await waitForDelivery(receiver, id, log);
    } finally {
      await receiver.close();
    }
  });
});
