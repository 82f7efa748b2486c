/**
 * Knowledge and task skills triggered by a user message (agent.md 9.3). Each skill is injected at
 * most once per conversation; its content reaches the LLM as an extra text part of the message.
 */
import type { ConversationState } from './state.js';

interface SkillLike {
  name: string;
  content: string;
  trigger?: { type?: string; keywords?: string[]; triggers?: string[] } | null;
  inputs?: unknown[];
}

export interface SkillActivation {
  names: string[];
  /** `extended_content` of the MessageEvent: zero or one TextContent. */
  content: { cache_prompt: boolean; type: 'text'; text: string }[];
}

function messageText(content: unknown[]): string {
  return content
    .map((item) => (typeof item === 'object' && item !== null && typeof (item as { text?: unknown }).text === 'string' ? (item as { text: string }).text : null))
    .filter((text): text is string => text !== null)
    .join('\n')
    .trim();
}

function triggerWords(skill: SkillLike): string[] {
  const trigger = skill.trigger;
  if (!trigger) return [];
  return trigger.keywords ?? trigger.triggers ?? [];
}

function skillBlock(skill: SkillLike, word: string): string {
  let content = skill.content;
  if ((skill.inputs?.length ?? 0) > 0 || /\$\{[^}]+\}/.test(content)) {
    content += '\n\nIf any ${variable} above is not known yet, ask the user for it before you continue.';
  }
  return [
    '<EXTRA_INFO>',
    `This was added because the message contains "${word}". It may not be relevant to the request.`,
    '',
    content,
    '</EXTRA_INFO>',
  ].join('\n');
}

export function activateKnowledgeSkills(state: Pick<ConversationState, 'agent' | 'activatedKnowledgeSkills'>, content: unknown[]): SkillActivation {
  const context = state.agent.agent_context as { skills?: SkillLike[]; user_message_suffix?: string | null } | null | undefined;
  const suffix = context?.user_message_suffix?.trim() || null;
  const query = messageText(content).toLowerCase();
  const names: string[] = [];
  const blocks: string[] = [];
  if (query) {
    for (const skill of context?.skills ?? []) {
      if (state.activatedKnowledgeSkills.includes(skill.name) || names.includes(skill.name)) continue;
      const word = triggerWords(skill).find((candidate) => query.includes(candidate.toLowerCase()));
      if (word === undefined) continue;
      names.push(skill.name);
      blocks.push(skillBlock(skill, word));
    }
  }
  let text = blocks.join('\n');
  if (suffix) text = text ? `${text}\n${suffix}` : suffix;
  return { names, content: text ? [{ cache_prompt: false, type: 'text', text }] : [] };
}
