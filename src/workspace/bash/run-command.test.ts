import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandStartError, runCommand, type OutputStreamName } from './run-command.js';

test('chunks arrive in order, one at a time, while the stream waits', async () => {
  const received: [OutputStreamName, string][] = [];
  let handingOff = 0;
  const result = await runCommand({
    command: 'printf abcdefghij; printf XY >&2',
    cwd: null,
    timeoutSeconds: 10,
    chunkChars: 3,
    onChunk: async (stream, text) => {
      handingOff++;
      assert.equal(handingOff, 1, 'chunks are handed off one at a time');
      await new Promise((resolve) => setImmediate(resolve));
      received.push([stream, text]);
      handingOff--;
    },
  });
  assert.deepEqual(received, [['stdout', 'abc'], ['stdout', 'def'], ['stdout', 'ghi']]);
  assert.deepEqual(result, { exitCode: 0, stdout: 'j', stderr: 'XY' });
});

test('a command killed by a signal reports minus the signal number', async () => {
  const result = await runCommand({ command: 'kill -KILL $$', cwd: null, timeoutSeconds: 10, onChunk: async () => undefined });
  assert.equal(result.exitCode, -9);
});

test('aborting stops the command at once with exit code -1', async () => {
  const abort = new AbortController();
  const running = runCommand({ command: 'echo begun; sleep 60', cwd: null, timeoutSeconds: 600, signal: abort.signal, onChunk: async () => undefined });
  abort.abort();
  const result = await running;
  assert.equal(result.exitCode, -1);
});

test('a working directory that is a file cannot start the command', async () => {
  await assert.rejects(
    runCommand({ command: 'true', cwd: '/etc/hostname', timeoutSeconds: 10, onChunk: async () => undefined }),
    (error: unknown) => error instanceof CommandStartError && error.message === "Not a directory: '/etc/hostname'",
  );
});
