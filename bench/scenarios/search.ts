/** First and last page of 50 among 10,000 conversations (design.md 7). */
import { get } from '../lib/http.js';
import { startServerProcess, stopServer } from '../lib/processes.js';
import type { BenchRow } from '../lib/report.js';
import { createConversation, seedService } from '../lib/seed.js';
import { median, round, timeMs } from '../lib/stats.js';
import { makeDataDir } from '../../test/support/server.js';
import { workspaceDir } from '../../test/support/fixtures.js';

const COUNT = 10_000;

export async function searchScenario(): Promise<BenchRow[]> {
  const dataDir = await makeDataDir();
  const seed = seedService(dataDir);
  const workingDir = workspaceDir();
  for (let index = 0; index < COUNT; index++) await createConversation(seed.service, workingDir);
  seed.close();

  const server = await startServerProcess({ dataDir });
  try {
    const first = `${server.url}/api/conversations/search?limit=50`;
    let pageId: string | null = null;
    let lastPageId: string | null = null;
    do {
      const page = JSON.parse((await get(pageId ? `${first}&page_id=${pageId}` : first)).body);
      lastPageId = pageId;
      pageId = page.next_page_id;
    } while (pageId);
    const last = `${first}&page_id=${lastPageId}`;
    const firstSamples: number[] = [];
    const lastSamples: number[] = [];
    for (let index = 0; index < 30; index++) {
      firstSamples.push(await timeMs(() => get(first)));
      lastSamples.push(await timeMs(() => get(last)));
    }
    const firstMs = median(firstSamples);
    const lastMs = median(lastSamples);
    return [
      { scenario: 'search, first page of 50 among 10,000 conversations', metric: 'median', value: round(firstMs), unit: 'ms', target: '<= 50 ms', met: firstMs <= 50 },
      { scenario: 'search, last page of 50 among 10,000 conversations', metric: 'median', value: round(lastMs), unit: 'ms', ceiling: round(firstMs), target: '<= 1.5x first page', met: lastMs <= 1.5 * firstMs },
    ];
  } finally {
    await stopServer(server);
  }
}
