/**
 * The rules text Polymarket puts in a game market's `description`, in its live wording
 * (matching.md §3; texts quoted from live markets in third-party fixtures, 2026):
 * - NFL: "In the upcoming NFL game, scheduled for September 27 at 1:00PM ET:\nIf Titans wins, the
 *   market will resolve to "Titans".\n…\nIf the game is canceled entirely or ends in a tie, with no
 *   make-up game, this market will resolve 50-50."
 * - NBA: "…scheduled for February 5 at 10:00PM ET:\nIf the Warriors win, the market will resolve
 *   to "Warriors".\n…\nThe result will be determined based on the final score including any
 *   overtime periods." The other US leagues are worded the same way [inferred]; MLB says extra
 *   innings for overtime [inferred].
 * - Soccer: "In the upcoming game, scheduled for July 14, 2026\nIf France wins, this market will
 *   resolve to "Yes".\n…\nThis market refers only to the outcome within the first 90 minutes of
 *   regular play plus stoppage time." and the resolution-source paragraph; a cancellation resolves
 *   a team market "No" (live text) and the draw market "Yes" [one report; inferred].
 * Dates and times are US Eastern, as the venue writes them. Pure.
 */
import type { GammaSport } from './gamma-sports.js';

const EASTERN_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

export interface EasternTime {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly monthName: string;
  readonly day: number;
  /** "10:00PM". */
  readonly clock: string;
}

/** The instant as a US Eastern calendar date and clock time (DST as New York keeps it). */
export function easternTime(ms: number): EasternTime {
  const parts = Object.fromEntries(EASTERN_PARTS.formatToParts(ms).map((p) => [p.type, p.value]));
  const monthName = parts.month ?? '';
  return {
    year: Number(parts.year),
    month: MONTHS.indexOf(monthName) + 1,
    monthName,
    day: Number(parts.day),
    clock: `${parts.hour}:${parts.minute}${(parts.dayPeriod ?? '').toUpperCase()}`,
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** YYYY-MM-DD of the US Eastern calendar day (the date in a slug and a soccer question). */
export function easternDate(ms: number): string {
  const t = easternTime(ms);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

const POSTPONED = 'If the game is postponed, this market will remain open until the game has been completed.';
const SOCCER_SOURCE =
  'The primary resolution source for this market is the official statistics of the event as recognized by ' +
  'the governing body or event organizers. However, if the governing body or event organizers have not ' +
  "published final match statistics within 2 hours after the event's conclusion, a consensus of credible " +
  'reporting may be used instead.';

/** The rules of a US league's moneyline market; outcomes are the nicknames, in slug order. */
export function moneylineRules(opts: {
  readonly sport: GammaSport;
  readonly startTimeMs: number;
  readonly outcomes: readonly [string, string];
}): string {
  const t = easternTime(opts.startTimeMs);
  const head = `In the upcoming ${opts.sport.rulesLeague} game, scheduled for ${t.monthName} ${t.day} at ${t.clock} ET:`;
  const [a, b] = opts.outcomes;
  if (opts.sport.rules === 'nfl')
    return [
      head,
      `If ${a} wins, the market will resolve to "${a}".`,
      `If ${b} wins, the market will resolve to "${b}".`,
      POSTPONED,
      'If the game is canceled entirely or ends in a tie, with no make-up game, this market will resolve 50-50.',
    ].join('\n');
  const extra = opts.sport.code === 'mlb' ? 'any extra innings' : 'any overtime periods';
  return [
    head,
    `If the ${a} win, the market will resolve to "${a}".`,
    `If the ${b} win, the market will resolve to "${b}".`,
    POSTPONED,
    'If the game is canceled entirely, with no make-up game, this market will resolve 50-50.',
    `The result will be determined based on the final score including ${extra}.`,
  ].join('\n');
}

/** The rules of one of a soccer game's three Yes/No markets: a team's win, or the draw. */
export function soccerRules(opts: {
  readonly startTimeMs: number;
  readonly winner: string | 'draw';
}): string {
  const t = easternTime(opts.startTimeMs);
  const isDraw = opts.winner === 'draw';
  return [
    `In the upcoming game, scheduled for ${t.monthName} ${t.day}, ${t.year}`,
    isDraw
      ? 'If the game ends in a draw, this market will resolve to "Yes".'
      : `If ${opts.winner} wins, this market will resolve to "Yes".`,
    'Otherwise, this market will resolve to "No".',
    POSTPONED,
    `If the game is canceled entirely, with no make-up game, this market will resolve "${isDraw ? 'Yes' : 'No'}".`,
    'This market refers only to the outcome within the first 90 minutes of regular play plus stoppage time.',
    '',
    SOCCER_SOURCE,
  ].join('\n');
}
