/**
 * Date-time text as the reference's query parameters take it (pydantic's datetime parsing):
 * `YYYY-MM-DD[T| ]HH:MM[:SS[.ffffff]]` with an optional `Z` or `±HH[:]MM`, a date alone (midnight),
 * or a Unix timestamp in seconds (milliseconds when it is too large for seconds), which is UTC.
 * Impossible values (month 13, 31 April, 25:00) are not dates.
 */

export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  /** Minutes east of UTC; null when the text named no offset (a naive, local time). */
  offsetMinutes: number | null;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const UNIX_TIME = /^[+-]?\d+(?:\.\d+)?$/;
/** pydantic reads a number above this as milliseconds rather than seconds. */
const LARGEST_SECONDS = 2e10;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fromUnixTime(text: string): DateTimeParts {
  const value = Number(text);
  const millis = Math.abs(value) > LARGEST_SECONDS ? value : value * 1000;
  const whole = Math.floor(millis);
  const date = new Date(whole);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    micros: (whole % 1000) * 1000 + Math.round((millis - whole) * 1000),
    offsetMinutes: 0,
  };
}

function offsetOf(text: string | undefined): number | null {
  if (!text) return null;
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return text.startsWith('-') ? -minutes : minutes;
}

/** The parts of a date-time text, or null when it is not one. */
export function parseDateTimeText(text: string): DateTimeParts | null {
  const trimmed = text.trim();
  if (UNIX_TIME.test(trimmed)) return fromUnixTime(trimmed);
  const match = DATE_TIME.exec(trimmed);
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', offset] = match;
  const parts: DateTimeParts = {
    year: +year,
    month: +month,
    day: +day,
    hour: +hour,
    minute: +minute,
    second: +second,
    micros: Number((fraction + '000000').slice(0, 6)),
    offsetMinutes: offsetOf(offset),
  };
  const valid =
    parts.month >= 1 &&
    parts.month <= 12 &&
    parts.day >= 1 &&
    parts.day <= daysInMonth(parts.year, parts.month) &&
    parts.hour <= 23 &&
    parts.minute <= 59 &&
    parts.second <= 59 &&
    (parts.offsetMinutes === null || Math.abs(parts.offsetMinutes) < 24 * 60);
  return valid ? parts : null;
}

/** Milliseconds since the epoch; a naive value is read as local time, or as UTC with `naiveAsUtc`. */
export function epochMillisOf(parts: DateTimeParts, options: { naiveAsUtc?: boolean } = {}): number {
  const { year, month, day, hour, minute, second } = parts;
  if (parts.offsetMinutes === null && !options.naiveAsUtc) return new Date(year, month - 1, day, hour, minute, second).getTime();
  return Date.UTC(year, month - 1, day, hour, minute, second) - (parts.offsetMinutes ?? 0) * 60_000;
}
