/**
 * planning_file_editor (agent.md 5.9): the file editor itself, behind one gate. `view` goes through
 * for any path; every other command must name the plan file, or it is refused before the editor
 * touches the disk.
 */
import type { ToolExecutor } from '../define-tool.js';
import { FileEditorExecutor, fileEditorObservationFields } from '../file-editor/executor.js';
import type { FileEditorAction } from '../file-editor/schema.js';
import { makeObservation } from '../observation.js';
import type { Observation, ToolContext } from '../types.js';
import { isPlanFile, planPathFor } from './plan-file.js';

export const PLANNING_OBSERVATION_KIND = 'PlanningFileEditorObservation';

export function notAllowedMessage(command: string, target: string, planPath: string): string {
  return (
    `The \`${command}\` command is not allowed on ${target}: this tool edits only ${planPath}. ` +
    'Other files can be read with `view` but not changed.'
  );
}

export class PlanningFileEditorExecutor implements ToolExecutor<FileEditorAction> {
  // One editor per tool instance, so undo_edit history lives as long as the conversation's tools.
  private readonly editor = new FileEditorExecutor(PLANNING_OBSERVATION_KIND);

  async execute(action: FileEditorAction, context: ToolContext): Promise<Observation> {
    // The plan file follows the conversation's workspace, the same directory the tool was created in.
    const planPath = planPathFor(context.workingDir);
    if (action.command !== 'view' && !isPlanFile(action.path, planPath, context.workingDir)) {
      return makeObservation(PLANNING_OBSERVATION_KIND, {
        content: notAllowedMessage(action.command, action.path, planPath),
        isError: true,
        fields: fileEditorObservationFields(action),
      });
    }
    return this.editor.execute(action, context);
  }
}
