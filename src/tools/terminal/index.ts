import { InvalidToolParamsError } from '../errors.js';
import { defineTool } from '../define-tool.js';
import { loadDescription } from '../load-description.js';
import type { Json, ToolDefinition } from '../types.js';
import { emptyMetadata, TerminalExecutor, type TerminalSettings } from './executor.js';
import { terminalLlmContent } from './render.js';
import { TERMINAL_PARAMETERS, type TerminalAction } from './schema.js';

const DESCRIPTION = loadDescription(new URL('./description.md', import.meta.url));

const DEFAULT_NO_CHANGE_TIMEOUT_SECONDS = 30;

export const terminalTool: ToolDefinition = {
  registryName: 'terminal',
  // agent.md 5.1. `username` and `terminal_type` are accepted and ignored: commands run as the
  // server's user, always in a pty.
  acceptedParams: ['username', 'no_change_timeout_seconds', 'terminal_type', 'shell_path'],
  create(params) {
    const settings = terminalSettings(params);
    const executor = new TerminalExecutor(settings);
    const tool = defineTool<TerminalAction>(
      {
        name: 'terminal',
        actionKind: 'TerminalAction',
        observationKind: 'TerminalObservation',
        description: DESCRIPTION.replace('{{no_change_timeout_seconds}}', String(settings.noChangeTimeoutSeconds)),
        parameters: TERMINAL_PARAMETERS,
        isReadOnly: false,
        observationFields: (action) => ({
          command: typeof action.command === 'string' ? action.command : null,
          exit_code: null,
          timeout: false,
          metadata: emptyMetadata(),
          full_output_save_dir: null,
        }),
        toLlmContent: terminalLlmContent,
      },
      executor,
    );
    return [tool];
  },
};

function terminalSettings(params: Json): TerminalSettings {
  const timeout = params.no_change_timeout_seconds ?? DEFAULT_NO_CHANGE_TIMEOUT_SECONDS;
  if (typeof timeout !== 'number' || !(timeout > 0)) {
    throw new InvalidToolParamsError('terminal', 'no_change_timeout_seconds must be a positive number');
  }
  const shellPath = params.shell_path ?? undefined;
  if (shellPath !== undefined && typeof shellPath !== 'string') {
    throw new InvalidToolParamsError('terminal', 'shell_path must be a string');
  }
  return { noChangeTimeoutSeconds: timeout, shellPath, environment: shellEnvironment() };
}

/**
 * The server's own configuration (session keys, the key that encrypts secrets at rest: `OH`,
 * `OH_*`, `SESSION_API_KEY`) never reaches the agent's shell, where a command could print or send it.
 */
export function isServerOnlyVariable(name: string): boolean {
  return name === 'OH' || name.startsWith('OH_') || name === 'SESSION_API_KEY';
}

/** agent.md 5.3: the server's environment plus TERM; pagers off so `git log` cannot wait for a key. */
function shellEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !isServerOnlyVariable(name)) environment[name] = value;
  return { PAGER: 'cat', GIT_PAGER: 'cat', ...environment, TERM: 'xterm-256color' };
}
