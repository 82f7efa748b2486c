import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpdateSecretsRequest } from './requests.js';
import {
  SECRET_MASK,
  SecretSource,
  isSecretHeaderName,
  maskSecretSource,
  maskSecretSources,
  normalizeSecretSource,
  normalizeSecrets,
} from './secrets.js';
import { compile } from './test-ajv.js';

describe('secret sources', () => {
  const validateRequest = compile(UpdateSecretsRequest);

  it('accepts plain strings and SecretSource objects', () => {
    const outcome = validateRequest({
      secrets: {
        PLAIN: 'value',
        STATIC: { kind: 'StaticSecret', value: 'v' },
        LOOKUP: { kind: 'LookupSecret', url: 'https://vault.example/x' },
      },
    });
    assert.equal(outcome.valid, true);
  });

  it('reports an unknown kind through the discriminator first', () => {
    const outcome = validateRequest({ secrets: { A: { kind: 'Nope' } } });
    assert.equal(outcome.valid, false);
    assert.equal(outcome.errors[0]?.keyword, 'discriminator');
    assert.equal(outcome.errors[0]?.instancePath, '/secrets/A');
  });

  it('rejects a missing kind, a StaticSecret without value and a missing map', () => {
    assert.equal(validateRequest({ secrets: { A: { value: 'x' } } }).valid, false);
    assert.equal(validateRequest({ secrets: { A: { kind: 'StaticSecret' } } }).valid, false);
    assert.equal(validateRequest({}).valid, false);
  });

  it('fills LookupSecret headers when validated directly', () => {
    const outcome = compile(SecretSource)({ kind: 'LookupSecret', url: 'u' });
    assert.deepEqual(outcome.data, { kind: 'LookupSecret', url: 'u', headers: {} });
  });

  it('normalizes strings to StaticSecret and empty/blank/masked values to null', () => {
    assert.deepEqual(normalizeSecretSource('ghp_x'), { kind: 'StaticSecret', description: null, value: 'ghp_x' });
    for (const value of ['', '  ', SECRET_MASK]) {
      assert.equal((normalizeSecretSource(value) as { value: unknown }).value, null);
      assert.equal((normalizeSecretSource({ kind: 'StaticSecret', value }) as { value: unknown }).value, null);
    }
    assert.deepEqual(Object.keys(normalizeSecretSource({ value: 'v', kind: 'StaticSecret', description: 'd' })), ['kind', 'description', 'value']);
    assert.deepEqual(normalizeSecretSource({ kind: 'LookupSecret', url: 'u', headers: { Authorization: SECRET_MASK, 'X-Trace': 't' } }), {
      kind: 'LookupSecret',
      description: null,
      url: 'u',
      headers: { 'X-Trace': 't' },
    });
  });

  it('recognises secret header names case-insensitively', () => {
    for (const name of ['Authorization', 'x-api-key', 'CLIENT_SECRET', 'Proxy-Authorization', 'GITHUB_TOKEN', 'DB_PASSWORD', 'Cookie']) assert.equal(isSecretHeaderName(name), true, name);
    for (const name of ['X-Trace', 'Accept', 'Content-Type']) assert.equal(isSecretHeaderName(name), false, name);
  });

  it('masking leaves no secret value behind', () => {
    const secrets = normalizeSecrets({
      TOKEN: 'ghp_topsecret',
      STATIC: { kind: 'StaticSecret', value: 'static-secret-value', description: 'd' },
      LOOKUP: {
        kind: 'LookupSecret',
        url: 'https://vault.example/db',
        headers: { Authorization: 'Bearer lookup-secret', 'X-Api-Key': 'key-secret', 'X-Trace': 'abc' },
      },
      EMPTY: '',
    });
    const masked = maskSecretSources(secrets);
    const text = JSON.stringify(masked);
    for (const secret of ['ghp_topsecret', 'static-secret-value', 'lookup-secret', 'key-secret']) assert.equal(text.includes(secret), false, secret);
    assert.deepEqual(masked.LOOKUP, {
      kind: 'LookupSecret',
      description: null,
      url: 'https://vault.example/db',
      headers: { Authorization: SECRET_MASK, 'X-Api-Key': SECRET_MASK, 'X-Trace': 'abc' },
    });
    assert.deepEqual(masked.EMPTY, { kind: 'StaticSecret', description: null, value: null });
    assert.deepEqual(maskSecretSource(secrets.STATIC!), { kind: 'StaticSecret', description: 'd', value: SECRET_MASK });
    assert.equal((secrets.TOKEN as { value: string }).value, 'ghp_topsecret', 'the input is not mutated');
  });
});
