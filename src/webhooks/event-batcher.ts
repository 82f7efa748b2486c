/**
 * The batching of one (conversation, webhook) pair (api.md 20.1):
 * - each item is queued; when the queue reaches `bufferSize` it is sent at once;
 * - otherwise the first queued item starts a `flushDelayMs` timer, which later items do not
 *   restart, so a batch goes out at most `flushDelayMs` after its first item;
 * - one batch is in flight at a time; a flush asked for meanwhile happens right after it;
 * - a batch that failed every attempt goes back to the FRONT of the queue (the reference appends
 *   it at the end; api.md 20.1 recommends the front, which keeps the order) and is retried with
 *   the next flush, at the latest `flushDelayMs` later;
 * - the queue is capped at `maxQueued` items: beyond it the oldest are dropped (bounded memory).
 */

/** The timer functions the batcher uses; tests pass a manual clock. */
export interface BatcherTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EventBatcherOptions<T> {
  bufferSize: number;
  flushDelayMs: number;
  maxQueued: number;
  /** Delivers one batch, retries included; resolves true when it was accepted. */
  send: (batch: T[]) => Promise<boolean>;
  /** Items were dropped because the queue was full: called on the first drop, then every 1,000. */
  onOverflow: (droppedTotal: number) => void;
  /** The final flush of `close` failed: these items are lost. */
  onLost: (lostCount: number) => void;
  timers?: BatcherTimers;
}

const OVERFLOW_REPORT_EVERY = 1_000;

const realTimers: BatcherTimers = {
  // Unref'd: a pending batch never keeps the process alive (shutdown flushes it).
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class EventBatcher<T> {
  private queue: T[] = [];
  private timer: { handle: unknown } | null = null;
  private inFlight: Promise<void> | null = null;
  private isFlushRequested = false;
  private isClosed = false;
  private droppedTotal = 0;
  private readonly timers: BatcherTimers;

  constructor(private readonly options: EventBatcherOptions<T>) {
    this.timers = options.timers ?? realTimers;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  get isSending(): boolean {
    return this.inFlight !== null;
  }

  get hasTimer(): boolean {
    return this.timer !== null;
  }

  add(item: T): void {
    // After close the owner has let go of this batcher; nothing is published for it any more.
    if (this.isClosed) return;
    this.queue.push(item);
    this.trim();
    if (this.queue.length >= this.options.bufferSize) {
      this.cancelTimer();
      this.flush();
    } else {
      this.startTimer();
    }
  }

  /** Sends the whole queue now, or right after the batch in flight. */
  flush(): void {
    if (this.inFlight) {
      this.isFlushRequested = true;
      return;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = this.deliver(batch);
  }

  /** Stops the timer, waits for the batch in flight, then sends what is left (once, with retries). */
  async close(): Promise<void> {
    this.isClosed = true;
    this.cancelTimer();
    while (this.inFlight) await this.inFlight;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const isAccepted = await this.options.send(batch).catch(() => false);
    if (!isAccepted) this.options.onLost(batch.length);
  }

  private async deliver(batch: T[]): Promise<void> {
    const isAccepted = await this.options.send(batch).catch(() => false);
    this.inFlight = null;
    if (!isAccepted) {
      this.queue = batch.concat(this.queue);
      this.trim();
    }
    if (this.isClosed) return;
    const isFlushRequested = this.isFlushRequested;
    this.isFlushRequested = false;
    // After a failure, wait for the timer (or a full buffer) rather than hammering a dead webhook.
    if (isAccepted && isFlushRequested) this.flush();
    else if (this.queue.length > 0) this.startTimer();
  }

  private startTimer(): void {
    if (this.timer) return;
    const timer = {
      handle: this.timers.setTimeout(() => {
        if (this.timer !== timer) return;
        this.timer = null;
        this.flush();
      }, this.options.flushDelayMs),
    };
    this.timer = timer;
  }

  private cancelTimer(): void {
    if (!this.timer) return;
    this.timers.clearTimeout(this.timer.handle);
    this.timer = null;
  }

  private trim(): void {
    const excess = this.queue.length - this.options.maxQueued;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    const before = this.droppedTotal;
    this.droppedTotal += excess;
    if (before === 0 || Math.floor(before / OVERFLOW_REPORT_EVERY) !== Math.floor(this.droppedTotal / OVERFLOW_REPORT_EVERY)) {
      this.options.onOverflow(this.droppedTotal);
    }
  }
}
