import { defineTool } from '../define-tool.js';
import { loadDescription, workingDirLine } from '../load-description.js';
import type { ToolDefinition } from '../types.js';
import { GlobExecutor } from './executor.js';
import { GLOB_PARAMETERS, type GlobAction } from './schema.js';

const DESCRIPTION = loadDescription(new URL('./description.md', import.meta.url));

export const globTool: ToolDefinition = {
  registryName: 'glob',
  acceptedParams: [],
  create(_params, options) {
    const tool = defineTool<GlobAction>(
      {
        name: 'glob',
        actionKind: 'GlobAction',
        observationKind: 'GlobObservation',
        description: DESCRIPTION + workingDirLine(options?.workingDir),
        parameters: GLOB_PARAMETERS,
        isReadOnly: true,
        observationFields: (action) => ({
          files: [],
          pattern: typeof action.pattern === 'string' ? action.pattern : '',
          search_path: typeof action.path === 'string' ? action.path : (options?.workingDir ?? ''),
          truncated: false,
        }),
      },
      new GlobExecutor(),
    );
    return [tool];
  },
};
