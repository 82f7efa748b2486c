/**
 * The summarising request's text (agent.md 8.2): our own prompt (`summarizing-prompt.md`) with the
 * previous summary and one `<EVENT>` block per forgotten event. Read once, at import.
 */
import { readFileSync } from 'node:fs';
import type { ConversationEvent } from '../../events/index.js';
import { describeEvent } from './describe-event.js';

const TEMPLATE = readFileSync(new URL('./summarizing-prompt.md', import.meta.url), 'utf8').trim();

export function summarizingPrompt(options: { previousSummary: string; forgotten: readonly ConversationEvent[] }): string {
  const values: Record<string, string> = {
    previous_summary: options.previousSummary,
    events: options.forgotten.map((event) => `<EVENT>\n${describeEvent(event)}\n</EVENT>`).join('\n'),
  };
  // One pass, so text inside a summary or an event is never taken for a placeholder.
  return TEMPLATE.replace(/\{\{(\w+)\}\}/g, (placeholder, key: string) => values[key] ?? placeholder);
}
