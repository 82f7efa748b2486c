import { Type, type Static } from '@sinclair/typebox';
import { ModelValidationError, atLoc } from './errors.js';
import { CondenserInput, CondenserSchema, condenserLlms, maskCondenser, normalizeCondenser, type Condenser } from './condensers.js';
import { LlmInput, LlmSchema, maskLlm, normalizeLlm, type Llm } from './llm.js';
import { AnyObject, Nullable, isPlainObject } from './schema-helpers.js';
import { mapAgentSecrets, maskSecret } from './secret-fields.js';
import { SECRET_MASK, isSecretHeaderName } from './secrets.js';

// api.md 15.3 and 15.9, plus the older seed shape of skills and agent_context (design.md 2.5).

/*
 * Tool names: the registry names (`terminal`) are canonical; the class-style names the contract's
 * examples use (`TerminalTool`) are accepted and rewritten (design.md 2.4). The general rule is the
 * reference's: snake_case of the class name minus a trailing `_tool`.
 */
const CLASS_STYLE_TOOL_NAMES = new Map<string, string>([
  ['TerminalTool', 'terminal'],
  ['FileEditorTool', 'file_editor'],
  ['TaskTrackerTool', 'task_tracker'],
]);

export function canonicalToolName(name: string): string {
  const known = CLASS_STYLE_TOOL_NAMES.get(name);
  if (known !== undefined) return known;
  if (!/^[A-Z][A-Za-z0-9]*(?:Tool|ToolSet)$/.test(name)) return name;
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  return snake.endsWith('_tool') ? snake.slice(0, -'_tool'.length) : snake;
}

export const ToolInput = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    params: Type.Optional(Nullable(AnyObject(), { default: {} })),
  },
  { title: 'Tool' },
);
export type ToolInput = Static<typeof ToolInput>;

export const ToolSchema = Type.Object({ name: Type.String(), params: Type.Optional(AnyObject()) }, { title: 'Tool' });

export interface AgentTool {
  name: string;
  params: Record<string, unknown>;
}

export const KeywordTrigger = Type.Object(
  { type: Type.Optional(Type.Literal('keyword', { default: 'keyword' })), keywords: Type.Array(Type.String()) },
  { title: 'KeywordTrigger' },
);

export const TaskTrigger = Type.Object(
  { type: Type.Optional(Type.Literal('task', { default: 'task' })), triggers: Type.Array(Type.String()) },
  { title: 'TaskTrigger' },
);

export type SkillTrigger = { type: 'keyword'; keywords: string[] } | { type: 'task'; triggers: string[] };

export const InputMetadata = Type.Object({ name: Type.String(), description: Type.String() }, { title: 'InputMetadata' });
export type InputMetadata = Static<typeof InputMetadata>;

/*
 * `trigger` on input: null, a KeywordTrigger, a TaskTrigger, or (seed shape) a list of keywords.
 * `null` is the first branch on purpose: with `coerceTypes: 'array'` Ajv would turn null into
 * `[null]` in the list branch.
 */
const SkillTriggerInput = Type.Unsafe<Static<typeof KeywordTrigger> | Static<typeof TaskTrigger> | string[] | null>({
  anyOf: [{ type: 'null' }, KeywordTrigger, TaskTrigger, Type.Array(Type.String())],
});

export const SkillInput = Type.Object(
  {
    name: Type.String(),
    content: Type.String(),
    trigger: Type.Optional(SkillTriggerInput),
    // Seed shape: "repo" (always active) or "knowledge" (keyword-triggered); "task" as well.
    type: Type.Optional(Type.String()),
    source: Type.Optional(Nullable(Type.String())),
    mcp_tools: Type.Optional(Nullable(AnyObject())),
    inputs: Type.Optional(Type.Array(InputMetadata)),
  },
  { title: 'Skill' },
);
export type SkillInput = Static<typeof SkillInput>;

export const SkillSchema = Type.Object(
  {
    name: Type.String(),
    content: Type.String(),
    trigger: Type.Optional(Nullable(Type.Union([KeywordTrigger, TaskTrigger]))),
    source: Type.Optional(Nullable(Type.String())),
    mcp_tools: Type.Optional(Nullable(AnyObject())),
    inputs: Type.Optional(Type.Array(InputMetadata)),
  },
  { title: 'Skill' },
);

export interface Skill {
  name: string;
  content: string;
  trigger: SkillTrigger | null;
  source: string | null;
  mcp_tools: Record<string, unknown> | null;
  inputs: InputMetadata[];
}

function normalizeTrigger(input: SkillInput): SkillTrigger | null {
  const trigger = input.trigger;
  if (input.type === 'repo' || trigger === null || trigger === undefined) return null;
  if (Array.isArray(trigger)) {
    return input.type === 'task' ? { type: 'task', triggers: [...trigger] } : { type: 'keyword', keywords: [...trigger] };
  }
  if ('triggers' in trigger) return { type: 'task', triggers: [...trigger.triggers] };
  return { type: 'keyword', keywords: [...trigger.keywords] };
}

