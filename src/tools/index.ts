export type {
  ContentItem,
  ImageContentItem,
  Json,
  Observation,
  ParseResult,
  TextContentItem,
  ToolContext,
  ToolCreateOptions,
  ToolDefinition,
  ToolInstance,
} from './types.js';
export { createTools, listToolNames, normalizeToolName, type ToolSpecInput } from './registry.js';
export { InvalidToolParamsError, UnknownToolError } from './errors.js';
export { observationToLlmContent } from './llm-content.js';
export { ERROR_HEADER } from './observation.js';
export { maybeTruncate } from './truncate.js';
export { terminalTool } from './terminal/index.js';
export { fileEditorTool } from './file-editor/index.js';
export { taskTrackerTool } from './task-tracker/index.js';
export { globTool } from './glob/index.js';
export { grepTool } from './grep/index.js';
export { planningFileEditorTool } from './planning-file-editor/index.js';
export { finishTool } from './finish/index.js';
export { thinkTool } from './think/index.js';
export { createMcpTools, McpConfigError, McpConnectionError, type CreateMcpToolsOptions } from './mcp/index.js';
