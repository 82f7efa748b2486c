import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConversationEvent } from '../events/index.js';
import type { LlmMessage } from '../llm/index.js';
import { eventsToMessages, type EventsToMessagesOptions } from './events-to-messages.js';
import { events } from './test-events.js';

const system: LlmMessage = { role: 'system', content: [{ type: 'text', text: 'SYSTEM' }] };
const user = (...texts: string[]): LlmMessage => ({ role: 'user', content: texts.map((text) => ({ type: 'text', text })) });
const assistant = (text: string, calls: { id: string; args?: string; name?: string }[]): LlmMessage => ({
  role: 'assistant',
  content: text ? [{ type: 'text', text }] : [],
  toolCalls: calls.map((call) => ({ id: call.id, name: call.name ?? 'think', arguments: call.args ?? '{"thought":"x"}' })),
  reasoningContent: null,
  thinkingBlocks: [],
  responsesReasoningItem: null,
});
const tool = (id: string, text: string, name = 'think'): LlmMessage => ({ role: 'tool', toolCallId: id, toolName: name, content: [{ type: 'text', text }] });

interface Case {
  name: string;
  build: () => ConversationEvent[];
  options?: EventsToMessagesOptions;
  expected: LlmMessage[];
}

const a1 = () => events.action({ callId: 'c1', responseId: 'r1', thought: 'Two thoughts' });

const cases: Case[] = [
  { name: 'system prompt and a user message', build: () => [events.system(), events.user('hi')], expected: [system, user('hi')] },
  {
    name: 'extended content becomes an extra text part',
    build: () => [events.system(), events.user('hi', ['EXTRA'])],
    expected: [system, user('hi', 'EXTRA')],
  },
  {
    name: 'the seed-shape user prefix goes before each user message',
    build: () => [events.system(), events.user('hi')],
    options: { userMessagePrefix: 'PREFIX' },
    expected: [system, user('PREFIX', 'hi')],
  },
  {
    name: 'state updates and other bookkeeping are not sent',
    build: () => [events.system(), events.stateUpdate(), events.user('hi'), events.stateUpdate()],
    expected: [system, user('hi')],
  },
  {
    name: 'an action and its observation',
    build: () => {
      const action = events.action({ callId: 'c1', responseId: 'r1', thought: 'Let me think' });
      return [events.system(), events.user('go'), action, events.observation(action, 'logged')];
    },
    expected: [system, user('go'), assistant('Let me think', [{ id: 'c1' }]), tool('c1', 'logged')],
  },
  {
    name: 'parallel calls: one assistant message, then the results in call order',
    build: () => {
      const first = a1();
      const second = events.action({ callId: 'c2', responseId: 'r1' });
      return [events.system(), events.user('go'), first, second, events.observation(second, 'b'), events.observation(first, 'a')];
    },
    expected: [system, user('go'), assistant('Two thoughts', [{ id: 'c1' }, { id: 'c2' }]), tool('c1', 'a'), tool('c2', 'b')],
  },
  {
    name: 'an invalid call inside a parallel batch keeps provider order (agent.md 14 Q2)',
    build: () => {
      const first = a1();
      const bad = events.action({ callId: 'c2', responseId: 'r1', tool: 'nope', args: '{}', action: null });
      return [events.system(), first, bad, events.error(bad, "Tool 'nope' not found."), events.observation(first, 'a')];
    },
    expected: [system, assistant('Two thoughts', [{ id: 'c1' }, { id: 'c2', name: 'nope', args: '{}' }]), tool('c1', 'a'), tool('c2', "Tool 'nope' not found.", 'nope')],
  },
  {
    name: 'a call without an answer is not sent (no orphan tool call)',
    build: () => [events.system(), events.user('go'), a1()],
    expected: [system, user('go')],
  },
  {
    name: 'a user message sent while an action was pending comes after its result',
    build: () => {
      const action = a1();
      return [events.system(), action, events.user('also this'), events.observation(action, 'a')];
    },
    expected: [system, assistant('Two thoughts', [{ id: 'c1' }]), tool('c1', 'a'), user('also this')],
  },
  {
    name: 'a rejection reads "Action rejected: <reason>"',
    build: () => {
      const action = a1();
      return [events.system(), action, events.reject(action, 'not now')];
    },
    expected: [system, assistant('Two thoughts', [{ id: 'c1' }]), tool('c1', 'Action rejected: not now')],
  },
  {
    name: 'an error observation gets the error header',
    build: () => {
      const action = a1();
      return [action, events.observation(action, 'boom', true)];
    },
    expected: [
      assistant('Two thoughts', [{ id: 'c1' }]),
      { role: 'tool', toolCallId: 'c1', toolName: 'think', content: [{ type: 'text', text: '[An error occurred during execution.]\n' }, { type: 'text', text: 'boom' }] },
    ],
  },
  {
    name: 'a tool renders its own observation when it can',
    build: () => {
      const action = a1();
      return [action, events.observation(action, 'raw')];
    },
    options: { renderObservation: (observation) => [{ type: 'text', text: `rendered ${(observation.content as { text: string }[])[0].text}` }] },
    expected: [assistant('Two thoughts', [{ id: 'c1' }]), tool('c1', 'rendered raw')],
  },
  {
    name: 'an agent reply keeps its reasoning',
    build: () => [events.user('hi'), events.agent('', { reasoning: 'hmm' }), events.agent('Done.')],
    expected: [
      user('hi'),
      { role: 'assistant', content: [], toolCalls: [], reasoningContent: 'hmm', thinkingBlocks: [], responsesReasoningItem: null },
      { role: 'assistant', content: [{ type: 'text', text: 'Done.' }], toolCalls: [], reasoningContent: null, thinkingBlocks: [], responsesReasoningItem: null },
    ],
  },
  {
    name: 'a condensation hides forgotten events and inserts its summary at the offset',
    build: () => {
      const first = events.action({ callId: 'c1', responseId: 'r1' });
      const firstResult = events.observation(first, 'a');
      const second = events.action({ callId: 'c2', responseId: 'r2' });
      const secondResult = events.observation(second, 'b');
      return [events.system(), events.user('go'), first, firstResult, second, secondResult, events.condensation([first.id, firstResult.id], 'SUMMARY', 2)];
    },
    expected: [system, user('go'), user('SUMMARY'), assistant('', [{ id: 'c2' }]), tool('c2', 'b')],
  },
  {
    name: 'forgetting one call of a parallel batch forgets the whole batch and its results',
    build: () => {
      const first = a1();
      const second = events.action({ callId: 'c2', responseId: 'r1' });
      return [events.system(), first, second, events.observation(first, 'a'), events.observation(second, 'b'), events.condensation([first.id], null, null)];
    },
    expected: [system],
  },
];

describe('eventsToMessages', () => {
  for (const testCase of cases) {
    test(testCase.name, () => {
      assert.deepEqual(eventsToMessages(testCase.build(), testCase.options), testCase.expected);
    });
  }
});
