/**
 * The view (agent.md 3.2): conversation events -> the LLM message list. Pure.
 *
 * 1. Condensations hide the events they forgot (a parallel batch is forgotten whole) and the
 *    latest summary is inserted where the condenser said.
 * 2. Every ActionEvent of one `llm_response_id` becomes one assistant message, placed where the
 *    first of them sits, followed at once by one tool message per call in call order
 *    (agent.md 14 Q2: the reference's "consecutive run" rule breaks provider ordering rules).
 * 3. A call without an answer (observation, agent error or rejection) is left out with its
 *    answer-less siblings, so a provider never sees an orphan tool call; answers without a
 *    call are left out too.
 */
import type { ConversationEvent } from '../events/index.js';
import type { LlmContentPart, LlmMessage, LlmTextPart, LlmThinkingBlock, LlmToolCall } from '../llm/index.js';

type Json = Record<string, unknown>;

export interface EventsToMessagesOptions {
  /** Seed-shape `agent_context.user_message_prefix` (design.md 2.5): a text part put before each user message. */
  userMessagePrefix?: string | null;
  /**
   * A tool's own rendering of its observation for the LLM, as content items (the terminal adds its
   * exit code and working directory); undefined falls back to the content behind an error header.
   */
  renderObservation?: (observation: Json, toolName: string) => unknown[] | undefined;
}

const ANSWER_KINDS = new Set(['ObservationEvent', 'AgentErrorEvent', 'UserRejectObservation']);
const LLM_KINDS = new Set(['SystemPromptEvent', 'MessageEvent', 'ActionEvent', ...ANSWER_KINDS]);
export const ERROR_OBSERVATION_HEADER = '[An error occurred during execution.]\n';

/** What the LLM may see, in log order, after condensation (agent.md 3.2 steps 1-4). */
export function visibleEvents(events: readonly ConversationEvent[]): ConversationEvent[] {
  const forgotten = new Set<string>();
  let summary: { text: string; offset: number } | null = null;
  for (const event of events) {
    if (event.kind === 'Condensation') {
      for (const id of (event.forgotten_event_ids as string[] | undefined) ?? []) forgotten.add(id);
      forgotten.add(event.id);
      if (typeof event.summary === 'string' && typeof event.summary_offset === 'number') summary = { text: event.summary, offset: event.summary_offset };
    } else if (event.kind === 'CondensationRequest') forgotten.add(event.id);
  }
  const forgottenBatches = new Set<string>();
  for (const event of events) {
    if (event.kind === 'ActionEvent' && forgotten.has(event.id)) forgottenBatches.add(String(event.llm_response_id));
  }
  const kept = events.filter(
    (event) =>
      LLM_KINDS.has(event.kind) &&
      !forgotten.has(event.id) &&
      !(event.kind === 'ActionEvent' && forgottenBatches.has(String(event.llm_response_id))),
  );
  if (summary) {
    const synthetic: ConversationEvent = { kind: 'CondensationSummaryEvent', id: 'condensation-summary', timestamp: '', source: 'environment', summary: summary.text };
    kept.splice(Math.min(summary.offset, kept.length), 0, synthetic);
  }
  return kept;
}

function contentParts(items: unknown): LlmContentPart[] {
  const parts: LlmContentPart[] = [];
  for (const item of (items as Json[] | undefined) ?? []) {
    if (item.type === 'text' && typeof item.text === 'string') parts.push({ type: 'text', text: item.text });
    else if (item.type === 'image') for (const url of (item.image_urls as string[] | undefined) ?? []) parts.push({ type: 'image', url });
  }
  return parts;
}

function textParts(items: unknown): LlmTextPart[] {
  return contentParts(items).filter((part): part is LlmTextPart => part.type === 'text');
}

function thinkingBlocks(blocks: unknown): LlmThinkingBlock[] {
  return ((blocks as Json[] | undefined) ?? []).map((block) =>
    block.type === 'redacted_thinking'
      ? { type: 'redacted_thinking', data: String(block.data ?? '') }
      : { type: 'thinking', thinking: String(block.thinking ?? ''), signature: typeof block.signature === 'string' ? block.signature : null },
  );
}

