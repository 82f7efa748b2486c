/**
 * The MCP tools of an agent (agent.md 12, 2.1 step 3.2): connect to every server of `mcp_config`
 * at once, list their tools within one overall deadline (30 s), and expose each tool. With one
 * server the tools keep their MCP names; with several, each is named `<server>_<tool>`. Any server
 * that cannot be started, answered or listed fails the whole set with an error naming it, and
 * every connection already opened is closed. The connections stay open for the conversation;
 * closing the returned tools closes them (and ends stdio servers' processes).
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolInstance } from '../types.js';
import { parseMcpConfig } from './config.js';
import { McpConnection } from './connection.js';
import { McpConnectionError } from './errors.js';
import { mcpTool } from './mcp-tool.js';

export const MCP_LIST_TIMEOUT_MS = 30_000;
export const MCP_CALL_TIMEOUT_MS = 300_000;

export interface CreateMcpToolsOptions {
  /** The conversation's workspace: the default (and base for a relative) `cwd` of stdio servers. */
  workingDir: string;
  listTimeoutMs?: number;
  callTimeoutMs?: number;
}

type Outcome = { ok: true; tools: Tool[] } | { ok: false; error: unknown };

function seconds(ms: number): string {
  return `${Math.round((ms / 1000) * 10) / 10} s`;
}

/** Lists every server's tools; outcomes of servers still busy at the deadline stay undefined. */
async function listAll(connections: McpConnection[], timeoutMs: number): Promise<(Outcome | undefined)[]> {
  const outcomes: (Outcome | undefined)[] = connections.map(() => undefined);
  const tasks = connections.map((connection, index) =>
    connection.listTools({ timeoutMs }).then(
      (tools) => void (outcomes[index] = { ok: true, tools }),
      (error: unknown) => void (outcomes[index] = { ok: false, error }),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.all(tasks), deadline]);
  clearTimeout(timer);
  return outcomes;
}

export async function createMcpTools(mcpConfig: unknown, options: CreateMcpToolsOptions): Promise<ToolInstance[]> {
  const servers = parseMcpConfig(mcpConfig, { workingDir: options.workingDir });
  if (servers.length === 0) return [];
  const listTimeoutMs = options.listTimeoutMs ?? MCP_LIST_TIMEOUT_MS;
  const connections = servers.map((server) => new McpConnection(server, { connectTimeoutMs: listTimeoutMs }));
  const outcomes = await listAll(connections, listTimeoutMs);

  const problems: string[] = [];
  const failedNames: string[] = [];
  connections.forEach((connection, index) => {
    const outcome = outcomes[index];
    if (outcome && !outcome.ok) {
      problems.push(connection.describeFailure(outcome.error));
      failedNames.push(connection.name);
    }
  });
  const timedOut: string[] = [];
  connections.forEach((connection, index) => {
    if (outcomes[index] !== undefined) return;
    problems.push(connection.describeFailure(`timed out after ${seconds(listTimeoutMs)} starting the server and listing its tools`));
    timedOut.push(connection.name);
  });
  if (problems.length > 0) {
    await Promise.allSettled(connections.map((connection) => connection.close()));
    throw new McpConnectionError([...failedNames, ...timedOut], `Could not load the MCP tools: ${problems.join('; ')}`);
  }

  const isPrefixed = connections.length > 1;
  const tools: ToolInstance[] = [];
  for (const [index, connection] of connections.entries()) {
    const listed = (outcomes[index] as { tools: Tool[] }).tools;
    for (const tool of listed) {
      const name = isPrefixed ? `${connection.name}_${tool.name}` : tool.name;
      tools.push(mcpTool({ name, tool, connection, callTimeoutMs: options.callTimeoutMs ?? MCP_CALL_TIMEOUT_MS }));
    }
    if (listed.length === 0) await connection.close();
  }
  return tools;
}
