import { defineTool } from '../define-tool.js';
import { loadDescription } from '../load-description.js';
import { makeObservation } from '../observation.js';
import type { ToolDefinition } from '../types.js';
import { THINK_PARAMETERS } from './schema.js';

const DESCRIPTION = loadDescription(new URL('./description.md', import.meta.url));

/** Text pinned by agent.md 5.7. */
export const THOUGHT_LOGGED = 'Your thought has been logged.';

export const thinkTool: ToolDefinition = {
  registryName: 'think',
  acceptedParams: [],
  create() {
    const tool = defineTool(
      {
        name: 'think',
        actionKind: 'ThinkAction',
        observationKind: 'ThinkObservation',
        description: DESCRIPTION,
        parameters: THINK_PARAMETERS,
        isReadOnly: true,
        observationFields: () => ({}),
      },
      {
        async execute() {
          return makeObservation('ThinkObservation', { content: THOUGHT_LOGGED, fields: {} });
        },
      },
    );
    return [tool];
  },
};
