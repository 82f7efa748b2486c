/**
 * A 5 MiB output flood through `/api/bash` (design.md 7, issue 5): how many BashOutput records it
 * becomes, `/health` p95 while it streams, and that a socket subscriber receives every byte.
 */
import WebSocket from 'ws';
import { get, send } from '../lib/http.js';
import { startBareServer, startServerProcess, stopServer } from '../lib/processes.js';
import type { BenchRow } from '../lib/report.js';
import { percentile, round, timeMs } from '../lib/stats.js';
import { makeDataDir } from '../../test/support/server.js';

const FLOOD_BYTES = 5 * 1024 * 1024;

async function healthWhile(url: string, busy: Promise<unknown>): Promise<number[]> {
  let done = false;
  void busy.finally(() => (done = true));
  const samples: number[] = [];
  while (!done || samples.length < 50) samples.push(await timeMs(() => get(`${url}/health`)));
  return samples;
}

export async function bashFloodScenario(): Promise<BenchRow[]> {
  const bare = await startBareServer();
  const bareSamples: number[] = [];
  for (let index = 0; index < 1000; index++) bareSamples.push(await timeMs(() => get(`${bare.url}/`)));
  await bare.stop();

  const server = await startServerProcess({ dataDir: await makeDataDir() });
  try {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/sockets/bash-events`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    let streamedBytes = 0;
    let commandId = '';
    const finished = new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        const record = JSON.parse(data.toString());
        if (record.kind !== 'BashOutput' || record.command_id !== commandId) return;
        streamedBytes += (record.stdout ?? '').length;
        if (record.exit_code !== null) resolve();
      });
    });
    const command = `head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' 'a'`;
    const started = await send('POST', `${server.url}/api/bash/start_bash_command`, { command, timeout: 120 });
    commandId = JSON.parse(started.body).id;
    const health = await healthWhile(server.url, finished);
    socket.close();
    const outputs = JSON.parse((await get(`${server.url}/api/bash/bash_events/search?kind__eq=BashOutput&command_id__eq=${commandId}&limit=100`)).body).items;
    const storedBytes = outputs.reduce((sum: number, output: { stdout: string | null }) => sum + (output.stdout ?? '').length, 0);
    return [
      { scenario: '5 MiB bash flood', metric: 'BashOutput records', value: outputs.length, unit: '', target: '<= 7', met: outputs.length <= 7 },
      { scenario: '5 MiB bash flood', metric: '/health p95 while it streams', value: round(percentile(health, 0.95)), unit: 'ms', ceiling: round(percentile(bareSamples, 0.95)), target: '<= 10 ms', met: percentile(health, 0.95) <= 10 },
      { scenario: '5 MiB bash flood', metric: 'bytes received by a socket subscriber', value: streamedBytes, unit: 'B', target: `= ${FLOOD_BYTES} (stored: ${storedBytes})`, met: streamedBytes === FLOOD_BYTES && storedBytes === FLOOD_BYTES },
    ];
  } finally {
    await stopServer(server);
  }
}
