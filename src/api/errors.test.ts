import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { DomainError } from '../shared/errors.js';
import { SecretRedactor } from '../shared/secret-redactor.js';
import { STATUS_BY_CODE, makeErrorHandler, toValidationItem } from './errors.js';

test('a 500 body carries the exception text with every known secret redacted', async () => {
  const redactor = new SecretRedactor();
  redactor.add('sk-live-abcdef123456');
  const app = Fastify({ logger: false });
  app.setErrorHandler(makeErrorHandler({ redactor, debug: true }));
  app.get('/boom', async () => {
    throw new Error('provider said: invalid key sk-live-abcdef123456');
  });
  const response = await app.inject({ method: 'GET', url: '/boom' });
  assert.equal(response.statusCode, 500);
  const body = response.json();
  assert.equal(body.detail, 'Internal Server Error');
  assert.equal(body.exception, 'provider said: invalid key <secret-hidden>');
  assert.ok(!response.body.includes('sk-live-abcdef123456'));
  assert.equal(typeof body.traceback, 'string');
});

test('domain errors map by code; 5xx ones use the rewritten body', async () => {
  const app = Fastify({ logger: false });
  app.setErrorHandler(makeErrorHandler({ redactor: new SecretRedactor(), debug: false }));
  app.get('/missing', async () => {
    throw new DomainError('not_found', 'Not Found');
  });
  app.get('/off', async () => {
    throw new DomainError('unavailable', 'VSCode is disabled in configuration.');
  });
  const missing = await app.inject({ method: 'GET', url: '/missing' });
  assert.deepEqual([missing.statusCode, missing.json()], [404, { detail: 'Not Found' }]);
  const off = await app.inject({ method: 'GET', url: '/off' });
  assert.equal(off.statusCode, 503);
  assert.deepEqual(off.json(), { detail: 'Internal Server Error', exception: '503: VSCode is disabled in configuration.' });
  assert.deepEqual(Object.keys(STATUS_BY_CODE).sort(), ['conflict', 'internal', 'invalid_request', 'not_found', 'unavailable']);
});

test('Ajv errors become pydantic-style items', () => {
  assert.deepEqual(toValidationItem({ keyword: 'required', instancePath: '/agent', params: { missingProperty: 'llm' }, data: {} }, 'body'), {
    type: 'missing',
    loc: ['body', 'agent', 'llm'],
    msg: 'Field required',
    input: {},
  });
  assert.deepEqual(toValidationItem({ keyword: 'exclusiveMinimum', instancePath: '/limit', params: { limit: 0 }, data: 0 }, 'query'), {
    type: 'greater_than',
    loc: ['query', 'limit'],
    msg: 'Input should be greater than 0',
    input: 0,
    ctx: { gt: 0 },
  });
  const item = toValidationItem(
    {
      keyword: 'discriminator',
      instancePath: '/policy',
      params: { error: 'mapping', tag: 'kind', tagValue: 'Nope' },
      data: { kind: 'Nope' },
      parentSchema: { title: 'ConfirmationPolicyBase', oneOf: [{ properties: { kind: { const: 'NeverConfirm' } } }, { properties: { kind: { const: 'AlwaysConfirm' } } }] },
    },
    'body',
  );
  assert.equal(item.type, 'value_error');
  assert.equal(item.msg, "Value error, Unexpected kind 'Nope' for ConfirmationPolicyBase. Expected one of: AlwaysConfirm, NeverConfirm");
  assert.deepEqual(toValidationItem({ keyword: 'items', instancePath: '/ids/1', params: {}, data: 'x', message: 'bad' }, 'query').loc, ['query', 'ids', 1]);
});

test('422 bodies and client-error details never echo a known secret', async () => {
  const redactor = new SecretRedactor();
  redactor.add('known-secret-value-77');
  const app = Fastify({ logger: false, ajv: { customOptions: { verbose: true } } });
  app.setErrorHandler(makeErrorHandler({ redactor, debug: false }));
  app.post('/validated', { schema: { body: { type: 'object', properties: { value: { type: 'integer' } } } } }, async () => 'ok');
  app.get('/domain', async () => {
    throw new DomainError('invalid_request', 'bad value known-secret-value-77');
  });
  const invalid = await app.inject({ method: 'POST', url: '/validated', payload: { value: 'known-secret-value-77' } });
  assert.equal(invalid.statusCode, 422);
  assert.equal(invalid.json().detail[0].input, '<secret-hidden>');
  const domain = await app.inject({ method: 'GET', url: '/domain' });
  assert.deepEqual([domain.statusCode, domain.json()], [400, { detail: 'bad value <secret-hidden>' }]);
});

test('an error handler that fails itself answers a bare 500, never the raw message', async () => {
  const redactor = new SecretRedactor();
  redactor.add('sk-live-abcdef123456');
  redactor.redact = () => {
    throw new Error('redaction failed');
  };
  const app = Fastify({ logger: false });
  app.setErrorHandler(makeErrorHandler({ redactor, debug: true }));
  app.get('/boom', async () => {
    throw new Error('provider said: invalid key sk-live-abcdef123456');
  });
  const response = await app.inject({ method: 'GET', url: '/boom' });
  assert.equal(response.statusCode, 500);
  assert.deepEqual(response.json(), { detail: 'Internal Server Error' });
});
