import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeContext } from '../test-context.js';
import { finishTool } from './index.js';

describe('finish', () => {
  it('returns the message as the observation', async () => {
    const [tool] = finishTool.create({});
    const parsed = tool.parseArguments({ message: 'All done' });
    assert.ok(parsed.ok);
    const observation = await tool.execute(parsed.action, makeContext({ workingDir: '/tmp' }));
    assert.deepEqual(observation, {
      kind: 'FinishObservation',
      content: [{ cache_prompt: false, type: 'text', text: 'All done' }],
      is_error: false,
    });
    assert.equal(tool.isReadOnly, true);
    const missing = tool.parseArguments({});
    assert.ok(!missing.ok && /Missing required parameter `message`/.test(missing.error));
  });
});
