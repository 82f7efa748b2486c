/**
 * The system prompt (agent.md 4.1): the base prompt, with or without the risk-assessment section,
 * then the agent context's suffix (repo skills and `system_message_suffix`, agent.md 9.2).
 * The bundled variant names pick our own prompts: three are the default plus one section, the
 * planning one is a prompt of its own. Other relative names fall back to the default.
 * Pure apart from reading a user's own prompt file when `system_prompt_filename` is absolute.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type PromptName, prompt } from './prompts.js';

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

/** The variants that are the default prompt plus one section, by bundled name. */
const EXTRA_SECTIONS = new Map<string, PromptName>([
  ['system_prompt_interactive.j2', 'interaction-rules'],
  ['system_prompt_long_horizon.j2', 'task-management'],
  ['system_prompt_tech_philosophy.j2', 'technical-philosophy'],
]);

const PLANNING_PROMPT = 'system_prompt_planning.j2';

/** The planning prompt's plan layout: the caller's `plan_structure` if it sends one, else ours. */
function planStructure(kwargs: Json): string {
  const given = kwargs.plan_structure;
  return typeof given === 'string' && given.trim() !== '' ? given.trim() : prompt('plan-structure');
}

function basePrompt(agent: Json): string {
  const kwargs = (agent.system_prompt_kwargs as Json | undefined) ?? {};
  const filename = typeof agent.system_prompt_filename === 'string' ? agent.system_prompt_filename : '';
  // An absolute path names the user's own prompt, used as written (no template language).
  if (path.isAbsolute(filename)) return readFileSync(filename, 'utf8').trim();
  const risk = { security_risk_assessment: riskSection(kwargs) };
  const extra = EXTRA_SECTIONS.get(filename);
  const text =
    filename === PLANNING_PROMPT
      ? prompt('planning-prompt', { ...risk, plan_structure: planStructure(kwargs) })
      : [prompt('system-prompt', risk), extra ? prompt(extra) : ''].join('\n\n');
  return text.replace(/\n{3,}/g, '\n\n').trim();
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
