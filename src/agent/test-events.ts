/** Builders of stamped events for the agent's unit tests (never imported by product code). */
import {
  actionDraft,
  agentErrorDraft,
  messageDraft,
  observationDraft,
  stampEvent,
  stateUpdateDraft,
  systemPromptDraft,
  userRejectDraft,
  type ConversationEvent,
  type EventDraft,
} from '../events/index.js';

let counter = 0;

export function stamp(draft: EventDraft, id?: string): ConversationEvent {
  counter++;
  return stampEvent(draft, id ?? `event-${counter}`, `2025-01-01T00:00:00.${String(counter).padStart(6, '0')}`);
}

const text = (value: string) => ({ cache_prompt: false, type: 'text', text: value });

export const events = {
  system: (prompt = 'SYSTEM') => stamp(systemPromptDraft(prompt, [])),
  user: (value: string, extended: string[] = []) =>
    stamp(messageDraft({ source: 'user', message: { role: 'user', content: [text(value)] }, extendedContent: extended.map(text) })),
  agent: (value: string, options: { reasoning?: string; responseId?: string } = {}) =>
    stamp(
      messageDraft({
        source: 'agent',
        message: { role: 'assistant', content: value ? [text(value)] : [], reasoning_content: options.reasoning ?? null },
        llmResponseId: options.responseId ?? 'resp-msg',
      }),
    ),
  action: (options: { callId: string; responseId: string; tool?: string; args?: string; action?: Record<string, unknown> | null; thought?: string; id?: string }) =>
    stamp(
      actionDraft({
        thought: options.thought ? [text(options.thought)] : [],
        reasoning_content: null,
        thinking_blocks: [],
        responses_reasoning_item: null,
        action: options.action === undefined ? { kind: 'ThinkAction', thought: 'x' } : options.action,
        tool_name: options.tool ?? 'think',
        tool_call_id: options.callId,
        tool_call: { id: options.callId, name: options.tool ?? 'think', arguments: options.args ?? '{"thought":"x"}', origin: 'completion' },
        llm_response_id: options.responseId,
        security_risk: 'UNKNOWN',
      }),
      options.id,
    ),
  observation: (action: ConversationEvent, output: string, isError = false) =>
    stamp(
      observationDraft({
        tool_name: String(action.tool_name),
        tool_call_id: String(action.tool_call_id),
        observation: { kind: 'ThinkObservation', content: [text(output)], is_error: isError },
        action_id: action.id,
      }),
    ),
  error: (action: ConversationEvent, message: string) =>
    stamp(agentErrorDraft({ tool_name: String(action.tool_name), tool_call_id: String(action.tool_call_id), error: message })),
  reject: (action: ConversationEvent, reason: string) =>
    stamp(userRejectDraft({ tool_name: String(action.tool_name), tool_call_id: String(action.tool_call_id), rejection_reason: reason, action_id: action.id })),
  stateUpdate: () => stamp(stateUpdateDraft('execution_status', 'running')),
  condensation: (forgotten: string[], summary: string | null, offset: number | null) =>
    stamp({ kind: 'Condensation', source: 'environment', fields: { forgotten_event_ids: forgotten, summary, summary_offset: offset, llm_response_id: 'cond' } }),
};
