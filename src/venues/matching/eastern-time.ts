/**
 * US Eastern time, by the rule in force since 2007 (EDT from the second Sunday of March at 2:00
 * local to the first Sunday of November at 2:00 local), computed rather than read from the
 * platform's time-zone data so the matcher stays pure and gives the same answer everywhere.
 * Kalshi tickers and Gamma slugs carry Eastern dates; ESPN and Gamma's `gameStartTime` carry UTC
 * instants: the matcher compares instants, and dates only through these functions.
 */

const HOUR = 3_600_000;

/** The day of month of the n-th Sunday (1-based) of a month, month 0-based. */
function nthSunday(year: number, month: number, n: number): number {
  const firstDow = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - firstDow) % 7) + (n - 1) * 7;
}

/** Whether US daylight time is in force at this instant. */
export function isEasternDaylightTime(utcMs: number): boolean {
  const year = new Date(utcMs).getUTCFullYear();
  // 2:00 EST = 07:00 UTC on the second Sunday of March; 2:00 EDT = 06:00 UTC on the first Sunday of November.
  const start = Date.UTC(year, 2, nthSunday(year, 2, 2), 7);
  const end = Date.UTC(year, 10, nthSunday(year, 10, 1), 6);
  return utcMs >= start && utcMs < end;
}

/** UTC offset of US Eastern time at this instant, in hours (-4 or -5). */
export function easternOffsetHours(utcMs: number): -4 | -5 {
  return isEasternDaylightTime(utcMs) ? -4 : -5;
}

/** The US Eastern calendar date of an instant, YYYY-MM-DD. */
export function easternDate(utcMs: number): string {
  return new Date(utcMs + easternOffsetHours(utcMs) * HOUR).toISOString().slice(0, 10);
}

/**
 * The instant of an Eastern wall-clock time on an Eastern date, or null for a date or time that
 * does not exist. In the repeated hour of November the earlier (EDT) instant is taken.
 */
export function easternInstant(dateYmd: string, hour: number, minute: number): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateYmd);
  if (!m || !Number.isInteger(hour) || !Number.isInteger(minute)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const wall = Date.UTC(y, mo, d, hour, minute);
  if (new Date(wall).getUTCDate() !== d) return null;
  for (const offset of [-4, -5] as const) {
    const utc = wall - offset * HOUR;
    if (easternOffsetHours(utc) === offset) return utc;
  }
  // The skipped hour of March: no such wall time.
  return null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const LONG_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A month name, full or three letters, any case, to 1–12; null when it is not one. */
export function monthNumber(name: string): number | null {
  const n = name.toLowerCase();
  const short = MONTHS.findIndex((m) => m.toLowerCase() === n);
  if (short >= 0) return short + 1;
  const long = LONG_MONTHS.indexOf(n);
  return long >= 0 ? long + 1 : null;
}

/** YYYY-MM-DD from parts, or null when the day does not exist. */
export function ymd(year: number, month: number, day: number): string | null {
  const t = Date.UTC(year, month - 1, day);
  const date = new Date(t);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/** "7:07 PM" / "10:00PM" to [hour, minute] on a 24-hour clock, or null. */
export function clockTime(text: string): [number, number] | null {
  const m = /^(\d{1,2}):(\d{2})\s*([AP])\.?M\.?$/i.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h < 1 || h > 12 || min > 59) return null;
  const pm = (m[3] as string).toUpperCase() === 'P';
  return [(h % 12) + (pm ? 12 : 0), min];
}
