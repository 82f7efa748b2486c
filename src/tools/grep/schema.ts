import type { ObjectArgumentSchema } from '../arguments.js';

export interface GrepAction {
  [key: string]: unknown;
  pattern: string;
  path: string | null;
  include: string | null;
}

export const GREP_PARAMETERS: ObjectArgumentSchema = {
  type: 'object',
  description: 'List the files whose content matches a regular expression.',
  properties: {
    pattern: { type: 'string', description: 'Regular expression to search for (case-insensitive).' },
    path: {
      type: 'string',
      description: 'Directory to search in. Omit it to search the working directory.',
    },
    include: {
      type: 'string',
      description: 'Only search files whose names match this glob, e.g. "*.js" or "*.{ts,tsx}".',
    },
  },
  required: ['pattern'],
};
