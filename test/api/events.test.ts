import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conversationBody, newConversationId } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';
import { unavailableRuntime } from '../../src/conversation/unavailable-runtime.js';

// These tests are about the event log and its streams, not the agent: no SystemPromptEvent at creation.
const NO_AGENT = { runtime: unavailableRuntime };

describe('events router', () => {
  let server: TestServer;
  let id: string;
  const texts = ['first Apple', 'second banana', 'third APPLE pie', 'fourth', 'fifth apple'];

  before(async () => {
    server = await startServer({ overrides: NO_AGENT });
    const created = await server.request('POST', '/api/conversations', { body: conversationBody() });
    id = created.body.id;
    for (const text of texts) {
      const sent = await server.request('POST', `/api/conversations/${id}/events`, { body: { role: 'user', content: [{ type: 'text', text }] } });
      assert.equal(sent.status, 200);
      assert.deepEqual(sent.body, { success: true });
    }
    await server.request('POST', `/api/conversations/${id}/pause`);
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  async function all(query = ''): Promise<any[]> {
    const response = await server.request('GET', `/api/conversations/${id}/events/search?limit=100${query}`);
    assert.equal(response.status, 200);
    return response.body.items;
  }

  test('events carry the common fields, strictly increasing timestamps, and come back in log order', async () => {
    const events = await all();
    assert.deepEqual(events.map((event) => event.kind), [
      'MessageEvent', 'MessageEvent', 'MessageEvent', 'MessageEvent', 'MessageEvent', 'ConversationStateUpdateEvent', 'PauseEvent',
    ]);
    for (const event of events) {
      assert.deepEqual(Object.keys(event).slice(0, 4), ['kind', 'id', 'timestamp', 'source']);
      assert.match(event.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    }
    for (let index = 1; index < events.length; index++) assert.ok(events[index].timestamp > events[index - 1].timestamp);
    const update = events[5];
    assert.equal(update.key, 'execution_status');
    assert.equal(update.value, 'paused');
    assert.equal(events[6].source, 'user');
  });

  test('descending order reverses; pages chain without overlap through next_page_id', async () => {
    const ascending = await all();
    const descending = await all('&sort_order=TIMESTAMP_DESC');
    assert.deepEqual(descending.map((event) => event.id), ascending.map((event) => event.id).reverse());
    const seen: string[] = [];
    let pageId: string | null = null;
    do {
      const response: { body: any } = await server.request('GET', `/api/conversations/${id}/events/search?limit=3${pageId ? `&page_id=${pageId}` : ''}`);
      seen.push(...response.body.items.map((event: { id: string }) => event.id));
      pageId = response.body.next_page_id;
      if (pageId) assert.equal(pageId, ascending[seen.length].id);
    } while (pageId);
    assert.deepEqual(seen, ascending.map((event) => event.id));
    const exact = await server.request('GET', `/api/conversations/${id}/events/search?limit=7`);
    assert.equal(exact.body.next_page_id, null);
    const unknownCursor = await server.request('GET', `/api/conversations/${id}/events/search?limit=2&page_id=nope`);
    assert.deepEqual(unknownCursor.body.items.map((event: { id: string }) => event.id), seen.slice(0, 2));
  });

  test('page_id is looked up among the filtered events; one the filter excludes restarts from the top', async () => {
    const events = await all();
    const textOf = (event: any) => event.llm_message.content[0].text;
    const page = async (query: string) => {
      const response = await server.request('GET', `/api/conversations/${id}/events/search?${query}`);
      assert.equal(response.status, 200);
      return { texts: response.body.items.map(textOf), next: response.body.next_page_id };
    };
    // A cursor that matches the filter positions the page as usual.
    assert.deepEqual(await page(`body=apple&limit=1&page_id=${events[2].id}`), { texts: ['third APPLE pie'], next: events[4].id });
    // 'second banana' exists but is filtered out: paging restarts at the first apple, in both orders.
    assert.deepEqual(await page(`body=apple&limit=2&page_id=${events[1].id}`), { texts: ['first Apple', 'third APPLE pie'], next: events[4].id });
    assert.deepEqual(await page(`body=apple&sort_order=TIMESTAMP_DESC&page_id=${events[3].id}`), { texts: ['fifth apple', 'third APPLE pie', 'first Apple'], next: null });
    // The PauseEvent comes after every message; as a cursor for MessageEvents it must not empty the page.
    assert.deepEqual((await page(`kind=MessageEvent&limit=2&page_id=${events[6].id}`)).texts, ['first Apple', 'second banana']);
  });

  test('kind filter takes short and fully-qualified names; source and body filters; count agrees', async () => {
    assert.equal((await all('&kind=PauseEvent')).length, 1);
    assert.equal((await all('&kind=openhands.sdk.event.user_action.PauseEvent')).length, 1);
    assert.equal((await all('&kind=openhands.sdk.event.llm_convertible.message.MessageEvent')).length, 5);
    assert.equal((await all('&source=environment')).length, 1);
    const apples = await all('&body=apple');
    assert.deepEqual(apples.map((event) => event.llm_message.content[0].text), ['first Apple', 'third APPLE pie', 'fifth apple']);
    assert.equal((await all('&body=')).length, 5);
    const count = await server.request('GET', `/api/conversations/${id}/events/count?body=APPLE`);
    assert.equal(count.body, 3);
    assert.equal((await server.request('GET', `/api/conversations/${id}/events/count`)).body, 7);
    assert.equal((await server.request('GET', `/api/conversations/${id}/events/count?kind=MessageEvent&source=user`)).body, 5);
  });

  test('timestamp filters: naive local and offset spellings of the same instant agree', async () => {
    const events = await all();
    const third = events[2].timestamp as string;
    const fromThird = await all(`&timestamp__gte=${third}`);
    assert.equal(fromThird.length, 5);
    const beforeThird = await all(`&timestamp__lt=${third}`);
    assert.equal(beforeThird.length, 2);
    // The same instant written in UTC with an explicit offset.
    const local = new Date(third.slice(0, 23));
    const utcSpelling = `${local.toISOString().slice(0, 23)}${third.slice(23, 26)}+00:00`;
    assert.equal((await all(`&timestamp__gte=${encodeURIComponent(utcSpelling)}`)).length, 5);
    const bad = await server.request('GET', `/api/conversations/${id}/events/search?timestamp__gte=yesterday`);
    assert.equal(bad.status, 422);
  });

  test('timestamp filters also take a date alone and a Unix timestamp, and refuse impossible dates', async () => {
    assert.equal((await all('&timestamp__gte=2000-01-01')).length, 7);
    assert.equal((await all('&timestamp__lt=2000-01-01')).length, 0);
    const thirdInstant = Math.floor(new Date((await all())[2].timestamp.slice(0, 23)).getTime() / 1000);
    assert.equal((await all(`&timestamp__lt=${thirdInstant - 3600}`)).length, 0);
    assert.equal((await all(`&timestamp__gte=${thirdInstant - 3600}`)).length, 7);
    for (const impossible of ['2025-13-45T99:99:00', '2025-02-30T10:00:00']) {
      const response = await server.request('GET', `/api/conversations/${id}/events/search?timestamp__gte=${impossible}`);
      assert.equal(response.status, 422, impossible);
      assert.equal(response.body.detail[0].type, 'datetime_from_date_parsing');
    }
    const bash = await server.request('GET', '/api/bash/bash_events/search?timestamp__gte=2025-13-45T99:99:00');
    assert.equal(bash.status, 422);
  });

  test('get by id, 404 for an unknown event, batch get with null', async () => {
    const events = await all();
    const one = await server.request('GET', `/api/conversations/${id}/events/${events[1].id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, events[1]);
    const missing = await server.request('GET', `/api/conversations/${id}/events/no-such-event`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { detail: 'Not Found' });
    const batch = await server.request('GET', `/api/conversations/${id}/events`, { body: [events[0].id, 'missing', events[3].id] });
    assert.equal(batch.status, 200);
    assert.deepEqual(batch.body, [events[0], null, events[3]]);
    const notArray = await server.request('GET', `/api/conversations/${id}/events`, { body: { ids: [] } });
    assert.equal(notArray.status, 422);
    const noBody = await server.request('GET', `/api/conversations/${id}/events`);
    assert.equal(noBody.status, 422);
  });

  test('send message validation: role enum, content must be a list, non-user roles refused', async () => {
    const before = (await server.request('GET', `/api/conversations/${id}/events/count`)).body;
    const badRole = await server.request('POST', `/api/conversations/${id}/events`, { body: { role: 'invalid_role', content: [] } });
    assert.equal(badRole.status, 422);
    const stringContent = await server.request('POST', `/api/conversations/${id}/events`, { body: { role: 'user', content: 'hello' } });
    assert.equal(stringContent.status, 422);
    const assistant = await server.request('POST', `/api/conversations/${id}/events`, { body: { role: 'assistant', content: [] } });
    assert.equal(assistant.status, 422);
    assert.equal((await server.request('GET', `/api/conversations/${id}/events/count`)).body, before);
  });

  test('unknown conversation is 404 on every event route, even with an invalid body', async () => {
    const unknown = newConversationId();
    for (const [method, path, body] of [
      ['GET', '/events/search', undefined],
      ['GET', '/events/count', undefined],
      ['GET', '/events/x', undefined],
      ['POST', '/events', { role: 'bogus' }],
      ['POST', '/events/respond_to_confirmation', {}],
    ] as const) {
      const response = await server.request(method, `/api/conversations/${unknown}${path}`, { body });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.body.detail, `Conversation not found: ${unknown}`);
    }
    const badId = await server.request('GET', '/api/conversations/not-a-uuid/events/search');
    assert.equal(badId.status, 422);
    assert.equal(badId.body.detail[0].type, 'uuid_parsing');
    assert.deepEqual(badId.body.detail[0].loc, ['path', 'conversation_id']);
  });
});
