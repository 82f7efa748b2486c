/**
 * Loop detection over the event log (agent.md 7). Pure. Only the events since the last user
 * message count, and bookkeeping events (state updates, pauses, errors of the loop) are skipped
 * (agent.md 14 Q15), so they cannot hide a pattern.
 */
import type { ConversationEvent } from '../events/index.js';

export type StuckPattern = 'repeating_action_observation' | 'repeating_action_error' | 'monologue' | 'alternating_action_observation';

export const STUCK_PATTERN_DESCRIPTIONS: Record<StuckPattern, string> = {
  repeating_action_observation: 'the same action produced the same observation four times in a row',
  repeating_action_error: 'the same action failed with an error three times in a row',
  monologue: 'the agent sent three or more messages in a row without any input from the user',
  alternating_action_observation: 'the agent alternated between the same two actions and observations for six steps',
};

const RELEVANT_KINDS = new Set(['MessageEvent', 'ActionEvent', 'ObservationEvent', 'AgentErrorEvent', 'UserRejectObservation', 'CondensationSummaryEvent']);
const OBSERVATION_LIKE = new Set(['ObservationEvent', 'AgentErrorEvent', 'UserRejectObservation']);

function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && deepEqual((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]));
}

/** Equality that ignores ids, timestamps, call ids and response ids (agent.md 7). */
export function sameEvent(left: ConversationEvent, right: ConversationEvent): boolean {
  if (left.kind !== right.kind || left.source !== right.source) return false;
  switch (left.kind) {
    case 'ActionEvent':
      return deepEqual(left.thought, right.thought) && deepEqual(left.action, right.action) && left.tool_name === right.tool_name;
    case 'ObservationEvent':
      return deepEqual(left.observation, right.observation) && left.tool_name === right.tool_name;
    case 'AgentErrorEvent':
      return left.error === right.error;
    case 'MessageEvent':
      return deepEqual(left.llm_message, right.llm_message);
    default:
      // Other kinds compare in full, id included, so two of them are never equal.
      return deepEqual(left, right);
  }
}

function allSame(events: readonly ConversationEvent[]): boolean {
  return events.every((event) => sameEvent(event, events[0]));
}

function isUserMessage(event: ConversationEvent): boolean {
  return event.kind === 'MessageEvent' && event.source === 'user';
}

function newest(events: readonly ConversationEvent[], accept: (event: ConversationEvent) => boolean, count: number): ConversationEvent[] {
  const found: ConversationEvent[] = [];
  for (let index = events.length - 1; index >= 0 && found.length < count; index--) if (accept(events[index])) found.push(events[index]);
  return found;
}

function isRepeatingActionObservation(actions: ConversationEvent[], observations: ConversationEvent[]): boolean {
  return actions.length === 4 && observations.length === 4 && allSame(actions) && allSame(observations);
}

function isRepeatingActionError(actions: ConversationEvent[], observations: ConversationEvent[]): boolean {
  if (actions.length < 3 || observations.length < 3) return false;
  return allSame(actions.slice(0, 3)) && observations.slice(0, 3).every((event) => event.kind === 'AgentErrorEvent');
}

function isMonologue(recent: readonly ConversationEvent[]): boolean {
  let count = 0;
  for (let index = recent.length - 1; index >= 0; index--) {
    const event = recent[index];
    if (event.kind === 'MessageEvent' && event.source === 'agent') count++;
    else if (event.kind !== 'CondensationSummaryEvent') break;
  }
  return count >= 3;
}

function isAlternating(recent: readonly ConversationEvent[]): boolean {
  if (recent.length < 6) return false;
  const actions = newest(recent, (event) => event.kind === 'ActionEvent', 6);
  const observations = newest(recent, (event) => event.kind === 'ObservationEvent' || event.kind === 'AgentErrorEvent', 6);
  if (actions.length < 6 || observations.length < 6) return false;
  const alternates = (items: ConversationEvent[]) =>
    sameEvent(items[0], items[2]) && sameEvent(items[0], items[4]) && sameEvent(items[1], items[3]) && sameEvent(items[1], items[5]);
  return alternates(actions) && alternates(observations);
}

/** The pattern the agent is caught in, or null. */
export function detectStuck(events: readonly ConversationEvent[]): StuckPattern | null {
  const relevant = events.filter((event) => RELEVANT_KINDS.has(event.kind));
  let lastUser = -1;
  for (let index = relevant.length - 1; index >= 0; index--) {
    if (isUserMessage(relevant[index])) {
      lastUser = index;
      break;
    }
  }
  if (lastUser < 0) return null;
  const recent = relevant.slice(lastUser + 1);
  if (recent.length < 3) return null;
  const actions = newest(recent, (event) => event.kind === 'ActionEvent', 4);
  const observations = newest(recent, (event) => OBSERVATION_LIKE.has(event.kind), 4);
  if (isRepeatingActionObservation(actions, observations)) return 'repeating_action_observation';
  if (isRepeatingActionError(actions, observations)) return 'repeating_action_error';
  if (isMonologue(recent)) return 'monologue';
  if (isAlternating(recent)) return 'alternating_action_observation';
  return null;
}
