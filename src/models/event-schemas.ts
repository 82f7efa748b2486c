import { Type, type TProperties } from '@sinclair/typebox';
import { AnyThinkingBlock, ContentItem, Message, MessageToolCall, ReasoningItemModel, TextContent } from './content.js';
import { EVENT_SOURCES, SecurityRisk } from './enums.js';
import { kindUnion } from './kind-union.js';
import { AnyObject, Nullable, StringEnum } from './schema-helpers.js';

/*
 * Event, action and observation schemas for the OpenAPI document only (api.md 14). Names, field
 * lists, required lists, enums and defaults follow the contract's components.schemas. Every model
 * here forbids unknown fields, as the contract does: clients drop events that carry extra fields.
 * Only the action/observation kinds our tools emit are listed (14.6).
 */

const EventSource = StringEnum(EVENT_SOURCES);

type SourceRule = { default: (typeof EVENT_SOURCES)[number] } | 'required';

function eventSchema<T extends TProperties>(kind: string, source: SourceRule, fields: T) {
  return Type.Object(
    {
      kind: Type.Optional(Type.Literal(kind, { default: kind })),
      id: Type.Optional(Type.String()),
      timestamp: Type.Optional(Type.String()),
      source: source === 'required' ? EventSource : Type.Optional(StringEnum(EVENT_SOURCES, { default: source.default })),
      ...fields,
    },
    { title: kind, additionalProperties: false },
  );
}

// ---- actions ----

const FILE_EDITOR_COMMANDS = ['view', 'create', 'str_replace', 'insert', 'undo_edit'] as const;
const TASK_TRACKER_COMMANDS = ['view', 'plan'] as const;

function actionSchema<T extends TProperties>(kind: string, fields: T) {
  return Type.Object(
    { kind: Type.Optional(Type.Literal(kind, { default: kind })), ...fields },
    { title: kind, additionalProperties: false },
  );
}

export const TaskItemSchema = Type.Object(
  {
    title: Type.String(),
    notes: Type.Optional(Type.String({ default: '' })),
    status: Type.Optional(StringEnum(['todo', 'in_progress', 'done'] as const, { default: 'todo' })),
  },
  { title: 'TaskItem' },
);

export const MCPToolActionSchema = actionSchema('MCPToolAction', { data: Type.Optional(AnyObject()) });
export const FinishActionSchema = actionSchema('FinishAction', { message: Type.String() });
export const ThinkActionSchema = actionSchema('ThinkAction', { thought: Type.String() });
export const TerminalActionSchema = actionSchema('TerminalAction', {
  command: Type.String(),
  is_input: Type.Optional(Type.Boolean({ default: false })),
  timeout: Type.Optional(Nullable(Type.Number({ minimum: 0 }))),
  reset: Type.Optional(Type.Boolean({ default: false })),
});
const FILE_EDITOR_ACTION_FIELDS = {
  command: StringEnum(FILE_EDITOR_COMMANDS),
  path: Type.String(),
  file_text: Type.Optional(Nullable(Type.String())),
  old_str: Type.Optional(Nullable(Type.String())),
  new_str: Type.Optional(Nullable(Type.String())),
  insert_line: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  view_range: Type.Optional(Nullable(Type.Array(Type.Integer()))),
};
export const FileEditorActionSchema = actionSchema('FileEditorAction', FILE_EDITOR_ACTION_FIELDS);
/** agent.md 5.9: the file editor's fields, edits limited to PLAN.md. */
export const PlanningFileEditorActionSchema = actionSchema('PlanningFileEditorAction', FILE_EDITOR_ACTION_FIELDS);
export const TaskTrackerActionSchema = actionSchema('TaskTrackerAction', {
  command: Type.Optional(StringEnum(TASK_TRACKER_COMMANDS, { default: 'view' })),
  task_list: Type.Optional(Type.Array(TaskItemSchema)),
});
export const GlobActionSchema = actionSchema('GlobAction', {
  pattern: Type.String(),
  path: Type.Optional(Nullable(Type.String())),
});
export const GrepActionSchema = actionSchema('GrepAction', {
  pattern: Type.String(),
  path: Type.Optional(Nullable(Type.String())),
  include: Type.Optional(Nullable(Type.String())),
});

