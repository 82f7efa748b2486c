import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeContext } from '../test-context.js';
import { thinkTool } from './index.js';

describe('think', () => {
  it('logs the thought and changes nothing', async () => {
    const [tool] = thinkTool.create({});
    const parsed = tool.parseArguments({ thought: 'compare two fixes' });
    assert.deepEqual(parsed, { ok: true, action: { kind: 'ThinkAction', thought: 'compare two fixes' } });
    const observation = await tool.execute(parsed.ok ? parsed.action : {}, makeContext({ workingDir: '/tmp' }));
    assert.deepEqual(observation, {
      kind: 'ThinkObservation',
      content: [{ cache_prompt: false, type: 'text', text: 'Your thought has been logged.' }],
      is_error: false,
    });
    assert.equal(tool.isReadOnly, true);
  });
});
