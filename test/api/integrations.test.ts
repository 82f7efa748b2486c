import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withServer } from '../support/with-server.js';

describe('VSCode and desktop integrations', () => {
  test('disabled by default: the URLs are 503 with the rewritten body, the status says disabled', () =>
    withServer(async (server) => {
      const vscode = await server.request('GET', '/api/vscode/url');
      assert.equal(vscode.status, 503);
      assert.deepEqual(vscode.body, {
        detail: 'Internal Server Error',
        exception: '503: VSCode is disabled in configuration. Set enable_vscode=true to enable.',
      });
      const status = await server.request('GET', '/api/vscode/status');
      assert.equal(status.status, 200);
      assert.deepEqual(status.body, { running: false, enabled: false, message: 'VSCode is disabled in configuration' });
      const desktop = await server.request('GET', '/api/desktop/url?base_url=http://example.test');
      assert.equal(desktop.status, 503);
      assert.deepEqual(desktop.body, {
        detail: 'Internal Server Error',
        exception: '503: Desktop is disabled in configuration. Set enable_vnc=true to enable.',
      });
    }));

  test('switched on without the programs: VSCode gives its tokened URL, the desktop is never running', () =>
    withServer(async (server) => {
      const defaults = await server.request('GET', '/api/vscode/url');
      assert.deepEqual(defaults.body, { url: 'http://localhost:8001/?tkn=k1&folder=workspace' });
      const custom = await server.request('GET', '/api/vscode/url?base_url=http://host:9000&workspace_dir=/srv/project');
      assert.deepEqual(custom.body, { url: 'http://host:9000/?tkn=k1&folder=/srv/project' });
      assert.deepEqual((await server.request('GET', '/api/vscode/status')).body, { running: false, enabled: true });
      assert.deepEqual((await server.request('GET', '/api/desktop/url')).body, { url: null });
    }, { enableVscode: true, enableVnc: true, sessionApiKeys: ['k1'] }));

  test('with session keys the routes need the key', () =>
    withServer(async (server) => {
      for (const route of ['/api/vscode/url', '/api/vscode/status', '/api/desktop/url']) {
        const response = await server.request('GET', route, { key: null });
        assert.equal(response.status, 401, route);
      }
      assert.equal((await server.request('GET', '/api/vscode/status', { key: 'k1' })).status, 200);
    }, { sessionApiKeys: ['k1'] }));

  test('the OpenAPI document lists the workspace routes with the contract paths', () =>
    withServer(async (server) => {
      const document = (await server.request('GET', '/openapi.json')).body;
      const expected: [string, string][] = [
        ['/api/bash/bash_events/search', 'get'],
        ['/api/bash/bash_events/{event_id}', 'get'],
        ['/api/bash/bash_events/', 'get'],
        ['/api/bash/start_bash_command', 'post'],
        ['/api/bash/execute_bash_command', 'post'],
        ['/api/bash/bash_events', 'delete'],
        ['/api/git/changes/{path}', 'get'],
        ['/api/git/diff/{path}', 'get'],
        ['/api/file/upload/{path}', 'post'],
        ['/api/file/download/{path}', 'get'],
        ['/api/file/download-trajectory/{conversation_id}', 'get'],
        ['/api/vscode/url', 'get'],
        ['/api/vscode/status', 'get'],
        ['/api/desktop/url', 'get'],
      ];
      for (const [route, method] of expected) assert.ok(document.paths[route]?.[method], `${method} ${route} is missing`);
      const wildcards = Object.keys(document.paths).filter((route) => route.includes('*'));
      assert.deepEqual(wildcards, []);
      const upload = document.paths['/api/file/upload/{path}'].post;
      assert.deepEqual(upload.parameters.map((parameter: any) => [parameter.in, parameter.name]), [['path', 'path']]);
      const uploadBody = upload.requestBody.content['multipart/form-data'].schema;
      const resolved = uploadBody.$ref ? document.components.schemas[uploadBody.$ref.split('/').at(-1)] : uploadBody;
      assert.deepEqual(resolved.required, ['file']);
      const batch = document.paths['/api/bash/bash_events/'].get;
      assert.equal(batch.requestBody.content['application/json'].schema.type, 'array');
      const search = document.paths['/api/bash/bash_events/search'].get;
      assert.ok(search.parameters.every((parameter: any) => parameter.required === false));
    }));
});
