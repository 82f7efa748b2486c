import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { conversationBody, workspaceDir } from '../support/fixtures.js';
import type { TestServer } from '../support/server.js';
import { unzip } from '../support/unzip.js';
import { withServer } from '../support/with-server.js';

/** Every byte value, many times over: more than one read and write chunk. */
function allByteValues(repeat = 1200): Buffer {
  const block = Buffer.alloc(256);
  for (let value = 0; value < 256; value++) block[value] = value;
  return Buffer.concat(new Array(repeat).fill(block));
}

async function upload(server: TestServer, target: string, content: Buffer, extraFields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(extraFields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(content)]), path.basename(target));
  const response = await fetch(`${server.url}/api/file/upload/${target}`, { method: 'POST', body: form, headers });
  return { status: response.status, body: await response.json() };
}

async function download(server: TestServer, urlPath: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${server.url}${urlPath}`);
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('file upload and download', () => {
  test('an upload creates missing directories and a download gives back the exact bytes', () =>
    withServer(async (server) => {
      const target = path.join(workspaceDir(), 'new', 'nested', 'data.bin');
      const content = allByteValues();
      const uploaded = await upload(server, target, content, { destination_path: '/ignored' });
      assert.equal(uploaded.status, 200);
      assert.deepEqual(uploaded.body, { success: true });
      assert.ok((await readFile(target)).equals(content));

      const downloaded = await download(server, `/api/file/download/${target}`);
      assert.equal(downloaded.status, 200);
      assert.ok(downloaded.bytes.equals(content));
      assert.equal(downloaded.headers.get('content-type'), 'application/octet-stream');
      assert.equal(downloaded.headers.get('content-disposition'), 'attachment; filename="data.bin"');
      assert.equal(downloaded.headers.get('content-length'), String(content.length));
      assert.equal(downloaded.headers.get('last-modified'), (await stat(target)).mtime.toUTCString());
      assert.ok(downloaded.headers.get('etag'));
    }));

  test('an upload replaces an existing file, keeping its mode', () =>
    withServer(async (server) => {
      const target = path.join(workspaceDir(), 'script.sh');
      await writeFile(target, 'old content that is longer than the new one', { mode: 0o755 });
      assert.equal((await upload(server, target, Buffer.from('echo new\n'))).status, 200);
      assert.equal(await readFile(target, 'utf8'), 'echo new\n');
      assert.equal((await stat(target)).mode & 0o777, 0o755);
    }));

  test('percent-encoded and non-ASCII names round-trip; the download names them with RFC 5987', () =>
    withServer(async (server) => {
      const directory = workspaceDir();
      const target = path.join(directory, 'résumé v1.txt');
      const form = new FormData();
      form.append('file', new Blob(['bonjour']), 'x.txt');
      const encoded = `/api/file/upload/${directory}/r%C3%A9sum%C3%A9%20v1.txt`;
      const response = await fetch(`${server.url}${encoded}`, { method: 'POST', body: form });
      assert.equal(response.status, 200);
      assert.equal(await readFile(target, 'utf8'), 'bonjour');
      const downloaded = await download(server, `/api/file/download/${directory}/r%C3%A9sum%C3%A9%20v1.txt`);
      assert.equal(downloaded.bytes.toString(), 'bonjour');
      assert.equal(downloaded.headers.get('content-disposition'), "attachment; filename=\"r_sum_ v1.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20v1.txt");
    }));

  test('dot segments are resolved against the named path before use', () =>
    withServer(async (server) => {
      const directory = workspaceDir();
      await mkdir(path.join(directory, 'sub'));
      await writeFile(path.join(directory, 'top.txt'), 'top');
      // node:http sends the path as written; a browser would have resolved the dots itself.
      const response = await server.request('GET', `/api/file/download/${directory}/sub/../top.txt`);
      assert.equal(response.status, 200);
      assert.equal(response.text, 'top');
    }));

  test('relative paths are 400; missing files 404; directories 400', () =>
    withServer(async (server) => {
      const relativeUpload = await upload(server, 'relative/file.txt', Buffer.from('x'));
      assert.equal(relativeUpload.status, 400);
      assert.deepEqual(relativeUpload.body, { detail: 'Path must be absolute' });
      const relativeDownload = await server.request('GET', '/api/file/download/relative/file.txt');
      assert.equal(relativeDownload.status, 400);
      assert.deepEqual(relativeDownload.body, { detail: 'Path must be absolute' });
      const directory = workspaceDir();
      const missing = await server.request('GET', `/api/file/download/${directory}/nothing-here.txt`);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { detail: 'File not found' });
      const underAFile = await server.request('GET', `/api/file/download/${directory}/nothing-here.txt/below`);
      assert.equal(underAFile.status, 404);
      const folder = await server.request('GET', `/api/file/download/${directory}`);
      assert.equal(folder.status, 400);
      assert.deepEqual(folder.body, { detail: 'Path is not a file' });
    }));

  test('an upload without a part named "file" is 422', () =>
    withServer(async (server) => {
      const form = new FormData();
      form.append('other', new Blob(['x']), 'x.txt');
      const target = path.join(workspaceDir(), 'never.txt');
      const response = await fetch(`${server.url}/api/file/upload/${target}`, { method: 'POST', body: form });
      assert.equal(response.status, 422);
      const body = await response.json();
      assert.deepEqual(body.detail[0].loc, ['body', 'file']);
      assert.equal(body.detail[0].type, 'missing');
      await assert.rejects(stat(target));
      const notMultipart = await server.request('POST', `/api/file/upload/${target}`, { body: { file: 'text' } });
      assert.equal(notMultipart.status, 422);
    }));

  test('a write that fails is a 500 naming the reason (parent is a file, target is a directory)', () =>
    withServer(async (server) => {
      const directory = workspaceDir();
      await writeFile(path.join(directory, 'plain.txt'), 'x');
      const underFile = await upload(server, path.join(directory, 'plain.txt', 'child.txt'), Buffer.from('y'));
      assert.equal(underFile.status, 500);
      assert.equal(underFile.body.detail, 'Internal Server Error');
      assert.match(underFile.body.exception, /^500: Failed to upload file: .*(ENOTDIR|EEXIST)/);
      const ontoDirectory = await upload(server, directory, Buffer.from('y'));
      assert.equal(ontoDirectory.status, 500);
      assert.match(ontoDirectory.body.exception, /^500: Failed to upload file: Is a directory/);
      // The server still takes uploads on the same connection pool afterwards.
      assert.equal((await upload(server, path.join(directory, 'after.txt'), Buffer.from('z'))).status, 200);
    }));

  test('with session keys, the key is checked before the path', () =>
    withServer(async (server) => {
      const withoutKey = await server.request('GET', '/api/file/download/test.txt', { key: null });
      assert.equal(withoutKey.status, 401);
      const withKey = await server.request('GET', '/api/file/download/test.txt', { key: 'k1' });
      assert.equal(withKey.status, 400);
      const uploadWithoutKey = await upload(server, path.join(workspaceDir(), 'a.txt'), Buffer.from('a'));
      assert.equal(uploadWithoutKey.status, 401);
      const target = path.join(workspaceDir(), 'b.txt');
      assert.equal((await upload(server, target, Buffer.from('b'), {}, { 'x-session-api-key': 'k1' })).status, 200);
    }, { sessionApiKeys: ['k1'] }));
});

describe('trajectory download', () => {
  const apiKey = 'sk-trajectory-secret-4242';

  test('the zip holds meta, base state and one file per event under the hex id, with secrets hidden', () =>
    withServer(async (server) => {
      const created = await server.request('POST', '/api/conversations', { body: conversationBody({ apiKey }) });
      assert.ok(created.status === 200 || created.status === 201, created.text);
      const conversationId: string = created.body.id;
      const hexId = conversationId.replace(/-/g, '');
      const messages = 130; // more than one page of archived events
      for (let index = 0; index < messages; index++) {
        const text = index === 0 ? `my key is ${apiKey}, "quoted"` : `message ${index}`;
        const sent = await server.request('POST', `/api/conversations/${conversationId}/events`, { body: { role: 'user', content: [{ type: 'text', text }] } });
        assert.equal(sent.status, 200, sent.text);
      }
      const events = [];
      let pageId: string | null = null;
      do {
        const page: any = (await server.request('GET', `/api/conversations/${conversationId}/events/search?limit=100${pageId ? `&page_id=${pageId}` : ''}`)).body;
        events.push(...page.items);
        pageId = page.next_page_id;
      } while (pageId);
      assert.ok(events.length >= messages);

      const response = await download(server, `/api/file/download-trajectory/${conversationId}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/octet-stream');
      assert.equal(response.headers.get('content-disposition'), `attachment; filename="${hexId}.zip"`);
      const entries = await unzip(response.bytes);
      const expectedNames = [
        `${hexId}/meta.json`,
        `${hexId}/base_state.json`,
        ...events.map((event, index) => `${hexId}/events/event-${String(index).padStart(5, '0')}-${event.id}.json`),
      ];
      assert.deepEqual([...entries.keys()], expectedNames);

      const meta = JSON.parse(entries.get(`${hexId}/meta.json`)!.toString());
      assert.equal(meta.id, conversationId);
      assert.equal(meta.agent.llm.api_key, '**********');
      const baseState = JSON.parse(entries.get(`${hexId}/base_state.json`)!.toString());
      assert.equal(baseState.id, conversationId);
      assert.equal(baseState.agent.llm.api_key, '**********');
      for (const [index, event] of events.entries()) {
        const archived = JSON.parse(entries.get(expectedNames[index + 2])!.toString());
        assert.deepEqual(archived, JSON.parse(JSON.stringify(event).split(apiKey).join('<secret-hidden>')));
      }
      const firstMessage = events.findIndex((event) => event.kind === 'MessageEvent');
      const archivedMessage = entries.get(expectedNames[firstMessage + 2])!.toString();
      assert.ok(archivedMessage.includes('my key is <secret-hidden>'), archivedMessage.slice(0, 400));
      for (const [name, bytes] of entries) assert.ok(!bytes.includes(apiKey), `${name} carries the secret`);
    }));

  test('an unknown conversation is 404; an id that is not a UUID is 422', () =>
    withServer(async (server) => {
      const unknown = await server.request('GET', `/api/file/download-trajectory/${'1'.repeat(32)}`);
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { detail: 'Not Found' });
      const invalid = await server.request('GET', '/api/file/download-trajectory/not-a-uuid');
      assert.equal(invalid.status, 422);
      assert.deepEqual(invalid.body.detail[0].loc, ['path', 'conversation_id']);
    }));
});