export const Action = kindUnion('Action', [
  MCPToolActionSchema,
  FinishActionSchema,
  ThinkActionSchema,
  FileEditorActionSchema,
  PlanningFileEditorActionSchema,
  GlobActionSchema,
  GrepActionSchema,
  TaskTrackerActionSchema,
  TerminalActionSchema,
]);

// ---- observations ----

function observationSchema<T extends TProperties>(kind: string, fields: T) {
  return actionSchema(kind, {
    content: Type.Optional(Type.Array(ContentItem)),
    is_error: Type.Optional(Type.Boolean({ default: false })),
    ...fields,
  });
}

export const CmdOutputMetadataSchema = Type.Object(
  {
    exit_code: Type.Optional(Type.Integer({ default: -1 })),
    pid: Type.Optional(Type.Integer({ default: -1 })),
    username: Type.Optional(Nullable(Type.String())),
    hostname: Type.Optional(Nullable(Type.String())),
    working_dir: Type.Optional(Nullable(Type.String())),
    py_interpreter_path: Type.Optional(Nullable(Type.String())),
    prefix: Type.Optional(Type.String({ default: '' })),
    suffix: Type.Optional(Type.String({ default: '' })),
  },
  { title: 'CmdOutputMetadata' },
);

export const MCPToolObservationSchema = observationSchema('MCPToolObservation', { tool_name: Type.String() });
export const FinishObservationSchema = observationSchema('FinishObservation', {});
export const ThinkObservationSchema = observationSchema('ThinkObservation', {});
export const TerminalObservationSchema = observationSchema('TerminalObservation', {
  // Required but nullable, as in the contract.
  command: Nullable(Type.String()),
  exit_code: Type.Optional(Nullable(Type.Integer())),
  timeout: Type.Optional(Type.Boolean({ default: false })),
  metadata: Type.Optional(CmdOutputMetadataSchema),
  full_output_save_dir: Type.Optional(Nullable(Type.String())),
});
const FILE_EDITOR_OBSERVATION_FIELDS = {
  command: StringEnum(FILE_EDITOR_COMMANDS),
  path: Type.Optional(Nullable(Type.String())),
  prev_exist: Type.Optional(Type.Boolean({ default: true })),
  old_content: Type.Optional(Nullable(Type.String())),
  new_content: Type.Optional(Nullable(Type.String())),
};
export const FileEditorObservationSchema = observationSchema('FileEditorObservation', FILE_EDITOR_OBSERVATION_FIELDS);
export const PlanningFileEditorObservationSchema = observationSchema('PlanningFileEditorObservation', FILE_EDITOR_OBSERVATION_FIELDS);
export const TaskTrackerObservationSchema = observationSchema('TaskTrackerObservation', {
  command: StringEnum(TASK_TRACKER_COMMANDS),
  task_list: Type.Optional(Type.Array(TaskItemSchema)),
});
export const GlobObservationSchema = observationSchema('GlobObservation', {
  files: Type.Array(Type.String()),
  pattern: Type.String(),
  search_path: Type.String(),
  truncated: Type.Optional(Type.Boolean({ default: false })),
});
export const GrepObservationSchema = observationSchema('GrepObservation', {
  matches: Type.Array(Type.String()),
  pattern: Type.String(),
  search_path: Type.String(),
  include_pattern: Type.Optional(Nullable(Type.String())),
  truncated: Type.Optional(Type.Boolean({ default: false })),
});

export const Observation = kindUnion('Observation', [
  MCPToolObservationSchema,
  FinishObservationSchema,
  ThinkObservationSchema,
  FileEditorObservationSchema,
  PlanningFileEditorObservationSchema,
  GlobObservationSchema,
  GrepObservationSchema,
  TaskTrackerObservationSchema,
  TerminalObservationSchema,
]);

// ---- events (14.4) ----

export const ChatCompletionToolParamSchema = Type.Object(
  {
    type: Type.String(),
    function: Type.Object(
      {
        name: Type.String(),
        description: Type.Optional(Type.String()),
        parameters: Type.Optional(AnyObject()),
        strict: Type.Optional(Type.Boolean()),
      },
      { title: 'ChatCompletionToolParamFunctionChunk', additionalProperties: false },
    ),
    cache_control: Type.Optional(
      Type.Object({ type: Type.Literal('ephemeral') }, { title: 'ChatCompletionCachedContent', additionalProperties: false }),
    ),
  },
  { title: 'ChatCompletionToolParam', additionalProperties: false },
);

