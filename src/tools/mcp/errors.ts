import { DomainError } from '../../shared/errors.js';

/** An `mcp_config` entry cannot be used as written (the create request fails with 400). */
export class McpConfigError extends DomainError {
  constructor(
    readonly serverName: string | null,
    detail: string,
  ) {
    super('invalid_request', serverName === null ? `Invalid mcp_config: ${detail}` : `Invalid mcp_config: MCP server '${serverName}': ${detail}`);
  }
}

/**
 * One or more MCP servers could not be started, connected to or asked for their tools
 * (agent.md 12: creation fails with an error naming the servers).
 */
export class McpConnectionError extends DomainError {
  constructor(
    readonly serverNames: readonly string[],
    message: string,
  ) {
    super('invalid_request', message);
  }
}
