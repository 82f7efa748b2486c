/**
 * A conversation's state in memory, its stored form, and its two wire views: `ConversationInfo`
 * (api.md 17) and the `full_state` snapshot (api.md 14.4.8). Secrets are plain in memory only;
 * the stored form carries them sealed (encrypted, or null when no key is configured) and both wire
 * views carry them masked.
 */
import { toDashedId } from '../shared/ids.js';
import { isPlainObject, mapAgentSecrets, mapSecretSources, maskAgent, maskSecretSources, type Agent, type SecretSource, type SecretTransform } from '../models/index.js';

export type ExecutionStatus = 'idle' | 'running' | 'paused' | 'waiting_for_confirmation' | 'finished' | 'error' | 'stuck';
export const EXECUTION_STATUSES: readonly ExecutionStatus[] = ['idle', 'running', 'paused', 'waiting_for_confirmation', 'finished', 'error', 'stuck'];

type Json = Record<string, unknown>;

export interface ConversationState {
  /** Hex id. */
  id: string;
  agent: Json;
  workspace: { kind: 'LocalWorkspace'; working_dir: string };
  persistenceDir: string;
  maxIterations: number;
  stuckDetection: boolean;
  executionStatus: ExecutionStatus;
  confirmationPolicy: Json;
  securityAnalyzer: Json | null;
  activatedKnowledgeSkills: string[];
  stats: { usage_to_metrics: Record<string, Json> };
  /** Secret sources by name, plain values. */
  secrets: Record<string, Json>;
  title: string | null;
  createdAt: string;
  updatedAt: string;
  owner: string | null;
}

/** The JSON kept in the store's `record` column. Status, title and times are columns of their own. */
interface StoredRecord {
  version: 1;
  agent: Json;
  workspace: ConversationState['workspace'];
  persistence_dir: string;
  max_iterations: number;
  stuck_detection: boolean;
  confirmation_policy: Json;
  security_analyzer: Json | null;
  activated_knowledge_skills: string[];
  stats: ConversationState['stats'];
  secrets: Record<string, Json>;
}

export function serializeState(state: ConversationState, seal: SecretTransform): string {
  const record: StoredRecord = {
    version: 1,
    agent: mapAgentSecrets(state.agent, seal),
    workspace: state.workspace,
    persistence_dir: state.persistenceDir,
    max_iterations: state.maxIterations,
    stuck_detection: state.stuckDetection,
    confirmation_policy: state.confirmationPolicy,
    security_analyzer: state.securityAnalyzer,
    activated_knowledge_skills: state.activatedKnowledgeSkills,
    stats: state.stats,
    secrets: mapSecretSources(state.secrets, seal),
  };
  return JSON.stringify(record);
}

export interface StoredColumns {
  id: string;
  status: string;
  title: string | null;
  createdAt: string;
  updatedAt: string;
  owner: string | null;
  record: string;
}

export function deserializeState(columns: StoredColumns, unseal: SecretTransform): ConversationState {
  const record = JSON.parse(columns.record) as StoredRecord;
  return {
    id: columns.id,
    agent: mapAgentSecrets(record.agent, unseal),
    workspace: record.workspace,
    persistenceDir: record.persistence_dir,
    maxIterations: record.max_iterations,
    stuckDetection: record.stuck_detection,
    executionStatus: columns.status as ExecutionStatus,
    confirmationPolicy: record.confirmation_policy,
    securityAnalyzer: record.security_analyzer,
    activatedKnowledgeSkills: record.activated_knowledge_skills,
    stats: record.stats,
    secrets: mapSecretSources(record.secrets, unseal),
    title: columns.title,
    createdAt: columns.createdAt,
    updatedAt: columns.updatedAt,
    owner: columns.owner,
  };
}

/** The agent as it leaves the server: secrets masked, internal extensions removed (models/agent.ts). */
export function maskedAgent(state: ConversationState): Json {
  return maskAgent(state.agent as unknown as Agent) as unknown as Json;
}

export function maskedSecretRegistry(state: ConversationState): { secret_sources: Record<string, Json> } {
  return { secret_sources: maskSecretSources(state.secrets as unknown as Record<string, SecretSource>) as unknown as Record<string, Json> };
}

