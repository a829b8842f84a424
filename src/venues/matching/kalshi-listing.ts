/**
 * A Kalshi game-winner event read as a listing. The event ticker is
 * `{SERIES}-{YY}{MON}{DD}[HHMM]{TEAMS}` with the US Eastern scheduled date; the two teams' codes
 * are the suffixes of the team markets (`{EVENT}-{CODE}`), found by reading each market's rules,
 * never by splitting the ticker by length or position (EPL lists the home team first, US leagues
 * the away team). A draw market is the one whose rules say "If Tie is the result…", whatever its
 * suffix (`-TIE`, `-DRAW`). Pure.
 */

import type { FeeSchedule } from '../../core/instruments.js';
import { type KalshiEvent, parseKalshiEvent } from '../kalshi/discovery.js';
import { describeKalshiParseError } from '../kalshi/errors.js';
import { type KalshiFeeTerms, kalshiFeeSchedule } from '../kalshi/fees.js';
import { kalshiInstrumentId } from '../kalshi/parse-fields.js';
import type { KalshiMarket } from '../kalshi/parse-market.js';
import type { LeagueId } from '../teams/index.js';
import { easternInstant, monthNumber, ymd } from './eastern-time.js';
import { type KalshiRulesReading, readKalshiRules } from './kalshi-rules.js';
import { LEAGUE_VENUES, leagueOfKalshiSeries } from './leagues.js';
import {
  type ListingOutcome,
  type ListingResult,
  type ListingSide,
  type ListingStart,
  listingSide,
  sideLabel,
  sideOfName,
  type UnreadListing,
} from './listing.js';
import type { UnmappedReason } from './reasons.js';
import type { RulesProblem } from './rules.js';

const TAIL = /^(\d{2})([A-Z]{3})(\d{2})(\d{4})?([A-Z0-9]+)$/;
const TRADABLE = new Set(['active', 'open', 'paused']);
const NOT_YET = new Set(['initialized', 'unopened', 'inactive']);

export interface KalshiListingContext {
  /** The series' fee terms (`GET /series`), or why they are unknown; an event's overrides win. */
  readonly seriesFees: KalshiFeeTerms | string;
  /** True when the Kalshi host is a simulator. */
  readonly simulated: boolean;
}

function rulesReason(market: string, p: RulesProblem): UnmappedReason {
  switch (p.kind) {
    case 'rules_missing':
      return { kind: 'rules_missing', market };
    case 'rules_not_understood':
      return { kind: 'rules_not_understood', market, sentence: p.sentence };
    case 'rules_incomplete':
      return { kind: 'rules_incomplete', market, missing: p.missing };
    case 'rules_contradict_listing':
      return { kind: 'rules_contradict_listing', market, detail: p.detail };
    case 'rules_unpriceable':
      return { kind: 'rules_unpriceable', market, detail: p.detail };
  }
}

/** One raw event object (as `/events` sends it) to a listing; junk is an unread listing, never a throw. */
export function kalshiListingFromRaw(raw: unknown, ctx: KalshiListingContext): ListingResult {
  const parsed = parseKalshiEvent(raw);
  if (!parsed.ok) {
    const ticker = (raw as { event_ticker?: unknown } | null)?.event_ticker;
    return {
      ok: false,
      unread: {
        venue: 'kalshi',
        listing: typeof ticker === 'string' ? ticker : '(no event_ticker)',
        league: null,
        reason: { kind: 'malformed_listing', problem: describeKalshiParseError(parsed.error) },
      },
    };
  }
  return kalshiListingOf(parsed.value, ctx);
}

/** A step of reading a listing: its result, or why the listing is refused. */
type Step<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: UnmappedReason };
const refuse = (reason: UnmappedReason): { ok: false; reason: UnmappedReason } => ({ ok: false, reason });

interface TickerParts {
  /** The US Eastern scheduled date, YYYY-MM-DD. */
  readonly dateEt: string;
  readonly hhmm: string | undefined;
  /** The two team codes run together, in the venue's order. */
  readonly teams: string;
}

interface Read {
  readonly market: KalshiMarket;
  readonly reading: KalshiRulesReading;
}

