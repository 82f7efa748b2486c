/**
 * `npm run bench`: runs every scenario and prints one table. Each scenario measures the machine's
 * own ceiling in the same run where one exists (a bare Node HTTP server, a raw SQLite insert),
 * so the ratios mean something on any machine. `npm run bench -- health append` runs a subset.
 */
import { closeClient } from './lib/http.js';
import { formatTable, type BenchRow } from './lib/report.js';
import { agentScenario } from './scenarios/agent.js';
import { appendScenario } from './scenarios/append.js';
import { bashFloodScenario } from './scenarios/bash-flood.js';
import { eventPageScenario } from './scenarios/event-page.js';
import { healthScenario } from './scenarios/health.js';
import { reliabilityScenario } from './scenarios/reliability.js';
import { searchScenario } from './scenarios/search.js';

const SCENARIOS: Record<string, () => Promise<BenchRow[]>> = {
  health: healthScenario,
  append: appendScenario,
  search: searchScenario,
  events: eventPageScenario,
  flood: bashFloodScenario,
  agent: agentScenario,
  reliability: reliabilityScenario,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((name) => !name.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(SCENARIOS);
  const rows: BenchRow[] = [];
  for (const name of names) {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.stderr.write(`running ${name}...\n`);
    rows.push(...(await scenario()));
  }
  closeClient();
  process.stdout.write(`${formatTable(rows)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
