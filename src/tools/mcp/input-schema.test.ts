import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveParameters, toLlmParameters } from './input-schema.js';

describe('deriveParameters / toLlmParameters (agent.md 12)', () => {
  it('keeps top-level properties with simple types, descriptions and required; drops enums, defaults and nested properties', () => {
    const parameters = deriveParameters({
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to look for', enum: ['a', 'b'], default: 'a' },
        limit: { type: 'integer', minimum: 1, default: 10 },
        ratio: { type: 'number' },
        verbose: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string', enum: ['x'] } },
        matrix: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
        options: { type: 'object', properties: { depth: { type: 'integer' } }, required: ['depth'] },
      },
      required: ['query', 'not_a_property'],
      additionalProperties: false,
    });
    assert.deepEqual(toLlmParameters(parameters), {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to look for' },
        limit: { type: 'integer' },
        ratio: { type: 'number' },
        verbose: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        matrix: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
        options: { type: 'object' },
      },
      required: ['query'],
    });
  });

  it('reads nullable unions, type lists, local $refs and enum-only properties; an unreadable type accepts anything', () => {
    const parameters = deriveParameters({
      type: 'object',
      $defs: { Mode: { enum: ['fast', 'slow'] }, Point: { type: 'object', properties: { x: { type: 'number' } } } },
      properties: {
        maybe: { anyOf: [{ type: 'null' }, { type: 'integer' }], default: null },
        listed: { type: ['null', 'string'] },
        mode: { $ref: '#/$defs/Mode' },
        point: { $ref: '#/$defs/Point' },
        elsewhere: { $ref: 'https://example.com/schema.json' },
        anything: { description: 'Any JSON value' },
      },
    });
    assert.deepEqual(toLlmParameters(parameters).properties, {
      maybe: { type: 'integer' },
      listed: { type: 'string' },
      mode: { type: 'string' },
      point: { type: 'object' },
      elsewhere: { type: 'object' },
      anything: { description: 'Any JSON value' },
    });
    assert.deepEqual(parameters.required, []);
  });

  it('a tool without an input schema (or without properties) takes no arguments', () => {
    assert.deepEqual(toLlmParameters(deriveParameters(undefined)), { type: 'object', properties: {}, required: [] });
    assert.deepEqual(toLlmParameters(deriveParameters({ type: 'object' })), { type: 'object', properties: {}, required: [] });
  });
});
