import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

describe('static files', () => {
  test('with a static directory, / redirects to the app and /static serves files, never outside it', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'oh-static-'));
    writeFileSync(path.join(directory, 'index.html'), '<h1>app</h1>');
    mkdirSync(path.join(directory, 'css'));
    writeFileSync(path.join(directory, 'css', 'site.css'), 'body {}');
    writeFileSync(path.join(path.dirname(directory), 'outside-static.txt'), 'secret');
    const server = await startServer({ config: { staticFilesPath: directory, sessionApiKeys: ['k1'] } });
    try {
      const root = await server.request('GET', '/', { key: null });
      assert.equal(root.status, 302);
      assert.equal(root.headers.get('location'), '/static/index.html');
      const page = await server.request('GET', '/static/index.html', { key: null });
      assert.equal(page.status, 200);
      assert.equal(page.text, '<h1>app</h1>');
      assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
      const css = await server.request('GET', '/static/css/site.css', { key: null });
      assert.deepEqual([css.status, css.headers.get('content-type')], [200, 'text/css; charset=utf-8']);
      for (const missing of ['/static/', '/static/css', '/static/nope.js', '/static/..%2Foutside-static.txt', '/static/../outside-static.txt']) {
        assert.equal((await server.request('GET', missing, { key: null })).status, 404, missing);
      }
    } finally {
      await server.close({ removeData: true });
    }
  });

  test('the static path is percent-decoded exactly once', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'oh-static-'));
    writeFileSync(path.join(directory, 'a b.txt'), 'space');
    writeFileSync(path.join(directory, 'a%20b.txt'), 'percent-twenty');
    writeFileSync(path.join(directory, '100%.txt'), 'percent');
    const server = await startServer({ config: { staticFilesPath: directory } });
    try {
      const served = async (url: string) => {
        const response = await server.request('GET', url, { key: null });
        return [response.status, response.text];
      };
      assert.deepEqual(await served('/static/a%20b.txt'), [200, 'space']);
      assert.deepEqual(await served('/static/a%2520b.txt'), [200, 'percent-twenty']);
      assert.deepEqual(await served('/static/100%25.txt'), [200, 'percent']);
      // Decoded once this is `%`, a file that does not exist: 404, not a decoding failure.
      assert.equal((await server.request('GET', '/static/%25', { key: null })).status, 404);
      const head = await server.request('HEAD', '/static/a%20b.txt', { key: null });
      assert.deepEqual([head.status, head.text, head.headers.get('content-length')], [200, '', '5']);
    } finally {
      await server.close({ removeData: true });
    }
  });

  test('without index.html / redirects to /static/; a missing directory keeps / as server info', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'oh-static-'));
    const server = await startServer({ config: { staticFilesPath: directory } });
    try {
      assert.equal((await server.request('GET', '/')).headers.get('location'), '/static/');
    } finally {
      await server.close({ removeData: true });
    }
    const absent = await startServer({ config: { staticFilesPath: path.join(directory, 'absent') } });
    try {
      const root = await absent.request('GET', '/');
      assert.equal(root.status, 200);
      assert.equal(root.body.title, 'OpenHands Agent Server');
    } finally {
      await absent.close({ removeData: true });
    }
  });
});
