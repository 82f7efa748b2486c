import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineTool } from './define-tool.js';
import { makeObservation } from './observation.js';
import { makeContext } from './test-context.js';

function makeTool(execute: (action: { word: string; loud: boolean }) => Promise<ReturnType<typeof makeObservation>>) {
  return defineTool<{ word: string; loud: boolean }>(
    {
      name: 'echoer',
      actionKind: 'EchoAction',
      observationKind: 'EchoObservation',
      description: 'Echoes.',
      parameters: { type: 'object', properties: { word: { type: 'string' }, loud: { type: 'boolean', default: false } }, required: ['word'] },
      isReadOnly: true,
      observationFields: (action) => ({ word: typeof action.word === 'string' ? action.word : null }),
    },
    { execute },
  );
}

describe('defineTool', () => {
  it('builds the action with its kind and every field', () => {
    const tool = makeTool(async () => makeObservation('EchoObservation', { content: '', fields: {} }));
    assert.deepEqual(tool.parseArguments({ word: 'hi' }), { ok: true, action: { kind: 'EchoAction', word: 'hi', loud: false } });
  });

  it('turns a thrown error into an error observation with the tool fields, masked', async () => {
    const tool = makeTool(async () => {
      throw new Error('disk full near hunter2');
    });
    const context = makeContext({ workingDir: '/tmp', secrets: { PASSWORD: 'hunter2' } });
    const observation = await tool.execute({ kind: 'EchoAction', word: 'hi', loud: false }, context);
    assert.deepEqual(observation, {
      kind: 'EchoObservation',
      content: [{ cache_prompt: false, type: 'text', text: "Tool 'echoer' failed: disk full near <secret-hidden>" }],
      is_error: true,
      word: 'hi',
    });
  });

  it('fills defaults of a stored action that lacks them, and refuses one that cannot be valid', async () => {
    let seen: unknown;
    const tool = makeTool(async (action) => {
      seen = action;
      return makeObservation('EchoObservation', { content: action.word, fields: { word: action.word } });
    });
    await tool.execute({ kind: 'EchoAction', word: 'hi' }, makeContext({ workingDir: '/tmp' }));
    assert.deepEqual(seen, { kind: 'EchoAction', word: 'hi', loud: false });
    const invalid = await tool.execute({ kind: 'EchoAction' }, makeContext({ workingDir: '/tmp' }));
    assert.equal(invalid.is_error, true);
    assert.match((invalid.content as { text: string }[])[0].text, /Missing required parameter `word`/);
  });
});
