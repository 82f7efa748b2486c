import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messageDraft, stampEvent } from '../../events/index.js';
import { events } from '../test-events.js';
import { describeEvent, preview } from './describe-event.js';

describe('describeEvent (agent.md 8.2)', () => {
  test('a user message: kind, source, role, text and activated skills', () => {
    const event = stampEvent(
      messageDraft({ source: 'user', message: { role: 'user', content: [{ type: 'text', text: 'Fix the build' }] }, activatedSkills: ['repo'] }),
      'm1',
      't',
    );
    assert.equal(describeEvent(event), 'MessageEvent (source: user)\nrole: user\ntext: Fix the build\nactivated skills: repo');
  });

  test('a long message keeps 497 characters and ends with ...', () => {
    const line = describeEvent(events.user('y'.repeat(600))).split('\n')[2];
    assert.equal(line, `text: ${'y'.repeat(497)}...`);
  });

  test('a long observation keeps 500 characters and ends with ...', () => {
    const action = events.action({ callId: 'c1', responseId: 'r1' });
    const text = describeEvent(events.observation(action, 'z'.repeat(600), true));
    assert.equal(text, `ObservationEvent (source: environment)\ntool: think (error)\nresult: ${'z'.repeat(500)}...`);
  });

  test('an action names its class and arguments; an invalid call says it was not executed', () => {
    const valid = events.action({ callId: 'c1', responseId: 'r1', thought: 'Checking', args: '{"thought":"x"}' });
    assert.equal(describeEvent(valid), 'ActionEvent (source: agent)\nthought: Checking\naction: ThinkAction\narguments: {"thought":"x"}');
    const invalid = events.action({ callId: 'c9', responseId: 'r2', tool: 'nope', args: '{}', action: null });
    assert.match(describeEvent(invalid), /action: \(not executed\) nope call c9/);
  });

  test('agent errors and rejections carry their text', () => {
    const action = events.action({ callId: 'c1', responseId: 'r1' });
    assert.match(describeEvent(events.error(action, 'Tool failed')), /error: Tool failed$/);
    assert.match(describeEvent(events.reject(action, 'not now')), /rejected by the user: not now$/);
  });

  test('preview leaves short text alone', () => {
    assert.equal(preview('short'), 'short');
    assert.equal(preview('x'.repeat(500)), 'x'.repeat(500));
  });
});
