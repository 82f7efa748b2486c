import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { kindUnion, kindUnionInfo, unexpectedKindMessage } from './kind-union.js';
import { ConfirmationPolicy } from './policies.js';
import { compile } from './test-ajv.js';

describe('kindUnion', () => {
  const validate = compile(ConfirmationPolicy);

  it('reports an unknown kind as a discriminator mapping error', () => {
    const outcome = validate({ kind: 'Nope' });
    assert.equal(outcome.valid, false);
    assert.equal(outcome.errors[0]?.keyword, 'discriminator');
    assert.deepEqual(outcome.errors[0]?.params, { error: 'mapping', tag: 'kind', tagValue: 'Nope' });
  });

  it('reports a missing kind as a missing required property', () => {
    const outcome = validate({});
    assert.equal(outcome.valid, false);
    assert.equal(outcome.errors[0]?.keyword, 'required');
    assert.deepEqual(outcome.errors[0]?.params, { missingProperty: 'kind' });
  });

  it('applies the defaults of the selected branch', () => {
    const outcome = validate({ kind: 'ConfirmRisky' });
    assert.equal(outcome.valid, true);
    assert.deepEqual(outcome.data, { kind: 'ConfirmRisky', threshold: 'HIGH', confirm_unknown: true });
  });

  it('gives the base name and sorted kinds for the error message', () => {
    const info = kindUnionInfo(ConfirmationPolicy);
    assert.deepEqual(info, { title: 'ConfirmationPolicyBase', kinds: ['AlwaysConfirm', 'ConfirmRisky', 'NeverConfirm'] });
    assert.equal(
      unexpectedKindMessage({ ...info!, kind: 'Nope' }),
      "Unexpected kind 'Nope' for ConfirmationPolicyBase. Expected one of: AlwaysConfirm, ConfirmRisky, NeverConfirm.",
    );
    assert.equal(kindUnionInfo(Type.Object({})), undefined);
  });

  it('refuses a branch without a kind constant', () => {
    assert.throws(() => kindUnion('Broken', [Type.Object({ kind: Type.String() })]), /string const/);
  });
});
