/**
 * The agent's product text lives in `prompts/*.md` (style.md 2.11); this module reads each file
 * once, at import, and fills `{{name}}` placeholders.
 */
import { readFileSync } from 'node:fs';

const PROMPT_NAMES = [
  'system-prompt',
  'security-risk-local',
  'security-risk-sandbox',
  'security-risk-parameter',
  'interaction-rules',
  'task-management',
  'technical-philosophy',
  'planning-prompt',
  'plan-structure',
  'repo-context',
  'ask-agent-question',
  'title-system',
  'title-user',
] as const;

export type PromptName = (typeof PROMPT_NAMES)[number];

const texts = new Map<PromptName, string>(
  PROMPT_NAMES.map((name) => [name, readFileSync(new URL(`./prompts/${name}.md`, import.meta.url), 'utf8').trim()]),
);

export function prompt(name: PromptName, values: Record<string, string | number> = {}): string {
  const text = texts.get(name) ?? '';
  return text.replace(/\{\{(\w+)\}\}/g, (placeholder, key: string) => (key in values ? String(values[key]) : placeholder));
}
