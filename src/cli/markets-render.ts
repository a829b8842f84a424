/**
 * What `arbees markets` prints: per game its start, teams and state, then per venue the
 * instruments mapped to it with their terms in words (overtime, a draw or tie, a postponed game
 * and its window, what an unplayed game pays, fees, tick, taker delay) and the venue's listings
 * not mapped with why; the listings matched to no game; the counts and the endpoint failures.
 * As text, or as one JSON object. Pure.
 */
import { effectiveSettlement, type FeeSchedule, type OutcomeKind } from '../core/instruments.js';
import { formatPrice4, type Micros } from '../core/money.js';
import type { OnePass } from '../services/market-discovery-once.js';
import type { GameReport, ReportedInstrument } from '../services/market-discovery-report.js';
import type { UnmappedListing } from '../venues/matching/index.js';

export type Venue = 'kalshi' | 'polymarket' | 'polymarket-us';
export const VENUES: readonly Venue[] = ['kalshi', 'polymarket', 'polymarket-us'];

export interface GameStatus {
  readonly state: 'pre' | 'in' | 'post';
  readonly completed: boolean;
  readonly detail: string | null;
}

export interface MarketsView {
  readonly mode: 'paper' | 'live';
  readonly leagues: readonly string[];
  /** US-Eastern days read, YYYY-MM-DD. */
  readonly days: readonly string[];
  readonly ranAt: number;
  /** Polymarket US's only when the view names it (absent: shown as off). */
  readonly endpoints: Readonly<
    Record<'espn' | 'kalshi' | 'polymarket', { readonly url: string; readonly real: boolean } | null> &
      Partial<Record<'polymarket-us', { readonly url: string; readonly real: boolean } | null>>
  >;
  readonly pass: OnePass;
  readonly statuses: ReadonlyMap<string, GameStatus>;
  readonly endpointFailures: readonly { readonly endpoint: string; readonly problem: string }[];
}

/** A decimal of parts per million, without trailing zeros: 30_000 -> "0.03". */
function ppmText(ppm: number): string {
  const whole = Math.trunc(ppm / 1_000_000);
  const frac = String(Math.abs(ppm % 1_000_000))
    .padStart(6, '0')
    .replace(/0+$/, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}

const dollars = (m: Micros) =>
  `$${formatPrice4(m)
    .replace(/(\.\d*?[1-9])0+$/, '$1')
    .replace(/\.0+$/, '')}`;

export function feesInWords(fees: FeeSchedule): string {
  switch (fees.kind) {
    case 'kalshi_quadratic': {
      const maker = fees.makerFees
        ? `, makers pay ${ppmText(fees.makerSharePpm ?? 250_000)} of that`
        : ', makers pay none';
      return `Kalshi: takers 0.07 × contracts × P × (1−P) × ${ppmText(fees.multiplierPpm)}, rounded up to the cent${maker}`;
    }
    case 'polymarket_taker':
      return `Polymarket: takers ${ppmText(fees.ratePpm)} × shares × (p(1−p))^${fees.exponent}, makers none`;
    case 'polymarket_us':
      return `Polymarket US: takers ${ppmText(fees.takerThetaPpm)} × contracts × p(1−p), makers a rebate of ${ppmText(fees.makerRebateThetaPpm)} × contracts × p(1−p), each fill rounded half-to-even to the cent`;
    case 'none':
      return 'no fees';
  }
}

/** The settlement terms as sentences a trader reads. */
export function termsInWords(i: Pick<ReportedInstrument, 'outcome' | 'settlement'>): string[] {
  const t = effectiveSettlement(i);
  const words: string[] = [
    t.includesOvertime ? 'overtime counts' : 'regulation time only (overtime does not count)',
  ];
  if (!t.drawPossible) words.push('the game cannot end level');
  else if (i.outcome === 'draw')
    words.push(`a draw pays ${t.drawPayout === 'full' ? 'in full' : t.drawPayout}`);
  else
    words.push(
      `a draw or tie pays ${t.drawPayout === 'none' ? 'nothing' : t.drawPayout === 'half' ? 'half' : 'in full'}`,
    );
  if (t.postponement === 'void') words.push('a postponed game voids the market');
  else if (t.postponement === 'resolves_no') words.push('a postponed game resolves NO');
  else if (t.postponementWindowHours === null) words.push('a postponed game counts whenever it is played');
  else
    words.push(
      `a postponed game counts if it starts within ${t.postponementWindowHours} h of the original start`,
    );
  const unplayed = {
    fair_price: 'at a price the venue judges fair',
    none: 'nothing',
    half: 'half (50-50)',
    full: 'in full',
    unstated: 'what the rules do not say',
  }[t.unplayedPayout];
  words.push(
    `a game cancelled${t.postponementWindowHours === null ? '' : ' or not played in time'} pays ${unplayed}`,
  );
  return words;
}

export function takerDelayInWords(venue: Venue, delayMs: number | undefined): string {
  // Polymarket US documents no taker delay.
  if (venue !== 'polymarket') return 'no taker delay';
  if (delayMs === undefined) return 'taker delay not read';
  return delayMs === 0 ? 'no taker delay' : `taker delay ${delayMs / 1000} s once live`;
}

const OUTCOME_WORDS: Readonly<Record<OutcomeKind, (g: GameReport) => string>> = {
  home_win: (g) => `${g.home} (home) wins`,
  away_win: (g) => `${g.away} (away) wins`,
  draw: () => 'draw',
};

function easternText(ts: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ts);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('weekday')} ${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')} ET`;
}

