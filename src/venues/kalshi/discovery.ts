/**
 * Discovery of Kalshi game-winner markets (venues.md §2.10): for each league's game series,
 * `GET /events?series_ticker=…&status=open&with_nested_markets=true` with cursor pagination,
 * each event read as one game with one binary market per team (plus `-TIE` in soccer). Matching
 * to the feed's games, with the rules read, is src/venues/matching (kalshiListingOf): this
 * reading takes the first team code as the away team, which soccer tickers do not follow.
 *
 * The event ticker is `{SERIES}-{YY}{MON}{DD}[HHMM]{AWAY}{HOME}`; team codes are 2–4+ letters, so
 * the pair is split with the market tickers' suffixes (`{EVENT}-{TEAM}`), never by length.
 */
import { z } from 'zod';
import type { Sport } from '../../core/instruments.js';
import type { KalshiLeague } from './config.js';
import { describeKalshiParseError, type KalshiParseError, type KalshiResult } from './errors.js';
import { type KalshiFeeOverride, parseKalshiFeeOverride } from './fees.js';
import { describeKalshiError, type KalshiHttp } from './http.js';
import { runSchema, tickerField, withFieldPrefix } from './parse-fields.js';
import { type KalshiMarket, parseKalshiMarket } from './parse-market.js';
import { type KalshiPage, parseItems } from './parse-page.js';

/** Game-winner series per league (venues.md §2.10). Soccer spans several competitions. */
export const KALSHI_GAME_SERIES: Readonly<Record<Exclude<KalshiLeague, 'tennis'>, readonly string[]>> = {
  nfl: ['KXNFLGAME'],
  nba: ['KXNBAGAME'],
  nhl: ['KXNHLGAME'],
  mlb: ['KXMLBGAME'],
  ncaaf: ['KXNCAAFGAME'],
  ncaamb: ['KXNCAAMBGAME'],
  mls: ['KXMLSGAME'],
  soccer: [
    'KXEPLGAME',
    'KXUCLGAME',
    'KXLALIGAGAME',
    'KXBUNDESLIGAGAME',
    'KXSERIEAGAME',
    'KXLIGUE1GAME',
    'KXUELGAME',
    'KXEFLCHAMPIONSHIPGAME',
  ],
};

export const KALSHI_LEAGUE_SPORT: Readonly<Record<keyof typeof KALSHI_GAME_SERIES, Sport>> = {
  nfl: 'nfl',
  nba: 'nba',
  nhl: 'nhl',
  mlb: 'mlb',
  ncaaf: 'ncaaf',
  ncaamb: 'ncaamb',
  mls: 'soccer',
  soccer: 'soccer',
};

export interface KalshiEvent {
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly title: string | null;
  /** e.g. "TB vs DAL (Oct 8)". */
  readonly subTitle: string | null;
  /** `product_metadata.competition`, e.g. "Pro Football"; `competition_scope` e.g. "Game". */
  readonly competition: string | null;
  readonly competitionScope: string | null;
  readonly mutuallyExclusive: boolean | null;
  /** The event's fee overrides, which win over its series' terms. */
  readonly feeOverride: KalshiFeeOverride;
  readonly markets: readonly KalshiMarket[];
}

const eventSchema = z.object({
  event_ticker: tickerField,
  series_ticker: tickerField,
  title: z.string().nullish(),
  sub_title: z.string().nullish(),
  product_metadata: z
    .object({ competition: z.string().nullish(), competition_scope: z.string().nullish() })
    .loose()
    .nullish(),
  mutually_exclusive: z.boolean().nullish(),
  markets: z.array(z.unknown()).nullish(),
});

