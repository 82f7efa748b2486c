/**
 * Conversation events (api.md 14). The JSON of an event is the product: it is stored, served over
 * HTTP, WebSocket, SSE and webhooks exactly as built here, so fields use the contract's snake_case
 * names and every optional field is present (null when absent). Events are immutable once stamped.
 */
export type EventSource = 'agent' | 'user' | 'environment';

/** A stamped event as stored and served. */
export interface ConversationEvent {
  readonly kind: string;
  readonly id: string;
  readonly timestamp: string;
  readonly source: EventSource;
  readonly [field: string]: unknown;
}

/** An event before the log gives it an id and a timestamp. */
export interface EventDraft {
  kind: string;
  source: EventSource;
  /** Optional fixed id (e.g. an id chosen before appending); the log generates one otherwise. */
  id?: string;
  fields: Record<string, unknown>;
}

export function stampEvent(draft: EventDraft, id: string, timestamp: string): ConversationEvent {
  return Object.freeze({ kind: draft.kind, id: draft.id ?? id, timestamp, source: draft.source, ...draft.fields });
}

export function stateUpdateDraft(key: string, value: unknown): EventDraft {
  return { kind: 'ConversationStateUpdateEvent', source: 'environment', fields: { key, value } };
}

export function pauseDraft(): EventDraft {
  return { kind: 'PauseEvent', source: 'user', fields: {} };
}

export function conversationErrorDraft(code: string, detail: string): EventDraft {
  return { kind: 'ConversationErrorEvent', source: 'environment', fields: { code, detail } };
}

export interface UserRejectFields {
  tool_name: string;
  tool_call_id: string;
  rejection_reason: string;
  action_id: string;
}

export function userRejectDraft(fields: UserRejectFields): EventDraft {
  return { kind: 'UserRejectObservation', source: 'environment', fields: { ...fields } };
}

export function agentErrorDraft(fields: { tool_name: string; tool_call_id: string; error: string }): EventDraft {
  return { kind: 'AgentErrorEvent', source: 'agent', fields: { ...fields } };
}

/** The Message model with every field present (api.md 15.10). */
export function fullMessage(message: { role: string; content: unknown[] } & Record<string, unknown>): Record<string, unknown> {
  return {
    role: message.role,
    content: message.content,
    cache_enabled: message.cache_enabled ?? false,
    vision_enabled: message.vision_enabled ?? false,
    function_calling_enabled: message.function_calling_enabled ?? false,
    tool_calls: message.tool_calls ?? null,
    tool_call_id: message.tool_call_id ?? null,
    name: message.name ?? null,
    force_string_serializer: message.force_string_serializer ?? false,
    send_reasoning_content: message.send_reasoning_content ?? false,
    reasoning_content: message.reasoning_content ?? null,
    thinking_blocks: message.thinking_blocks ?? [],
    responses_reasoning_item: message.responses_reasoning_item ?? null,
  };
}

export interface MessageDraftOptions {
  source: EventSource;
  message: { role: string; content: unknown[] } & Record<string, unknown>;
  llmResponseId?: string | null;
  activatedSkills?: string[];
  extendedContent?: unknown[];
}

export function messageDraft(options: MessageDraftOptions): EventDraft {
  return {
    kind: 'MessageEvent',
    source: options.source,
    fields: {
      llm_message: fullMessage(options.message),
      llm_response_id: options.llmResponseId ?? null,
      activated_skills: options.activatedSkills ?? [],
      extended_content: options.extendedContent ?? [],
      sender: null,
    },
  };
}

/** Lower-cased text a `body` filter searches (api.md 6.1); null for events that never match. */
export function searchableText(event: ConversationEvent): string | null {
  if (event.kind !== 'MessageEvent') return null;
  const parts: string[] = [];
  const message = event.llm_message as { content?: { type?: string; text?: string }[]; reasoning_content?: string | null } | undefined;
  for (const item of message?.content ?? []) if (typeof item.text === 'string') parts.push(item.text);
  for (const item of (event.extended_content as { text?: string }[] | undefined) ?? []) if (typeof item.text === 'string') parts.push(item.text);
  if (message?.reasoning_content) parts.push(message.reasoning_content);
  return parts.join(' ').toLowerCase();
}

/** api.md 14.4.1: the rendered system prompt and the tools in OpenAI function format. */
export function systemPromptDraft(systemPrompt: string, tools: unknown[]): EventDraft {
  return {
    kind: 'SystemPromptEvent',
    source: 'agent',
    fields: { system_prompt: { cache_prompt: false, type: 'text', text: systemPrompt }, tools },
  };
}

export interface ActionFields {
  thought: unknown[];
  reasoning_content: string | null;
  thinking_blocks: unknown[];
  responses_reasoning_item: Record<string, unknown> | null;
  /** null when the call could not become an action (unknown tool, invalid arguments). */
  action: Record<string, unknown> | null;
  tool_name: string;
  tool_call_id: string;
  tool_call: { id: string; name: string; arguments: string; origin: 'completion' | 'responses' };
  llm_response_id: string;
  security_risk: string;
}

/** api.md 14.4.3. Fields in contract order. */
export function actionDraft(fields: ActionFields): EventDraft {
  return {
    kind: 'ActionEvent',
    source: 'agent',
    fields: {
      thought: fields.thought,
      reasoning_content: fields.reasoning_content,
      thinking_blocks: fields.thinking_blocks,
      responses_reasoning_item: fields.responses_reasoning_item,
      action: fields.action,
      tool_name: fields.tool_name,
      tool_call_id: fields.tool_call_id,
      tool_call: fields.tool_call,
      llm_response_id: fields.llm_response_id,
      security_risk: fields.security_risk,
    },
  };
}

/** api.md 14.4.4: `action_id` is the id of the ActionEvent the observation answers. */
export function observationDraft(fields: { tool_name: string; tool_call_id: string; observation: Record<string, unknown>; action_id: string }): EventDraft {
  return {
    kind: 'ObservationEvent',
    source: 'environment',
    fields: { tool_name: fields.tool_name, tool_call_id: fields.tool_call_id, observation: fields.observation, action_id: fields.action_id },
  };
}

/** api.md 14.4.10: the condenser's record of what the LLM no longer sees, and the summary in its place. */
export function condensationDraft(fields: { forgotten_event_ids: string[]; summary: string | null; summary_offset: number | null; llm_response_id: string }): EventDraft {
  return { kind: 'Condensation', source: 'environment', fields: { ...fields } };
}

/** api.md 14.4.11: asks the condenser to run at the next step (agent.md 8.4). */
export function condensationRequestDraft(): EventDraft {
  return { kind: 'CondensationRequest', source: 'environment', fields: {} };
}

/**
 * api.md 14.4.14: one LLM call of an LLM with `log_completions: true`. `log_data` is the JSON text
 * the SDK client writes to `<log_completions_folder>/<filename>`; like every event it is redacted
 * when appended.
 */
export function llmCompletionLogDraft(fields: { model_name: string; usage_id: string; log_data: string; nowSeconds: number; hex: string }): EventDraft {
  const filename = `${fields.model_name.replaceAll('/', '__')}-${fields.nowSeconds.toFixed(3)}-${fields.hex}.json`;
  return { kind: 'LLMCompletionLogEvent', source: 'environment', fields: { filename, log_data: fields.log_data, model_name: fields.model_name, usage_id: fields.usage_id } };
}