export function normalizeSkill(input: SkillInput): Skill {
  return {
    name: input.name,
    content: input.content,
    trigger: normalizeTrigger(input),
    source: input.source ?? null,
    mcp_tools: input.mcp_tools ? { ...input.mcp_tools } : null,
    inputs: (input.inputs ?? []).map((item) => ({ name: item.name, description: item.description })),
  };
}

export const AgentContextInput = Type.Object(
  {
    skills: Type.Optional(Type.Array(SkillInput, { default: [] })),
    system_message_suffix: Type.Optional(Nullable(Type.String())),
    user_message_suffix: Type.Optional(Nullable(Type.String())),
    load_user_skills: Type.Optional(Type.Boolean({ default: false })),
    load_public_skills: Type.Optional(Type.Boolean({ default: false })),
    // Seed shape (design.md 2.5): text put before each user message. Not a contract field.
    user_message_prefix: Type.Optional(Nullable(Type.String())),
  },
  { title: 'AgentContext' },
);
export type AgentContextInput = Static<typeof AgentContextInput>;

export const AgentContextSchema = Type.Object(
  {
    skills: Type.Optional(Type.Array(SkillSchema)),
    system_message_suffix: Type.Optional(Nullable(Type.String())),
    user_message_suffix: Type.Optional(Nullable(Type.String())),
    load_user_skills: Type.Optional(Type.Boolean({ default: false })),
    load_public_skills: Type.Optional(Type.Boolean({ default: false })),
  },
  { title: 'AgentContext' },
);

export interface AgentContext {
  skills: Skill[];
  system_message_suffix: string | null;
  user_message_suffix: string | null;
  load_user_skills: boolean;
  load_public_skills: boolean;
  /**
   * Internal only: the contract's AgentContext has no such field, so `maskAgent` leaves it out of
   * every wire form. Present only when the input set it. Read it with `agentUserMessagePrefix`.
   */
  user_message_prefix?: string;
}

/** agent.md 9.1: skill names are unique (a second skill of a name could never be activated). */
function uniqueSkills(skills: Skill[]): Skill[] {
  const seen = new Set<string>();
  for (const skill of skills) {
    if (seen.has(skill.name)) {
      throw new ModelValidationError({ loc: ['skills'], type: 'value_error', msg: `Value error, Duplicate skill name found: ${skill.name}`, input: skills.map((each) => each.name) });
    }
    seen.add(skill.name);
  }
  return skills;
}

export function normalizeAgentContext(input: AgentContextInput): AgentContext {
  const context: AgentContext = {
    skills: uniqueSkills((input.skills ?? []).map((skill, index) => atLoc(['skills', index], () => normalizeSkill(skill)))),
    system_message_suffix: input.system_message_suffix ?? null,
    user_message_suffix: input.user_message_suffix ?? null,
    load_user_skills: input.load_user_skills ?? false,
    load_public_skills: input.load_public_skills ?? false,
  };
  if (typeof input.user_message_prefix === 'string') context.user_message_prefix = input.user_message_prefix;
  return context;
}

function wireAgentContext(context: AgentContext): AgentContext {
  return {
    skills: structuredClone(context.skills),
    system_message_suffix: context.system_message_suffix,
    user_message_suffix: context.user_message_suffix,
    load_user_skills: context.load_user_skills,
    load_public_skills: context.load_public_skills,
  };
}

export const AgentInput = Type.Object(
  {
    kind: Type.Optional(Type.Literal('Agent', { default: 'Agent' })),
    llm: LlmInput,
    tools: Type.Optional(Type.Array(ToolInput, { default: [] })),
    mcp_config: Type.Optional(AnyObject({ default: {} })),
    filter_tools_regex: Type.Optional(Nullable(Type.String())),
    agent_context: Type.Optional(Nullable(AgentContextInput)),
    system_prompt_filename: Type.Optional(Type.String({ default: 'system_prompt.j2' })),
    system_prompt_kwargs: Type.Optional(AnyObject({ default: {} })),
    condenser: Type.Optional(Nullable(CondenserInput)),
  },
  { title: 'Agent' },
);
export type AgentInput = Static<typeof AgentInput>;

/** The agent as documented in responses (contract `Agent-Output`). */
export const AgentSchema = Type.Object(
  {
    kind: Type.Optional(Type.Literal('Agent', { default: 'Agent' })),
    llm: LlmSchema,
    tools: Type.Optional(Type.Array(ToolSchema)),
    mcp_config: Type.Optional(AnyObject()),
    filter_tools_regex: Type.Optional(Nullable(Type.String())),
    agent_context: Type.Optional(Nullable(AgentContextSchema)),
    system_prompt_filename: Type.Optional(Type.String({ default: 'system_prompt.j2' })),
    system_prompt_kwargs: Type.Optional(AnyObject()),
    condenser: Type.Optional(Nullable(CondenserSchema)),
  },
  { title: 'Agent' },
);

