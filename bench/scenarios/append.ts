/**
 * Cost of appending one event (persist in one transaction, then publish), at event 100 and at
 * event 10,000, against the machine's ceiling: a raw SQLite insert of the same bytes, one
 * transaction per row, in the same WAL mode.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { BenchRow } from '../lib/report.js';
import { createConversation, seedService, userMessage } from '../lib/seed.js';
import { median, round } from '../lib/stats.js';
import { makeDataDir } from '../../test/support/server.js';
import { workspaceDir } from '../../test/support/fixtures.js';

const TEXT = 'Please look at the failing test in src/app.test.ts and fix it. '.repeat(4);

function appendCosts(append: () => void, count: number): number[] {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const start = process.hrtime.bigint();
    append();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

export async function appendScenario(): Promise<BenchRow[]> {
  const dataDir = await makeDataDir();
  const seed = seedService(dataDir);
  const conversation = await createConversation(seed.service, workspaceDir());
  const append = () => void conversation.append(userMessage(TEXT));
  appendCosts(append, 100);
  const at100 = median(appendCosts(append, 200));
  appendCosts(append, 9_700);
  const at10k = median(appendCosts(append, 200));
  seed.close();

  const raw = new Database(path.join(dataDir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = raw.prepare('INSERT INTO rows (body) VALUES (?)');
  const body = JSON.stringify(userMessage(TEXT));
  const rawInsert = () => void raw.transaction(() => insert.run(body))();
  appendCosts(rawInsert, 300);
  const ceiling = median(appendCosts(rawInsert, 1000));
  raw.close();

  return [
    { scenario: 'append one event (at event 100)', metric: 'median', value: round(at100, 4), unit: 'ms', ceiling: round(ceiling, 4), target: '<= 0.17 ms', met: at100 <= 0.17 },
    { scenario: 'append one event (at event 10,000)', metric: 'median', value: round(at10k, 4), unit: 'ms', ceiling: round(ceiling, 4), target: '<= 1.2x the cost at 100', met: at10k <= 1.2 * at100 },
  ];
}
