import type { TaskItem } from './schema.js';

const STATUS_ICONS: Record<TaskItem['status'], string> = { todo: '⏳', in_progress: '🔄', done: '✅' };

/** agent.md 5.5: texts of `view` and `plan`. */
export function renderTaskList(tasks: readonly TaskItem[]): string {
  if (tasks.length === 0) return 'No task list found. Use the "plan" command to create one.';
  const entries = tasks.map((task, index) => {
    const line = `${index + 1}. ${STATUS_ICONS[task.status]} ${task.title}\n`;
    return task.notes ? `${line}   ${task.notes}\n` : line;
  });
  return `# Task List\n\n${entries.join('\n')}`.trim();
}

export function renderPlanUpdated(count: number): string {
  return `Task list has been updated with ${count} item(s).`;
}
