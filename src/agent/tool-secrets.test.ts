import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SecretLookupError, ToolSecrets } from './tool-secrets.js';

describe('ToolSecrets', () => {
  let url = '';
  const seenHeaders: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    seenHeaders.push(request.headers['x-token'] as string | undefined);
    if (request.url === '/fail') {
      response.writeHead(500).end('nope');
      return;
    }
    response.end('looked-up-value');
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('only secrets whose name the command mentions are exported, case-insensitively', async () => {
    const secrets = new ToolSecrets({
      sources: () => ({ API_TOKEN: { kind: 'StaticSecret', value: 's3cr3t' }, OTHER: { kind: 'StaticSecret', value: 'other-value' }, EMPTY: { kind: 'StaticSecret', value: null } }),
    });
    assert.deepEqual(await secrets.environmentFor('echo $api_token'), { API_TOKEN: 's3cr3t' });
    assert.deepEqual(await secrets.environmentFor('env | grep -c s3cr3t'), {});
    assert.deepEqual(await secrets.environmentFor('echo $EMPTY'), {});
  });

  test('lookup secrets are fetched with their headers when used, then masked', async () => {
    const secrets = new ToolSecrets({ sources: () => ({ REMOTE: { kind: 'LookupSecret', url: `${url}/value`, headers: { 'x-token': 't1' } } }) });
    assert.equal(secrets.mask('looked-up-value'), 'looked-up-value');
    assert.deepEqual(await secrets.environmentFor('use $REMOTE'), { REMOTE: 'looked-up-value' });
    assert.equal(seenHeaders.at(-1), 't1');
    assert.equal(secrets.mask('got looked-up-value!'), 'got <secret-hidden>!');
  });

  test('a failed lookup is a clear error naming the secret', async () => {
    const secrets = new ToolSecrets({ sources: () => ({ REMOTE: { kind: 'LookupSecret', url: `${url}/fail`, headers: {} } }) });
    await assert.rejects(secrets.environmentFor('echo $REMOTE'), (error: Error) => error instanceof SecretLookupError && /'REMOTE'.*HTTP 500/.test(error.message));
  });

  test('mask hides every static value, longest first', () => {
    const secrets = new ToolSecrets({ sources: () => ({ A: { kind: 'StaticSecret', value: 'abc' }, B: { kind: 'StaticSecret', value: 'abcdef' } }) });
    assert.equal(secrets.mask('x abcdef y abc'), 'x <secret-hidden> y <secret-hidden>');
  });
});
