/**
 * Instants read on the US Eastern wall clock, as Kalshi writes them into game tickers and rules
 * text (matching.md §2: TB@DAL starts 2026-10-09 00:15 UTC and is ticketed `26OCT08`). Uses the
 * ECMAScript Intl time-zone database, so daylight saving follows the real calendar. Pure.
 */

export interface EasternWallClock {
  readonly year: number;
  /** 0 = January. */
  readonly monthIndex: number;
  readonly day: number;
  /** 0–23. */
  readonly hour: number;
  readonly minute: number;
  /** "EDT" or "EST". */
  readonly zone: string;
}

export const MONTHS_UPPER = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;

let formatter: Intl.DateTimeFormat | undefined;

export function easternWallClock(epochMs: number): EasternWallClock {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const parts = new Map<string, string>(formatter.formatToParts(epochMs).map((p) => [p.type, p.value]));
  const num = (type: string) => Number(parts.get(type));
  return {
    year: num('year'),
    monthIndex: num('month') - 1,
    day: num('day'),
    // Some ICU versions write midnight as 24 even with h23.
    hour: num('hour') % 24,
    minute: num('minute'),
    zone: parts.get('timeZoneName') ?? 'ET',
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "Oct 8, 2026", the date as the rules text writes it. */
export function rulesDate(c: EasternWallClock): string {
  return `${monthTitle(c)} ${c.day}, ${c.year}`;
}

/** "Oct 8", the date in an event's sub_title. */
export function shortDate(c: EasternWallClock): string {
  return `${monthTitle(c)} ${c.day}`;
}

/** "7:15 PM EDT", the start time MLB rules text adds. */
export function rulesTime(c: EasternWallClock): string {
  const h12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
  return `${h12}:${two(c.minute)} ${c.hour < 12 ? 'AM' : 'PM'} ${c.zone}`;
}

/** "26OCT08", the date part of an event ticker. */
export function tickerDate(c: EasternWallClock): string {
  return `${two(c.year % 100)}${MONTHS_UPPER[c.monthIndex]}${two(c.day)}`;
}

/** "1940", the optional start-time part of an event ticker. */
export function tickerTime(c: EasternWallClock): string {
  return `${two(c.hour)}${two(c.minute)}`;
}

function monthTitle(c: EasternWallClock): string {
  const upper = MONTHS_UPPER[c.monthIndex] as string;
  return upper[0] + upper.slice(1).toLowerCase();
}
