import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConversationEvent } from '../../events/index.js';
import { events, stamp } from '../test-events.js';
import { buildView } from './view.js';

const request = () => stamp({ kind: 'CondensationRequest', source: 'environment', fields: {} });
const labels = (view: ConversationEvent[]) => view.map((event) => (event.kind === 'CondensationSummaryEvent' ? `summary:${String(event.summary)}` : event.id));

interface Case {
  name: string;
  build: () => ConversationEvent[];
  expected: (log: ConversationEvent[]) => string[];
  hasUnhandledRequest: boolean;
}

const cases: Case[] = [
  {
    name: 'LLM-convertible events in log order, bookkeeping left out',
    build: () => {
      const action = events.action({ callId: 'c1', responseId: 'r1' });
      return [events.system(), events.stateUpdate(), events.user('go'), action, events.observation(action, 'ok')];
    },
    expected: (log) => [log[0].id, log[2].id, log[3].id, log[4].id],
    hasUnhandledRequest: false,
  },
  {
    name: 'an unanswered call (awaiting confirmation) is not counted',
    build: () => [events.system(), events.user('go'), events.action({ callId: 'c1', responseId: 'r1' })],
    expected: (log) => [log[0].id, log[1].id],
    hasUnhandledRequest: false,
  },
  {
    name: 'a request after the last condensation is unhandled; the request itself is not in the view',
    build: () => [events.system(), events.user('go'), request()],
    expected: (log) => [log[0].id, log[1].id],
    hasUnhandledRequest: true,
  },
  {
    name: 'a condensation after the request handles it, hides what it forgot and shows its summary at its offset',
    build: () => {
      const system = events.system();
      const user = events.user('go');
      const action = events.action({ callId: 'c1', responseId: 'r1' });
      const observation = events.observation(action, 'ok');
      const later = events.action({ callId: 'c2', responseId: 'r2' });
      return [system, user, action, observation, request(), events.condensation([user.id, action.id, observation.id], 'S', 1), later, events.observation(later, 'ok2')];
    },
    expected: (log) => [log[0].id, 'summary:S', log[6].id, log[7].id],
    hasUnhandledRequest: false,
  },
  {
    name: 'only the latest summary is shown',
    build: () => {
      const first = events.user('one');
      const second = events.user('two');
      return [events.system(), first, events.condensation([first.id], 'OLD', 1), second, events.condensation([second.id], 'NEW', 1), events.user('three')];
    },
    expected: (log) => [log[0].id, 'summary:NEW', log[5].id],
    hasUnhandledRequest: false,
  },
];

describe('buildView (agent.md 3.2)', () => {
  for (const { name, build, expected, hasUnhandledRequest } of cases) {
    test(name, () => {
      const log = build();
      const view = buildView(log);
      assert.deepEqual(labels(view.events), expected(log));
      assert.equal(view.hasUnhandledCondensationRequest, hasUnhandledRequest);
    });
  }
});
