import { defineTool } from '../define-tool.js';
import { loadDescription, workingDirLine } from '../load-description.js';
import type { ToolDefinition } from '../types.js';
import { GrepExecutor } from './executor.js';
import { GREP_PARAMETERS, type GrepAction } from './schema.js';

const DESCRIPTION = loadDescription(new URL('./description.md', import.meta.url));

export const grepTool: ToolDefinition = {
  registryName: 'grep',
  acceptedParams: [],
  create(_params, options) {
    const tool = defineTool<GrepAction>(
      {
        name: 'grep',
        actionKind: 'GrepAction',
        observationKind: 'GrepObservation',
        description: DESCRIPTION + workingDirLine(options?.workingDir),
        parameters: GREP_PARAMETERS,
        isReadOnly: true,
        observationFields: (action) => ({
          matches: [],
          pattern: typeof action.pattern === 'string' ? action.pattern : '',
          search_path: typeof action.path === 'string' ? action.path : (options?.workingDir ?? ''),
          include_pattern: typeof action.include === 'string' ? action.include : null,
          truncated: false,
        }),
      },
      new GrepExecutor(),
    );
    return [tool];
  },
};