/** `{SERIES}-{YY}{MON}{DD}[HHMM]{TEAMS}`. */
function tickerParts(event: KalshiEvent): Step<TickerParts> {
  if (!event.eventTicker.startsWith(`${event.seriesTicker}-`))
    return refuse({
      kind: 'malformed_listing',
      problem: `event ${event.eventTicker} is not under series ${event.seriesTicker}`,
    });
  const tail = TAIL.exec(event.eventTicker.slice(event.seriesTicker.length + 1));
  const month = tail ? monthNumber(tail[2] as string) : null;
  const dateEt = tail && month ? ymd(2000 + Number(tail[1]), month, Number(tail[3])) : null;
  if (!tail || dateEt === null)
    return refuse({
      kind: 'malformed_listing',
      problem: `event ticker ${event.eventTicker} is not {series}-{YY}{MON}{DD}[HHMM]{teams}`,
    });
  return { ok: true, value: { dateEt, hhmm: tail[4], teams: tail[5] as string } };
}

/** Every market under the event, open, with rules read; the fee schedule with the event's overrides. */
function readMarkets(
  event: KalshiEvent,
  league: LeagueId,
  ctx: KalshiListingContext,
): Step<{ reads: Read[]; fees: FeeSchedule }> {
  if (event.markets.length === 0)
    return refuse({ kind: 'malformed_listing', problem: 'the event has no markets' });
  const stray = event.markets.find((m) => !m.ticker.startsWith(`${event.eventTicker}-`));
  if (stray)
    return refuse({ kind: 'malformed_listing', problem: `market ${stray.ticker} is not {event}-{outcome}` });
  const closed = event.markets.find((m) => !TRADABLE.has(m.status) && !NOT_YET.has(m.status));
  if (closed) return refuse({ kind: 'closed', status: `${closed.ticker} ${closed.status}` });
  const unopened = event.markets.find((m) => NOT_YET.has(m.status));
  if (unopened) return refuse({ kind: 'not_open', status: `${unopened.ticker} ${unopened.status}` });
  if (typeof ctx.seriesFees === 'string') return refuse({ kind: 'fees_unknown', detail: ctx.seriesFees });
  const schedule = kalshiFeeSchedule({ series: ctx.seriesFees, eventOverride: event.feeOverride });
  if (!schedule.ok) return refuse({ kind: 'fees_unknown', detail: schedule.error.message });
  const reads: Read[] = [];
  for (const market of event.markets) {
    const r = readKalshiRules({ league, primary: market.rulesPrimary, secondary: market.rulesSecondary });
    if (!r.ok) return refuse(rulesReason(market.ticker, r.problem));
    reads.push({ market, reading: r.reading });
  }
  return { ok: true, value: { reads, fees: schedule.value } };
}

/** Two team markets whose codes make up the ticker, and a tie market exactly where draws exist. */
function outcomeMarkets(
  reads: readonly Read[],
  league: LeagueId,
  event: KalshiEvent,
  parts: TickerParts,
): Step<{ teams: [Read, Read]; draw: Read | null; codes: [string, string] }> {
  const teams = reads.filter((r) => r.reading.outcome === 'team');
  const draws = reads.filter((r) => r.reading.outcome === 'draw');
  const threeWay = LEAGUE_VENUES[league].threeWay;
  if (teams.length !== 2 || draws.length > 1)
    return refuse({
      kind: 'malformed_listing',
      problem: `${teams.length} team markets and ${draws.length} tie markets, not 2 and at most 1`,
    });
  if (threeWay && draws.length === 0)
    return refuse({
      kind: 'two_way_vs_three_way',
      detail: `a two-outcome listing for a ${league} game, which can end level: not paired with three-way markets`,
    });
  if (!threeWay && draws.length > 0)
    return refuse({
      kind: 'two_way_vs_three_way',
      detail: `a tie market in ${league}, where games do not end level`,
    });
  const codes = teams.map((r) => r.market.ticker.slice(event.eventTicker.length + 1)) as [string, string];
  if (parts.teams !== codes[0] + codes[1] && parts.teams !== codes[1] + codes[0])
    return refuse({
      kind: 'malformed_listing',
      problem: `event ticker teams ${parts.teams} are not the market codes ${codes.join(' and ')}`,
    });
  const wrongDay = reads.find((r) => r.reading.scheduledDate !== parts.dateEt);
  if (wrongDay)
    return refuse({
      kind: 'rules_contradict_listing',
      market: wrongDay.market.ticker,
      detail: `the rules' date ${wrongDay.reading.scheduledDate} is not the ticker's ${parts.dateEt}`,
    });
  return { ok: true, value: { teams: teams as [Read, Read], draw: draws[0] ?? null, codes } };
}

