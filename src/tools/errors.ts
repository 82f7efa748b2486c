import { DomainError } from '../shared/errors.js';

/** A tool spec names a tool this server does not have (agent.md 5.1). */
export class UnknownToolError extends DomainError {
  constructor(
    readonly toolName: string,
    readonly availableNames: readonly string[],
  ) {
    super(
      'invalid_request',
      `Unknown tool '${toolName}'. Available tools: ${availableNames.join(', ')} ` +
        '(class-style names such as TerminalTool are accepted too).',
    );
  }
}

/** A tool spec's `params` cannot be used (unknown key, wrong type, duplicate tool). */
export class InvalidToolParamsError extends DomainError {
  constructor(
    readonly toolName: string,
    detail: string,
  ) {
    super('invalid_request', `Invalid params for tool '${toolName}': ${detail}`);
  }
}
