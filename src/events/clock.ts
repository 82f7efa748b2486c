/**
 * Event timestamps (api.md 1.4): server-local wall clock, no offset, exactly six fractional digits.
 * JavaScript clocks stop at milliseconds, so the microseconds come from a counter that keeps every
 * timestamp of this process strictly after the previous one; `atLeastAfter` extends that promise to
 * timestamps stored by an earlier process.
 */
import { epochMillisOf, parseDateTimeText } from '../shared/date-time-text.js';

export class EventClock {
  private lastMicros = 0;

  constructor(private readonly nowMillis: () => number = Date.now) {}

  /** The next timestamp, strictly greater than every earlier one and than `after` if given. */
  next(after?: string | null): string {
    let micros = Math.max(this.nowMillis() * 1000, this.lastMicros + 1);
    if (after) micros = Math.max(micros, parseEventTimestamp(after) + 1);
    this.lastMicros = micros;
    return formatLocalMicros(micros);
  }
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Formats microseconds since the epoch as local `YYYY-MM-DDTHH:MM:SS.ffffff`. */
export function formatLocalMicros(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  const fraction = micros % 1_000_000;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(fraction, 6)}`;
}

/**
 * Parses an event timestamp or a filter value into microseconds since the epoch. Values without an
 * offset are server-local (api.md 6.1); values with `Z` or `+hh:mm`, and Unix timestamps, are
 * absolute instants. Returns NaN when the text is not a date-time.
 */
export function parseEventTimestamp(text: string): number {
  const parts = parseDateTimeText(text);
  return parts ? epochMillisOf(parts) * 1000 + parts.micros : Number.NaN;
}

/** `ConversationInfo.created_at` style: UTC with `Z` and microseconds. */
export function utcTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
