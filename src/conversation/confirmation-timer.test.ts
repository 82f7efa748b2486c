import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { ConfirmationTimer, confirmationTimeoutReason } from './confirmation-timer.js';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

test('fires once the time limit has passed while waiting', () => {
  let fired = 0;
  const timer = new ConfirmationTimer({ seconds: 10, decision: 'reject' }, () => fired++);
  timer.sync(true, Date.now());
  mock.timers.tick(9_999);
  assert.equal(fired, 0);
  mock.timers.tick(1);
  assert.equal(fired, 1);
});

test('a decision (leaving the waiting status) disarms it; no limit configured never arms it', () => {
  let fired = 0;
  const timer = new ConfirmationTimer({ seconds: 10, decision: 'reject' }, () => fired++);
  timer.sync(true, Date.now());
  mock.timers.tick(5_000);
  timer.sync(false, Date.now());
  mock.timers.tick(60_000);
  assert.equal(fired, 0);
  const off = new ConfirmationTimer(null, () => fired++);
  off.sync(true, Date.now());
  mock.timers.tick(60_000);
  assert.equal(fired, 0);
});

test('after a restart it counts from the given moment: what is left, or at once when already past', () => {
  let fired = 0;
  const timer = new ConfirmationTimer({ seconds: 10, decision: 'accept' }, () => fired++);
  timer.sync(true, Date.now() - 7_000);
  mock.timers.tick(2_999);
  assert.equal(fired, 0);
  mock.timers.tick(1);
  assert.equal(fired, 1);
  timer.sync(true, Date.now() - 60_000);
  mock.timers.tick(0);
  assert.equal(fired, 2);
});

test('the rejection reason says it timed out', () => {
  assert.match(confirmationTimeoutReason(30), /^Timed out: no confirmation within 30 seconds/);
});
