/**
 * agent.md 12: an MCP `tools/call` result as an MCPToolObservation (`kind`, `content`, `is_error`,
 * `tool_name`). The content opens with "[Tool '<name>' executed.]", then every text block and
 * every image block (as a data URL); other block types (audio, resources) are not shown.
 */
import { makeObservation, textContent } from '../observation.js';
import type { ContentItem, Observation } from '../types.js';

export const MCP_OBSERVATION_KIND = 'MCPToolObservation';
export const MCP_ACTION_KIND = 'MCPToolAction';

type Json = Record<string, unknown>;

export function resultObservation(toolName: string, result: { content?: unknown; isError?: unknown }): Observation {
  const content: ContentItem[] = [textContent(`[Tool '${toolName}' executed.]`)];
  for (const block of Array.isArray(result.content) ? (result.content as Json[]) : []) {
    if (block?.type === 'text' && typeof block.text === 'string') content.push(textContent(block.text));
    if (block?.type === 'image' && typeof block.data === 'string') {
      const mimeType = typeof block.mimeType === 'string' ? block.mimeType : 'image/png';
      content.push({ cache_prompt: false, type: 'image', image_urls: [`data:${mimeType};base64,${block.data}`] });
    }
  }
  return makeObservation(MCP_OBSERVATION_KIND, { content, isError: result.isError === true, fields: { tool_name: toolName } });
}

export function errorObservation(toolName: string, message: string): Observation {
  return makeObservation(MCP_OBSERVATION_KIND, { content: `Error calling MCP tool ${toolName}: ${message}`, isError: true, fields: { tool_name: toolName } });
}
