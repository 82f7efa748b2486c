/**
 * An event page of 50 in a 100,000-event conversation versus a 500-event one, and start-up time
 * and memory of a server holding 55,000+ stored events (design.md 7).
 */
import { get } from '../lib/http.js';
import { rssMb, startServerProcess, stopServer } from '../lib/processes.js';
import type { BenchRow } from '../lib/report.js';
import { createConversation, seedService, userMessage } from '../lib/seed.js';
import { median, round, timeMs } from '../lib/stats.js';
import { makeDataDir } from '../../test/support/server.js';
import { workspaceDir } from '../../test/support/fixtures.js';

async function pageCost(url: string, conversationId: string, middleEventId: string): Promise<number> {
  const base = `${url}/api/conversations/${conversationId}/events/search?limit=50`;
  const samples: number[] = [];
  for (let index = 0; index < 30; index++) {
    samples.push(await timeMs(() => get(base)));
    samples.push(await timeMs(() => get(`${base}&page_id=${middleEventId}`)));
    samples.push(await timeMs(() => get(`${base}&sort_order=TIMESTAMP_DESC`)));
  }
  return median(samples);
}

export async function eventPageScenario(): Promise<BenchRow[]> {
  const dataDir = await makeDataDir();
  const seed = seedService(dataDir);
  const workingDir = workspaceDir();
  const small = await createConversation(seed.service, workingDir);
  const large = await createConversation(seed.service, workingDir);
  let smallMiddle = '';
  let largeMiddle = '';
  for (let index = 0; index < 500; index++) {
    const event = small.append(userMessage(`small ${index}`));
    if (index === 250) smallMiddle = event.id;
  }
  for (let index = 0; index < 100_000; index++) {
    const event = large.append(userMessage(`large ${index}`));
    if (index === 50_000) largeMiddle = event.id;
  }
  seed.close();

  // Ceiling: the same process (Node + tsx + our modules) starting on an empty data directory.
  const emptyStarted = process.hrtime.bigint();
  const empty = await startServerProcess({ dataDir: await makeDataDir() });
  const emptyStartupMs = Number(process.hrtime.bigint() - emptyStarted) / 1e6;
  const emptyRss = rssMb(empty.child.pid!);
  await stopServer(empty);

  const started = process.hrtime.bigint();
  const server = await startServerProcess({ dataDir });
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
  const startupRss = rssMb(server.child.pid!);
  try {
    const smallMs = await pageCost(server.url, small.id, smallMiddle);
    const largeMs = await pageCost(server.url, large.id, largeMiddle);
    return [
      { scenario: 'event page of 50 (first, middle, newest) in a 500-event conversation', metric: 'median', value: round(smallMs), unit: 'ms' },
      { scenario: 'event page of 50 (first, middle, newest) in a 100,000-event conversation', metric: 'median', value: round(largeMs), unit: 'ms', ceiling: round(smallMs), target: '<= 2x the 500-event page', met: largeMs <= 2 * smallMs },
      { scenario: 'start-up with 100,500 stored events (process spawn to first answer)', metric: 'time', value: Math.round(startupMs), unit: 'ms', ceiling: Math.round(emptyStartupMs), target: '<= 2000 ms', met: startupMs <= 2000 },
      { scenario: 'start-up with 100,500 stored events', metric: 'RSS', value: Math.round(startupRss), unit: 'MB', ceiling: Math.round(emptyRss), target: '<= 300 MB', met: startupRss <= 300 },
    ];
  } finally {
    await stopServer(server);
  }
}
