/**
 * A Kalshi game-winner event read as a listing. The event ticker is
 * `{SERIES}-{YY}{MON}{DD}[HHMM]{TEAMS}` with the US Eastern scheduled date; the two teams' codes
 * are the suffixes of the team markets (`{EVENT}-{CODE}`), found by reading each market's rules,
 * never by splitting the ticker by length or position (EPL lists the home team first, US leagues
 * the away team). A draw market is the one whose rules say "If Tie is the result…", whatever its
 * suffix (`-TIE`, `-DRAW`). Pure.
 */

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

export function kalshiListingOf(event: KalshiEvent, ctx: KalshiListingContext): ListingResult {
  const league = leagueOfKalshiSeries(event.seriesTicker);
  const unread = (reason: UnmappedReason, l: LeagueId | null = league): ListingResult => ({
    ok: false,
    unread: { venue: 'kalshi', listing: event.eventTicker, league: l, reason } satisfies UnreadListing,
  });
  if (league === null)
    return unread({
      kind: 'malformed_listing',
      problem: `series ${event.seriesTicker} is not a game series we read`,
    });
  if (!event.eventTicker.startsWith(`${event.seriesTicker}-`))
    return unread({
      kind: 'malformed_listing',
      problem: `event ${event.eventTicker} is not under series ${event.seriesTicker}`,
    });
  const tail = TAIL.exec(event.eventTicker.slice(event.seriesTicker.length + 1));
  const month = tail ? monthNumber(tail[2] as string) : null;
  const dateEt = tail && month ? ymd(2000 + Number(tail[1]), month, Number(tail[3])) : null;
  if (!tail || dateEt === null)
    return unread({
      kind: 'malformed_listing',
      problem: `event ticker ${event.eventTicker} is not {series}-{YY}{MON}{DD}[HHMM]{teams}`,
    });
  if (event.markets.length === 0)
    return unread({ kind: 'malformed_listing', problem: 'the event has no markets' });

  const prefix = `${event.eventTicker}-`;
  const stray = event.markets.find((m) => !m.ticker.startsWith(prefix));
  if (stray)
    return unread({ kind: 'malformed_listing', problem: `market ${stray.ticker} is not {event}-{outcome}` });
  const closed = event.markets.find((m) => !TRADABLE.has(m.status) && !NOT_YET.has(m.status));
  if (closed) return unread({ kind: 'closed', status: `${closed.ticker} ${closed.status}` });
  const unopened = event.markets.find((m) => NOT_YET.has(m.status));
  if (unopened) return unread({ kind: 'not_open', status: `${unopened.ticker} ${unopened.status}` });
  if (typeof ctx.seriesFees === 'string') return unread({ kind: 'fees_unknown', detail: ctx.seriesFees });
  const schedule = kalshiFeeSchedule({ series: ctx.seriesFees, eventOverride: event.feeOverride });
  if (!schedule.ok) return unread({ kind: 'fees_unknown', detail: schedule.error.message });

  const readings: { market: KalshiMarket; reading: KalshiRulesReading }[] = [];
  for (const market of event.markets) {
    const r = readKalshiRules({ league, primary: market.rulesPrimary, secondary: market.rulesSecondary });
    if (!r.ok) return unread(rulesReason(market.ticker, r.problem));
    readings.push({ market, reading: r.reading });
  }
  const teamMarkets = readings.filter((r) => r.reading.outcome === 'team');
  const drawMarkets = readings.filter((r) => r.reading.outcome === 'draw');
  const threeWay = LEAGUE_VENUES[league].threeWay;
  if (teamMarkets.length !== 2 || drawMarkets.length > 1)
    return unread({
      kind: 'malformed_listing',
      problem: `${teamMarkets.length} team markets and ${drawMarkets.length} tie markets, not 2 and at most 1`,
    });
  if (threeWay && drawMarkets.length === 0)
    return unread({
      kind: 'two_way_vs_three_way',
      detail: `a two-outcome listing for a ${league} game, which can end level: not paired with three-way markets`,
    });
  if (!threeWay && drawMarkets.length > 0)
    return unread({
      kind: 'two_way_vs_three_way',
      detail: `a tie market in ${league}, where games do not end level`,
    });

  const codes = teamMarkets.map((r) => r.market.ticker.slice(prefix.length)) as [string, string];
  const teamsText = tail[5] as string;
  if (teamsText !== codes[0] + codes[1] && teamsText !== codes[1] + codes[0])
    return unread({
      kind: 'malformed_listing',
      problem: `event ticker teams ${teamsText} are not the market codes ${codes.join(' and ')}`,
    });
  for (const { market, reading } of readings)
    if (reading.scheduledDate !== dateEt)
      return unread({
        kind: 'rules_contradict_listing',
        market: market.ticker,
        detail: `the rules' date ${reading.scheduledDate} is not the ticker's ${dateEt}`,
      });

  const sides = [0, 1].map((i) => {
    const { market, reading } = teamMarkets[i] as (typeof teamMarkets)[number];
    return listingSide(league, 'kalshi', codes[i] as string, [market.yesSubTitle, reading.subject]);
  }) as [ReturnType<typeof listingSide>, ReturnType<typeof listingSide>];
  for (const i of [0, 1] as const) {
    const side = sides[i];
    if (side.lookup.kind === 'conflict')
      return unread({
        kind: 'team_conflict',
        detail: `code ${side.code} is ${side.lookup.byCode.name} but the market names ${side.names.join(' / ')}`,
      });
    const subject = (teamMarkets[i] as (typeof teamMarkets)[number]).reading.subject as string;
    if (sideOfName(sides, subject) === 1 - i)
      return unread({
        kind: 'rules_contradict_listing',
        market: (teamMarkets[i] as (typeof teamMarkets)[number]).market.ticker,
        detail: `the rules say "${subject}" wins, which is the other team (${sideLabel(sides[1 - i] as typeof side)})`,
      });
  }

  const hhmm = tail[4];
  const rulesStart = readings.find((r) => r.reading.scheduledStart !== null)?.reading.scheduledStart ?? null;
  const tickerStart = hhmm ? easternInstant(dateEt, Number(hhmm.slice(0, 2)), Number(hhmm.slice(2))) : null;
  if (hhmm && tickerStart === null)
    return unread({ kind: 'malformed_listing', problem: `event ticker time ${hhmm} is not a time` });
  const start: ListingStart =
    tickerStart !== null
      ? { instant: tickerStart, dateEt, basis: 'kalshi_ticker_time' }
      : rulesStart !== null
        ? { instant: rulesStart, dateEt, basis: 'kalshi_rules_time' }
        : { instant: null, dateEt, basis: 'kalshi_ticker_date' };

  const fees = schedule.value;
  const outcome = (r: (typeof readings)[number], pays: ListingOutcome['pays']): ListingOutcome => ({
    pays,
    instrumentId: kalshiInstrumentId(r.market.ticker),
    symbol: r.market.ticker,
    market: r.market.ticker,
    tickSize: r.market.tickSize,
    fees,
    settlement: r.reading.terms,
    rules: r.reading.evidence,
  });
  return {
    ok: true,
    listing: {
      venue: 'kalshi',
      listing: event.eventTicker,
      league,
      sides,
      start,
      outcomes: [
        outcome(teamMarkets[0] as (typeof readings)[number], 0),
        outcome(teamMarkets[1] as (typeof readings)[number], 1),
        ...drawMarkets.map((r) => outcome(r, 'draw')),
      ],
      simulated: ctx.simulated,
    },
  };
}