/** One event object; a nested market that does not parse fails the event, naming the market. */
export function parseKalshiEvent(input: unknown): KalshiResult<KalshiEvent> {
  const head = runSchema(eventSchema, input, 'event');
  if (!head.ok) return head;
  const override = parseKalshiFeeOverride(input);
  if (!override.ok) return override;
  const markets: KalshiMarket[] = [];
  const raw = head.value.markets ?? [];
  for (let i = 0; i < raw.length; i++) {
    const m = withFieldPrefix(parseKalshiMarket(raw[i]), `markets[${i}]`);
    if (!m.ok) return m;
    markets.push(m.value);
  }
  return {
    ok: true,
    value: {
      eventTicker: head.value.event_ticker,
      seriesTicker: head.value.series_ticker,
      title: head.value.title ?? null,
      subTitle: head.value.sub_title ?? null,
      competition: head.value.product_metadata?.competition ?? null,
      competitionScope: head.value.product_metadata?.competition_scope ?? null,
      mutuallyExclusive: head.value.mutually_exclusive ?? null,
      feeOverride: override.value,
      markets,
    },
  };
}

/** `GET /events`: `{ "events": [ … ], "cursor": "…" }`. */
export function parseKalshiEventsPage(input: unknown): KalshiResult<KalshiPage<KalshiEvent>> {
  return parseItems({ input, key: 'events', payload: 'events', parseItem: parseKalshiEvent });
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const EVENT_TAIL = /^(\d{2})([A-Z]{3})(\d{2})(\d{4})?([A-Z0-9]+)$/;

export interface KalshiGameTicker {
  /** The game's day in US Eastern time, YYYY-MM-DD. */
  readonly dateEt: string;
  /** Eastern start time HHMM when the ticker carries one (MLB, some NHL). */
  readonly startEt: string | null;
  readonly awayCode: string;
  readonly homeCode: string;
}

/**
 * Reads `{SERIES}-{YY}{MON}{DD}[HHMM]{AWAY}{HOME}` with the team codes the markets name.
 * Returns a sentence saying what is wrong when it cannot be read unambiguously.
 */
export function parseKalshiGameTicker(opts: {
  eventTicker: string;
  seriesTicker: string;
  teamCodes: readonly string[];
}): KalshiGameTicker | string {
  const { eventTicker, seriesTicker } = opts;
  if (!eventTicker.startsWith(`${seriesTicker}-`))
    return `event ticker ${eventTicker} does not start with its series ${seriesTicker}`;
  const tail = eventTicker.slice(seriesTicker.length + 1);
  const m = EVENT_TAIL.exec(tail);
  if (!m) return `event ticker ${eventTicker} is not {series}-{YY}{MON}{DD}[HHMM]{AWAY}{HOME}`;
  const [, yy, mon, dd, hhmm, teams] = m as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const month = MONTHS.indexOf(mon);
  if (month < 0) return `event ticker ${eventTicker} has an unknown month ${mon}`;
  const splits: [string, string][] = [];
  for (const away of opts.teamCodes) {
    if (!teams.startsWith(away)) continue;
    const home = teams.slice(away.length);
    if (home !== away && opts.teamCodes.includes(home)) splits.push([away, home]);
  }
  // Without HHMM, digits at the front of the tail could belong to a team code: the regex took
  // them as a time only when there are four, which a team code of digits alone never is.
  if (splits.length !== 1)
    return `event ticker ${eventTicker}: cannot split ${teams} into two of the market teams ${opts.teamCodes.join(',') || '(none)'}`;
  const [awayCode, homeCode] = splits[0] as [string, string];
  return {
    dateEt: `20${yy}-${String(month + 1).padStart(2, '0')}-${dd}`,
    startEt: hhmm ?? null,
    awayCode,
    homeCode,
  };
}

/** A game-winner event read as one game. */
export interface KalshiGameListing extends KalshiGameTicker {
  readonly league: keyof typeof KALSHI_GAME_SERIES;
  readonly sport: Sport;
  readonly eventTicker: string;
  readonly seriesTicker: string;
  /** YES pays if the home team wins. */
  readonly homeMarket: KalshiMarket;
  readonly awayMarket: KalshiMarket;
  /** Soccer's draw market; null where the sport has none. */
  readonly tieMarket: KalshiMarket | null;
}

/** Why an event was not read as a game, for the caller to count and log. */
export interface KalshiDiscoveryIssue {
  readonly eventTicker: string | null;
  readonly message: string;
}

/** One event to a listing, or the reason it is not a two-team game market. */
export function kalshiGameListing(
  event: KalshiEvent,
  league: keyof typeof KALSHI_GAME_SERIES,
): KalshiGameListing | string {
  const byTeam = new Map<string, KalshiMarket>();
  let tie: KalshiMarket | null = null;
  for (const market of event.markets) {
    const prefix = `${event.eventTicker}-`;
    if (!market.ticker.startsWith(prefix))
      return `market ${market.ticker} is not named {event}-{team} under ${event.eventTicker}`;
    const team = market.ticker.slice(prefix.length);
    if (team === 'TIE') tie = market;
    else byTeam.set(team, market);
  }
  const ticker = parseKalshiGameTicker({
    eventTicker: event.eventTicker,
    seriesTicker: event.seriesTicker,
    teamCodes: [...byTeam.keys()],
  });
  if (typeof ticker === 'string') return ticker;
  return {
    ...ticker,
    league,
    sport: KALSHI_LEAGUE_SPORT[league],
    eventTicker: event.eventTicker,
    seriesTicker: event.seriesTicker,
    homeMarket: byTeam.get(ticker.homeCode) as KalshiMarket,
    awayMarket: byTeam.get(ticker.awayCode) as KalshiMarket,
    tieMarket: tie,
  };
}

export interface KalshiDiscoveryResult {
  readonly games: readonly KalshiGameListing[];
  readonly issues: readonly KalshiDiscoveryIssue[];
}

/** Thrown when the venue cannot be asked at all; per-event problems are issues instead. */
export class KalshiDiscoveryError extends Error {
  override readonly name = 'KalshiDiscoveryError';
}

/** Every open game of the leagues asked, page by page; a malformed event is an issue, not a stop. */
export async function discoverKalshiGames(opts: {
  readonly http: KalshiHttp;
  readonly leagues: readonly (keyof typeof KALSHI_GAME_SERIES)[];
  /** Events per page, at most 200 (venues.md §2.3). */
  readonly pageSize?: number;
  /** A guard against a cursor that never ends. */
  readonly maxPages?: number;
}): Promise<KalshiDiscoveryResult> {
  const games: KalshiGameListing[] = [];
  const issues: KalshiDiscoveryIssue[] = [];
  const note = (e: KalshiParseError) =>
    issues.push({ eventTicker: null, message: describeKalshiParseError(e) });
  for (const league of opts.leagues) {
    for (const series of KALSHI_GAME_SERIES[league]) {
      let cursor: string | null = null;
      for (let pageNo = 0; pageNo < (opts.maxPages ?? 50); pageNo++) {
        const outcome = await opts.http.request({
          method: 'GET',
          path: '/events',
          query: {
            series_ticker: series,
            status: 'open',
            with_nested_markets: 'true',
            limit: String(Math.min(opts.pageSize ?? 200, 200)),
            cursor: cursor ?? undefined,
          },
        });
        if (outcome.kind !== 'ok') {
          const why =
            outcome.kind === 'http_error' ? describeKalshiError(outcome.status, outcome.body) : outcome.kind;
          throw new KalshiDiscoveryError(`GET /events?series_ticker=${series} failed: ${why}`);
        }
        const page = parseKalshiEventsPage(outcome.body);
        if (!page.ok) {
          note(page.error);
          break;
        }
        page.value.errors.forEach(note);
        for (const event of page.value.items) {
          const listing = kalshiGameListing(event, league);
          if (typeof listing === 'string') issues.push({ eventTicker: event.eventTicker, message: listing });
          else games.push(listing);
        }
        cursor = page.value.cursor;
        if (!cursor) break;
      }
    }
  }
  return { games, issues };
}
