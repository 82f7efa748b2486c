import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conversationBody, newConversationId } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';

describe('authentication', () => {
  let server: TestServer;
  const keys = ['first-key', 'Second-Key_with.-_@#$'];
  before(async () => {
    server = await startServer({ config: { sessionApiKeys: keys } });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('every /api route needs a configured key; 401 body has no WWW-Authenticate', async () => {
    for (const [method, path] of [
      ['GET', '/api/conversations/search'],
      ['GET', '/api/conversations/count'],
      ['POST', '/api/conversations'],
      ['GET', `/api/conversations/${newConversationId()}`],
      ['GET', `/api/conversations/${newConversationId()}/events/search`],
    ]) {
      for (const key of [null, 'wrong', 'FIRST-KEY']) {
        const response = await server.request(method, path, { key, body: method === 'POST' ? conversationBody() : undefined });
        assert.equal(response.status, 401, `${method} ${path} with ${key}`);
        assert.deepEqual(response.body, { detail: 'Unauthorized' });
        assert.equal(response.headers.get('www-authenticate'), null);
      }
    }
  });

  test('any configured key works; the header name is case-insensitive', async () => {
    for (const key of keys) {
      const response = await server.request('GET', '/api/conversations/count', { key: null, headers: { 'X-SESSION-API-KEY': key } });
      assert.equal(response.status, 200, key);
    }
  });

  test('authentication comes before validation, malformed JSON before authentication', async () => {
    const invalid = await server.request('GET', '/api/conversations/search?limit=0', { key: null });
    assert.equal(invalid.status, 401);
    const malformed = await server.request('POST', '/api/conversations', { key: null, rawBody: '{"agent": ' });
    assert.equal(malformed.status, 422);
    assert.equal(malformed.body.detail[0].type, 'json_invalid');
  });

  test('with several keys, a conversation belongs to the key that created it', async () => {
    const created = await server.request('POST', '/api/conversations', { key: keys[0], body: conversationBody() });
    const id = created.body.id;
    assert.equal((await server.request('GET', `/api/conversations/${id}`, { key: keys[1] })).status, 404);
    assert.equal((await server.request('PATCH', `/api/conversations/${id}`, { key: keys[1], body: { title: 'mine' } })).status, 404);
    assert.equal((await server.request('DELETE', `/api/conversations/${id}`, { key: keys[1] })).status, 404);
    const searchOther = await server.request('GET', '/api/conversations/search', { key: keys[1] });
    assert.equal(searchOther.body.items.some((item: { id: string }) => item.id === id), false);
    assert.equal((await server.request('GET', `/api/conversations/${id}`, { key: keys[0] })).status, 200);
  });

  test('CORS: localhost origins are allowed by default, others are not, pre-flight is never 401', async () => {
    const preflight = await server.request('OPTIONS', '/api/conversations', {
      key: null,
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-session-api-key' },
    });
    assert.notEqual(preflight.status, 401);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    const simple = await server.request('GET', '/alive', { key: null, headers: { origin: 'http://127.0.0.1:5173' } });
    assert.equal(simple.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');
    const foreign = await server.request('GET', '/alive', { key: null, headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const refused = await server.request('OPTIONS', '/api/conversations', {
      key: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.deepEqual([refused.status, refused.body], [400, { detail: 'Disallowed CORS origin' }]);
  });
});

describe('configured CORS origins', () => {
  test('only the listed origins are allowed once a list is configured', async () => {
    const server = await startServer({ config: { allowCorsOrigins: ['https://app.example'] } });
    try {
      const listed = await server.request('GET', '/alive', { headers: { origin: 'https://app.example' } });
      assert.equal(listed.headers.get('access-control-allow-origin'), 'https://app.example');
      const localhost = await server.request('GET', '/alive', { headers: { origin: 'http://localhost:3000' } });
      assert.equal(localhost.headers.get('access-control-allow-origin'), null);
    } finally {
      await server.close({ removeData: true });
    }
  });
});

describe('bad input', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ config: { maxBodyBytes: 64 * 1024 } });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('validation failures are 422 in the FastAPI shape and change nothing', async () => {
    const cases: [string, string, unknown, string, (string | number)[]][] = [
      ['POST', '/api/conversations', { invalid: 'data' }, 'missing', ['body', 'agent']],
      ['POST', '/api/conversations', { ...conversationBody(), confirmation_policy: { kind: 'Nope' } }, 'value_error', ['body', 'confirmation_policy']],
      ['POST', '/api/conversations', { ...conversationBody(), confirmation_policy: {} }, 'missing', ['body', 'confirmation_policy', 'kind']],
      ['POST', '/api/conversations', { ...conversationBody(), max_iterations: 0 }, 'greater_than_equal', ['body', 'max_iterations']],
      ['POST', '/api/conversations', { ...conversationBody(), conversation_id: 'not-a-uuid' }, 'string_pattern_mismatch', ['body', 'conversation_id']],
      ['POST', '/api/conversations', { agent: { llm: { model: 'x', bogus: 1 } }, workspace: { working_dir: '/tmp' } }, 'extra_forbidden', ['body', 'agent', 'llm', 'bogus']],
      ['GET', '/api/conversations/not-a-uuid', undefined, 'uuid_parsing', ['path', 'conversation_id']],
      ['GET', '/api/conversations?ids=nope', undefined, 'uuid_parsing', ['query', 'ids', 0]],
      ['GET', '/api/conversations', undefined, 'missing', ['query', 'ids']],
      ['GET', '/api/conversations/search?limit=101', undefined, 'less_than_equal', ['query', 'limit']],
      ['GET', '/api/conversations/search?limit=0', undefined, 'greater_than', ['query', 'limit']],
    ];
    for (const [method, path, body, type, loc] of cases) {
      const response = await server.request(method, path, { body });
      assert.equal(response.status, 422, `${method} ${path} ${JSON.stringify(body)}`);
      assert.ok(Array.isArray(response.body.detail));
      assert.equal(response.body.detail[0].type, type, JSON.stringify(response.body));
      assert.deepEqual(response.body.detail[0].loc, loc);
      assert.equal(typeof response.body.detail[0].msg, 'string');
    }
    const unknownKind = await server.request('POST', '/api/conversations', { body: { ...conversationBody(), confirmation_policy: { kind: 'Nope' } } });
    assert.match(unknownKind.body.detail[0].msg, /Unexpected kind 'Nope' for ConfirmationPolicyBase\. Expected one of: AlwaysConfirm, ConfirmRisky, NeverConfirm/);
    assert.equal((await server.request('GET', '/api/conversations/count')).body, 0);
  });

  test('JSON bodies are not coerced: a number or boolean where text belongs is 422 string_type, a scalar is not a list', async () => {
    const created = await server.request('POST', '/api/conversations', { body: conversationBody() });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const cases: [string, string, unknown, string, (string | number)[], unknown][] = [
      ['PATCH', `/api/conversations/${id}`, { title: 123 }, 'string_type', ['body', 'title'], 123],
      ['PATCH', `/api/conversations/${id}`, { title: true }, 'string_type', ['body', 'title'], true],
      ['POST', `/api/conversations/${id}/events`, { role: 'user', content: [{ type: 'text', text: 42 }] }, 'string_type', ['body', 'content', 0, 'text'], 42],
      ['POST', '/api/bash/execute_bash_command', { command: 123 }, 'string_type', ['body', 'command'], 123],
      ['POST', '/api/conversations', { ...conversationBody(), workspace: { working_dir: 5 } }, 'string_type', ['body', 'workspace', 'working_dir'], 5],
      ['GET', `/api/conversations/${id}/events`, 'abc', 'list_type', ['body'], 'abc'],
    ];
    for (const [method, path, body, type, loc, input] of cases) {
      const response = await server.request(method, path, { body });
      assert.equal(response.status, 422, `${method} ${path} ${JSON.stringify(body)}: ${response.text}`);
      assert.deepEqual([response.body.detail[0].type, response.body.detail[0].loc, response.body.detail[0].input], [type, loc, input]);
    }
    assert.equal((await server.request('GET', `/api/conversations/${id}`)).body.title, null, 'nothing was changed');
    assert.equal((await server.request('GET', '/api/conversations/count')).body, 1);
    assert.equal((await server.request('DELETE', `/api/conversations/${id}`)).status, 200);
  });

  test('a 422 echoes the body as it was sent, without the defaults the server fills in', async () => {
    const missing = await server.request('POST', '/api/conversations', { body: { invalid: 'data' } });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.detail[0].input, { invalid: 'data' });
    const bash = await server.request('POST', '/api/bash/execute_bash_command', { body: { cwd: '/tmp' } });
    assert.deepEqual([bash.body.detail[0].type, bash.body.detail[0].input], ['missing', { cwd: '/tmp' }]);
  });

  test('malformed JSON is 422 json_invalid; a body over the limit is 413; the server stays healthy', async () => {
    const malformed = await server.request('POST', '/api/conversations', { rawBody: '{"agent": {' });
    assert.equal(malformed.status, 422);
    assert.equal(malformed.body.detail[0].type, 'json_invalid');
    assert.equal(malformed.body.detail[0].loc[0], 'body');
    const huge = await server.request('POST', '/api/conversations', { rawBody: JSON.stringify({ padding: 'x'.repeat(100 * 1024) }) });
    assert.equal(huge.status, 413);
    assert.equal(typeof huge.body.detail, 'string');
    assert.equal((await server.request('GET', '/health')).status, 200);
    assert.equal((await server.request('GET', '/api/conversations/count')).body, 0);
  });
});
