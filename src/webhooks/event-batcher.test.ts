import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventBatcher, type BatcherTimers } from './event-batcher.js';

/** A manual clock: timers fire only when the test advances time. */
class ManualTimers implements BatcherTimers {
  now = 0;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private nextHandle = 1;

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.pending.set(handle, { at: this.now + delayMs, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [handle, timer] of [...this.pending]) {
      if (timer.at > this.now) continue;
      this.pending.delete(handle);
      timer.callback();
    }
  }
}

/** A webhook the test answers by hand: each send waits until the test resolves it. */
function harness(options: { bufferSize?: number; flushDelayMs?: number; maxQueued?: number } = {}) {
  const timers = new ManualTimers();
  const sent: { batch: number[]; answer: (accepted: boolean) => void }[] = [];
  const overflows: number[] = [];
  const lost: number[] = [];
  const batcher = new EventBatcher<number>({
    bufferSize: options.bufferSize ?? 3,
    flushDelayMs: options.flushDelayMs ?? 1000,
    maxQueued: options.maxQueued ?? 100,
    send: (batch) => new Promise<boolean>((resolve) => sent.push({ batch: [...batch], answer: resolve })),
    onOverflow: (droppedTotal) => overflows.push(droppedTotal),
    onLost: (count) => lost.push(count),
    timers,
  });
  return { batcher, timers, sent, overflows, lost };
}

/** Lets the batcher's promise continuations run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('EventBatcher', () => {
  test('a full buffer is sent at once and cancels the timer', () => {
    const { batcher, timers, sent } = harness({ bufferSize: 3 });
    batcher.add(1);
    batcher.add(2);
    assert.equal(sent.length, 0);
    assert.equal(timers.pendingCount, 1);
    batcher.add(3);
    assert.deepEqual(sent.map((send) => send.batch), [[1, 2, 3]]);
    assert.equal(timers.pendingCount, 0);
    assert.equal(batcher.queuedCount, 0);
  });

  test('the timer starts with the first event and is not restarted by later ones', () => {
    const { batcher, timers, sent } = harness({ bufferSize: 10, flushDelayMs: 1000 });
    batcher.add(1);
    timers.advance(600);
    batcher.add(2);
    timers.advance(399);
    assert.equal(sent.length, 0);
    timers.advance(1);
    assert.deepEqual(sent.map((send) => send.batch), [[1, 2]]);
  });

  test('events that arrive while a batch is in flight wait for it, keeping the order', async () => {
    const { batcher, sent } = harness({ bufferSize: 2 });
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    batcher.add(4);
    batcher.add(5);
    assert.equal(sent.length, 1);
    sent[0]!.answer(true);
    await settle();
    assert.deepEqual(sent.map((send) => send.batch), [[1, 2], [3, 4, 5]]);
  });

  test('a failed batch goes back to the front of the queue and is retried by the next flush', async () => {
    const { batcher, timers, sent } = harness({ bufferSize: 2, flushDelayMs: 1000 });
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    sent[0]!.answer(false);
    await settle();
    assert.equal(sent.length, 1, 'a failure is not retried at once');
    assert.equal(batcher.queuedCount, 3);
    timers.advance(1000);
    assert.deepEqual(sent[1]!.batch, [1, 2, 3]);
    sent[1]!.answer(true);
    await settle();
    assert.equal(batcher.queuedCount, 0);
  });

  test('after a failure a new event that fills the buffer sends the whole queue, oldest first', async () => {
    const { batcher, sent } = harness({ bufferSize: 2 });
    batcher.add(1);
    batcher.add(2);
    sent[0]!.answer(false);
    await settle();
    batcher.add(3);
    assert.deepEqual(sent[1]!.batch, [1, 2, 3]);
  });

  test('the queue is capped: the oldest events are dropped and reported', async () => {
    const { batcher, sent, overflows } = harness({ bufferSize: 2, maxQueued: 4 });
    batcher.add(1);
    batcher.add(2);
    for (const item of [3, 4, 5, 6, 7]) batcher.add(item);
    assert.deepEqual(overflows, [1]);
    sent[0]!.answer(false);
    await settle();
    assert.equal(batcher.queuedCount, 4);
    assert.deepEqual(overflows, [1], 'reported on the first drop, not on every one');
    batcher.add(8);
    assert.deepEqual(sent[1]!.batch, [5, 6, 7, 8]);
  });

  test('overflow is reported again every 1,000 dropped events', () => {
    const { batcher, overflows } = harness({ bufferSize: 5000, maxQueued: 10 });
    for (let item = 0; item < 2015; item++) batcher.add(item);
    assert.deepEqual(overflows, [1, 1000, 2000]);
  });

  test('close cancels the timer, waits for the batch in flight, then sends the rest', async () => {
    const { batcher, timers, sent, lost } = harness({ bufferSize: 2 });
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    assert.equal(timers.pendingCount, 1);
    const closed = batcher.close();
    assert.equal(timers.pendingCount, 0);
    assert.equal(sent.length, 1);
    sent[0]!.answer(false);
    await settle();
    assert.deepEqual(sent[1]!.batch, [1, 2, 3], 'the failed batch stays in front of the rest');
    sent[1]!.answer(true);
    await closed;
    assert.deepEqual(lost, []);
    batcher.add(4);
    assert.equal(batcher.queuedCount, 0, 'nothing is queued after close');
  });

  test('close reports the events it could not deliver', async () => {
    const { batcher, sent, lost } = harness({ bufferSize: 10 });
    batcher.add(1);
    batcher.add(2);
    const closed = batcher.close();
    await settle();
    sent[0]!.answer(false);
    await closed;
    assert.deepEqual(lost, [2]);
  });

  test('close with nothing queued sends nothing', async () => {
    const { batcher, sent } = harness();
    await batcher.close();
    assert.equal(sent.length, 0);
  });

  test('a send that rejects counts as a failure', async () => {
    const timers = new ManualTimers();
    let calls = 0;
    const batcher = new EventBatcher<number>({
      bufferSize: 1,
      flushDelayMs: 10,
      maxQueued: 10,
      send: async () => {
        calls++;
        throw new Error('boom');
      },
      onOverflow: () => {},
      onLost: () => {},
      timers,
    });
    batcher.add(1);
    await settle();
    assert.equal(calls, 1);
    assert.equal(batcher.queuedCount, 1);
    assert.equal(batcher.isSending, false);
  });
});
