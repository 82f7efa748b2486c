import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveParameters } from './input-schema.js';
import { validateMcpArguments } from './validate-arguments.js';

const parameters = deriveParameters({
  type: 'object',
  properties: {
    a: { type: 'number' },
    b: { type: 'integer' },
    flag: { type: 'boolean' },
    names: { type: 'array', items: { type: 'string' } },
    edits: { type: 'array', items: { type: 'object', properties: { old: { type: 'string' } } } },
    note: { type: 'string' },
    extra: {},
  },
  required: ['a'],
});

describe('validateMcpArguments (agent.md 12)', () => {
  it('gives the validated values in declaration order, without the keys left out or null', () => {
    const result = validateMcpArguments(parameters, { b: 2, a: 1.5, note: null, flag: 'true', names: '["x", "y"]', edits: [{ old: 'a', new: 'b' }], extra: [1] });
    assert.deepEqual(result, { ok: true, value: { a: 1.5, b: 2, flag: true, names: ['x', 'y'], edits: [{ old: 'a', new: 'b' }], extra: [1] } });
    assert.deepEqual(Object.keys((result as { value: object }).value), ['a', 'b', 'flag', 'names', 'edits', 'extra']);
  });

  it('coerces numeric strings as the other tools do, and ignores security_risk', () => {
    assert.deepEqual(validateMcpArguments(parameters, { a: '3', b: '4', security_risk: 'LOW' }), { ok: true, value: { a: 3, b: 4 } });
    assert.deepEqual(validateMcpArguments(parameters, '{"a": 1}'), { ok: true, value: { a: 1 } });
  });

  it('rejects unknown keys, missing (or null) required keys and wrong types, with every problem listed', () => {
    const result = validateMcpArguments(parameters, { a: null, b: 1.5, names: [1], bogus: true });
    assert.equal(result.ok, false);
    const error = (result as { error: string }).error;
    assert.match(error, /Unknown parameter `bogus`\. Accepted parameters: a, b, flag, names, edits, note, extra\./);
    assert.match(error, /Missing required parameter `a`\./);
    assert.match(error, /Parameter `b` must be an integer, got number 1\.5\./);
    assert.match(error, /Parameter `names\[0\]` must be a string, got number 1\./);
  });

  it('rejects arguments that are not an object', () => {
    assert.deepEqual(validateMcpArguments(parameters, [1]), { ok: false, error: 'The arguments must be a JSON object, got an array.' });
    assert.equal(validateMcpArguments(parameters, '{oops').ok, false);
  });
});
