import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUuid } from '../../shared/ids.js';
import { SortableIdSource } from './sortable-id.js';

test('ids are hex UUIDs of version 7 with the RFC variant', () => {
  const id = new SortableIdSource().next();
  assert.match(id, /^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  assert.ok(isUuid(id));
});

test('ids strictly increase within one millisecond, past the counter limit, and when the clock steps back', () => {
  let now = 1_700_000_000_000;
  const source = new SortableIdSource(() => now);
  const ids: string[] = [];
  for (let index = 0; index < 5000; index++) ids.push(source.next());
  now -= 10_000;
  ids.push(source.next(), source.next());
  for (let index = 1; index < ids.length; index++) assert.ok(ids[index] > ids[index - 1], `id ${index} is not after id ${index - 1}`);
});

test('the first twelve hex digits are the creation millisecond', () => {
  const source = new SortableIdSource(() => 0x0123456789ab);
  assert.equal(source.next().slice(0, 12), '0123456789ab');
});
