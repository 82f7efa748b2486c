import type { ObjectArgumentSchema } from '../arguments.js';

export const THINK_PARAMETERS: ObjectArgumentSchema = {
  type: 'object',
  description: 'Record a thought for later reference; it has no effect on the workspace.',
  properties: {
    thought: { type: 'string', description: 'The thought to record.' },
  },
  required: ['thought'],
};
