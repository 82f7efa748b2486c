import { Type, type Static } from '@sinclair/typebox';
import { AgentInput, normalizeAgent, type Agent } from './agent.js';
import { ContentItem, normalizeContent, type ContentItem as NormalizedContentItem } from './content.js';
import { MESSAGE_ROLES, type MessageRole } from './enums.js';
import { atLoc } from './errors.js';
import { LlmInput } from './llm.js';
import {
  ConfirmationPolicy,
  DEFAULT_CONFIRMATION_POLICY,
  SecurityAnalyzer,
  normalizeConfirmationPolicy,
  type ConfirmationPolicy as NormalizedConfirmationPolicy,
} from './policies.js';
import { Nullable, StringEnum } from './schema-helpers.js';
import { Secrets, normalizeSecrets, type SecretSource } from './secrets.js';
import { LocalWorkspaceInput, normalizeWorkspace, type LocalWorkspace } from './workspace.js';

export {
  ConversationExecutionStatus,
  ConversationSortOrder,
  EventSortOrder,
  SecurityRisk,
} from './enums.js';

/*
 * UUIDs are accepted in every spelling the reference's UUID type parses (api.md 1.3): dashed,
 * 32 hex digits, braced, or with a `urn:uuid:` prefix, any case. `format: 'uuid'` would make Ajv
 * accept the dashed form only, so the schema uses this pattern instead.
 */
const HEX = '[0-9a-fA-F]';
const DASHED = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
export const UUID_PATTERN = `^(?:${HEX}{32}|${DASHED}|\\{${DASHED}\\}|[uU][rR][nN]:[uU][uU][iI][dD]:${DASHED})$`;

/** The canonical dashed lower-case spelling of a UUID, or null when `text` is not one. */
export function normalizeUuid(text: string): string | null {
  if (!new RegExp(UUID_PATTERN).test(text)) return null;
  const hex = text.replace(/^urn:uuid:/i, '').replace(/[{}-]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// api.md 6.5. Unknown fields (the SDK client's `sender`) are ignored.
export const SendMessageRequest = Type.Object(
  {
    role: Type.Optional(StringEnum(MESSAGE_ROLES, { default: 'user' })),
    content: Type.Optional(Type.Array(ContentItem, { default: [] })),
    run: Type.Optional(Type.Boolean({ default: false })),
  },
  { title: 'SendMessageRequest' },
);
export type SendMessageRequest = Static<typeof SendMessageRequest>;

export interface NormalizedSendMessageRequest {
  role: MessageRole;
  content: NormalizedContentItem[];
  run: boolean;
}

export function normalizeSendMessageRequest(input: SendMessageRequest): NormalizedSendMessageRequest {
  return { role: input.role ?? 'user', content: (input.content ?? []).map(normalizeContent), run: input.run ?? false };
}

// api.md 5.5. The top level is permissive: unknown fields are ignored.
export const StartConversationRequest = Type.Object(
  {
    agent: AgentInput,
    workspace: LocalWorkspaceInput,
    conversation_id: Type.Optional(Nullable(Type.String({ pattern: UUID_PATTERN }))),
    confirmation_policy: Type.Optional(Type.Unsafe<Static<typeof ConfirmationPolicy>>({ ...ConfirmationPolicy, default: { kind: 'NeverConfirm' } })),
    initial_message: Type.Optional(Nullable(SendMessageRequest)),
    max_iterations: Type.Optional(Type.Integer({ minimum: 1, default: 500 })),
    stuck_detection: Type.Optional(Type.Boolean({ default: true })),
    secrets: Type.Optional(Type.Unsafe<Static<typeof Secrets>>({ ...Secrets, default: {} })),
  },
  { title: 'StartConversationRequest' },
);
export type StartConversationRequest = Static<typeof StartConversationRequest>;

export interface NormalizedStartConversationRequest {
  agent: Agent;
  workspace: LocalWorkspace;
  /** dashed lower-case, or null when the client did not choose one */
  conversation_id: string | null;
  confirmation_policy: NormalizedConfirmationPolicy;
  initial_message: NormalizedSendMessageRequest | null;
  max_iterations: number;
  stuck_detection: boolean;
  secrets: Record<string, SecretSource>;
}

/** Throws `ModelValidationError` with `loc` relative to the body (prefix it with `'body'`). */
export function normalizeStartConversationRequest(input: StartConversationRequest): NormalizedStartConversationRequest {
  const policy = input.confirmation_policy;
  return {
    agent: atLoc(['agent'], () => normalizeAgent(input.agent)),
    workspace: normalizeWorkspace(input.workspace),
    conversation_id: typeof input.conversation_id === 'string' ? normalizeUuid(input.conversation_id) : null,
    confirmation_policy: policy
      ? atLoc(['confirmation_policy'], () => normalizeConfirmationPolicy(policy))
      : { ...DEFAULT_CONFIRMATION_POLICY },
    initial_message: input.initial_message ? normalizeSendMessageRequest(input.initial_message) : null,
    max_iterations: input.max_iterations ?? 500,
    stuck_detection: input.stuck_detection ?? true,
    secrets: normalizeSecrets(input.secrets),
  };
}

// api.md 5.7
export const UpdateConversationRequest = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 200 }) },
  { title: 'UpdateConversationRequest' },
);
export type UpdateConversationRequest = Static<typeof UpdateConversationRequest>;

// api.md 5.11
export const SetConfirmationPolicyRequest = Type.Object({ policy: ConfirmationPolicy }, { title: 'SetConfirmationPolicyRequest' });
export type SetConfirmationPolicyRequest = Static<typeof SetConfirmationPolicyRequest>;

// api.md 5.12: the key is required, null removes the analyzer.
export const SetSecurityAnalyzerRequest = Type.Object(
  { security_analyzer: Nullable(SecurityAnalyzer) },
  { title: 'SetSecurityAnalyzerRequest' },
);
export type SetSecurityAnalyzerRequest = Static<typeof SetSecurityAnalyzerRequest>;

// api.md 5.10: map values may be SecretSource objects or plain strings.
export const UpdateSecretsRequest = Type.Object({ secrets: Secrets }, { title: 'UpdateSecretsRequest' });
export type UpdateSecretsRequest = Static<typeof UpdateSecretsRequest>;

// api.md 6.6
export const DEFAULT_REJECTION_REASON = 'User rejected the action.';
export const ConfirmationResponseRequest = Type.Object(
  {
    accept: Type.Boolean(),
    reason: Type.Optional(Type.String({ default: DEFAULT_REJECTION_REASON })),
  },
  { title: 'ConfirmationResponseRequest' },
);
export type ConfirmationResponseRequest = Static<typeof ConfirmationResponseRequest>;

// api.md 5.13
export const GenerateTitleRequest = Type.Object(
  {
    max_length: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    llm: Type.Optional(Nullable(LlmInput, { default: null })),
  },
  { title: 'GenerateTitleRequest' },
);
export type GenerateTitleRequest = Static<typeof GenerateTitleRequest>;

// api.md 5.14
export const AskAgentRequest = Type.Object({ question: Type.String() }, { title: 'AskAgentRequest' });
export type AskAgentRequest = Static<typeof AskAgentRequest>;
