/**
 * Reliability scenarios of design.md 7, counted rather than timed:
 * - WebSocket reconnect storm: 1,000 connect/receive/disconnect cycles, resuming with
 *   `after_event_id`, while events keep arriving: no event lost, none duplicated;
 * - slow WebSocket consumer at 10,000 events: server RSS growth, and a healthy client unaffected;
 * - `kill -9` during runs, repeated: every event a client saw is still stored after the restart.
 */
import WebSocket from 'ws';
import { conversationBody, workspaceDir } from '../../test/support/fixtures.js';
import { startFakeLlm } from '../../test/support/fake-llm/index.js';
import { makeDataDir } from '../../test/support/server.js';
import { get, send } from '../lib/http.js';
import { rssMb, startServerProcess, stopServer, type ServerProcess } from '../lib/processes.js';
import type { BenchRow } from '../lib/report.js';

async function createConversation(server: ServerProcess, body = conversationBody({ workingDir: workspaceDir() })): Promise<string> {
  return JSON.parse((await send('POST', `${server.url}/api/conversations`, body)).body).id;
}

async function storedIds(server: ServerProcess, id: string): Promise<string[]> {
  const ids: string[] = [];
  let pageId: string | null = null;
  do {
    const page: { items: { id: string }[]; next_page_id: string | null } = JSON.parse((await get(`${server.url}/api/conversations/${id}/events/search?limit=100${pageId ? `&page_id=${pageId}` : ''}`)).body);
    ids.push(...page.items.map((event) => event.id));
    pageId = page.next_page_id;
  } while (pageId);
  return ids;
}

/** Opens a socket, collects events until `count` arrived (or it closes), then closes it. */
function receive(url: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const ids: string[] = [];
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString());
      if (event.key === 'full_state') return;
      ids.push(event.id);
      if (ids.length >= count) socket.close();
    });
    socket.on('close', () => resolve(ids));
    socket.on('error', reject);
    setTimeout(() => socket.close(), 200).unref();
  });
}

async function reconnectStorm(server: ServerProcess): Promise<BenchRow[]> {
  const id = await createConversation(server);
  let producing = true;
  let produced = 0;
  const producer = (async () => {
    while (producing) {
      await send('POST', `${server.url}/api/conversations/${id}/events`, { content: [{ text: `event ${produced}` }] });
      produced++;
    }
  })();
  const seen: string[] = [];
  for (let cycle = 0; cycle < 1000; cycle++) {
    const after = seen.length ? `after_event_id=${seen[seen.length - 1]}` : 'resend_all=true';
    seen.push(...(await receive(`ws://127.0.0.1:${server.port}/sockets/events/${id}?${after}`, 1 + (cycle % 5))));
  }
  producing = false;
  await producer;
  const stored = await storedIds(server, id);
  const duplicates = seen.length - new Set(seen).size;
  const expected = stored.slice(0, seen.length);
  const lost = expected.filter((eventId, index) => seen[index] !== eventId).length;
  return [
    { scenario: 'WebSocket reconnect storm, 1,000 cycles while events arrive', metric: 'events received', value: seen.length, unit: '' },
    { scenario: 'WebSocket reconnect storm, 1,000 cycles while events arrive', metric: 'lost or out of order', value: lost, unit: '', target: '0', met: lost === 0 },
    { scenario: 'WebSocket reconnect storm, 1,000 cycles while events arrive', metric: 'duplicated', value: duplicates, unit: '', target: '0', met: duplicates === 0 },
  ];
}

async function slowConsumer(server: ServerProcess): Promise<BenchRow[]> {
  const id = await createConversation(server);
  const slow = new WebSocket(`ws://127.0.0.1:${server.port}/sockets/events/${id}`);
  const healthy = new WebSocket(`ws://127.0.0.1:${server.port}/sockets/events/${id}`);
  // The first frame (full_state) means the server has subscribed the socket: live-only sockets
  // see nothing published before that.
  await Promise.all([slow, healthy].map((socket) => new Promise((resolve) => socket.once('message', resolve))));
  let healthyCount = 1;
  healthy.on('message', () => healthyCount++);
  (slow as unknown as { _socket: { pause(): void } })._socket.pause();
  const before = rssMb(server.child.pid!);
  const text = 'x'.repeat(2048);
  for (let index = 0; index < 10_000; index++) await send('POST', `${server.url}/api/conversations/${id}/events`, { content: [{ text: `${index} ${text}` }] });
  const deadline = Date.now() + 30_000;
  while (healthyCount < 10_001 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const growth = rssMb(server.child.pid!) - before;
  slow.terminate();
  healthy.close();
  return [
    { scenario: 'slow WebSocket consumer, 10,000 events of 2 KiB', metric: 'server RSS growth', value: Math.round(growth), unit: 'MB', target: '<= 50 MB', met: growth <= 50 },
    { scenario: 'slow WebSocket consumer, 10,000 events of 2 KiB', metric: 'events received by a second, healthy client', value: healthyCount - 1, unit: '', target: '10000', met: healthyCount - 1 === 10_000 },
  ];
}

async function killDuringRuns(cycles: number): Promise<BenchRow[]> {
  const dataDir = await makeDataDir();
  const fake = await startFakeLlm();
  fake.setDefaultReply((request) => {
    const messages = (request.body.messages as unknown[] | undefined) ?? [];
    return { toolCalls: [{ name: 'think', arguments: { thought: `thought ${messages.length}` } }] };
  });
  fake.setLatency(5);
  let lost = 0;
  let seenTotal = 0;
  let unreadable = 0;
  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const server = await startServerProcess({ dataDir });
      const id = await createConversation(server, conversationBody({ baseUrl: fake.openaiBaseUrl, workingDir: workspaceDir(), extra: { max_iterations: 1000, stuck_detection: false, initial_message: { content: [{ text: 'go' }] } } }));
      const seen = await receive(`ws://127.0.0.1:${server.port}/sockets/events/${id}?resend_all=true`, 20 + (cycle % 7) * 5);
      server.child.kill('SIGKILL');
      await server.exited;
      const restarted = await startServerProcess({ dataDir });
      try {
        const stored = new Set(await storedIds(restarted, id));
        seenTotal += seen.length;
        lost += seen.filter((eventId) => !stored.has(eventId)).length;
        const search = await get(`${restarted.url}/api/conversations/search?limit=100`);
        if (search.status !== 200) unreadable++;
      } finally {
        await stopServer(restarted);
      }
    }
  } finally {
    await fake.close();
  }
  return [
    { scenario: `kill -9 during runs, ${cycles} cycles`, metric: 'events seen by a client', value: seenTotal, unit: '' },
    { scenario: `kill -9 during runs, ${cycles} cycles`, metric: 'seen events lost', value: lost, unit: '', target: '0', met: lost === 0 },
    { scenario: `kill -9 during runs, ${cycles} cycles`, metric: 'restarts with unreadable data', value: unreadable, unit: '', target: '0', met: unreadable === 0 },
  ];
}

export async function reliabilityScenario(): Promise<BenchRow[]> {
  const server = await startServerProcess({ dataDir: await makeDataDir() });
  const rows: BenchRow[] = [];
  try {
    rows.push(...(await reconnectStorm(server)));
    rows.push(...(await slowConsumer(server)));
  } finally {
    await stopServer(server);
  }
  rows.push(...(await killDuringRuns(Number(process.env.BENCH_KILL_CYCLES ?? 50))));
  return rows;
}
