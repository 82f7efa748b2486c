import { Type, type Static } from '@sinclair/typebox';
import { AgentSchema } from './agent.js';
import { ConversationExecutionStatus } from './enums.js';
import { Event } from './event-schemas.js';
import { ConfirmationPolicy, LLMSecurityAnalyzer } from './policies.js';
import { AnyObject, Nullable, StringMap } from './schema-helpers.js';
import { SecretSource } from './secrets.js';
import { LocalWorkspaceSchema } from './workspace.js';

// Response bodies, for the OpenAPI document only (responses are serialized with JSON.stringify).
// Field lists and required lists follow the contract's components.schemas.

export const Success = Type.Object({ success: Type.Optional(Type.Boolean({ default: true })) }, { title: 'Success' });
export type Success = { success: boolean };

// api.md 4.3
export const ServerInfo = Type.Object(
  {
    uptime: Type.Number(),
    idle_time: Type.Number(),
    title: Type.Optional(Type.String({ default: 'OpenHands Agent Server' })),
    version: Type.Optional(Type.String({ default: '1.4.1' })),
    docs: Type.Optional(Type.String({ default: '/docs' })),
    redoc: Type.Optional(Type.String({ default: '/redoc' })),
  },
  { title: 'ServerInfo' },
);
export type ServerInfo = Required<Static<typeof ServerInfo>>;

// api.md 17.3
export const TokenUsage = Type.Object(
  {
    model: Type.Optional(Type.String({ default: '' })),
    prompt_tokens: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    completion_tokens: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    cache_read_tokens: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    cache_write_tokens: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    reasoning_tokens: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    context_window: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    per_turn_token: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    response_id: Type.Optional(Type.String({ default: '' })),
  },
  { title: 'TokenUsage' },
);
export type TokenUsage = Required<Static<typeof TokenUsage>>;

export const Cost = Type.Object(
  { model: Type.String(), cost: Type.Number({ minimum: 0 }), timestamp: Type.Optional(Type.Number()) },
  { title: 'Cost' },
);
export type Cost = Required<Static<typeof Cost>>;

export const ResponseLatency = Type.Object(
  { model: Type.String(), latency: Type.Number({ minimum: 0 }), response_id: Type.String() },
  { title: 'ResponseLatency' },
);
export type ResponseLatency = Static<typeof ResponseLatency>;

const metricsSnapshotProperties = {
  model_name: Type.Optional(Type.String({ default: 'default' })),
  accumulated_cost: Type.Optional(Type.Number({ minimum: 0, default: 0.0 })),
  max_budget_per_task: Type.Optional(Nullable(Type.Number())),
  accumulated_token_usage: Type.Optional(Nullable(TokenUsage)),
};

export const MetricsSnapshot = Type.Object(metricsSnapshotProperties, { title: 'MetricsSnapshot' });
export interface MetricsSnapshot {
  model_name: string;
  accumulated_cost: number;
  max_budget_per_task: number | null;
  accumulated_token_usage: TokenUsage | null;
}

export const Metrics = Type.Object(
  {
    ...metricsSnapshotProperties,
    costs: Type.Optional(Type.Array(Cost)),
    response_latencies: Type.Optional(Type.Array(ResponseLatency)),
    token_usages: Type.Optional(Type.Array(TokenUsage)),
  },
  { title: 'Metrics' },
);
export interface Metrics extends MetricsSnapshot {
  costs: Cost[];
  response_latencies: ResponseLatency[];
  token_usages: TokenUsage[];
}

// The contract documents ConversationStats-Output as an empty object; the reference emits this
// shape (api.md 22.19), so we document what is sent.
export const ConversationStats = Type.Object(
  { usage_to_metrics: Type.Optional(StringMap(Metrics)) },
  { title: 'ConversationStats' },
);
export interface ConversationStats {
  usage_to_metrics: Record<string, Metrics>;
}

/** The snapshot form carried by `key: "stats"` state updates (17.3). */
export interface ConversationStatsSnapshot {
  usage_to_metrics: Record<string, MetricsSnapshot>;
}

export const SecretRegistry = Type.Object(
  { secret_sources: Type.Optional(StringMap(SecretSource)) },
  { title: 'SecretRegistry' },
);

// api.md 17.1
export const ConversationInfo = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    agent: AgentSchema,
    workspace: LocalWorkspaceSchema,
    persistence_dir: Type.Optional(Nullable(Type.String(), { default: 'workspace/conversations' })),
    max_iterations: Type.Optional(Type.Integer({ exclusiveMinimum: 0, default: 500 })),
    stuck_detection: Type.Optional(Type.Boolean({ default: true })),
    execution_status: Type.Optional(Type.Unsafe({ ...ConversationExecutionStatus, default: 'idle' })),
    confirmation_policy: Type.Optional(ConfirmationPolicy),
    security_analyzer: Type.Optional(Nullable(LLMSecurityAnalyzer)),
    activated_knowledge_skills: Type.Optional(Type.Array(Type.String())),
    stats: Type.Optional(ConversationStats),
    secret_registry: Type.Optional(SecretRegistry),
    title: Type.Optional(Nullable(Type.String())),
    metrics: Type.Optional(Nullable(MetricsSnapshot)),
    created_at: Type.Optional(Type.String({ format: 'date-time' })),
    updated_at: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { title: 'ConversationInfo' },
);

export const ConversationPage = Type.Object(
  { items: Type.Array(ConversationInfo), next_page_id: Type.Optional(Nullable(Type.String())) },
  { title: 'ConversationPage' },
);

export const EventPage = Type.Object(
  { items: Type.Array(Event), next_page_id: Type.Optional(Nullable(Type.String())) },
  { title: 'EventPage' },
);

export const GenerateTitleResponse = Type.Object({ title: Type.String() }, { title: 'GenerateTitleResponse' });
export type GenerateTitleResponse = Static<typeof GenerateTitleResponse>;

export const AskAgentResponse = Type.Object({ response: Type.String() }, { title: 'AskAgentResponse' });
export type AskAgentResponse = Static<typeof AskAgentResponse>;

// api.md 1.5. `input` and `ctx` are not in the contract's ValidationError but are sent (FastAPI style).
export const ValidationError = Type.Object(
  {
    loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
    msg: Type.String(),
    type: Type.String(),
    input: Type.Optional(Type.Unknown()),
    ctx: Type.Optional(AnyObject()),
  },
  { title: 'ValidationError' },
);
export type ValidationError = Static<typeof ValidationError>;

export const HTTPValidationError = Type.Object(
  { detail: Type.Optional(Type.Array(ValidationError)) },
  { title: 'HTTPValidationError' },
);
export type HTTPValidationError = Static<typeof HTTPValidationError>;
