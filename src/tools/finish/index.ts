import { defineTool } from '../define-tool.js';
import { loadDescription } from '../load-description.js';
import { makeObservation } from '../observation.js';
import type { ToolDefinition } from '../types.js';
import { FINISH_PARAMETERS } from './schema.js';

const DESCRIPTION = loadDescription(new URL('./description.md', import.meta.url));

/** agent.md 5.6: the observation repeats the message; the agent sets the status to finished. */
export const finishTool: ToolDefinition = {
  registryName: 'finish',
  acceptedParams: [],
  create() {
    const tool = defineTool<{ message: string }>(
      {
        name: 'finish',
        actionKind: 'FinishAction',
        observationKind: 'FinishObservation',
        description: DESCRIPTION,
        parameters: FINISH_PARAMETERS,
        isReadOnly: true,
        observationFields: () => ({}),
      },
      {
        async execute(action) {
          return makeObservation('FinishObservation', { content: action.message, fields: {} });
        },
      },
    );
    return [tool];
  },
};
