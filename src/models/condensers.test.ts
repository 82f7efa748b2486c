import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CondenserInput, CondenserSchema, maskCondenser, normalizeCondenser } from './condensers.js';
import { ModelValidationError } from './errors.js';
import { SECRET_MASK } from './secrets.js';
import { compile } from './test-ajv.js';

const llm = { model: 'gpt-4o-mini', api_key: 'sk-condenser-secret', usage_id: 'condenser' };

function validationError(check: (error: ModelValidationError) => boolean) {
  return (error: unknown) => error instanceof ModelValidationError && check(error);
}

describe('condenser schema', () => {
  const validate = compile(CondenserInput);

  it('accepts the three kinds, with defaults on the summarizing condenser', () => {
    assert.equal(validate({ kind: 'NoOpCondenser' }).valid, true);
    const outcome = validate({ kind: 'LLMSummarizingCondenser', llm });
    assert.equal(outcome.valid, true);
    const data = outcome.data as { max_size: number; keep_first: number };
    assert.equal(data.max_size, 120);
    assert.equal(data.keep_first, 4);
    assert.equal(validate({ kind: 'PipelineCondenser', condensers: [{ kind: 'NoOpCondenser' }, { kind: 'LLMSummarizingCondenser', llm }] }).valid, true);
  });

  it('rejects unknown kinds, a missing llm and out-of-range sizes', () => {
    assert.equal(validate({ kind: 'Nope' }).errors[0]?.keyword, 'discriminator');
    assert.equal(validate({ kind: 'LLMSummarizingCondenser' }).valid, false);
    assert.equal(validate({ kind: 'LLMSummarizingCondenser', llm, max_size: 0 }).valid, false);
    assert.equal(validate({ kind: 'LLMSummarizingCondenser', llm, keep_first: -1 }).valid, false);
    assert.equal(validate({ kind: 'LLMSummarizingCondenser', llm: { ...llm, bogus: true } }).valid, false);
    assert.equal(validate({ kind: 'PipelineCondenser', condensers: [{ kind: 'Nope' }] }).errors[0]?.keyword, 'discriminator');
  });

  it('checks members of a nested pipeline only for a kind', () => {
    const nested = { kind: 'PipelineCondenser', condensers: [{ kind: 'PipelineCondenser', condensers: [{ kind: 'Anything' }] }] };
    assert.equal(validate(nested).valid, true);
    assert.equal(validate({ kind: 'PipelineCondenser', condensers: [{ kind: 'PipelineCondenser', condensers: [{}] }] }).valid, false);
  });

  it('documents outputs with the same structure', () => {
    assert.equal(compile(CondenserSchema)(normalizeCondenser({ kind: 'LLMSummarizingCondenser', llm })).valid, true);
  });
});

describe('normalizeCondenser', () => {
  it('fills defaults in contract order and normalizes the LLM', () => {
    const condenser = normalizeCondenser({ kind: 'LLMSummarizingCondenser', llm });
    assert.deepEqual(Object.keys(condenser), ['kind', 'llm', 'max_size', 'keep_first']);
    assert.equal(condenser.kind === 'LLMSummarizingCondenser' && condenser.llm.temperature, 0);
  });

  it('enforces max_size // 2 - keep_first - 1 > 0', () => {
    assert.throws(
      () => normalizeCondenser({ kind: 'LLMSummarizingCondenser', llm, max_size: 10, keep_first: 4 }),
      validationError((error) => error.type === 'value_error' && error.loc.length === 0),
    );
    assert.doesNotThrow(() => normalizeCondenser({ kind: 'LLMSummarizingCondenser', llm, max_size: 12, keep_first: 4 }));
    // The seed document's condenser
    assert.doesNotThrow(() => normalizeCondenser({ kind: 'LLMSummarizingCondenser', llm, max_size: 80, keep_first: 10 }));
  });

  it('rejects a blank model, with the location of the LLM', () => {
    assert.throws(
      () => normalizeCondenser({ kind: 'LLMSummarizingCondenser', llm: { model: ' ' } }),
      validationError((error) => error.msg.includes('model must be specified in LLM') && error.loc.join('.') === 'llm'),
    );
  });

  it('validates nested pipelines that the schema checked loosely', () => {
    const input = { kind: 'PipelineCondenser', condensers: [{ kind: 'PipelineCondenser', condensers: [{ kind: 'Bogus' }] }] };
    assert.throws(
      () => normalizeCondenser(input),
      validationError((error) => error.loc.join('.') === 'condensers.0.condensers.0' && error.msg.includes("Unexpected kind 'Bogus' for CondenserBase")),
    );
    assert.throws(
      () => normalizeCondenser({ kind: 'PipelineCondenser', condensers: [{ kind: 'PipelineCondenser', condensers: [{ kind: 'LLMSummarizingCondenser', llm, max_size: -3 }] }] }),
      validationError((error) => error.type === 'greater_than' && error.loc.join('.') === 'condensers.0.condensers.0.max_size'),
    );
  });

  it('masks LLM secrets through nested pipelines', () => {
    const condenser = normalizeCondenser({
      kind: 'PipelineCondenser',
      condensers: [{ kind: 'NoOpCondenser' }, { kind: 'PipelineCondenser', condensers: [{ kind: 'LLMSummarizingCondenser', llm }] }],
    });
    const masked = maskCondenser(condenser);
    const text = JSON.stringify(masked);
    assert.equal(text.includes('sk-condenser-secret'), false);
    assert.equal(text.includes(SECRET_MASK), true);
    assert.equal(JSON.stringify(condenser).includes('sk-condenser-secret'), true, 'the input is not mutated');
  });
});
