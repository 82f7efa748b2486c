/**
 * The system prompt (agent.md 4.1): the base prompt, with or without the risk-assessment section,
 * then the agent context's suffix (repo skills and `system_message_suffix`, agent.md 9.2).
 * Pure apart from reading a user's own prompt file when `system_prompt_filename` is absolute.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prompt } from './prompts.js';

type Json = Record<string, unknown>;

interface SkillLike {
  name: string;
  content: string;
  trigger?: unknown;
}

interface AgentContextLike {
  skills?: SkillLike[];
  system_message_suffix?: string | null;
}

/** agent.md 4.1: the risk section is on unless `llm_security_analyzer` is false; `cli_mode` picks its wording. */
function riskSection(kwargs: Json): string {
  if (kwargs.llm_security_analyzer === false) return '';
  return kwargs.cli_mode === false ? prompt('security-risk-sandbox') : prompt('security-risk-local');
}

function basePrompt(agent: Json): string {
  const kwargs = (agent.system_prompt_kwargs as Json | undefined) ?? {};
  const filename = typeof agent.system_prompt_filename === 'string' ? agent.system_prompt_filename : '';
  // An absolute path names the user's own prompt, used as written (no template language).
  if (path.isAbsolute(filename)) return readFileSync(filename, 'utf8').trim();
  return prompt('system-prompt', { security_risk_assessment: riskSection(kwargs) })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** agent.md 9.2: repo skills (no trigger) in a REPO_CONTEXT block, then `system_message_suffix`. */
export function systemMessageSuffix(context: AgentContextLike | null | undefined): string {
  if (!context) return '';
  const repoSkills = (context.skills ?? []).filter((skill) => skill.trigger === null || skill.trigger === undefined);
  const suffix = context.system_message_suffix?.trim() ?? '';
  if (repoSkills.length === 0) return suffix;
  const blocks = repoSkills.map((skill) => `[BEGIN context from [${skill.name}]]\n${skill.content}\n[END Context]`);
  const repoContext = ['<REPO_CONTEXT>', prompt('repo-context'), '', ...blocks, '</REPO_CONTEXT>'].join('\n');
  return (suffix ? `${repoContext}\n\n${suffix}` : repoContext).trim();
}

export function renderSystemPrompt(agent: Json): string {
  const suffix = systemMessageSuffix(agent.agent_context as AgentContextLike | null | undefined);
  const base = basePrompt(agent);
  return suffix ? `${base}\n\n${suffix}` : base;
}
