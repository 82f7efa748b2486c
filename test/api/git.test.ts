import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { workspaceDir } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository with a local identity, so commits work on any machine. */
function initRepository(directory: string): string {
  mkdirSync(directory, { recursive: true });
  git(directory, 'init', '--quiet', '--initial-branch=main');
  git(directory, 'config', 'user.name', 'Test');
  git(directory, 'config', 'user.email', 'test@example.com');
  git(directory, 'config', 'commit.gpgsign', 'false');
  return directory;
}

async function files(directory: string, contents: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(contents)) {
    await mkdir(path.dirname(path.join(directory, name)), { recursive: true });
    await writeFile(path.join(directory, name), content);
  }
}

function commitAll(directory: string, message = 'commit'): void {
  git(directory, 'add', '-A');
  git(directory, 'commit', '--quiet', '-m', message);
}

describe('git routes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  async function changes(target: string): Promise<{ status: number; body: any }> {
    return server.request('GET', `/api/git/changes/${target}`);
  }

  async function diff(target: string): Promise<{ status: number; body: any }> {
    return server.request('GET', `/api/git/diff/${target}`);
  }

  test('a local repository reports modified, deleted, renamed, staged and untracked files against HEAD', async () => {
    const repository = initRepository(workspaceDir());
    await files(repository, { 'a.txt': 'a\n', 'b.txt': 'b\n', 'old.txt': 'moving\n', '.gitignore': 'ignored.log\n', 'src/keep.ts': 'keep\n' });
    commitAll(repository);
    await files(repository, { 'a.txt': 'a changed\n', 'staged.txt': 'staged\n', 'new_file.py': 'print(1)\n', 'ignored.log': 'noise', 'dir with space/é.txt': 'x' });
    await rm(path.join(repository, 'b.txt'));
    git(repository, 'mv', 'old.txt', 'moved.txt');
    git(repository, 'add', 'staged.txt');

    const response = await changes(repository);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, [
      { status: 'UPDATED', path: 'a.txt' },
      { status: 'DELETED', path: 'b.txt' },
      { status: 'ADDED', path: 'dir with space/é.txt' },
      { status: 'ADDED', path: 'moved.txt' },
      { status: 'ADDED', path: 'new_file.py' },
      { status: 'DELETED', path: 'old.txt' },
      { status: 'ADDED', path: 'staged.txt' },
    ]);
  });

  test('a relative path is resolved against the server working directory', async () => {
    const name = `no-such-folder-${process.pid}`;
    const response = await changes(name);
    assert.equal(response.status, 404);
    assert.equal(response.body.detail, `Path does not exist: ${path.join(process.cwd(), name)}`);
  });

  test('a repository without commits reports every file as added', async () => {
    const repository = initRepository(workspaceDir());
    await files(repository, { 'one.txt': '1', 'two/three.txt': '3' });
    git(repository, 'add', 'one.txt');
    assert.deepEqual((await changes(repository)).body, [
      { status: 'ADDED', path: 'one.txt' },
      { status: 'ADDED', path: 'two/three.txt' },
    ]);
  });

  test('a clone compares with its upstream, so committed but unpushed work shows', async () => {
    const origin = workspaceDir();
    git(origin, 'init', '--quiet', '--bare', '--initial-branch=main');
    const seed = initRepository(workspaceDir());
    await files(seed, { 'shared.txt': 'v1\n', 'gone.txt': 'bye\n' });
    commitAll(seed);
    git(seed, 'remote', 'add', 'origin', origin);
    git(seed, 'push', '--quiet', 'origin', 'main');

    const parent = workspaceDir();
    git(parent, 'clone', '--quiet', origin, 'clone');
    const clone = path.join(parent, 'clone');
    git(clone, 'config', 'user.name', 'Test');
    git(clone, 'config', 'user.email', 'test@example.com');
    git(clone, 'config', 'commit.gpgsign', 'false');
    await files(clone, { 'shared.txt': 'v2\n', 'added.txt': 'new\n' });
    await rm(path.join(clone, 'gone.txt'));
    commitAll(clone, 'local work');
    await files(clone, { 'scratch.txt': 'untracked' });

    assert.deepEqual((await changes(clone)).body, [
      { status: 'ADDED', path: 'added.txt' },
      { status: 'DELETED', path: 'gone.txt' },
      { status: 'ADDED', path: 'scratch.txt' },
      { status: 'UPDATED', path: 'shared.txt' },
    ]);
    assert.deepEqual((await diff(path.join(clone, 'shared.txt'))).body, { modified: 'v2', original: 'v1' });
  });

  test('repositories nested directly below the path report their own changes under their directory', async () => {
    const outer = initRepository(workspaceDir());
    await files(outer, { 'outer.txt': 'o\n' });
    commitAll(outer);
    const inner = initRepository(path.join(outer, 'inner'));
    await files(inner, { 'tracked.txt': 'v1\n' });
    commitAll(inner);
    await files(inner, { 'tracked.txt': 'v2\n', 'fresh.txt': 'new\n' });
    await files(outer, { 'outer.txt': 'changed\n' });

    assert.deepEqual((await changes(outer)).body, [
      { status: 'ADDED', path: 'inner/fresh.txt' },
      { status: 'UPDATED', path: 'inner/tracked.txt' },
      { status: 'UPDATED', path: 'outer.txt' },
    ]);
    // A plain folder holding repositories (a workspace of several projects) works too.
    const holder = workspaceDir();
    const project = initRepository(path.join(holder, 'project'));
    await files(project, { 'p.txt': 'p' });
    assert.deepEqual((await changes(holder)).body, [{ status: 'ADDED', path: 'project/p.txt' }]);
    assert.deepEqual((await diff(path.join(inner, 'tracked.txt'))).body, { modified: 'v2', original: 'v1' });
  });

  test('diff gives both sides normalized the same way', async () => {
    const repository = initRepository(workspaceDir());
    await files(repository, { 'lines.txt': 'one\ntwo\n', 'crlf.txt': 'a\r\nb\r\n', 'same.txt': '  indented\n\n', 'binary.bin': Buffer.from([0, 1, 2, 255]) });
    commitAll(repository);
    await files(repository, { 'lines.txt': 'one\nthree\n', 'crlf.txt': 'a\r\nc\r\n', 'untracked.txt': 'fresh\n' });

    assert.deepEqual((await diff(path.join(repository, 'lines.txt'))).body, { modified: 'one\nthree', original: 'one\ntwo' });
    assert.deepEqual((await diff(path.join(repository, 'crlf.txt'))).body, { modified: 'a\nc', original: 'a\nb' });
    assert.deepEqual((await diff(path.join(repository, 'same.txt'))).body, { modified: '  indented\n', original: '  indented\n' });
    assert.deepEqual((await diff(path.join(repository, 'untracked.txt'))).body, { modified: 'fresh', original: '' });
    assert.deepEqual((await diff(path.join(repository, 'binary.bin'))).body, { modified: '', original: '' });
  });

  test('a path that is not usable gets a clear client error', async () => {
    const plain = workspaceDir();
    await files(plain, { 'file.txt': 'x', 'big.txt': 'x'.repeat(1024 * 1024 + 1) });

    const notRepository = await changes(plain);
    assert.equal(notRepository.status, 400);
    assert.match(notRepository.body.detail, /^Not a git repository: /);
    const missing = await changes(path.join(plain, 'missing'));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.detail, `Path does not exist: ${path.join(plain, 'missing')}`);
    const aFile = await changes(path.join(plain, 'file.txt'));
    assert.equal(aFile.status, 400);
    assert.match(aFile.body.detail, /^Not a directory: /);

    const outsideRepository = await diff(path.join(plain, 'file.txt'));
    assert.equal(outsideRepository.status, 400);
    assert.match(outsideRepository.body.detail, /^File is not in a git repository: /);
    const missingFile = await diff(path.join(plain, 'nope.txt'));
    assert.equal(missingFile.status, 404);
    assert.match(missingFile.body.detail, /^File does not exist: /);
    const tooLarge = await diff(path.join(plain, 'big.txt'));
    assert.equal(tooLarge.status, 400);
    assert.match(tooLarge.body.detail, /^File too large for git diff: /);
    const directory = await diff(plain);
    assert.equal(directory.status, 400);
  });

  test('with session keys, git routes need the key', async () => {
    const keyed = await startServer({ config: { sessionApiKeys: ['k1'] } });
    try {
      assert.equal((await keyed.request('GET', `/api/git/changes/${workspaceDir()}`, { key: null })).status, 401);
      assert.equal((await keyed.request('GET', `/api/git/diff/${workspaceDir()}/x`, { key: null })).status, 401);
    } finally {
      await keyed.close({ removeData: true });
    }
  });
});
