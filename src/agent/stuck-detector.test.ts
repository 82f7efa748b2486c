import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConversationEvent } from '../events/index.js';
import { detectStuck, type StuckPattern } from './stuck-detector.js';
import { events } from './test-events.js';

let callNumber = 0;

function step(thought: string, output: string): ConversationEvent[] {
  callNumber++;
  const action = events.action({ callId: `c${callNumber}`, responseId: `r${callNumber}`, action: { kind: 'ThinkAction', thought } });
  return [action, events.observation(action, output)];
}

function failedStep(): ConversationEvent[] {
  callNumber++;
  const action = events.action({ callId: `c${callNumber}`, responseId: `r${callNumber}`, tool: 'nope', action: null });
  return [action, events.error(action, `Tool 'nope' not found (${callNumber})`)];
}

const repeat = (count: number, make: () => ConversationEvent[]) => Array.from({ length: count }, make).flat();

interface Case {
  name: string;
  build: () => ConversationEvent[];
  expected: StuckPattern | null;
}

const cases: Case[] = [
  { name: 'no user message: never stuck', build: () => repeat(5, () => step('same', 'ok')), expected: null },
  { name: 'three equal steps are not yet a loop', build: () => [events.user('go'), ...repeat(3, () => step('same', 'ok'))], expected: null },
  { name: 'four equal action/observation pairs', build: () => [events.user('go'), ...repeat(4, () => step('same', 'ok'))], expected: 'repeating_action_observation' },
  {
    name: 'state updates between the pairs do not hide the loop (agent.md 14 Q15)',
    build: () => [events.user('go'), ...repeat(4, () => [...step('same', 'ok'), events.stateUpdate()])],
    expected: 'repeating_action_observation',
  },
  { name: 'four different actions', build: () => [events.user('go'), ...[1, 2, 3, 4].flatMap((n) => step(`t${n}`, 'ok'))], expected: null },
  { name: 'the same failing call three times', build: () => [events.user('go'), ...repeat(3, failedStep)], expected: 'repeating_action_error' },
  { name: 'two failing calls', build: () => [events.user('go'), ...repeat(2, failedStep)], expected: null },
  {
    name: 'a user message resets the count',
    build: () => [events.user('go'), ...repeat(4, () => step('same', 'ok')), events.user('try again'), ...repeat(2, () => step('same', 'ok'))],
    expected: null,
  },
  { name: 'three agent messages in a row', build: () => [events.user('go'), events.agent(''), events.agent(''), events.agent('')], expected: 'monologue' },
  { name: 'two agent messages', build: () => [events.user('go'), events.agent(''), events.agent(''), ...step('x', 'y')], expected: null },
  {
    name: 'alternating between two actions and observations',
    build: () => [events.user('go'), ...repeat(3, () => [...step('a', 'A'), ...step('b', 'B')])],
    expected: 'alternating_action_observation',
  },
  {
    name: 'rejections never compare equal',
    build: () => {
      const steps: ConversationEvent[] = [events.user('go')];
      for (let index = 0; index < 4; index++) {
        const action = events.action({ callId: `x${index}`, responseId: `rx${index}`, action: { kind: 'ThinkAction', thought: 'same' } });
        steps.push(action, events.reject(action, 'no'));
      }
      return steps;
    },
    expected: null,
  },
];

describe('detectStuck', () => {
  for (const testCase of cases) {
    test(testCase.name, () => {
      assert.equal(detectStuck(testCase.build()), testCase.expected);
    });
  }
});
