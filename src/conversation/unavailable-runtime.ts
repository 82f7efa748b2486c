import type { AgentRuntime } from './agent-runtime.js';
import { AgentRuntimeUnavailableError } from './errors.js';

/**
 * Used until an agent runtime is wired in: conversations can be created, messaged and managed,
 * but a run ends at once with status `error` and a ConversationErrorEvent that says why.
 */
export const unavailableRuntime: AgentRuntime = {
  initialEvents: () => [],
  step: async () => {
    throw new AgentRuntimeUnavailableError();
  },
};
