import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfirmationPolicy, SecurityAnalyzer, normalizeConfirmationPolicy, normalizeSecurityAnalyzer } from './policies.js';
import { compile } from './test-ajv.js';

describe('confirmation policies', () => {
  const validate = compile(ConfirmationPolicy);

  it('accepts each kind and rejects an UNKNOWN threshold', () => {
    assert.equal(validate({ kind: 'NeverConfirm' }).valid, true);
    assert.equal(validate({ kind: 'AlwaysConfirm' }).valid, true);
    assert.equal(validate({ kind: 'ConfirmRisky', threshold: 'MEDIUM', confirm_unknown: false }).valid, true);
    const outcome = validate({ kind: 'ConfirmRisky', threshold: 'UNKNOWN' });
    assert.equal(outcome.valid, false);
    assert.equal(outcome.errors[0]?.keyword, 'enum');
    assert.equal(outcome.errors[0]?.instancePath, '/threshold');
  });

  it('normalizes to the wire shape with defaults', () => {
    assert.deepEqual(normalizeConfirmationPolicy({ kind: 'ConfirmRisky' }), { kind: 'ConfirmRisky', threshold: 'HIGH', confirm_unknown: true });
    assert.deepEqual(normalizeConfirmationPolicy({ kind: 'NeverConfirm' }), { kind: 'NeverConfirm' });
    assert.deepEqual(Object.keys(normalizeConfirmationPolicy({ confirm_unknown: false, threshold: 'LOW', kind: 'ConfirmRisky' })), [
      'kind',
      'threshold',
      'confirm_unknown',
    ]);
  });

  it('rejects an UNKNOWN threshold during normalization too', () => {
    assert.throws(
      () => normalizeConfirmationPolicy({ kind: 'ConfirmRisky', threshold: 'UNKNOWN' as 'HIGH' }),
      (error: unknown) => error instanceof Error && (error as { loc?: unknown }).loc?.toString() === 'threshold',
    );
  });
});

describe('security analyzer', () => {
  const validate = compile(SecurityAnalyzer);

  it('accepts {} and the explicit kind, rejects other kinds', () => {
    assert.equal(validate({}).valid, true);
    assert.equal(validate({ kind: 'LLMSecurityAnalyzer' }).valid, true);
    const outcome = validate({ kind: 'InvalidAnalyzerType' });
    assert.equal(outcome.valid, false);
    assert.equal(outcome.errors[0]?.keyword, 'const');
  });

  it('normalizes {} to LLMSecurityAnalyzer', () => {
    assert.deepEqual(normalizeSecurityAnalyzer({}), { kind: 'LLMSecurityAnalyzer' });
  });
});
