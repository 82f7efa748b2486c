import type { ObjectArgumentSchema } from '../arguments.js';

// agent.md 5.2: the finish schema has no top-level description.
export const FINISH_PARAMETERS: ObjectArgumentSchema = {
  type: 'object',
  properties: {
    message: { type: 'string', description: 'Final message to the user.' },
  },
  required: ['message'],
};
