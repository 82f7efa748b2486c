/**
 * Agent runs against the fake LLM (design.md 7, issue 3):
 * - one conversation versus 16 concurrent ones, with 100 ms of LLM latency (wall ratio);
 * - `/health` p95 while the 16 run;
 * - the server's own overhead per agent step, with an LLM that answers at once.
 * Each conversation makes `STEPS - 1` `think` calls, then answers in text and finishes.
 */
import { startFakeLlm, type FakeLlm } from '../../test/support/fake-llm/index.js';
import { conversationBody, workspaceDir } from '../../test/support/fixtures.js';
import { makeDataDir } from '../../test/support/server.js';
import { get, send } from '../lib/http.js';
import { startBareServer, startServerProcess, stopServer, type ServerProcess } from '../lib/processes.js';
import type { BenchRow } from '../lib/report.js';
import { percentile, round, timeMs } from '../lib/stats.js';

const STEPS = 5;

/** Replies by looking at the request: a think call per step until STEPS, then a final text. */
function scriptSteps(fake: FakeLlm, steps: number): void {
  fake.setDefaultReply((request) => {
    const messages = (request.body.messages as { role: string }[] | undefined) ?? [];
    const toolResults = messages.filter((message) => message.role === 'tool').length;
    if (toolResults < steps - 1) return { toolCalls: [{ name: 'think', arguments: { thought: `step ${toolResults}` } }] };
    return { text: 'All done.' };
  });
}

async function runConversations(server: ServerProcess, fake: FakeLlm, count: number): Promise<number> {
  const body = () =>
    conversationBody({
      baseUrl: fake.openaiBaseUrl,
      workingDir: workspaceDir(),
      extra: { initial_message: { content: [{ type: 'text', text: 'Think it through, then answer.' }] } },
    });
  return timeMs(async () => {
    const created = await Promise.all(Array.from({ length: count }, () => send('POST', `${server.url}/api/conversations`, body())));
    const ids = created.map((response) => JSON.parse(response.body).id as string);
    const query = ids.map((id) => `ids=${id}`).join('&');
    for (;;) {
      const answer = await get(`${server.url}/api/conversations?${query}`);
      const infos = JSON.parse(answer.body) as { execution_status: string }[];
      if (!Array.isArray(infos)) throw new Error(`batch get failed: ${answer.body.slice(0, 300)}`);
      const statuses = infos.map((info) => info.execution_status);
      if (statuses.some((status) => status === 'error' || status === 'stuck')) throw new Error(`a benchmark conversation failed: ${statuses.join(', ')}`);
      if (statuses.every((status) => status === 'finished')) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
}

export async function agentScenario(): Promise<BenchRow[]> {
  const bare = await startBareServer();
  const bareSamples: number[] = [];
  for (let index = 0; index < 1000; index++) bareSamples.push(await timeMs(() => get(`${bare.url}/`)));
  await bare.stop();

  const fake = await startFakeLlm();
  const server = await startServerProcess({ dataDir: await makeDataDir() });
  try {
    // Overhead per step: an LLM that answers at once, 20 steps, one conversation.
    scriptSteps(fake, 20);
    await runConversations(server, fake, 1); // warm-up
    const instantWall = await runConversations(server, fake, 1);
    const overheadPerStep = instantWall / 20;

    scriptSteps(fake, STEPS);
    fake.setLatency(100);
    const single = await runConversations(server, fake, 1);
    let running = true;
    const health: number[] = [];
    const probe = (async () => {
      while (running) health.push(await timeMs(() => get(`${server.url}/health`)));
    })();
    const sixteen = await runConversations(server, fake, 16);
    running = false;
    await probe;
    const llmFloor = STEPS * 100;
    return [
      { scenario: `1 conversation, ${STEPS} steps, LLM latency 100 ms`, metric: 'wall', value: Math.round(single), unit: 'ms', ceiling: llmFloor, target: '', met: undefined },
      { scenario: `16 concurrent conversations, ${STEPS} steps each, LLM latency 100 ms`, metric: 'wall', value: Math.round(sixteen), unit: 'ms', ceiling: Math.round(single), target: '<= 1.5x one conversation', met: sixteen <= 1.5 * single },
      { scenario: '/health while 16 conversations run', metric: 'p95', value: round(percentile(health, 0.95)), unit: 'ms', ceiling: round(percentile(bareSamples, 0.95)), target: '<= 10 ms', met: percentile(health, 0.95) <= 10 },
      { scenario: 'server overhead per agent step (instant LLM, think tool)', metric: 'mean', value: round(overheadPerStep, 2), unit: 'ms' },
    ];
  } finally {
    await stopServer(server);
    await fake.close();
  }
}
