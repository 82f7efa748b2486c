export { createMcpTools, MCP_CALL_TIMEOUT_MS, MCP_LIST_TIMEOUT_MS, type CreateMcpToolsOptions } from './create-mcp-tools.js';
export { McpConfigError, McpConnectionError } from './errors.js';