function statusText(s: GameStatus | undefined): string {
  if (!s) return '';
  if (s.state === 'pre') return 'scheduled';
  if (s.state === 'in') return `in play${s.detail ? ` (${s.detail})` : ''}`;
  return s.completed ? 'final' : (s.detail ?? 'over, not completed').toLowerCase();
}

function instrumentJson(i: ReportedInstrument, venue: Venue) {
  return {
    ...i,
    terms: termsInWords(i),
    feesInWords: feesInWords(i.fees),
    tick: dollars(i.tickSize),
    takerDelay: takerDelayInWords(venue, i.takerDelayMs),
  };
}

const unmappedJson = (u: UnmappedListing) => ({
  venue: u.venue,
  listing: u.listing,
  league: u.league,
  reason: u.reason,
  message: u.message,
});

export function marketsJson(v: MarketsView) {
  const { report, counts } = v.pass;
  return {
    mode: v.mode,
    leagues: v.leagues,
    days: v.days,
    ranAt: new Date(v.ranAt).toISOString(),
    endpoints: v.endpoints,
    games: report.games.map((g) => ({
      gameId: g.gameId,
      league: g.league,
      start: new Date(g.startTs).toISOString(),
      startTs: g.startTs,
      status: v.statuses.get(g.gameId) ?? null,
      home: g.home,
      away: g.away,
      neutralSite: g.neutralSite,
      kalshi: g.kalshi.map((i) => instrumentJson(i, 'kalshi')),
      polymarket: g.polymarket.map((i) => instrumentJson(i, 'polymarket')),
      ...(v.endpoints['polymarket-us']
        ? { 'polymarket-us': (g['polymarket-us'] ?? []).map((i) => instrumentJson(i, 'polymarket-us')) }
        : {}),
      unmapped: g.unmapped.map(unmappedJson),
    })),
    unmatched: report.unmatched.map(unmappedJson),
    feedProblems: report.feedProblems,
    counts,
    endpointFailures: v.endpointFailures,
  };
}

function gameLines(g: GameReport, v: MarketsView): string[] {
  const site = g.neutralSite ? ' (neutral site)' : '';
  const lines = [
    `${g.league.toUpperCase()}  ${easternText(g.startTs)}  ${g.away} at ${g.home}${site}  ${statusText(v.statuses.get(g.gameId))}  [${g.gameId}]`,
  ];
  for (const venue of VENUES) {
    if (!v.endpoints[venue]) continue;
    const mapped = g[venue] ?? [];
    const refused = g.unmapped.filter((u) => u.venue === venue);
    if (mapped.length === 0 && refused.length === 0) {
      lines.push(`  ${venue}: nothing listed for it`);
      continue;
    }
    if (mapped.length > 0) lines.push(`  ${venue}: ${mapped.length} mapped`);
    for (const i of mapped) {
      lines.push(`    ${i.symbol}  YES if ${OUTCOME_WORDS[i.outcome](g)}  (${i.listing})`);
      lines.push(`      ${termsInWords(i).join('; ')}`);
      lines.push(
        `      fees ${feesInWords(i.fees)}; tick ${dollars(i.tickSize)}; ${takerDelayInWords(venue, i.takerDelayMs)}`,
      );
    }
    if (refused.length > 0) lines.push(`  ${venue}: not mapped`);
    for (const u of refused) lines.push(`    ${u.listing}: ${u.message}`);
  }
  return lines;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function marketsText(v: MarketsView): string {
  const { report, counts } = v.pass;
  const out: string[] = [
    `arbees markets: ${v.mode} mode; leagues ${v.leagues.join(', ')}; ${v.days[0]}${v.days.length > 1 ? ` to ${v.days[v.days.length - 1]}` : ''} (US Eastern)`,
  ];
  for (const [name, e] of Object.entries(v.endpoints))
    out.push(
      `  ${name.padEnd(10)} ${e ? `${e.url}${e.real ? '' : '  (not the real host)'}` : 'off (ARBEES_VENUES)'}`,
    );
  out.push('');
  if (report.games.length === 0) out.push('No games on the feed for these days.', '');
  for (const g of report.games) out.push(...gameLines(g, v), '');
  if (report.unmatched.length > 0) {
    out.push('Listings matched to no game:');
    for (const u of report.unmatched) out.push(`  ${u.venue}  ${u.listing}: ${u.message}`);
    out.push('');
  }
  if (report.feedProblems.length > 0) {
    out.push('Feed games that cannot be matched:');
    for (const p of report.feedProblems) out.push(`  ${p.gameId}: ${p.problem}`);
    out.push('');
  }
  const reasons = Object.entries(counts.unmappedByReason).map(([k, n]) => `${k} ${n}`);
  out.push(`${plural(counts.games, 'game')} on the feed.`);
  for (const venue of VENUES)
    if (v.endpoints[venue])
      out.push(
        `${venue}: ${plural(counts.listingsRead[venue] ?? 0, 'listing')} read, ${plural(counts.mapped[venue] ?? 0, 'instrument')} mapped, ${counts.unmapped[venue] ?? 0} not mapped.`,
      );
  if (reasons.length > 0) out.push(`Not mapped, by reason: ${reasons.join(', ')}.`);
  if (v.endpointFailures.length === 0) out.push('Every endpoint answered.');
  else {
    out.push(`${plural(v.endpointFailures.length, 'endpoint failure')}:`);
    for (const f of v.endpointFailures) out.push(`  ${f.endpoint}: ${f.problem}`);
  }
  return `${out.join('\n')}\n`;
}