export interface Agent {
  kind: 'Agent';
  llm: Llm;
  tools: AgentTool[];
  mcp_config: Record<string, unknown>;
  filter_tools_regex: string | null;
  agent_context: AgentContext | null;
  system_prompt_filename: string;
  system_prompt_kwargs: Record<string, unknown>;
  condenser: Condenser | null;
}

/*
 * MCP server entries may carry credentials in `env` and `headers`. We mask secret-named values on
 * the wire (an extension: the reference echoes them), so a masked value sent back is dropped.
 */
const MCP_SECRET_MAPS = ['env', 'headers'] as const;

function mapMcpSecrets(config: Record<string, unknown>, replace: (value: unknown) => unknown | undefined): Record<string, unknown> {
  const copy = structuredClone(config);
  const servers = copy.mcpServers;
  if (!isPlainObject(servers)) return copy;
  for (const server of Object.values(servers)) {
    if (!isPlainObject(server)) continue;
    for (const mapName of MCP_SECRET_MAPS) {
      const map = server[mapName];
      if (!isPlainObject(map)) continue;
      for (const [name, value] of Object.entries(map)) {
        if (!isSecretHeaderName(name) || typeof value !== 'string') continue;
        const replaced = replace(value);
        if (replaced === undefined) delete map[name];
        else map[name] = replaced;
      }
    }
  }
  return copy;
}

/**
 * agent.md 2.1 step 5: every LLM of the agent (its own, its condensers') is registered under its
 * `usage_id`, and metrics are kept per usage id, so two of them may not share one.
 */
function checkUsageIdsDistinct(agent: Agent): Agent {
  const seen = new Set<string>();
  for (const llm of agentLlms(agent)) {
    if (seen.has(llm.usage_id)) {
      throw new ModelValidationError({
        loc: ['condenser'],
        type: 'value_error',
        msg: `Value error, Usage ID '${llm.usage_id}' already exists in registry. Give each LLM of the agent its own usage_id (for example "condenser").`,
        input: llm.usage_id,
      });
    }
    seen.add(llm.usage_id);
  }
  return agent;
}

export function normalizeAgent(input: AgentInput): Agent {
  const kwargs: Record<string, unknown> = { ...(input.system_prompt_kwargs ?? {}) };
  if (!Object.hasOwn(kwargs, 'llm_security_analyzer')) kwargs.llm_security_analyzer = true;
  const { agent_context: context, condenser } = input;
  return checkUsageIdsDistinct({
    kind: 'Agent',
    llm: atLoc(['llm'], () => normalizeLlm(input.llm)),
    tools: (input.tools ?? []).map((tool) => ({ name: canonicalToolName(tool.name), params: { ...(tool.params ?? {}) } })),
    mcp_config: mapMcpSecrets(input.mcp_config ?? {}, (value) => (value === SECRET_MASK ? undefined : value)),
    filter_tools_regex: input.filter_tools_regex ?? null,
    agent_context: context ? atLoc(['agent_context'], () => normalizeAgentContext(context)) : null,
    system_prompt_filename: input.system_prompt_filename ?? 'system_prompt.j2',
    system_prompt_kwargs: kwargs,
    condenser: condenser ? atLoc(['condenser'], () => normalizeCondenser(condenser)) : null,
  });
}

/** The agent as it may leave the server: secrets masked, internal extensions removed (16.2). */
export function maskAgent(agent: Agent): Agent {
  return {
    kind: 'Agent',
    llm: maskLlm(agent.llm),
    tools: agent.tools.map((tool) => ({ name: tool.name, params: structuredClone(tool.params) })),
    mcp_config: (mapAgentSecrets({ mcp_config: agent.mcp_config }, maskSecret) as { mcp_config: Record<string, unknown> }).mcp_config,
    filter_tools_regex: agent.filter_tools_regex,
    agent_context: agent.agent_context ? wireAgentContext(agent.agent_context) : null,
    system_prompt_filename: agent.system_prompt_filename,
    system_prompt_kwargs: structuredClone(agent.system_prompt_kwargs),
    condenser: agent.condenser ? maskCondenser(agent.condenser) : null,
  };
}

/** The seed-shape `agent_context.user_message_prefix`, for the runtime (never on the wire). */
export function agentUserMessagePrefix(agent: Agent): string | null {
  return agent.agent_context?.user_message_prefix ?? null;
}

/** The agent's LLM followed by its condensers' LLMs. */
export function agentLlms(agent: Agent): Llm[] {
  return [agent.llm, ...condenserLlms(agent.condenser)];
}
