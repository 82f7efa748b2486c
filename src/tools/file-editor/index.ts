import { defineTool } from '../define-tool.js';
import { loadDescription, workingDirLine } from '../load-description.js';
import type { ToolDefinition } from '../types.js';
import { FileEditorExecutor, fileEditorObservationFields } from './executor.js';
import { FILE_EDITOR_PARAMETERS, type FileEditorAction } from './schema.js';

const DESCRIPTION = loadDescription(new URL('./description.md', import.meta.url));
const IMAGE_VIEWING = loadDescription(new URL('./image-viewing.md', import.meta.url));

/**
 * The editor's description without its working-directory ending; planning_file_editor starts from
 * the same text (agent.md 5.9). agent.md 5.4: without vision the image of a viewed picture never
 * reaches the model, so the description does not offer it.
 */
export function fileEditorIntro(vision: boolean | undefined): string {
  return DESCRIPTION.replace('{{image_viewing}}', vision ? ` ${IMAGE_VIEWING}` : '');
}

export const fileEditorTool: ToolDefinition = {
  registryName: 'file_editor',
  acceptedParams: [],
  create(_params, options) {
    const workingDir = options?.workingDir;
    const tool = defineTool<FileEditorAction>(
      {
        name: 'file_editor',
        actionKind: 'FileEditorAction',
        observationKind: 'FileEditorObservation',
        description:
          fileEditorIntro(options?.vision) +
          workingDirLine(workingDir) +
          (workingDir ? '\nStart exploring from there when you need to.' : ''),
        parameters: FILE_EDITOR_PARAMETERS,
        isReadOnly: false,
        observationFields: fileEditorObservationFields,
      },
      new FileEditorExecutor(),
    );
    return [tool];
  },
};
