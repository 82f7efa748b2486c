import type { RecordedRequest } from './types.js';

interface Waiter {
  count: number;
  resolve: (requests: RecordedRequest[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class RequestLog {
  readonly #requests: RecordedRequest[] = [];
  readonly #waiters = new Set<Waiter>();

  get size(): number {
    return this.#requests.length;
  }

  /** A copy, so a test cannot rewrite history by mutating what it was given. */
  snapshot(): RecordedRequest[] {
    return [...this.#requests];
  }

  record(request: RecordedRequest): void {
    this.#requests.push(request);
    for (const waiter of this.#waiters) {
      if (this.#requests.length >= waiter.count) {
        this.#settle(waiter);
        waiter.resolve(this.snapshot());
      }
    }
  }

  waitFor(count: number, timeoutMs: number): Promise<RecordedRequest[]> {
    if (this.#requests.length >= count) {
      return Promise.resolve(this.snapshot());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#settle(waiter);
          reject(
            new Error(`fake-llm: waited ${timeoutMs} ms for ${count} request(s) but received ${this.#requests.length}`),
          );
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Fails every pending wait, so closing the fake never leaves a test awaiting forever. */
  rejectWaiters(error: Error): void {
    for (const waiter of this.#waiters) {
      this.#settle(waiter);
      waiter.reject(error);
    }
  }

  #settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }
}
