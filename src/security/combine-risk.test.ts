import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineRisk, type SecurityRisk } from './combine-risk.js';

test('the higher of the stated and the rules risk; UNKNOWN only gives way to HIGH', () => {
  const cases: [SecurityRisk, 'MEDIUM' | 'HIGH' | null, SecurityRisk][] = [
    ['LOW', null, 'LOW'],
    ['HIGH', null, 'HIGH'],
    ['UNKNOWN', null, 'UNKNOWN'],
    ['LOW', 'MEDIUM', 'MEDIUM'],
    ['LOW', 'HIGH', 'HIGH'],
    ['MEDIUM', 'MEDIUM', 'MEDIUM'],
    ['HIGH', 'MEDIUM', 'HIGH'],
    ['UNKNOWN', 'HIGH', 'HIGH'],
    ['UNKNOWN', 'MEDIUM', 'UNKNOWN'],
  ];
  for (const [stated, rules, expected] of cases) assert.equal(combineRisk(stated, rules), expected, `${stated} + ${rules}`);
});
