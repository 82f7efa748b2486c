import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toLlmSchema, validateArguments, type ObjectArgumentSchema } from './arguments.js';

const schema: ObjectArgumentSchema = {
  type: 'object',
  description: 'test',
  properties: {
    name: { type: 'string', description: 'a name' },
    count: { type: 'integer', minimum: 0 },
    ratio: { type: 'number' },
    flag: { type: 'boolean', default: false },
    mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
    range: { type: 'array', items: { type: 'integer' } },
  },
  required: ['name'],
};

describe('validateArguments', () => {
  it('fills every field, defaults first and null for the rest, in declaration order', () => {
    const result = validateArguments(schema, { name: 'x' });
    assert.deepEqual(result, { ok: true, value: { name: 'x', count: null, ratio: null, flag: false, mode: 'a', range: null } });
    assert.deepEqual(Object.keys((result as { value: object }).value), ['name', 'count', 'ratio', 'flag', 'mode', 'range']);
  });

  it('coerces like pydantic: numeric strings, boolean strings, whole floats, stringified arrays', () => {
    const result = validateArguments(schema, { name: 'x', count: '3', ratio: '0.5', flag: 'true', range: '[1, 5]' });
    assert.deepEqual(result, { ok: true, value: { name: 'x', count: 3, ratio: 0.5, flag: true, mode: 'a', range: [1, 5] } });
    assert.deepEqual(validateArguments(schema, { name: 'x', count: 4.0 }), validateArguments(schema, { name: 'x', count: 4 }));
  });

  it('takes JSON text and ignores security_risk', () => {
    const result = validateArguments(schema, '{"name": "x", "security_risk": "LOW"}');
    assert.ok(result.ok && result.value.name === 'x' && !('security_risk' in result.value));
  });

  it('lists every problem in words the LLM can act on', () => {
    const result = validateArguments(schema, { count: 1.5, flag: 'maybe', mode: 'c', range: [1, 'x'], extra: 1 });
    assert.ok(!result.ok);
    assert.deepEqual(result.error.split('\n'), [
      'Unknown parameter `extra`. Accepted parameters: name, count, ratio, flag, mode, range.',
      'Missing required parameter `name`.',
      'Parameter `count` must be an integer, got number 1.5.',
      'Parameter `flag` must be a boolean (true or false), got the string "maybe".',
      'Parameter `mode` must be one of a, b; got "c".',
      'Parameter `range[1]` must be an integer, got the string "x".',
    ]);
  });

  it('rejects null for a required field, a value under the minimum, bad JSON and non-objects', () => {
    assert.deepEqual(validateArguments(schema, { name: null }), { ok: false, error: 'Parameter `name` must be a string, got null.' });
    assert.deepEqual(validateArguments(schema, { name: 'x', count: -1 }), { ok: false, error: 'Parameter `count` must be at least 0, got -1.' });
    const badJson = validateArguments(schema, '{"name": ');
    assert.ok(!badJson.ok && badJson.error.startsWith('The arguments are not valid JSON'));
    assert.deepEqual(validateArguments(schema, [1]), { ok: false, error: 'The arguments must be a JSON object, got an array.' });
  });
});

describe('toLlmSchema', () => {
  it('keeps only type, description, properties, required, items and enum', () => {
    assert.deepEqual(toLlmSchema(schema), {
      type: 'object',
      description: 'test',
      properties: {
        name: { type: 'string', description: 'a name' },
        count: { type: 'integer' },
        ratio: { type: 'number' },
        flag: { type: 'boolean' },
        mode: { type: 'string', enum: ['a', 'b'] },
        range: { type: 'array', items: { type: 'integer' } },
      },
      required: ['name'],
    });
  });
});