export const SystemPromptEventSchema = eventSchema('SystemPromptEvent', { default: 'agent' }, {
  system_prompt: TextContent,
  tools: Type.Array(ChatCompletionToolParamSchema),
});

export const MessageEventSchema = eventSchema('MessageEvent', 'required', {
  llm_message: Message,
  llm_response_id: Type.Optional(Nullable(Type.String())),
  activated_skills: Type.Optional(Type.Array(Type.String())),
  extended_content: Type.Optional(Type.Array(TextContent)),
  sender: Type.Optional(Nullable(Type.String())),
});

export const ActionEventSchema = eventSchema('ActionEvent', { default: 'agent' }, {
  thought: Type.Array(TextContent),
  reasoning_content: Type.Optional(Nullable(Type.String())),
  thinking_blocks: Type.Optional(Type.Array(AnyThinkingBlock)),
  responses_reasoning_item: Type.Optional(Nullable(ReasoningItemModel)),
  action: Type.Optional(Nullable(Action)),
  tool_name: Type.String(),
  tool_call_id: Type.String(),
  tool_call: MessageToolCall,
  llm_response_id: Type.String(),
  security_risk: Type.Optional(Type.Unsafe({ ...SecurityRisk, default: 'UNKNOWN' })),
});

export const ObservationEventSchema = eventSchema('ObservationEvent', { default: 'environment' }, {
  tool_name: Type.String(),
  tool_call_id: Type.String(),
  observation: Observation,
  action_id: Type.String(),
});

export const AgentErrorEventSchema = eventSchema('AgentErrorEvent', { default: 'agent' }, {
  tool_name: Type.String(),
  tool_call_id: Type.String(),
  error: Type.String(),
});

export const UserRejectObservationSchema = eventSchema('UserRejectObservation', { default: 'environment' }, {
  tool_name: Type.String(),
  tool_call_id: Type.String(),
  rejection_reason: Type.Optional(Type.String({ default: 'User rejected the action' })),
  action_id: Type.String(),
});

export const PauseEventSchema = eventSchema('PauseEvent', { default: 'user' }, {});

export const ConversationStateUpdateEventSchema = eventSchema('ConversationStateUpdateEvent', { default: 'environment' }, {
  key: Type.Optional(Type.String()),
  value: Type.Optional(Type.Unknown()),
});

export const ConversationErrorEventSchema = eventSchema('ConversationErrorEvent', 'required', {
  code: Type.String(),
  detail: Type.String(),
});

export const CondensationSchema = eventSchema('Condensation', { default: 'environment' }, {
  forgotten_event_ids: Type.Optional(Type.Array(Type.String())),
  summary: Type.Optional(Nullable(Type.String())),
  summary_offset: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  llm_response_id: Type.String(),
});

export const CondensationRequestSchema = eventSchema('CondensationRequest', { default: 'environment' }, {});

export const CondensationSummaryEventSchema = eventSchema('CondensationSummaryEvent', { default: 'environment' }, {
  summary: Type.String(),
});

export const TokenEventSchema = eventSchema('TokenEvent', 'required', {
  prompt_token_ids: Type.Array(Type.Integer()),
  response_token_ids: Type.Array(Type.Integer()),
});

export const LLMCompletionLogEventSchema = eventSchema('LLMCompletionLogEvent', { default: 'environment' }, {
  filename: Type.String(),
  log_data: Type.String(),
  model_name: Type.Optional(Type.String({ default: 'unknown' })),
  usage_id: Type.Optional(Type.String({ default: 'default' })),
});

export const Event = kindUnion('Event', [
  CondensationSchema,
  CondensationRequestSchema,
  CondensationSummaryEventSchema,
  ConversationErrorEventSchema,
  ConversationStateUpdateEventSchema,
  LLMCompletionLogEventSchema,
  ActionEventSchema,
  MessageEventSchema,
  AgentErrorEventSchema,
  ObservationEventSchema,
  UserRejectObservationSchema,
  SystemPromptEventSchema,
  TokenEventSchema,
  PauseEventSchema,
]);
