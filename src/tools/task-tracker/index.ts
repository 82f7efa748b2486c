import { defineTool } from '../define-tool.js';
import { loadDescription } from '../load-description.js';
import type { ToolDefinition } from '../types.js';
import { TaskTrackerExecutor } from './executor.js';
import { TASK_TRACKER_PARAMETERS, type TaskTrackerAction } from './schema.js';

const DESCRIPTION = loadDescription(new URL('./description.md', import.meta.url));

export const taskTrackerTool: ToolDefinition = {
  registryName: 'task_tracker',
  acceptedParams: [],
  create() {
    const tool = defineTool<TaskTrackerAction>(
      {
        name: 'task_tracker',
        actionKind: 'TaskTrackerAction',
        observationKind: 'TaskTrackerObservation',
        description: DESCRIPTION,
        parameters: TASK_TRACKER_PARAMETERS,
        // agent.md 15.1: task_tracker takes a security_risk, so it is not read-only.
        isReadOnly: false,
        observationFields: (action) => ({ command: action.command === 'plan' ? 'plan' : 'view', task_list: [] }),
      },
      new TaskTrackerExecutor(),
    );
    return [tool];
  },
};