/** Each team from its code, sub-title and the team its rules name; they must agree. */
function teamSides(
  league: LeagueId,
  teams: readonly [Read, Read],
  codes: readonly [string, string],
): Step<[ListingSide, ListingSide]> {
  const sides = ([0, 1] as const).map((i) =>
    listingSide(league, 'kalshi', codes[i], [teams[i].market.yesSubTitle, teams[i].reading.subject]),
  ) as [ListingSide, ListingSide];
  for (const i of [0, 1] as const) {
    const side = sides[i];
    if (side.lookup.kind === 'conflict')
      return refuse({
        kind: 'team_conflict',
        detail: `code ${side.code} is ${side.lookup.byCode.name} but the market names ${side.names.join(' / ')}`,
      });
    const subject = teams[i].reading.subject as string;
    if (sideOfName(sides, subject) === 1 - i)
      return refuse({
        kind: 'rules_contradict_listing',
        market: teams[i].market.ticker,
        detail: `the rules say "${subject}" wins, which is the other team (${sideLabel(sides[1 - i] as ListingSide)})`,
      });
  }
  return { ok: true, value: sides };
}

/** The ticker's HHMM (Eastern), else the time in the rules, else the Eastern date alone. */
function startOf(parts: TickerParts, reads: readonly Read[]): Step<ListingStart> {
  const { dateEt, hhmm } = parts;
  if (hhmm) {
    const instant = easternInstant(dateEt, Number(hhmm.slice(0, 2)), Number(hhmm.slice(2)));
    if (instant === null)
      return refuse({ kind: 'malformed_listing', problem: `event ticker time ${hhmm} is not a time` });
    return { ok: true, value: { instant, dateEt, basis: 'kalshi_ticker_time' } };
  }
  const rulesStart = reads.find((r) => r.reading.scheduledStart !== null)?.reading.scheduledStart ?? null;
  return {
    ok: true,
    value:
      rulesStart !== null
        ? { instant: rulesStart, dateEt, basis: 'kalshi_rules_time' }
        : { instant: null, dateEt, basis: 'kalshi_ticker_date' },
  };
}

export function kalshiListingOf(event: KalshiEvent, ctx: KalshiListingContext): ListingResult {
  const league = leagueOfKalshiSeries(event.seriesTicker);
  const unread = (reason: UnmappedReason): ListingResult => ({
    ok: false,
    unread: { venue: 'kalshi', listing: event.eventTicker, league, reason } satisfies UnreadListing,
  });
  if (league === null)
    return unread({
      kind: 'malformed_listing',
      problem: `series ${event.seriesTicker} is not a game series we read`,
    });
  const parts = tickerParts(event);
  if (!parts.ok) return unread(parts.reason);
  const markets = readMarkets(event, league, ctx);
  if (!markets.ok) return unread(markets.reason);
  const outcomes = outcomeMarkets(markets.value.reads, league, event, parts.value);
  if (!outcomes.ok) return unread(outcomes.reason);
  const { teams, draw, codes } = outcomes.value;
  const sides = teamSides(league, teams, codes);
  if (!sides.ok) return unread(sides.reason);
  // The tie market's sub-title ("Tie") must not name a team.
  const drawTitle = draw?.market.yesSubTitle;
  if (draw && drawTitle && sideOfName(sides.value, drawTitle) !== null)
    return unread({
      kind: 'rules_contradict_listing',
      market: draw.market.ticker,
      detail: `its rules say a tie, its sub-title "${drawTitle}" names a team`,
    });
  const start = startOf(parts.value, markets.value.reads);
  if (!start.ok) return unread(start.reason);
  const outcome = (r: Read, pays: ListingOutcome['pays']): ListingOutcome => ({
    pays,
    instrumentId: kalshiInstrumentId(r.market.ticker),
    symbol: r.market.ticker,
    market: r.market.ticker,
    tickSize: r.market.tickSize,
    fees: markets.value.fees,
    settlement: r.reading.terms,
    rules: r.reading.evidence,
  });
  return {
    ok: true,
    listing: {
      venue: 'kalshi',
      listing: event.eventTicker,
      league,
      sides: sides.value,
      start: start.value,
      outcomes: [outcome(teams[0], 0), outcome(teams[1], 1), ...(draw ? [outcome(draw, 'draw')] : [])],
      simulated: ctx.simulated,
    },
  };
}
