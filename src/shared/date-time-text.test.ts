import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { epochMillisOf, parseDateTimeText } from './date-time-text.js';

describe('parseDateTimeText', () => {
  test('full date-times, naive or with an offset, with a fraction cut to microseconds', () => {
    assert.deepEqual(parseDateTimeText('2025-01-02T03:04:05.1234567'), { year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, micros: 123456, offsetMinutes: null });
    assert.equal(parseDateTimeText('2025-01-02 03:04Z')?.offsetMinutes, 0);
    assert.equal(parseDateTimeText('2025-01-02T03:04:05-0530')?.offsetMinutes, -330);
    assert.equal(epochMillisOf(parseDateTimeText('2025-01-02T03:04:05+01:00')!), Date.UTC(2025, 0, 2, 2, 4, 5));
  });

  test('a date alone is midnight; a naive value is local unless read as UTC', () => {
    const parts = parseDateTimeText('2025-03-01')!;
    assert.deepEqual([parts.hour, parts.minute, parts.second, parts.offsetMinutes], [0, 0, 0, null]);
    assert.equal(epochMillisOf(parts), new Date(2025, 2, 1).getTime());
    assert.equal(epochMillisOf(parts, { naiveAsUtc: true }), Date.UTC(2025, 2, 1));
  });

  test('Unix timestamps are UTC instants, in seconds or, when too large for seconds, milliseconds', () => {
    assert.equal(epochMillisOf(parseDateTimeText('1735732800')!), Date.UTC(2025, 0, 1, 12));
    assert.equal(epochMillisOf(parseDateTimeText('1735732800000')!), Date.UTC(2025, 0, 1, 12));
    assert.equal(parseDateTimeText('1735732800.25')?.micros, 250000);
  });

  test('impossible dates and other text are not date-times', () => {
    for (const text of ['2025-13-01', '2025-02-29', '2024-04-31T00:00', '2025-01-01T24:00', '2025-01-01T23:60', '2025-01-01T00:00:60', '2025-01-01T00:00+25:00', 'yesterday', '2025-1-1', '']) {
      assert.equal(parseDateTimeText(text), null, text);
    }
    assert.notEqual(parseDateTimeText('2024-02-29'), null, 'a leap day');
  });
});
