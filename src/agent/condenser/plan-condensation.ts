/**
 * What an LLMSummarizingCondenser forgets (agent.md 8.2). Pure.
 *
 * The sizes follow the reference exactly: keep the first `keep_first` events, keep a tail so the
 * next view has `max_size // 2` events (half the view when a CondensationRequest is pending), and
 * forget the middle, with Python slice semantics for `view[keep_first:-tail_count]`.
 * Two deliberate differences, both about keeping the history valid for providers:
 * - a cut never separates a tool call from its answer (nor the calls of one parallel batch): a cut
 *   that would moves forward to the end of that batch, so the head keeps the whole batch and the
 *   tail loses it (the reference loses it from its view too, through batch atomicity and the
 *   unmatched-call filter, but without listing all its ids);
 * - the previous summary is always handed over in full (agent.md 14 Q8), since only the latest
 *   summary is ever shown.
 */
import type { ConversationEvent } from '../../events/index.js';
import { SUMMARY_KIND, isAnswer, type View } from './view.js';

export interface SummarizingSettings {
  maxSize: number;
  keepFirst: number;
}

export interface CondensationPlan {
  /** The events to summarise and forget, in view order (never the synthetic summary). */
  forgotten: ConversationEvent[];
  /** The summary currently shown ('' when there is none); the new summary replaces it. */
  previousSummary: string;
  /** Where the new summary goes in the next view: right after the kept head. */
  summaryOffset: number;
}

export function shouldCondense(view: View, settings: SummarizingSettings): boolean {
  return view.hasUnhandledCondensationRequest || view.events.length > settings.maxSize;
}

/** The bounds Python gives `list[start:stop]` on a list of `length` items (negative = from the end). */
export function pythonSliceBounds(length: number, start: number, stop: number): [number, number] {
  const normalize = (index: number) => Math.min(Math.max(index < 0 ? index + length : index, 0), length);
  const from = normalize(start);
  return [from, Math.max(from, normalize(stop))];
}

/**
 * For every cut position (0..n, the cut before event `c`), the first position at or after it that
 * separates no tool call from its answer and no parallel batch from itself.
 */
function safeCutFinder(events: readonly ConversationEvent[]): (cut: number) => number {
  const batchOfCall = new Map<string, string>();
  for (const event of events) if (event.kind === 'ActionEvent') batchOfCall.set(String(event.tool_call_id), String(event.llm_response_id));
  const spans = new Map<string, { first: number; last: number }>();
  events.forEach((event, index) => {
    const batch = event.kind === 'ActionEvent' ? String(event.llm_response_id) : isAnswer(event) ? batchOfCall.get(String(event.tool_call_id)) : undefined;
    if (batch === undefined) return;
    const span = spans.get(batch);
    if (span) span.last = index;
    else spans.set(batch, { first: index, last: index });
  });
  const blockedUntil = new Array<number>(events.length + 1).fill(0);
  for (const { first, last } of spans.values()) {
    for (let cut = first + 1; cut <= last; cut++) blockedUntil[cut] = Math.max(blockedUntil[cut], last + 1);
  }
  return (cut) => {
    let position = cut;
    while (position <= events.length && blockedUntil[position] > position) position = blockedUntil[position];
    return Math.min(position, events.length);
  };
}

/** null when the view needs no condensation, or nothing in it can be forgotten. */
export function planCondensation(view: View, settings: SummarizingSettings): CondensationPlan | null {
  if (!shouldCondense(view, settings)) return null;
  const { events } = view;
  const length = events.length;
  const headLength = Math.min(settings.keepFirst, length);
  const target = view.hasUnhandledCondensationRequest ? Math.floor(length / 2) : Math.floor(settings.maxSize / 2);
  const tailCount = target - headLength - 1;
  const [start, stop] = pythonSliceBounds(length, settings.keepFirst, -tailCount);
  if (stop <= start) return null;
  const nextSafeCut = safeCutFinder(events);
  const headEnd = nextSafeCut(start);
  const tailStart = nextSafeCut(stop);
  const forgotten = events.slice(headEnd, tailStart).filter((event) => event.kind !== SUMMARY_KIND);
  if (forgotten.length === 0) return null;
  const summaryIndex = events.findIndex((event) => event.kind === SUMMARY_KIND);
  return {
    forgotten,
    previousSummary: summaryIndex === -1 ? '' : String(events[summaryIndex].summary),
    // The old summary leaves the view, so when it sat in the head the new one goes one earlier.
    summaryOffset: summaryIndex !== -1 && summaryIndex < headEnd ? headEnd - 1 : headEnd,
  };
}
