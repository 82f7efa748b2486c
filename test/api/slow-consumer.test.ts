import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conversationBody } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';
import { connectSocket } from '../support/socket-client.js';
import { unavailableRuntime } from '../../src/conversation/unavailable-runtime.js';

// These tests are about the event log and its streams, not the agent: no SystemPromptEvent at creation.
const NO_AGENT = { runtime: unavailableRuntime };

describe('a slow WebSocket consumer', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ config: { subscriberBufferBytes: 256 * 1024 }, overrides: NO_AGENT });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('is closed with 1013 once its unsent bytes pass the limit; others get every event; it can resume', async () => {
    const created = await server.request('POST', '/api/conversations', { body: conversationBody() });
    const id = created.body.id;
    const slow = await connectSocket(`${server.wsUrl}/sockets/events/${id}`);
    const healthy = await connectSocket(`${server.wsUrl}/sockets/events/${id}`);
    await slow.waitForCount(1);
    await healthy.waitForCount(1);
    // Stop reading: the kernel buffers fill, then the server's queue for this socket grows.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    const big = 'x'.repeat(8 * 1024);
    // The server keeps its open sockets in `websocketServer.clients`; the slow one must leave it.
    const openSockets = () => (server.app as unknown as { websocketServer: { clients: Set<unknown> } }).websocketServer.clients.size;
    let sent = 0;
    while (openSockets() === 2 && sent < 4000) {
      await server.request('POST', `/api/conversations/${id}/events`, { body: { content: [{ text: `${sent} ${big}` }] } });
      sent++;
    }
    assert.ok(sent < 4000, 'the slow client was dropped while events were still being produced');
    // The paused reader only notices once it reads again: 1013 if the close frame got through,
    // 1006 if the server had to cut it off.
    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const result = await slow.closed;
    assert.ok([1013, 1006].includes(result.code), String(result.code));
    await server.request('POST', `/api/conversations/${id}/events`, { body: { content: [{ text: `${sent} ${big}` }] } });
    sent++;
    assert.equal(healthy.socket.readyState, healthy.socket.OPEN, 'the healthy client is still connected');
    const total = (await server.request('GET', `/api/conversations/${id}/events/count`)).body;
    await healthy.waitFor((frame) => frame.llm_message?.content?.[0]?.text?.startsWith(`${sent - 1} `), { timeoutMs: 30_000 });
    assert.equal(healthy.frames.filter((frame) => frame.kind === 'MessageEvent').length, total);

    // The dropped client resumes after the last event it received, losing nothing.
    const received = slow.frames.filter((frame) => frame.key !== 'full_state');
    const lastSeen = received[received.length - 1];
    const resumed = await connectSocket(`${server.wsUrl}/sockets/events/${id}?after_event_id=${lastSeen.id}`);
    await resumed.waitFor((frame) => frame.llm_message?.content?.[0]?.text?.startsWith(`${sent - 1} `), { timeoutMs: 30_000 });
    const ids = [...received, ...resumed.frames.filter((frame) => frame.key !== 'full_state')].map((frame) => frame.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.equal(ids.length, total, 'no gaps');
    healthy.close();
    resumed.close();
  });
});
