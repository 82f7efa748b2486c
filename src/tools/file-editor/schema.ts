import type { ObjectArgumentSchema } from '../arguments.js';

export const FILE_EDITOR_COMMANDS = ['view', 'create', 'str_replace', 'insert', 'undo_edit'] as const;
export type FileEditorCommand = (typeof FILE_EDITOR_COMMANDS)[number];

export interface FileEditorAction {
  [key: string]: unknown;
  command: FileEditorCommand;
  path: string;
  file_text: string | null;
  old_str: string | null;
  new_str: string | null;
  insert_line: number | null;
  view_range: number[] | null;
}

export const FILE_EDITOR_PARAMETERS: ObjectArgumentSchema = {
  type: 'object',
  properties: {
    command: {
      type: 'string',
      enum: FILE_EDITOR_COMMANDS,
      description: 'What to do: `view`, `create`, `str_replace`, `insert` or `undo_edit`.',
    },
    path: {
      type: 'string',
      description: 'Absolute path of the file or directory, e.g. `/workspace/file.py` or `/workspace`.',
    },
    file_text: { type: 'string', description: 'Required for `create`: the content of the new file.' },
    old_str: {
      type: 'string',
      description: 'Required for `str_replace`: the exact text to replace; it must occur exactly once.',
    },
    new_str: {
      type: 'string',
      description: 'For `str_replace`: the replacement text (empty to delete). For `insert`: the lines to insert.',
    },
    insert_line: {
      type: 'integer',
      minimum: 0,
      description: 'Required for `insert`: `new_str` goes after this line (0 = before the first line).',
    },
    view_range: {
      type: 'array',
      items: { type: 'integer' },
      description: 'Optional for `view` on a file: `[start, end]` lines, 1-based and inclusive; `end` -1 = to the end.',
    },
  },
  required: ['command', 'path'],
};
