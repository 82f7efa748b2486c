/**
 * file_editor (agent.md 5.4). Checks run in the spec's order: the path, then the command's
 * parameters, then the file itself (size, binary). Every expected failure is a FileEditorError
 * whose message becomes an error observation.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ToolExecutor } from '../define-tool.js';
import { makeObservation } from '../observation.js';
import type { ContentItem, Observation, ToolContext } from '../types.js';
import { createFile, insertIntoFile, replaceInFile, undoEdit, type EditOutcome } from './edit.js';
import { FileEditorError } from './file-checks.js';
import { EditHistory } from './history.js';
import { messages } from './render.js';
import { FILE_EDITOR_COMMANDS, type FileEditorAction } from './schema.js';
import { viewPath } from './view.js';

export class FileEditorExecutor implements ToolExecutor<FileEditorAction> {
  private readonly history = new EditHistory();

  /**
   * @param observationKind planning_file_editor runs this same executor but its observations carry
   *   their own kind (agent.md 5.9), so the kind is chosen by whoever owns the executor.
   */
  constructor(private readonly observationKind = 'FileEditorObservation') {}

  async execute(action: FileEditorAction, context: ToolContext): Promise<Observation> {
    try {
      await checkPath(action, context.workingDir);
      if (action.command === 'view') {
        const content = await viewPath(action.path, action.view_range);
        return this.observation(action, { content, fields: {} });
      }
      const outcome = await this.edit(action);
      return this.observation(action, {
        content: outcome.text,
        fields: {
          prev_exist: action.command !== 'create',
          old_content: outcome.oldContent,
          new_content: outcome.newContent,
        },
      });
    } catch (error) {
      if (!(error instanceof FileEditorError)) throw error;
      return this.observation(action, { content: error.message, isError: true, fields: {} });
    }
  }

  private observation(
    action: FileEditorAction,
    parts: { content: ContentItem[] | string; isError?: boolean; fields: Record<string, unknown> },
  ): Observation {
    return makeObservation(this.observationKind, {
      content: parts.content,
      isError: parts.isError,
      fields: { ...fileEditorObservationFields(action), ...parts.fields },
    });
  }

  private edit(action: FileEditorAction): Promise<EditOutcome> {
    const target = action.path;
    switch (action.command) {
      case 'create':
        return createFile(target, required(action, 'file_text'), this.history);
      case 'str_replace':
        return replaceInFile(
          target,
          { oldStr: required(action, 'old_str'), newStr: required(action, 'new_str') },
          this.history,
        );
      case 'insert':
        return insertIntoFile(
          target,
          { insertLine: required(action, 'insert_line'), newStr: required(action, 'new_str') },
          this.history,
        );
      case 'undo_edit':
        return undoEdit(target, this.history);
      case 'view':
        throw new Error('view is not an edit');
    }
  }
}

export function fileEditorObservationFields(action: Partial<FileEditorAction>) {
  return {
    command: FILE_EDITOR_COMMANDS.find((command) => command === action.command) ?? 'view',
    path: typeof action.path === 'string' ? action.path : null,
    prev_exist: true,
    old_content: null,
    new_content: null,
  };
}

async function checkPath(action: FileEditorAction, workingDir: string): Promise<void> {
  const target = action.path;
  if (!path.isAbsolute(target)) {
    const suggestion = path.join(workingDir, target);
    throw new FileEditorError(messages.relativePath(target, (await statOrNull(suggestion)) ? suggestion : null));
  }
  const found = await statOrNull(target);
  if (action.command === 'create') {
    if (found) throw new FileEditorError(messages.alreadyExists(target));
    return;
  }
  if (!found) throw new FileEditorError(messages.missingPath(target));
  if (found.isDirectory() && action.command !== 'view') throw new FileEditorError(messages.directoryNotAllowed(target));
}

function required<Key extends 'file_text' | 'old_str' | 'new_str' | 'insert_line'>(
  action: FileEditorAction,
  key: Key,
): NonNullable<FileEditorAction[Key]> {
  const value = action[key];
  if (value === null || value === undefined) throw new FileEditorError(messages.missingParameter(key, action.command));
  return value as NonNullable<FileEditorAction[Key]>;
}

async function statOrNull(target: string) {
  try {
    return await stat(target);
  } catch {
    return null;
  }
}
