import assert from 'node:assert/strict';
import { request as rawRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { conversationBody, newConversationId, waitFor } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';
import { connectSocket } from '../support/socket-client.js';
import { unavailableRuntime } from '../../src/conversation/unavailable-runtime.js';

// These tests are about the event log and its streams, not the agent: no SystemPromptEvent at creation.
const NO_AGENT = { runtime: unavailableRuntime };

async function sendMessages(server: TestServer, id: string, texts: string[]) {
  for (const text of texts) {
    const response = await server.request('POST', `/api/conversations/${id}/events`, { body: { content: [{ text }] } });
    assert.equal(response.status, 200);
  }
}

async function storedIds(server: TestServer, id: string): Promise<string[]> {
  const response = await server.request('GET', `/api/conversations/${id}/events/search?limit=100`);
  return response.body.items.map((event: { id: string }) => event.id);
}

describe('conversation WebSocket', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ config: { sessionApiKeys: ['k1', 'k2'] }, overrides: NO_AGENT });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  async function create(key = 'k1'): Promise<string> {
    const response = await server.request('POST', '/api/conversations', { body: conversationBody(), key });
    assert.equal(response.status, 201);
    return response.body.id;
  }

  test('the handshake needs a key: none or a wrong one is refused with 403, query or header accepted', async () => {
    const id = await create();
    await assert.rejects(connectSocket(`${server.wsUrl}/sockets/events/${id}`), (error: { statusCode?: number }) => error.statusCode === 403);
    await assert.rejects(connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=nope`), (error: { statusCode?: number }) => error.statusCode === 403);
    const viaQuery = await connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=k1`);
    viaQuery.close();
    const viaHeader = await connectSocket(`${server.wsUrl}/sockets/events/${id}`, { 'x-session-api-key': 'k1' });
    viaHeader.close();
  });

  test('first frame is a full_state snapshot; no history without resend_all; live events follow', async () => {
    const id = await create();
    await sendMessages(server, id, ['before connecting']);
    const client = await connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=k1`);
    const [first] = await client.waitForCount(1);
    assert.equal(first.kind, 'ConversationStateUpdateEvent');
    assert.equal(first.key, 'full_state');
    assert.equal(first.value.id, id);
    assert.equal(first.value.agent.llm.api_key, '**********');
    assert.equal('title' in first.value, false);
    await sendMessages(server, id, ['after connecting']);
    const live = await client.waitFor((frame) => frame.kind === 'MessageEvent');
    assert.equal(live.llm_message.content[0].text, 'after connecting');
    assert.equal(client.frames.filter((frame) => frame.kind === 'MessageEvent').length, 1);
    client.close();
  });

  test('full_state omits null fields at any depth (exclude_none); free-form objects and ConversationInfo keep theirs', async () => {
    const body = conversationBody();
    const agent = body.agent as Record<string, any>;
    // Free-form objects (`dict[str, Any]` in the reference): pydantic never drops nulls inside them.
    agent.system_prompt_kwargs = { keep: null, list: [null, { inner: null }] };
    agent.llm.litellm_extra_body = { keep: null };
    agent.agent_context = { skills: [{ name: 'repo-notes', content: 'Notes', trigger: null }] };
    const created = await server.request('POST', '/api/conversations', { body, key: 'k1' });
    assert.equal(created.status, 201);
    const id = created.body.id;
    // The REST model is unchanged: every field, null where absent (api.md 1.2).
    const info = (await server.request('GET', `/api/conversations/${id}`, { key: 'k1' })).body;
    assert.equal(info.agent.condenser, null);
    assert.equal(info.agent.agent_context.skills[0].trigger, null);
    assert.equal(info.security_analyzer, null);

    const client = await connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=k1`);
    const [first] = await client.waitForCount(1);
    client.close();
    const state = first.value;
    const freeForm = new Set(['system_prompt_kwargs', 'litellm_extra_body']);
    const nullPaths: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${at}[${index}]`));
      else if (value !== null && typeof value === 'object') {
        for (const [key, field] of Object.entries(value)) {
          if (field === null) nullPaths.push(`${at}.${key}`);
          else if (!freeForm.has(key)) walk(field, `${at}.${key}`);
        }
      }
    };
    walk(state, 'value');
    assert.deepEqual(nullPaths, []);
    assert.equal('condenser' in state.agent, false);
    assert.equal('base_url' in state.agent.llm, true, 'set fields stay');
    assert.equal('trigger' in state.agent.agent_context.skills[0], false, 'nulls inside models in lists go too');
    assert.equal('security_analyzer' in state, false);
    assert.equal(state.agent.system_prompt_kwargs.keep, null);
    assert.deepEqual(state.agent.system_prompt_kwargs.list, [null, { inner: null }]);
    assert.deepEqual(state.agent.llm.litellm_extra_body, { keep: null });
  });

  test('resend_all replays every stored event in order, then continues live without duplicates', async () => {
    const id = await create();
    await sendMessages(server, id, ['one', 'two', 'three']);
    const client = await connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=k1&resend_all=true`);
    await client.waitForCount(4);
    await sendMessages(server, id, ['four']);
    await client.waitFor((frame) => frame.llm_message?.content?.[0]?.text === 'four');
    const stored = await storedIds(server, id);
    const received = client.frames.filter((frame) => frame.key !== 'full_state').map((frame) => frame.id);
    assert.deepEqual(received, stored);
    client.close();
  });

  test('after_event_id resumes exactly after the given event', async () => {
    const id = await create();
    await sendMessages(server, id, ['a', 'b', 'c', 'd']);
    const stored = await storedIds(server, id);
    const client = await connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=k1&after_event_id=${stored[1]}`);
    await client.waitForCount(3);
    const received = client.frames.filter((frame) => frame.key !== 'full_state').map((frame) => frame.id);
    assert.deepEqual(received, stored.slice(2));
    client.close();
  });

  test('a user message over the socket is recorded like POST .../events', async () => {
    const id = await create();
    const client = await connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=k1`);
    await client.waitForCount(1);
    client.socket.send(JSON.stringify({ role: 'user', content: 'Hello over the socket' }));
    const echoed = await client.waitFor((frame) => frame.kind === 'MessageEvent');
    assert.deepEqual(echoed.llm_message.content, [{ cache_prompt: false, type: 'text', text: 'Hello over the socket' }]);
    // Invalid input is ignored and the socket stays usable.
    client.socket.send('not json');
    client.socket.send(JSON.stringify({ role: 'assistant', content: 'nope' }));
    client.socket.send(JSON.stringify({ role: 'user', content: [{ type: 'text', text: 'second' }] }));
    await client.waitFor((frame) => frame.llm_message?.content?.[0]?.text === 'second');
    const messages = (await server.request('GET', `/api/conversations/${id}/events/search?kind=MessageEvent`, { key: 'k1' })).body.items;
    assert.deepEqual(messages.map((event: any) => event.llm_message.content[0].text), ['Hello over the socket', 'second']);
    client.close();
  });

  test('an unknown conversation, or one of another key, is closed with 4004', async () => {
    const missing = await connectSocket(`${server.wsUrl}/sockets/events/${newConversationId()}?session_api_key=k1`);
    assert.equal((await missing.closed).code, 4004);
    const othersId = await create('k2');
    const foreign = await connectSocket(`${server.wsUrl}/sockets/events/${othersId}?session_api_key=k1`);
    assert.equal((await foreign.closed).code, 4004);
  });

  test('deleting the conversation closes its sockets with 4004', async () => {
    const id = await create();
    const client = await connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=k1`);
    await client.waitForCount(1);
    assert.equal((await server.request('DELETE', `/api/conversations/${id}`, { key: 'k1' })).status, 200);
    assert.equal((await client.closed).code, 4004);
  });

  test('many concurrent subscribers each get every event exactly once, in order', async () => {
    const id = await create();
    const clients = await Promise.all(Array.from({ length: 8 }, () => connectSocket(`${server.wsUrl}/sockets/events/${id}?session_api_key=k1&resend_all=true`)));
    const texts = Array.from({ length: 30 }, (_, index) => `message ${index}`);
    await Promise.all([sendMessages(server, id, texts.slice(0, 15)), sendMessages(server, id, texts.slice(15))]);
    const stored = await storedIds(server, id);
    for (const client of clients) {
      await client.waitFor((frame) => frame.id === stored[stored.length - 1]);
      assert.deepEqual(client.frames.filter((frame) => frame.key !== 'full_state').map((frame) => frame.id), stored);
      client.close();
    }
  });
});

describe('SSE event stream', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ config: { sessionApiKeys: ['k1'] }, overrides: NO_AGENT });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  function openStream(path: string, headers: Record<string, string>) {
    const frames: { id: string | null; data: any }[] = [];
    let buffer = '';
    let resolveStatus: (status: number) => void;
    const status = new Promise<number>((resolve) => (resolveStatus = resolve));
    const request = rawRequest(`${server.url}${path}`, { headers }, (response) => {
      resolveStatus(response.statusCode ?? 0);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const id = block.split('\n').find((line) => line.startsWith('id: '));
          frames.push({ id: id ? id.slice(4) : null, data: JSON.parse(data.slice(6)) });
        }
      });
    });
    request.on('error', () => {});
    request.end();
    const waitForFrames = (count: number) => waitFor(() => frames.length >= count, { what: `${count} SSE frames (got ${frames.length})` });
    return { frames, status, waitForFrames, close: () => request.destroy() };
  }

  test('requires the key, sends full_state then history with ids, and resumes from Last-Event-ID', async () => {
    const created = await server.request('POST', '/api/conversations', { body: conversationBody() });
    const id = created.body.id;
    await sendMessages(server, id, ['x', 'y', 'z']);
    const stored = await storedIds(server, id);
    const unauthorized = openStream(`/api/conversations/${id}/events/stream`, {});
    const stream = openStream(`/api/conversations/${id}/events/stream?resend_all=true`, { 'x-session-api-key': 'k1' });
    const resumed = openStream(`/api/conversations/${id}/events/stream`, { 'x-session-api-key': 'k1', 'last-event-id': stored[0] });
    try {
      assert.equal(await unauthorized.status, 401);
      assert.equal(await stream.status, 200);
      await stream.waitForFrames(4);
      assert.equal(stream.frames[0].data.key, 'full_state');
      assert.equal(stream.frames[0].id, null, 'the transient snapshot carries no SSE id');
      assert.deepEqual(stream.frames.slice(1).map((frame) => frame.id), stored);
      assert.equal(await resumed.status, 200);
      await resumed.waitForFrames(3);
      await sendMessages(server, id, ['live']);
      await resumed.waitForFrames(4);
      const after = resumed.frames.slice(1).map((frame) => frame.data);
      assert.deepEqual(after.slice(0, 2).map((event) => event.id), stored.slice(1));
      assert.equal(after[2].llm_message.content[0].text, 'live');
    } finally {
      unauthorized.close();
      stream.close();
      resumed.close();
    }
  });
});
