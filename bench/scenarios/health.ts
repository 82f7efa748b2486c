/** `/health` latency at rest and while other clients search conversations (design.md 7). */
import { get } from '../lib/http.js';
import { startBareServer, startServerProcess, stopServer } from '../lib/processes.js';
import type { BenchRow } from '../lib/report.js';
import { createConversation, seedService } from '../lib/seed.js';
import { percentile, round, timeMs } from '../lib/stats.js';
import { makeDataDir } from '../../test/support/server.js';
import { workspaceDir } from '../../test/support/fixtures.js';

async function latencies(url: string, count: number): Promise<number[]> {
  for (let index = 0; index < 200; index++) await get(url); // warm-up
  const samples: number[] = [];
  for (let index = 0; index < count; index++) samples.push(await timeMs(() => get(url)));
  return samples;
}

export async function healthScenario(): Promise<BenchRow[]> {
  const dataDir = await makeDataDir();
  const seed = seedService(dataDir);
  const workingDir = workspaceDir();
  for (let index = 0; index < 500; index++) await createConversation(seed.service, workingDir);
  seed.close();

  const bare = await startBareServer();
  const bareSamples = await latencies(`${bare.url}/`, 2000);
  await bare.stop();

  const server = await startServerProcess({ dataDir });
  try {
    const atRest = await latencies(`${server.url}/health`, 2000);
    let searching = true;
    const loaders = Array.from({ length: 8 }, async () => {
      while (searching) await get(`${server.url}/api/conversations/search?limit=50`);
    });
    const underLoad = await latencies(`${server.url}/health`, 1000);
    searching = false;
    await Promise.all(loaders);
    const ceilingP95 = round(percentile(bareSamples, 0.95));
    return [
      { scenario: '/health at rest', metric: 'p50', value: round(percentile(atRest, 0.5)), unit: 'ms', ceiling: round(percentile(bareSamples, 0.5)) },
      { scenario: '/health at rest', metric: 'p95', value: round(percentile(atRest, 0.95)), unit: 'ms', ceiling: ceilingP95, target: '<= 10 ms', met: percentile(atRest, 0.95) <= 10 },
      { scenario: '/health during 8 concurrent search loops (500 conversations)', metric: 'p95', value: round(percentile(underLoad, 0.95)), unit: 'ms', ceiling: ceilingP95, target: '<= 10 ms', met: percentile(underLoad, 0.95) <= 10 },
    ];
  } finally {
    await stopServer(server);
  }
}
