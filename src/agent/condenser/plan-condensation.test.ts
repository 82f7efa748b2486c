import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConversationEvent } from '../../events/index.js';
import { events, stamp } from '../test-events.js';
import { planCondensation, pythonSliceBounds, shouldCondense, type SummarizingSettings } from './plan-condensation.js';
import { buildView } from './view.js';

// Logs are written as labels: S system prompt, U<n> user message, A<n>/O<n> a think call and its
// observation, A<n>a + A<n>b a parallel batch (answered by O<n>a, O<n>b), R a CondensationRequest,
// C(<forgotten labels>|<summary>|<offset>) a Condensation.
function buildLog(labels: string[]): { log: ConversationEvent[]; labelOf: Map<string, string> } {
  const log: ConversationEvent[] = [];
  const byLabel = new Map<string, ConversationEvent>();
  const labelOf = new Map<string, string>();
  const add = (label: string, event: ConversationEvent) => {
    log.push(event);
    byLabel.set(label, event);
    labelOf.set(event.id, label);
  };
  for (const label of labels) {
    const condensation = /^C\((.*)\|(.*)\|(\d+)\)$/.exec(label);
    if (label === 'S') add(label, events.system());
    else if (label.startsWith('U')) add(label, events.user(label));
    else if (label.startsWith('A')) add(label, events.action({ callId: `call-${label}`, responseId: `resp-${label.slice(1).replace(/[ab]$/, '')}`, thought: label }));
    else if (label.startsWith('O')) add(label, events.observation(byLabel.get(`A${label.slice(1)}`) as ConversationEvent, label));
    else if (label === 'R') add(label, stamp({ kind: 'CondensationRequest', source: 'environment', fields: {} }));
    else if (condensation) {
      const forgotten = condensation[1].split(',').map((name) => (byLabel.get(name) as ConversationEvent).id);
      add(label, events.condensation(forgotten, condensation[2], Number(condensation[3])));
    } else throw new Error(`unknown label ${label}`);
  }
  return { log, labelOf };
}

const pairs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => [`A${from + index}`, `O${from + index}`]).flat();

interface Case {
  name: string;
  log: string[];
  settings: SummarizingSettings;
  /** null: no condensation. */
  expected: { forgotten: string[]; summaryOffset: number; previousSummary?: string } | null;
}

const cases: Case[] = [
  {
    name: 'agent.md 15.16: 12 events over max_size 10 keep the first 2 and the last 2',
    log: ['S', 'U1', ...pairs(1, 5)],
    settings: { maxSize: 10, keepFirst: 2 },
    expected: { forgotten: pairs(1, 4), summaryOffset: 2 },
  },
  { name: 'exactly max_size events: nothing to do', log: ['S', 'U1', ...pairs(1, 4)], settings: { maxSize: 10, keepFirst: 2 }, expected: null },
  {
    name: 'agent.md 15.17: a pending request halves the view whatever max_size says',
    log: ['S', 'U1', ...pairs(1, 3), 'R'],
    settings: { maxSize: 100, keepFirst: 1 },
    expected: { forgotten: ['U1', ...pairs(1, 2)], summaryOffset: 1 },
  },
  {
    name: 'a request already answered by a condensation is not pending',
    log: ['S', 'U1', ...pairs(1, 3), 'R', 'C(U1,A1,O1|S1|1)', ...pairs(4, 4)],
    settings: { maxSize: 100, keepFirst: 1 },
    expected: null,
  },
  {
    name: 'tail_count 0: Python view[k:-0] is empty, so nothing is forgotten',
    log: ['S', 'U1', ...pairs(1, 1), 'R'],
    settings: { maxSize: 100, keepFirst: 1 },
    expected: null,
  },
  {
    name: 'negative tail_count slices from the front, as Python does',
    log: ['S', 'R'],
    settings: { maxSize: 100, keepFirst: 0 },
    expected: { forgotten: ['S'], summaryOffset: 0 },
  },
  {
    name: 'the tail never starts between a call and its observation: the whole pair is forgotten',
    log: ['S', 'U1', ...pairs(1, 5)],
    settings: { maxSize: 10, keepFirst: 3 },
    expected: { forgotten: pairs(2, 5), summaryOffset: 4 },
  },
  {
    name: 'the head keeps the observation of a call it keeps; the summary goes after it',
    log: ['S', 'U1', ...pairs(1, 6)],
    settings: { maxSize: 12, keepFirst: 3 },
    expected: { forgotten: pairs(2, 5), summaryOffset: 4 },
  },
  {
    name: 'a parallel batch is forgotten whole, never cut between its calls or results',
    log: ['S', 'U1', 'A1', 'O1', 'A2a', 'A2b', 'O2a', 'O2b', 'U2'],
    settings: { maxSize: 8, keepFirst: 1 },
    expected: { forgotten: ['U1', 'A1', 'O1', 'A2a', 'A2b', 'O2a', 'O2b'], summaryOffset: 1 },
  },
  {
    name: 'the previous summary is handed over in full, not forgotten as an event',
    log: ['S', 'U1', ...pairs(1, 2), 'C(A1,O1,A2,O2|OLD SUMMARY|2)', ...pairs(3, 7)],
    settings: { maxSize: 10, keepFirst: 2 },
    expected: { forgotten: pairs(3, 6), summaryOffset: 2, previousSummary: 'OLD SUMMARY' },
  },
  {
    name: 'a summary inside the head leaves the view, so the new one goes one place earlier',
    log: ['S', 'U1', 'C(U1|OLD|1)', ...pairs(1, 5)],
    settings: { maxSize: 10, keepFirst: 2 },
    expected: { forgotten: pairs(1, 4), summaryOffset: 1, previousSummary: 'OLD' },
  },
];

describe('planCondensation (agent.md 8.2)', () => {
  for (const { name, log: labels, settings, expected } of cases) {
    test(name, () => {
      const { log, labelOf } = buildLog(labels);
      const plan = planCondensation(buildView(log), settings);
      if (expected === null) {
        assert.equal(plan, null);
        return;
      }
      assert.ok(plan, 'a condensation is planned');
      assert.deepEqual(
        plan.forgotten.map((event) => labelOf.get(event.id)),
        expected.forgotten,
      );
      assert.equal(plan.summaryOffset, expected.summaryOffset);
      assert.equal(plan.previousSummary, expected.previousSummary ?? '');
    });
  }

  test('after a size-triggered condensation the next view has max_size // 2 events', () => {
    const { log } = buildLog(['S', 'U1', ...pairs(1, 8)]);
    const settings = { maxSize: 14, keepFirst: 2 };
    const plan = planCondensation(buildView(log), settings);
    assert.ok(plan);
    const condensation = events.condensation(plan.forgotten.map((event) => event.id), 'SUMMARY', plan.summaryOffset);
    const next = buildView([...log, condensation]);
    assert.equal(next.events.length, 7);
    assert.equal(next.events[2].kind, 'CondensationSummaryEvent');
    assert.equal(shouldCondense(next, settings), false);
  });
});

describe('pythonSliceBounds', () => {
  const cases: [length: number, start: number, stop: number, expected: [number, number]][] = [
    [5, 1, -2, [1, 3]],
    [5, 1, 0, [1, 1]],
    [5, 0, 1, [0, 1]],
    [5, 4, 2, [4, 4]],
    [3, 5, -1, [3, 3]],
    [3, 0, -7, [0, 0]],
    [3, 1, 9, [1, 3]],
  ];
  for (const [length, start, stop, expected] of cases) {
    test(`[${start}:${stop}] of ${length} items`, () => assert.deepEqual(pythonSliceBounds(length, start, stop), expected));
  }
});
