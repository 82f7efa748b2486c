import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';

describe('server details', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ config: { sessionApiKeys: ['k1'] } });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('/alive, /health, /server_info and / need no key', async () => {
    const alive = await server.request('GET', '/alive', { key: null });
    assert.deepEqual([alive.status, alive.body], [200, { status: 'ok' }]);
    const health = await server.request('GET', '/health', { key: null });
    assert.equal(health.status, 200);
    assert.equal(health.text, '"OK"');
    assert.match(health.headers.get('content-type') ?? '', /application\/json/);
    for (const path of ['/server_info', '/']) {
      const info = await server.request('GET', path, { key: null });
      assert.equal(info.status, 200);
      assert.deepEqual(Object.keys(info.body), ['uptime', 'idle_time', 'title', 'version', 'docs', 'redoc']);
      assert.equal(info.body.title, 'OpenHands Agent Server');
      assert.equal(typeof info.body.uptime, 'number');
      assert.equal(info.body.docs, '/docs');
    }
  });

  test('/docs is an HTML page naming the server and /openapi.json is the generated document', async () => {
    const docs = await server.request('GET', '/docs', { key: null });
    assert.equal(docs.status, 200);
    assert.match(docs.text, /OpenHands Agent Server/);
    const openapi = await server.request('GET', '/openapi.json', { key: null });
    assert.equal(openapi.status, 200);
    assert.equal(openapi.body.info.title, 'OpenHands Agent Server');
    assert.ok(openapi.body.paths['/api/conversations/{conversation_id}']);
    assert.equal(openapi.body.paths['/sockets/events/{conversation_id}'], undefined);
  });

  test('unknown paths are 404, wrong methods 405 with Allow, the other trailing-slash spelling 307', async () => {
    const missing = await server.request('GET', '/nope', { key: null });
    assert.deepEqual([missing.status, missing.body], [404, { detail: 'Not Found' }]);
    const wrongMethod = await server.request('PUT', '/api/conversations/search', { key: 'k1' });
    assert.equal(wrongMethod.status, 405);
    assert.deepEqual(wrongMethod.body, { detail: 'Method Not Allowed' });
    assert.match(wrongMethod.headers.get('allow') ?? '', /GET/);
    const slash = await server.request('GET', '/api/conversations/search/?limit=5', { key: null });
    assert.equal(slash.status, 307);
    assert.equal(slash.headers.get('location'), '/api/conversations/search?limit=5');
  });
});
