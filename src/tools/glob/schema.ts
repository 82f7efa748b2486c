import type { ObjectArgumentSchema } from '../arguments.js';

export interface GlobAction {
  [key: string]: unknown;
  pattern: string;
  path: string | null;
}

export const GLOB_PARAMETERS: ObjectArgumentSchema = {
  type: 'object',
  description: 'List the files whose paths match a glob pattern.',
  properties: {
    pattern: { type: 'string', description: 'Glob pattern, e.g. "**/*.js" or "src/**/*.ts".' },
    path: {
      type: 'string',
      description: 'Directory to search in. Omit it to search the working directory.',
    },
  },
  required: ['pattern'],
};
