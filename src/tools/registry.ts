/**
 * The tools this server offers, in the order the LLM sees them (style.md 2.3: an explicit list;
 * tools never register themselves). `finish` and `think` are always added after the requested ones.
 */
import { InvalidToolParamsError, UnknownToolError } from './errors.js';
import { fileEditorTool } from './file-editor/index.js';
import { finishTool } from './finish/index.js';
import { globTool } from './glob/index.js';
import { grepTool } from './grep/index.js';
import { planningFileEditorTool } from './planning-file-editor/index.js';
import { taskTrackerTool } from './task-tracker/index.js';
import { terminalTool } from './terminal/index.js';
import { thinkTool } from './think/index.js';
import type { Json, ToolCreateOptions, ToolDefinition, ToolInstance } from './types.js';

// agent.md 5.1 order; browser_tool_set is not implemented, so it is simply absent.
const REGISTERED: readonly ToolDefinition[] = [
  terminalTool,
  fileEditorTool,
  taskTrackerTool,
  globTool,
  grepTool,
  planningFileEditorTool,
];
const BUILT_IN: readonly ToolDefinition[] = [finishTool, thinkTool];

export interface ToolSpecInput {
  name: string;
  params?: Json | null;
}

/** Registry names, for `GET /api/tools/`. */
export function listToolNames(): string[] {
  return REGISTERED.map((definition) => definition.registryName);
}

/**
 * agent.md 5.1 (Recommended): `TerminalTool` and `terminal` name the same tool; CamelCase becomes
 * snake_case and a trailing `_tool` is dropped.
 */
export function normalizeToolName(name: string): string {
  const snake = name
    // A lookahead, not `([A-Z]+)([A-Z][a-z])`: that one backtracks quadratically on a long run of
    // capitals, and a tool name is client input.
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return snake.endsWith('_tool') ? snake.slice(0, -'_tool'.length) : snake;
}

/** agent.md 2.1 step 3.1: an unknown param fails creation (a 400, nothing stored), whatever the tool. */
function assertKnownParams(definition: ToolDefinition, params: Json): void {
  const unknown = Object.keys(params).find((key) => !definition.acceptedParams.includes(key));
  if (unknown === undefined) return;
  const accepted = definition.acceptedParams;
  const hint = accepted.length > 0 ? `accepted: ${accepted.join(', ')}` : `${definition.registryName} takes no params`;
  throw new InvalidToolParamsError(definition.registryName, `unknown param '${unknown}'; ${hint}`);
}

/** Instances for one conversation: the requested tools in order, then finish and think. */
export function createTools(specs: readonly ToolSpecInput[], options: ToolCreateOptions = {}): ToolInstance[] {
  const seen = new Set<string>();
  const instances: ToolInstance[] = [];
  for (const spec of specs) {
    const name = normalizeToolName(spec.name);
    if (BUILT_IN.some((definition) => definition.registryName === name)) continue;
    const definition = REGISTERED.find((candidate) => candidate.registryName === name);
    if (!definition) throw new UnknownToolError(spec.name, listToolNames());
    if (seen.has(name)) throw new InvalidToolParamsError(spec.name, `the tool '${name}' is listed twice`);
    seen.add(name);
    const params = spec.params ?? {};
    assertKnownParams(definition, params);
    instances.push(...definition.create(params, options));
  }
  for (const definition of BUILT_IN) instances.push(...definition.create({}, options));
  return instances;
}
