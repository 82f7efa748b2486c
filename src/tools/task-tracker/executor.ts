/**
 * The task list of one conversation. It is read from `<persistenceDir>/TASKS.json` on first use and
 * written there on every `plan` (agent.md 5.5), so a restarted server finds the same list.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ToolExecutor } from '../define-tool.js';
import { makeObservation } from '../observation.js';
import type { Observation, ToolContext } from '../types.js';
import { renderPlanUpdated, renderTaskList } from './render.js';
import { TASK_STATUSES, type TaskItem, type TaskTrackerAction } from './schema.js';

export const TASKS_FILE = 'TASKS.json';

export class TaskTrackerExecutor implements ToolExecutor<TaskTrackerAction> {
  private tasks: TaskItem[] | null = null;

  async execute(action: TaskTrackerAction, context: ToolContext): Promise<Observation> {
    this.tasks ??= await loadTasks(context.persistenceDir);
    let text: string;
    if (action.command === 'plan') {
      this.tasks = action.task_list.map((task) => ({ title: task.title, notes: task.notes, status: task.status }));
      await saveTasks(context.persistenceDir, this.tasks);
      text = renderPlanUpdated(this.tasks.length);
    } else {
      text = renderTaskList(this.tasks);
    }
    return makeObservation('TaskTrackerObservation', {
      content: text,
      fields: { command: action.command, task_list: this.tasks.map((task) => ({ ...task })) },
    });
  }
}

async function loadTasks(persistenceDir: string): Promise<TaskItem[]> {
  if (!persistenceDir) return [];
  let text: string;
  try {
    text = await readFile(path.join(persistenceDir, TASKS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(`${TASKS_FILE} does not hold a JSON array`);
  return parsed.map(toTaskItem);
}

function toTaskItem(value: unknown): TaskItem {
  const item = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const status = TASK_STATUSES.find((candidate) => candidate === item.status) ?? 'todo';
  return {
    title: typeof item.title === 'string' ? item.title : '',
    notes: typeof item.notes === 'string' ? item.notes : '',
    status,
  };
}

async function saveTasks(persistenceDir: string, tasks: TaskItem[]): Promise<void> {
  if (!persistenceDir) return;
  await mkdir(persistenceDir, { recursive: true });
  const file = path.join(persistenceDir, TASKS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(tasks, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}
