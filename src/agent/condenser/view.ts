/**
 * The view a condenser decides on (agent.md 3.2): the LLM-visible events in log order, with the
 * latest summary in place, answer-less calls and call-less answers left out, and whether a
 * CondensationRequest came after the last Condensation. Pure.
 */
import type { ConversationEvent } from '../../events/index.js';
import { visibleEvents } from '../events-to-messages.js';

export interface View {
  /** LLM-convertible events (system prompt and summary included), in the order the LLM sees them. */
  events: ConversationEvent[];
  hasUnhandledCondensationRequest: boolean;
}

export const SUMMARY_KIND = 'CondensationSummaryEvent';
const ANSWER_KINDS = new Set(['ObservationEvent', 'AgentErrorEvent', 'UserRejectObservation']);

export function isAnswer(event: ConversationEvent): boolean {
  return ANSWER_KINDS.has(event.kind);
}

/** agent.md 3.2 step 6: a tool call is shown only with its answer, and an answer only with its call. */
function dropUnmatched(events: ConversationEvent[]): ConversationEvent[] {
  const callIds = new Set(events.filter((event) => event.kind === 'ActionEvent').map((event) => String(event.tool_call_id)));
  const answerIds = new Set(events.filter(isAnswer).map((event) => String(event.tool_call_id)));
  return events.filter((event) => {
    if (event.kind === 'ActionEvent') return answerIds.has(String(event.tool_call_id));
    if (isAnswer(event)) return callIds.has(String(event.tool_call_id));
    return true;
  });
}

/** agent.md 3.2 step 5. */
function hasUnhandledRequest(events: readonly ConversationEvent[]): boolean {
  for (let index = events.length - 1; index >= 0; index--) {
    if (events[index].kind === 'Condensation') return false;
    if (events[index].kind === 'CondensationRequest') return true;
  }
  return false;
}

export function buildView(events: readonly ConversationEvent[]): View {
  return { events: dropUnmatched(visibleEvents(events)), hasUnhandledCondensationRequest: hasUnhandledRequest(events) };
}
