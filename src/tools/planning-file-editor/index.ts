import { defineTool } from '../define-tool.js';
import { fileEditorObservationFields } from '../file-editor/executor.js';
import { fileEditorIntro } from '../file-editor/index.js';
import { FILE_EDITOR_PARAMETERS, type FileEditorAction } from '../file-editor/schema.js';
import { loadDescription, workingDirLine } from '../load-description.js';
import type { ToolCreateOptions, ToolDefinition } from '../types.js';
import { PLANNING_OBSERVATION_KIND, PlanningFileEditorExecutor } from './executor.js';
import { ensurePlanFile, planPathFor } from './plan-file.js';

const RESTRICTION = loadDescription(new URL('./description.md', import.meta.url));

function planningDescription(options: ToolCreateOptions | undefined, planPath: string | null): string {
  const restriction = RESTRICTION.replace('{{plan_path}}', planPath ?? 'PLAN.md at the root of the working directory');
  const location = planPath ? `\nYour PLAN.md is at: ${planPath}` : '';
  return `${fileEditorIntro(options?.vision)}\n\n${restriction}${workingDirLine(options?.workingDir)}${location}`;
}

/** agent.md 5.9: the file editor's parameters and behaviour, with edits limited to PLAN.md. */
export const planningFileEditorTool: ToolDefinition = {
  registryName: 'planning_file_editor',
  acceptedParams: [],
  create(_params, options) {
    // Without a workspace (registry checks) there is no plan to prepare; execution uses the
    // conversation's working directory either way.
    const planPath = options?.workingDir ? planPathFor(options.workingDir) : null;
    if (planPath) ensurePlanFile(planPath);
    const tool = defineTool<FileEditorAction>(
      {
        name: 'planning_file_editor',
        actionKind: 'PlanningFileEditorAction',
        observationKind: PLANNING_OBSERVATION_KIND,
        description: planningDescription(options, planPath),
        parameters: FILE_EDITOR_PARAMETERS,
        // It writes PLAN.md, so it is not read-only: calls carry security_risk and can need confirmation.
        isReadOnly: false,
        observationFields: fileEditorObservationFields,
      },
      new PlanningFileEditorExecutor(),
    );
    return [tool];
  },
};
