/**
 * Ids for bash records: hex UUIDs (api.md 1.3) in the version 7 layout (RFC 9562), milliseconds
 * first, then a per-millisecond counter, then random bits. Record file names end with these ids
 * and carry only a whole-second timestamp (api.md 18.5), so with random ids the outputs of one
 * command written in the same second would list in random order; with these they list in the
 * order they were produced.
 */
import { randomBytes } from 'node:crypto';

const COUNTER_LIMIT = 0xfff;

export class SortableIdSource {
  private lastMillis = 0;
  private counter = 0;

  constructor(private readonly nowMillis: () => number = Date.now) {}

  /** 32 lowercase hex characters, strictly greater than every id this source returned before. */
  next(): string {
    let millis = Math.max(this.nowMillis(), this.lastMillis);
    if (millis === this.lastMillis) {
      this.counter++;
      if (this.counter > COUNTER_LIMIT) {
        // More than 4096 ids in one millisecond: borrow the next millisecond.
        millis++;
        this.counter = 0;
      }
    } else {
      this.counter = 0;
    }
    this.lastMillis = millis;
    const random = randomBytes(8);
    random[0] = (random[0] & 0x3f) | 0x80; // RFC 9562 variant bits 10
    return `${millis.toString(16).padStart(12, '0')}7${this.counter.toString(16).padStart(3, '0')}${random.toString('hex')}`;
  }
}