/** `ConversationInfo`: every field, null where absent, secrets masked (api.md 17.1). */
export function conversationInfo(state: ConversationState): Json {
  return {
    id: toDashedId(state.id),
    agent: maskedAgent(state),
    workspace: state.workspace,
    persistence_dir: state.persistenceDir,
    max_iterations: state.maxIterations,
    stuck_detection: state.stuckDetection,
    execution_status: state.executionStatus,
    confirmation_policy: state.confirmationPolicy,
    security_analyzer: state.securityAnalyzer,
    activated_knowledge_skills: state.activatedKnowledgeSkills,
    stats: state.stats,
    secret_registry: maskedSecretRegistry(state),
    title: state.title,
    metrics: null,
    created_at: state.createdAt,
    updated_at: state.updatedAt,
  };
}

/**
 * Fields whose value is a free-form object in the reference models (`dict[str, Any]`): tool
 * `params`, the agent's `mcp_config` and `system_prompt_kwargs`, the LLM's `litellm_extra_body`, a
 * skill's `mcp_tools`. pydantic's exclude_none drops null fields of models only, so nulls inside
 * these (an MCP `env` entry that could not be restored, say) are part of the value and stay.
 */
const FREE_FORM_FIELDS = new Set(['params', 'mcp_config', 'system_prompt_kwargs', 'litellm_extra_body', 'mcp_tools']);

/**
 * pydantic's `exclude_none`, which is recursive: null fields go at every depth, including in the
 * models held by lists and maps. Null list elements stay, as do free-form objects' contents.
 */
function withoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullFields);
  if (!isPlainObject(value)) return value;
  const kept: Json = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null) continue;
    kept[key] = FREE_FORM_FIELDS.has(key) ? field : withoutNullFields(field);
  }
  return kept;
}

/**
 * The `full_state` snapshot: the state without stored metadata, dumped like the reference's
 * `exclude_none` (api.md 14.4.8), so no null field at any depth. `ConversationInfo` keeps its nulls.
 */
export function fullStateSnapshot(state: ConversationState): Json {
  return withoutNullFields({
    id: toDashedId(state.id),
    agent: maskedAgent(state),
    workspace: state.workspace,
    persistence_dir: state.persistenceDir,
    max_iterations: state.maxIterations,
    stuck_detection: state.stuckDetection,
    execution_status: state.executionStatus,
    confirmation_policy: state.confirmationPolicy,
    security_analyzer: state.securityAnalyzer,
    activated_knowledge_skills: state.activatedKnowledgeSkills,
    stats: state.stats,
    secret_registry: maskedSecretRegistry(state),
  }) as Json;
}

/** A registered LLM with nothing spent yet (api.md 17.3). */
export function emptyMetrics(model: string): Json {
  return {
    model_name: model,
    accumulated_cost: 0.0,
    max_budget_per_task: null,
    accumulated_token_usage: {
      model,
      prompt_tokens: 0,
      completion_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      context_window: 0,
      per_turn_token: 0,
      response_id: '',
    },
    costs: [],
    response_latencies: [],
    token_usages: [],
  };
}

/** Stats with an entry for every LLM the agent declares (agent LLM and condenser LLMs). */
export function initialStats(agent: Json): ConversationState['stats'] {
  const usage: Record<string, Json> = {};
  const register = (llm: unknown) => {
    if (typeof llm !== 'object' || llm === null) return;
    const { usage_id, model, max_budget_per_task } = llm as { usage_id?: string; model?: string; max_budget_per_task?: number };
    usage[usage_id ?? 'default'] ??= { ...emptyMetrics(model ?? ''), max_budget_per_task: max_budget_per_task ?? null };
  };
  register(agent.llm);
  const visit = (condenser: unknown) => {
    if (typeof condenser !== 'object' || condenser === null) return;
    register((condenser as Json).llm);
    for (const inner of ((condenser as Json).condensers as unknown[] | undefined) ?? []) visit(inner);
  };
  visit(agent.condenser);
  return { usage_to_metrics: usage };
}
