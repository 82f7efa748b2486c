import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretRedactor } from './secret-redactor.js';

test('redact hides known values (longest first) and ignores values under 4 characters', () => {
  const redactor = new SecretRedactor();
  redactor.add('abc');
  redactor.add('token-1');
  redactor.add('token-1-long');
  assert.equal(redactor.redact('abc token-1 token-1-long'), 'abc <secret-hidden> <secret-hidden>');
});

test('redactDeep redacts every string of a JSON value and keeps untouched parts by reference', () => {
  const redactor = new SecretRedactor();
  const untouched = { kind: 'TerminalObservation', list: ['a', 1, null] };
  assert.equal(redactor.redactDeep(untouched), untouched, 'no values known: the same object');
  redactor.add('s3cr3t"quoted');
  assert.equal(redactor.redactDeep(untouched), untouched, 'nothing to replace: the same object');
  const event = { id: 'e1', observation: { content: [{ type: 'text', text: 'value=s3cr3t"quoted!' }], exit: 0 }, other: untouched };
  const redacted = redactor.redactDeep(event);
  assert.deepEqual(redacted, { id: 'e1', observation: { content: [{ type: 'text', text: 'value=<secret-hidden>!' }], exit: 0 }, other: untouched });
  assert.equal(redacted.other, untouched);
  assert.equal(event.observation.content[0].text, 'value=s3cr3t"quoted!', 'the input is not changed');
});

test('a value with quotes or backslashes is also hidden inside JSON text', () => {
  const redactor = new SecretRedactor();
  redactor.add('pa"ss\\word\nline');
  const json = JSON.stringify({ log: 'key=pa"ss\\word\nline end' });
  const redacted = redactor.redact(json);
  assert.ok(!redacted.includes('pa\\"ss'), redacted);
  assert.deepEqual(JSON.parse(redacted), { log: 'key=<secret-hidden> end' });
  assert.equal(redactor.redact('raw pa"ss\\word\nline'), 'raw <secret-hidden>');
});

test('any number or length of secrets is handled: a 2 MB value and 5,000 others are all hidden', () => {
  const redactor = new SecretRedactor();
  const huge = `huge-${'A'.repeat(2_000_000)}`;
  const many = Array.from({ length: 5000 }, (_, index) => `token-${index.toString(36)}-${'x'.repeat(index % 300)}`);
  redactor.add(huge);
  for (const value of many) redactor.add(value);
  redactor.add('inner');
  redactor.add('outer-inner-outer');
  const text = `a ${huge} b ${many[4999]} c ${many[7]} d outer-inner-outer e inner`;
  assert.equal(redactor.redact(text), 'a <secret-hidden> b <secret-hidden> c <secret-hidden> d <secret-hidden> e <secret-hidden>');
  assert.equal(redactor.redact('nothing to hide'), 'nothing to hide');
});
