/**
 * One MCP tool as a ToolInstance (agent.md 12): the server's description and a parameter schema
 * derived from its `inputSchema`; read-only (no `security_risk`, never needs confirmation) only
 * when the server annotates it `readOnlyHint: true`. Arguments become `MCPToolAction.data`;
 * execution is one `tools/call` on the conversation's session with that server.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { defaultLlmContent } from '../observation.js';
import type { Json, ParseResult, ToolInstance } from '../types.js';
import type { McpConnection } from './connection.js';
import { deriveParameters, toLlmParameters } from './input-schema.js';
import { MCP_ACTION_KIND, errorObservation, resultObservation } from './observation.js';
import { validateMcpArguments } from './validate-arguments.js';

export const NO_DESCRIPTION = 'No description provided';

export interface McpToolOptions {
  /** The name the LLM sees (agent.md 12 naming rule). */
  name: string;
  /** The tool as the server listed it (its own name is used for `tools/call`). */
  tool: Tool;
  connection: McpConnection;
  callTimeoutMs: number;
}

export function mcpTool({ name, tool, connection, callTimeoutMs }: McpToolOptions): ToolInstance {
  const parameters = deriveParameters(tool.inputSchema);
  const parseArguments = (raw: unknown): ParseResult => {
    const result = validateMcpArguments(parameters, raw);
    return result.ok ? { ok: true, action: { kind: MCP_ACTION_KIND, data: result.value } } : result;
  };
  let isClosed = false;
  connection.retain();
  return {
    name,
    description: tool.description || NO_DESCRIPTION,
    parameters: toLlmParameters(parameters),
    isReadOnly: tool.annotations?.readOnlyHint === true,
    parseArguments,
    async execute(action, context) {
      // Actions read back from the event log (confirmation, restart) are checked again.
      const parsed = parseArguments(action.data ?? {});
      if (!parsed.ok) return errorObservation(name, parsed.error);
      try {
        const result = await connection.callTool(tool.name, parsed.action.data as Json, { timeoutMs: callTimeoutMs, signal: context.signal });
        return resultObservation(name, result);
      } catch (error) {
        return errorObservation(name, connection.mask(error instanceof Error ? error.message : String(error)));
      }
    },
    toLlmContent: defaultLlmContent,
    async close() {
      if (isClosed) return;
      isClosed = true;
      await connection.release();
    },
  };
}
