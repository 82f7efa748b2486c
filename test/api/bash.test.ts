import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { waitFor, workspaceDir } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';
import { withServer } from '../support/with-server.js';

const HEX_ID = /^[0-9a-f]{32}$/;
const UTC_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const CHUNK = 1_048_576;

async function execute(server: TestServer, body: Record<string, unknown>): Promise<any> {
  const response = await server.request('POST', '/api/bash/execute_bash_command', { body });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

async function outputsOf(server: TestServer, commandId: string): Promise<any[]> {
  const response = await server.request('GET', `/api/bash/bash_events/search?command_id__eq=${commandId}&limit=100`);
  assert.equal(response.status, 200, response.text);
  return response.body.items;
}

/** True once the process is gone or only a zombie (its parent died; pid 1 may not reap it). */
function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe('bash commands', () => {
  test('start answers the BashCommand at once; its single output follows with exit code 0', () =>
    withServer(async (server) => {
      const started = await server.request('POST', '/api/bash/start_bash_command', { body: { command: 'echo hi' } });
      assert.equal(started.status, 200);
      const command = started.body;
      assert.deepEqual(Object.keys(command), ['command', 'cwd', 'timeout', 'kind', 'id', 'timestamp']);
      assert.equal(command.kind, 'BashCommand');
      assert.equal(command.command, 'echo hi');
      assert.equal(command.cwd, null);
      assert.equal(command.timeout, 300);
      assert.match(command.id, HEX_ID);
      assert.match(command.timestamp, UTC_MICROS);

      const outputs = await waitFor(async () => {
        const items = await outputsOf(server, command.id);
        return items.some((item) => item.exit_code !== null) ? items : undefined;
      }, { what: 'the final output' });
      assert.equal(outputs.length, 1);
      const [output] = outputs;
      assert.deepEqual(Object.keys(output), ['kind', 'id', 'timestamp', 'command_id', 'order', 'exit_code', 'stdout', 'stderr']);
      assert.deepEqual({ ...output, id: 'ID', timestamp: 'T' }, {
        kind: 'BashOutput', id: 'ID', timestamp: 'T', command_id: command.id, order: 0, exit_code: 0, stdout: 'hi\n', stderr: null,
      });
      assert.match(output.id, HEX_ID);
      assert.match(output.timestamp, UTC_MICROS);
    }));

  test('execute waits and answers the final output: separate streams, non-zero exit code, cwd honoured', () =>
    withServer(async (server) => {
      const cwd = workspaceDir();
      const output = await execute(server, { command: 'pwd; echo oops >&2; exit 3', cwd });
      assert.equal(output.order, 0);
      assert.equal(output.exit_code, 3);
      assert.equal(output.stdout, `${cwd}\n`);
      assert.equal(output.stderr, 'oops\n');
      const silent = await execute(server, { command: 'true' });
      assert.equal(silent.stdout, null);
      assert.equal(silent.stderr, null);
      assert.equal(silent.exit_code, 0);
    }));

  test('a command that cannot start gives one output with exit code -1 and the reason', () =>
    withServer(async (server) => {
      const missing = path.join(tmpdir(), `no-such-dir-${process.pid}-${Date.now()}`);
      const output = await execute(server, { command: 'echo never', cwd: missing });
      assert.equal(output.order, 0);
      assert.equal(output.exit_code, -1);
      assert.equal(output.stdout, null);
      assert.ok(output.stderr.startsWith('Error executing command: '), output.stderr);
      assert.ok(output.stderr.includes(missing), output.stderr);
      assert.equal((await outputsOf(server, output.command_id)).length, 1);
    }));

  test('a timeout ends the command with -1, keeps the output so far, and kills what it started', () =>
    withServer(async (server) => {
      const pidFile = path.join(workspaceDir(), 'child.pid');
      const output = await execute(server, { command: `echo started; sleep 60 & echo $! > ${pidFile}; sleep 60`, timeout: 1 });
      assert.equal(output.exit_code, -1);
      assert.equal(output.stdout, 'started\n');
      const childPid = Number(await readFile(pidFile, 'utf8'));
      assert.ok(childPid > 0);
      await waitFor(() => isGone(childPid), { what: `background child ${childPid} to be killed` });
    }));

  test('large output is cut into 1 MiB outputs with consecutive orders; only the last has the exit code', () =>
    withServer(async (server) => {
      // 2.5 chunks of stdout; the remainder and the exit code come last.
      const final = await execute(server, { command: `head -c ${CHUNK * 2 + CHUNK / 2} /dev/zero | tr '\\0' a` });
      assert.equal(final.order, 2);
      assert.equal(final.exit_code, 0);
      const outputs = await outputsOf(server, final.command_id);
      assert.deepEqual(outputs.map((item) => item.order), [0, 1, 2]);
      assert.deepEqual(outputs.map((item) => item.stdout.length), [CHUNK, CHUNK, CHUNK / 2]);
      assert.deepEqual(outputs.map((item) => item.exit_code), [null, null, 0]);
      assert.deepEqual(outputs.map((item) => item.stderr), [null, null, null]);
      assert.ok(outputs.every((item) => /^a+$/.test(item.stdout)));
    }));

  test('a 5 MiB flood arrives whole while the server keeps answering', () =>
    withServer(async (server) => {
      const flood = server.request('POST', '/api/bash/execute_bash_command', { body: { command: `head -c ${5 * CHUNK} /dev/zero | tr '\\0' a` } });
      const health = await server.request('GET', '/alive');
      assert.equal(health.status, 200);
      const final = (await flood).body;
      assert.equal(final.exit_code, 0);
      const outputs = await outputsOf(server, final.command_id);
      assert.deepEqual(outputs.map((item) => item.order), [0, 1, 2, 3, 4]);
      assert.equal(outputs.reduce((total, item) => total + item.stdout.length, 0), 5 * CHUNK);
    }));

  test('multi-byte characters survive pipe reads and chunk cuts', () =>
    withServer(async (server) => {
      // 400,000 lines of "é€\n" (6 bytes, 3 characters): 1.2 M characters, one cut.
      const final = await execute(server, { command: "yes 'é€' | head -n 400000" });
      assert.equal(final.exit_code, 0);
      const outputs = await outputsOf(server, final.command_id);
      assert.equal(outputs.length, 2);
      assert.equal(outputs[0].stdout.length, CHUNK);
      assert.equal(outputs.map((item) => item.stdout).join(''), 'é€\n'.repeat(400_000));
    }));

  test('invalid requests are 422', () =>
    withServer(async (server) => {
      const missing = await server.request('POST', '/api/bash/execute_bash_command', { body: { cwd: '/tmp' } });
      assert.equal(missing.status, 422);
      assert.deepEqual(missing.body.detail[0].loc, ['body', 'command']);
      const badTimeout = await server.request('POST', '/api/bash/start_bash_command', { body: { command: 'true', timeout: 'soon' } });
      assert.equal(badTimeout.status, 422);
      assert.deepEqual(badTimeout.body.detail[0].loc, ['body', 'timeout']);
    }));

  test('with session keys, the bash routes need the key', () =>
    withServer(async (server) => {
      const refused = await server.request('POST', '/api/bash/execute_bash_command', { body: { command: 'true' }, key: null });
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.body, { detail: 'Unauthorized' });
      const searched = await server.request('GET', '/api/bash/bash_events/search', { key: null });
      assert.equal(searched.status, 401);
      const allowed = await server.request('POST', '/api/bash/execute_bash_command', { body: { command: 'echo ok' }, key: 'k1' });
      assert.equal(allowed.body.stdout, 'ok\n');
    }, { sessionApiKeys: ['k1'] }));
});

