import type { ObjectArgumentSchema } from '../arguments.js';

export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskItem {
  title: string;
  notes: string;
  status: TaskStatus;
}

export interface TaskTrackerAction {
  [key: string]: unknown;
  command: 'view' | 'plan';
  task_list: TaskItem[];
}

export const TASK_TRACKER_PARAMETERS: ObjectArgumentSchema = {
  type: 'object',
  properties: {
    command: {
      type: 'string',
      enum: ['view', 'plan'],
      default: 'view',
      description: '`view` shows the current task list; `plan` replaces it with `task_list`.',
    },
    task_list: {
      type: 'array',
      default: [],
      description: 'For `plan`: the complete new list of tasks, in order (finished ones included).',
      items: {
        type: 'object',
        properties: {
          title: { type: 'string', description: 'Short, specific name of the task.' },
          notes: { type: 'string', default: '', description: 'Optional details: approach, findings, blockers.' },
          status: {
            type: 'string',
            enum: TASK_STATUSES,
            default: 'todo',
            description: 'todo = not started, in_progress = being worked on (one at a time), done = finished.',
          },
        },
        required: ['title'],
      },
    },
  },
  required: [],
};
