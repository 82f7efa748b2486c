import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { BashRecordStore } from './bash-record-store.js';
import type { BashCommand, BashOutput, BashRecord } from './bash-records.js';

const directories: string[] = [];
after(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function emptyDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'bash-store-'));
  directories.push(directory);
  return directory;
}

const hex = (digit: string) => digit.repeat(32);

function command(id: string, timestamp: string): BashCommand {
  return { command: 'true', cwd: null, timeout: 300, kind: 'BashCommand', id, timestamp };
}

function output(id: string, commandId: string, timestamp: string, order: number): BashOutput {
  return { kind: 'BashOutput', id, timestamp, command_id: commandId, order, exit_code: null, stdout: 'x', stderr: null };
}

async function stored(store: BashRecordStore, records: BashRecord[]): Promise<void> {
  for (const record of records) store.add(await store.writeFile(record, JSON.stringify(record)));
}

test('search orders by file name: second, then kind, then ids; bounds and filters slice it', async () => {
  const store = await BashRecordStore.open(await emptyDirectory());
  // Written out of order on purpose: the index keeps names sorted.
  await stored(store, [
    output(hex('4'), hex('1'), '2025-01-01T00:00:02.000000Z', 1),
    command(hex('1'), '2025-01-01T00:00:01.500000Z'),
    output(hex('3'), hex('1'), '2025-01-01T00:00:01.900000Z', 0),
    command(hex('2'), '2025-01-01T00:00:02.100000Z'),
  ]);
  const ids = async (search: Partial<Parameters<BashRecordStore['search']>[0]>) =>
    (await store.search({ descending: false, limit: 100, ...search })).items.map((record) => record.id);
  assert.deepEqual(await ids({}), [hex('1'), hex('3'), hex('2'), hex('4')]);
  assert.deepEqual(await ids({ descending: true }), [hex('4'), hex('2'), hex('3'), hex('1')]);
  assert.deepEqual(await ids({ kind: 'BashCommand' }), [hex('1'), hex('2')]);
  assert.deepEqual(await ids({ commandId: hex('1') }), [hex('3'), hex('4')]);
  assert.deepEqual(await ids({ stampGte: '20250101000002' }), [hex('2'), hex('4')]);
  assert.deepEqual(await ids({ stampLt: '20250101000002' }), [hex('1'), hex('3')]);
  assert.deepEqual(await ids({ stampGte: '20250101000002', stampLt: '20250101000002' }), []);
  const first = await store.search({ descending: false, limit: 3 });
  assert.equal(first.nextPageId, `20250101000002_BashOutput_${hex('1')}_${hex('4')}`);
  const rest = await store.search({ descending: false, limit: 3, pageId: first.nextPageId! });
  assert.deepEqual(rest.items.map((record) => record.id), [hex('4')]);
  assert.equal(rest.nextPageId, null);
});

test('opening indexes existing records, skips strays, and removes interrupted temporary writes', async () => {
  const directory = await emptyDirectory();
  const first = await BashRecordStore.open(directory);
  await stored(first, [command(hex('a'), '2025-01-01T00:00:00.000000Z')]);
  await writeFile(path.join(directory, `.20250101000000_BashCommand_${hex('b')}.tmp`), '{"half');
  await writeFile(path.join(directory, 'README'), 'not a record');
  await writeFile(path.join(directory, `20250101000001_BashCommand_${hex('c')}`), 'corrupt');

  const reopened = await BashRecordStore.open(directory);
  assert.deepEqual((await reopened.get(hex('a')))?.id, hex('a'));
  assert.equal(await reopened.get(hex('b')), undefined);
  // An unreadable record is left out of the page (api.md 8.5).
  const page = await reopened.search({ descending: false, limit: 100 });
  assert.deepEqual(page.items.map((record) => record.id), [hex('a')]);
  assert.ok(!(await readdir(directory)).some((name) => name.endsWith('.tmp')));
  assert.equal(await reopened.clear(), 2);
  assert.deepEqual((await readdir(directory)).sort(), ['README']);
});