describe('bash records', () => {
  /** Runs three commands; answers their commands and final outputs in creation order. */
  async function runThree(server: TestServer): Promise<{ commands: any[]; outputs: any[] }> {
    const outputs = [];
    for (const word of ['one', 'two', 'three']) outputs.push(await execute(server, { command: `echo ${word}` }));
    const commands = await Promise.all(outputs.map(async (output) => (await server.request('GET', `/api/bash/bash_events/${output.command_id}`)).body));
    return { commands, outputs };
  }

  async function search(server: TestServer, query: string): Promise<any> {
    const response = await server.request('GET', `/api/bash/bash_events/search?${query}`);
    assert.equal(response.status, 200, response.text);
    return response.body;
  }

  test('search lists commands before their outputs, filters by kind and command, and sorts both ways', () =>
    withServer(async (server) => {
      const { commands, outputs } = await runThree(server);
      const all = await search(server, '');
      assert.equal(all.items.length, 6);
      assert.equal(all.next_page_id, null);
      for (const [index, command] of commands.entries()) {
        const position = all.items.findIndex((item: any) => item.id === command.id);
        const outputPosition = all.items.findIndex((item: any) => item.id === outputs[index].id);
        assert.ok(position >= 0 && position < outputPosition);
      }
      const onlyCommands = await search(server, 'kind__eq=BashCommand');
      assert.deepEqual(onlyCommands.items.map((item: any) => item.id).sort(), commands.map((command) => command.id).sort());
      const onlyOutputs = await search(server, 'kind__eq=BashOutput');
      assert.ok(onlyOutputs.items.every((item: any) => item.kind === 'BashOutput'));
      assert.equal(onlyOutputs.items.length, 3);
      const ofSecond = await search(server, `command_id__eq=${commands[1].id}`);
      assert.deepEqual(ofSecond.items, [outputs[1]]);
      assert.deepEqual((await search(server, `command_id__eq=${commands[1].id}&kind__eq=BashCommand`)).items, []);
      const descending = await search(server, 'sort_order=TIMESTAMP_DESC');
      assert.deepEqual(descending.items, [...all.items].reverse());
    }));

  test('pages chain through file-name cursors without overlap; an unknown cursor restarts', () =>
    withServer(async (server) => {
      await runThree(server);
      const all = (await search(server, '')).items.map((item: any) => item.id);
      const seen: string[] = [];
      let pageId: string | null = null;
      do {
        const page: any = await search(server, `limit=4${pageId ? `&page_id=${pageId}` : ''}`);
        seen.push(...page.items.map((item: any) => item.id));
        pageId = page.next_page_id;
        if (pageId) {
          assert.match(pageId, /^\d{14}_Bash(Command|Output_[0-9a-f]{32})_[0-9a-f]{32}$/);
          assert.ok(pageId.endsWith(all[seen.length]));
        }
      } while (pageId);
      assert.deepEqual(seen, all);
      const exact = await search(server, 'limit=6');
      assert.equal(exact.next_page_id, null);
      const restarted = await search(server, 'limit=2&page_id=no-such-record');
      assert.deepEqual(restarted.items.map((item: any) => item.id), all.slice(0, 2));
    }));

  test('timestamp filters work at one-second resolution on UTC instants, whatever the spelling', () =>
    withServer(async (server) => {
      await runThree(server);
      assert.equal((await search(server, 'timestamp__gte=2000-01-01T00:00:00Z')).items.length, 6);
      assert.equal((await search(server, 'timestamp__gte=2999-01-01T00:00:00')).items.length, 0);
      assert.equal((await search(server, 'timestamp__lt=2000-01-01T00:00:00Z')).items.length, 0);
      const first = (await search(server, 'limit=1')).items[0];
      const second = first.timestamp.slice(0, 19);
      const sameSecond = await search(server, `timestamp__gte=${second}Z`);
      const offsetSpelling = await search(server, `timestamp__gte=${encodeURIComponent(shiftToOffset(second))}`);
      assert.ok(sameSecond.items.some((item: any) => item.id === first.id));
      assert.deepEqual(offsetSpelling.items, sameSecond.items);
    }));

  test('bad search parameters are 422', () =>
    withServer(async (server) => {
      for (const query of ['limit=0', 'limit=101', 'kind__eq=Nope', 'sort_order=UP', 'command_id__eq=nope', 'timestamp__gte=yesterday']) {
        const response = await server.request('GET', `/api/bash/bash_events/search?${query}`);
        assert.equal(response.status, 422, query);
        assert.equal(response.body.detail[0].loc[0], 'query', query);
      }
    }));

  test('a record is found by its hex id (or another UUID spelling); unknown ids are 404', () =>
    withServer(async (server) => {
      const { commands, outputs } = await runThree(server);
      assert.deepEqual((await server.request('GET', `/api/bash/bash_events/${outputs[0].id}`)).body, outputs[0]);
      const dashed = commands[0].id.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
      assert.deepEqual((await server.request('GET', `/api/bash/bash_events/${dashed}`)).body, commands[0]);
      const unknown = await server.request('GET', `/api/bash/bash_events/${'0'.repeat(32)}`);
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { detail: 'Not Found' });
    }));

  test('batch get answers in request order with null for unknown ids; the id list is required', () =>
    withServer(async (server) => {
      const { commands, outputs } = await runThree(server);
      const response = await server.request('GET', '/api/bash/bash_events/', { body: [outputs[2].id, 'unknown', commands[0].id] });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, [outputs[2], null, commands[0]]);
      const missing = await server.request('GET', '/api/bash/bash_events/');
      assert.equal(missing.status, 422);
      const notAList = await server.request('GET', '/api/bash/bash_events/', { body: { ids: [] } });
      assert.equal(notAList.status, 422);
    }));

  test('GET without the trailing slash is 405, as only DELETE lives there', () =>
    withServer(async (server) => {
      const response = await server.request('GET', '/api/bash/bash_events');
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'DELETE');
    }));

  test('records are one file each, named as in api.md 18.5, and survive a restart; DELETE clears them all', async () => {
    let server = await startServer();
    try {
      const { commands, outputs } = await runThree(server);
      const names = (await readdir(server.config.bashEventsDir)).sort();
      assert.equal(names.length, 6);
      const commandFile = names.find((name) => name.endsWith(`_BashCommand_${commands[0].id}`));
      const outputFile = names.find((name) => name.endsWith(`_BashOutput_${commands[0].id}_${outputs[0].id}`));
      assert.ok(commandFile && outputFile, names.join(', '));
      assert.equal(commandFile.slice(0, 14), commands[0].timestamp.slice(0, 19).replace(/[-:T]/g, ''));
      assert.deepEqual(JSON.parse(await readFile(path.join(server.config.bashEventsDir, outputFile), 'utf8')), outputs[0]);

      const before = await search(server, '');
      server = await server.restart();
      assert.deepEqual(await search(server, ''), before);
      assert.deepEqual((await server.request('GET', `/api/bash/bash_events/${commands[2].id}`)).body, commands[2]);

      const cleared = await server.request('DELETE', '/api/bash/bash_events');
      assert.equal(cleared.status, 200);
      assert.deepEqual(cleared.body, { cleared_count: 6 });
      assert.deepEqual((await search(server, '')).items, []);
      assert.deepEqual(await readdir(server.config.bashEventsDir), []);
      assert.equal((await server.request('GET', `/api/bash/bash_events/${commands[0].id}`)).status, 404);
      assert.deepEqual((await server.request('DELETE', '/api/bash/bash_events')).body, { cleared_count: 0 });
      assert.ok(!existsSync(path.join(server.config.bashEventsDir, commandFile)));
    } finally {
      await server.close({ removeData: true });
    }
  });
});

/** The same instant as `utcSecond` (no zone), written with a +05:30 offset. */
function shiftToOffset(utcSecond: string): string {
  const shifted = new Date(Date.parse(`${utcSecond}Z`) + (5 * 60 + 30) * 60_000).toISOString().slice(0, 19);
  return `${shifted}+05:30`;
}
