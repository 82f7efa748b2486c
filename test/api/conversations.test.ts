import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conversationBody, newConversationId } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';

const INFO_FIELDS = [
  'id', 'agent', 'workspace', 'persistence_dir', 'max_iterations', 'stuck_detection', 'execution_status',
  'confirmation_policy', 'security_analyzer', 'activated_knowledge_skills', 'stats', 'secret_registry',
  'title', 'metrics', 'created_at', 'updated_at',
];

describe('conversations router', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('create answers 201 with every ConversationInfo field and masked secrets', async () => {
    const response = await server.request('POST', '/api/conversations', {
      body: conversationBody({ apiKey: 'sk-very-secret-value', extra: { secrets: { TOKEN: { kind: 'StaticSecret', value: 'ghp_topsecret' }, PLAIN: 'plain-secret-value' } } }),
    });
    assert.equal(response.status, 201);
    assert.deepEqual(Object.keys(response.body), INFO_FIELDS);
    assert.match(response.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(response.body.execution_status, 'idle');
    assert.equal(response.body.agent.kind, 'Agent');
    assert.equal(response.body.agent.llm.api_key, '**********');
    assert.equal(response.body.secret_registry.secret_sources.TOKEN.value, '**********');
    assert.equal(response.body.secret_registry.secret_sources.PLAIN.kind, 'StaticSecret');
    assert.equal(response.body.secret_registry.secret_sources.PLAIN.value, '**********');
    assert.equal(response.body.title, null);
    assert.equal(response.body.metrics, null);
    assert.equal(response.body.security_analyzer, null);
    assert.deepEqual(response.body.confirmation_policy, { kind: 'NeverConfirm' });
    assert.match(response.body.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    assert.ok(!response.text.includes('sk-very-secret-value'));
    assert.ok(!response.text.includes('ghp_topsecret'));
    assert.ok(!response.text.includes('plain-secret-value'));
  });

  test('create with an existing conversation_id returns it unchanged with 200', async () => {
    const conversationId = newConversationId();
    const first = await server.request('POST', '/api/conversations', { body: conversationBody({ conversationId }) });
    assert.equal(first.status, 201);
    const second = await server.request('POST', '/api/conversations', {
      body: conversationBody({ conversationId, extra: { max_iterations: 7, confirmation_policy: { kind: 'AlwaysConfirm' } } }),
    });
    assert.equal(second.status, 200);
    assert.equal(second.body.id, conversationId);
    assert.equal(second.body.max_iterations, 500);
    assert.deepEqual(second.body.confirmation_policy, { kind: 'NeverConfirm' });
  });

  test('ids are accepted in any UUID spelling', async () => {
    const conversationId = newConversationId();
    await server.request('POST', '/api/conversations', { body: conversationBody({ conversationId }) });
    for (const spelling of [conversationId.replace(/-/g, ''), conversationId.toUpperCase()]) {
      const response = await server.request('GET', `/api/conversations/${spelling}`);
      assert.equal(response.status, 200);
      assert.equal(response.body.id, conversationId);
    }
  });

  test('initial_message is recorded as a user MessageEvent', async () => {
    const created = await server.request('POST', '/api/conversations', {
      body: conversationBody({ extra: { initial_message: { role: 'user', content: [{ type: 'text', text: 'Add a README' }], run: false } } }),
    });
    assert.equal(created.status, 201);
    const events = await server.request('GET', `/api/conversations/${created.body.id}/events/search?kind=MessageEvent`);
    assert.equal(events.status, 200);
    assert.equal(events.body.items.length, 1);
    const message = events.body.items[0];
    assert.equal(message.source, 'user');
    assert.deepEqual(message.llm_message.content, [{ cache_prompt: false, type: 'text', text: 'Add a README' }]);
    assert.equal(message.llm_message.role, 'user');
    assert.equal(message.sender, null);
  });

  test('get of an unknown id is 404 and batch get answers null for it', async () => {
    const known = await server.request('POST', '/api/conversations', { body: conversationBody() });
    const unknown = newConversationId();
    const single = await server.request('GET', `/api/conversations/${unknown}`);
    assert.equal(single.status, 404);
    assert.deepEqual(single.body, { detail: 'Not Found' });
    const batch = await server.request('GET', `/api/conversations?ids=${known.body.id}&ids=${unknown}&ids=${known.body.id}`);
    assert.equal(batch.status, 200);
    assert.equal(batch.body.length, 3);
    assert.equal(batch.body[0].id, known.body.id);
    assert.equal(batch.body[1], null);
    assert.equal(batch.body[2].id, known.body.id);
  });

  test('batch get takes fewer than 100 ids; 100 or more is 422 too_long', async () => {
    const ids = (count: number) => Array.from({ length: count }, () => `ids=${newConversationId()}`).join('&');
    const most = await server.request('GET', `/api/conversations?${ids(99)}`);
    assert.equal(most.status, 200);
    assert.equal(most.body.length, 99);
    // api.md 5.4: the reference asserts `len(ids) < 100` (a 500); we answer the same limit with a 422.
    const tooMany = await server.request('GET', `/api/conversations?${ids(100)}`);
    assert.equal(tooMany.status, 422);
    assert.equal(tooMany.body.detail.length, 1);
    const [item] = tooMany.body.detail;
    assert.equal(item.type, 'too_long');
    assert.deepEqual(item.loc, ['query', 'ids']);
    assert.deepEqual(item.ctx, { max_length: 99 });
  });

  test('PATCH stores a stripped title, refuses bad titles and unknown fields, 404 for unknown ids', async () => {
    const created = await server.request('POST', '/api/conversations', { body: conversationBody() });
    const ok = await server.request('PATCH', `/api/conversations/${created.body.id}`, { body: { title: '  My title  ' } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { success: true });
    const fetched = await server.request('GET', `/api/conversations/${created.body.id}`);
    assert.equal(fetched.body.title, 'My title');
    assert.ok(fetched.body.updated_at >= created.body.updated_at);
    for (const body of [{ title: '' }, { title: 'x'.repeat(201) }, { title: 'ok', extra: 1 }, {}]) {
      const bad = await server.request('PATCH', `/api/conversations/${created.body.id}`, { body });
      assert.equal(bad.status, 422, JSON.stringify(body));
      assert.ok(Array.isArray(bad.body.detail));
    }
    const longest = await server.request('PATCH', `/api/conversations/${created.body.id}`, { body: { title: 'y'.repeat(200) } });
    assert.equal(longest.status, 200);
    const unknown = await server.request('PATCH', `/api/conversations/${newConversationId()}`, { body: { title: 'x' } });
    assert.equal(unknown.status, 404);
  });

  test('DELETE removes the conversation and its events; a second DELETE is 404', async () => {
    const created = await server.request('POST', '/api/conversations', {
      body: conversationBody({ extra: { initial_message: { content: [{ text: 'hello' }] } } }),
    });
    const id = created.body.id;
    const deleted = await server.request('DELETE', `/api/conversations/${id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, { success: true });
    assert.equal((await server.request('GET', `/api/conversations/${id}`)).status, 404);
    assert.equal((await server.request('GET', `/api/conversations/${id}/events/search`)).status, 404);
    assert.equal((await server.request('DELETE', `/api/conversations/${id}`)).status, 404);
    const batch = await server.request('GET', `/api/conversations?ids=${id}`);
    assert.deepEqual(batch.body, [null]);
  });

  test('pause, run and the setting routes answer 404 for unknown ids', async () => {
    const unknown = newConversationId();
    assert.equal((await server.request('POST', `/api/conversations/${unknown}/pause`)).status, 404);
    assert.equal((await server.request('POST', `/api/conversations/${unknown}/run`)).status, 404);
    assert.equal((await server.request('POST', `/api/conversations/${unknown}/secrets`, { body: { secrets: {} } })).status, 404);
    assert.equal((await server.request('POST', `/api/conversations/${unknown}/confirmation_policy`, { body: { policy: { kind: 'AlwaysConfirm' } } })).status, 404);
    assert.equal((await server.request('POST', `/api/conversations/${unknown}/security_analyzer`, { body: { security_analyzer: null } })).status, 404);
    const events = await server.request('POST', `/api/conversations/${unknown}/events`, { body: { content: [] } });
    assert.equal(events.status, 404);
    assert.equal(events.body.detail, `Conversation not found: ${unknown}`);
  });
});

describe('conversation search and count', () => {
  let server: TestServer;
  const ids: string[] = [];
  before(async () => {
    server = await startServer();
    for (let index = 0; index < 7; index++) {
      const created = await server.request('POST', '/api/conversations', { body: conversationBody() });
      ids.push(created.body.id);
    }
    await server.request('POST', `/api/conversations/${ids[2]}/pause`);
    await server.request('POST', `/api/conversations/${ids[5]}/pause`);
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  async function collect(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const seen: string[] = [];
    let pageId: string | null = null;
    let pages = 0;
    do {
      const response: { status: number; body: any } = await server.request('GET', `/api/conversations/search?limit=${limit}${query}${pageId ? `&page_id=${pageId}` : ''}`);
      assert.equal(response.status, 200);
      seen.push(...response.body.items.map((item: { id: string }) => item.id));
      pageId = response.body.next_page_id;
      if (pageId !== null) assert.match(pageId, /^[0-9a-f]{32}$/);
      pages++;
    } while (pageId !== null);
    return { ids: seen, pages };
  }

  test('default order is newest first and pages cover every conversation once', async () => {
    const { ids: seen, pages } = await collect('', 3);
    assert.deepEqual(seen, [...ids].reverse());
    assert.equal(pages, 3);
  });

  test('CREATED_AT ascending, and the cursor is the first item of the next page', async () => {
    const first = await server.request('GET', '/api/conversations/search?limit=2&sort_order=CREATED_AT');
    assert.deepEqual(first.body.items.map((item: { id: string }) => item.id), ids.slice(0, 2));
    assert.equal(first.body.next_page_id, ids[2].replace(/-/g, ''));
    const { ids: seen } = await collect('&sort_order=CREATED_AT', 4);
    assert.deepEqual(seen, ids);
  });

  test('UPDATED_AT orders follow the last change', async () => {
    const { ids: seen } = await collect('&sort_order=UPDATED_AT_DESC', 100);
    assert.deepEqual(seen.slice(0, 2), [ids[5], ids[2]]);
    const ascending = await collect('&sort_order=UPDATED_AT', 100);
    assert.deepEqual(ascending.ids.slice(-2), [ids[2], ids[5]]);
  });

  test('status filter applies before paging, and count agrees', async () => {
    const { ids: paused } = await collect('&status=paused', 1);
    assert.deepEqual(new Set(paused), new Set([ids[2], ids[5]]));
    const count = await server.request('GET', '/api/conversations/count?status=paused');
    assert.equal(count.body, 2);
    const all = await server.request('GET', '/api/conversations/count');
    assert.equal(all.body, 7);
    assert.equal(all.headers.get('content-type')?.startsWith('application/json'), true);
  });

  test('search pages show every change: title, status and secrets (no stale rendering)', async () => {
    const id = ids[0];
    const find = async () => {
      const page = await server.request('GET', '/api/conversations/search?limit=100');
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /application\/json/);
      return page.body.items.find((item: { id: string }) => item.id === id);
    };
    const before = await find();
    assert.equal(before.title, null);
    assert.deepEqual(before, (await server.request('GET', `/api/conversations/${id}`)).body);
    await server.request('PATCH', `/api/conversations/${id}`, { body: { title: 'Renamed' } });
    assert.equal((await find()).title, 'Renamed');
    await server.request('POST', `/api/conversations/${id}/secrets`, { body: { secrets: { LATE: 'late-secret-value' } } });
    const withSecret = await find();
    assert.deepEqual(Object.keys(withSecret.secret_registry.secret_sources), ['LATE']);
    assert.equal(withSecret.secret_registry.secret_sources.LATE.value, '**********');
    await server.request('POST', `/api/conversations/${id}/pause`);
    const paused = await find();
    assert.equal(paused.execution_status, 'paused');
    assert.deepEqual(paused, (await server.request('GET', `/api/conversations/${id}`)).body);
  });

  test('an unknown page_id restarts from the first item; limit out of range is 422', async () => {
    const response = await server.request('GET', `/api/conversations/search?limit=2&page_id=${'0'.repeat(32)}`);
    assert.deepEqual(response.body.items.map((item: { id: string }) => item.id), [ids[6], ids[5]]);
    for (const limit of ['0', '101', '-1', 'abc']) {
      const bad = await server.request('GET', `/api/conversations/search?limit=${limit}`);
      assert.equal(bad.status, 422, limit);
      assert.deepEqual(bad.body.detail[0].loc, ['query', 'limit']);
    }
    const badStatus = await server.request('GET', '/api/conversations/search?status=sleeping');
    assert.equal(badStatus.status, 422);
    assert.equal(badStatus.body.detail[0].type, 'enum');
  });
});
