import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQueryFlag } from './query-flag.js';

test('socket flags take every boolean spelling pydantic takes, in any case, and nothing else', () => {
  for (const word of ['true', 'TRUE', '1', 'yes', 'On', 't', 'Y']) assert.equal(parseQueryFlag(word), true, word);
  for (const word of ['false', '0', 'No', 'off', 'F', 'n']) assert.equal(parseQueryFlag(word), false, word);
  assert.equal(parseQueryFlag(undefined), false);
  for (const word of ['', 'maybe', '2', 'yess']) assert.equal(parseQueryFlag(word), null, word);
});