function messageEventToMessage(event: ConversationEvent, prefix: string | null | undefined): LlmMessage {
  const message = event.llm_message as Json;
  if (message.role === 'assistant') {
    return {
      role: 'assistant',
      content: textParts(message.content),
      toolCalls: [],
      reasoningContent: (message.reasoning_content as string | null | undefined) ?? null,
      thinkingBlocks: thinkingBlocks(message.thinking_blocks),
      responsesReasoningItem: (message.responses_reasoning_item as Json | null | undefined) ?? null,
    };
  }
  if (message.role === 'system') return { role: 'system', content: textParts(message.content) };
  const content = [...contentParts(message.content), ...contentParts(event.extended_content)];
  return { role: 'user', content: prefix ? [{ type: 'text', text: prefix }, ...content] : content };
}

function answerContent(answer: ConversationEvent, options: EventsToMessagesOptions): LlmContentPart[] {
  if (answer.kind === 'AgentErrorEvent') return [{ type: 'text', text: String(answer.error) }];
  if (answer.kind === 'UserRejectObservation') return [{ type: 'text', text: `Action rejected: ${String(answer.rejection_reason)}` }];
  const observation = answer.observation as Json;
  const rendered = options.renderObservation?.(observation, String(answer.tool_name));
  if (rendered) return contentParts(rendered);
  const content = contentParts(observation.content);
  return observation.is_error === true ? [{ type: 'text', text: ERROR_OBSERVATION_HEADER }, ...content] : content;
}

function toolCallOf(action: ConversationEvent): LlmToolCall {
  const call = action.tool_call as Json;
  return { id: String(call.id), name: String(call.name), arguments: String(call.arguments) };
}

/** One assistant message for a batch of answered calls, then their answers in call order. */
function batchMessages(batch: ConversationEvent[], answers: Map<string, ConversationEvent>, options: EventsToMessagesOptions): LlmMessage[] {
  const answered = batch.filter((action) => answers.has(String(action.tool_call_id)));
  if (answered.length === 0) return [];
  const first = batch[0];
  const messages: LlmMessage[] = [
    {
      role: 'assistant',
      content: textParts(first.thought),
      toolCalls: answered.map(toolCallOf),
      reasoningContent: (first.reasoning_content as string | null | undefined) ?? null,
      thinkingBlocks: thinkingBlocks(first.thinking_blocks),
      responsesReasoningItem: (first.responses_reasoning_item as Json | null | undefined) ?? null,
    },
  ];
  for (const action of answered) {
    const answer = answers.get(String(action.tool_call_id)) as ConversationEvent;
    messages.push({ role: 'tool', toolCallId: String(action.tool_call_id), toolName: String(action.tool_name), content: answerContent(answer, options) });
  }
  return messages;
}

export function eventsToMessages(events: readonly ConversationEvent[], options: EventsToMessagesOptions = {}): LlmMessage[] {
  const visible = visibleEvents(events);
  const answers = new Map<string, ConversationEvent>();
  const batches = new Map<string, ConversationEvent[]>();
  for (const event of visible) {
    if (ANSWER_KINDS.has(event.kind) && !answers.has(String(event.tool_call_id))) answers.set(String(event.tool_call_id), event);
    if (event.kind === 'ActionEvent') {
      const key = String(event.llm_response_id);
      batches.set(key, [...(batches.get(key) ?? []), event]);
    }
  }
  const messages: LlmMessage[] = [];
  const emittedBatches = new Set<string>();
  for (const event of visible) {
    switch (event.kind) {
      case 'SystemPromptEvent':
        messages.push({ role: 'system', content: textParts([event.system_prompt]) });
        break;
      case 'MessageEvent':
        messages.push(messageEventToMessage(event, options.userMessagePrefix));
        break;
      case 'CondensationSummaryEvent':
        messages.push({ role: 'user', content: [{ type: 'text', text: String(event.summary) }] });
        break;
      case 'ActionEvent': {
        const key = String(event.llm_response_id);
        if (emittedBatches.has(key)) break;
        emittedBatches.add(key);
        messages.push(...batchMessages(batches.get(key) ?? [], answers, options));
        break;
      }
      default:
        // Answers are placed right after their assistant message above.
        break;
    }
  }
  return messages;
}
