/**
 * What market discovery tells an operator: per feed game, the instruments mapped on each venue
 * with their terms, and every listing left unmapped with its reason; and the counters of its runs.
 * Built from one run's match result. Pure.
 */
import type { GameId, InstrumentId } from '../core/ids.js';
import type { FeeSchedule, OutcomeKind, SettlementTerms } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import type { FeedGame, MappedInstrument, UnmappedKind, UnmappedListing } from '../venues/matching/index.js';
import type { LeagueId } from '../venues/teams/index.js';

export interface ReportedInstrument {
  readonly instrumentId: InstrumentId;
  readonly symbol: string;
  readonly outcome: OutcomeKind;
  readonly listing: string;
  readonly settlement: SettlementTerms;
  readonly fees: FeeSchedule;
  readonly tickSize: Micros;
  /** Polymarket: the live taker delay read from the CLOB, ms. */
  readonly takerDelayMs?: number;
}

export interface GameReport {
  readonly gameId: GameId;
  readonly league: LeagueId;
  readonly home: string;
  readonly away: string;
  readonly startTs: number;
  readonly neutralSite: boolean;
  readonly kalshi: readonly ReportedInstrument[];
  readonly polymarket: readonly ReportedInstrument[];
  /** Polymarket US's, present only when it mapped any (the venue may be off). */
  readonly 'polymarket-us'?: readonly ReportedInstrument[];
  /** Listings refused for a reason that names this game (time differs, two candidates…). */
  readonly unmapped: readonly UnmappedListing[];
}

export interface DiscoveryReport {
  /** When the run that made it finished, epoch ms; null before the first run. */
  readonly ranAt: number | null;
  readonly games: readonly GameReport[];
  /** Listings refused without naming a game of the feed (unknown team, no feed game, rules…). */
  readonly unmatched: readonly UnmappedListing[];
  /** Feed games that cannot be matched at all (league unknown…), with why. */
  readonly feedProblems: readonly { readonly gameId: GameId; readonly problem: string }[];
}

export interface DiscoveryCounters {
  runs: number;
  /** Runs that threw (a bug): logged, counted, the next run goes ahead. */
  runFailures: number;
  /** Listings read, per venue, over all runs. */
  listingsRead: { kalshi: number; polymarket: number; 'polymarket-us'?: number };
  /** Instruments mapped now (published and not closed). */
  mapped: number;
  /** MarketMapped and MarketClosed events published, over all runs. */
  published: { mapped: number; closed: number };
  /** Listings unmapped in the latest run, by reason. */
  unmappedByReason: Partial<Record<UnmappedKind, number>>;
  /** Endpoint failures by endpoint name, over all runs (e.g. `kalshi GET /events?series_ticker=KXNFLGAME`). */
  endpointFailures: Record<string, number>;
  /** Feed games that could not be matched at all. */
  feedGamesRejected: number;
}

export function emptyCounters(): DiscoveryCounters {
  return {
    runs: 0,
    runFailures: 0,
    listingsRead: { kalshi: 0, polymarket: 0 },
    mapped: 0,
    published: { mapped: 0, closed: 0 },
    unmappedByReason: {},
    endpointFailures: {},
    feedGamesRejected: 0,
  };
}

/** The gameId a reason names, when it names one. */
function gameOfReason(u: UnmappedListing): GameId | null {
  const r = u.reason;
  if (r.kind === 'start_time_differs' || r.kind === 'duplicate_listing' || r.kind === 'taker_delay_unknown')
    return r.gameId;
  if (r.kind === 'two_candidate_games') return r.gameIds[0] ?? null;
  return null;
}

export function buildReport(opts: {
  readonly ranAt: number;
  readonly games: readonly FeedGame[];
  readonly mapped: readonly MappedInstrument[];
  readonly unmapped: readonly UnmappedListing[];
  readonly feedProblems: DiscoveryReport['feedProblems'];
}): DiscoveryReport {
  const reported = (m: MappedInstrument): ReportedInstrument => ({
    instrumentId: m.instrument.instrumentId,
    symbol: m.instrument.symbol,
    outcome: m.instrument.outcome,
    listing: m.evidence.listing,
    settlement: m.instrument.settlement,
    fees: m.instrument.fees,
    tickSize: m.instrument.tickSize,
    ...(m.instrument.takerDelayMs === undefined ? {} : { takerDelayMs: m.instrument.takerDelayMs }),
  });
  const unmatched: UnmappedListing[] = [];
  const byGame = new Map<GameId, UnmappedListing[]>();
  for (const u of opts.unmapped) {
    const gameId = gameOfReason(u);
    if (gameId && opts.games.some((g) => g.gameId === gameId))
      byGame.set(gameId, [...(byGame.get(gameId) ?? []), u]);
    else unmatched.push(u);
  }
  const games = [...opts.games]
    .sort((a, b) => a.startTs - b.startTs || (a.gameId < b.gameId ? -1 : 1))
    .map((g) => {
      const mine = opts.mapped.filter((m) => m.instrument.gameId === g.gameId);
      const us = mine.filter((m) => m.instrument.venue === 'polymarket-us').map(reported);
      return {
        gameId: g.gameId,
        league: g.league,
        home: g.home.abbreviation,
        away: g.away.abbreviation,
        startTs: g.startTs,
        neutralSite: g.neutralSite,
        kalshi: mine.filter((m) => m.instrument.venue === 'kalshi').map(reported),
        polymarket: mine.filter((m) => m.instrument.venue === 'polymarket').map(reported),
        ...(us.length > 0 ? { 'polymarket-us': us } : {}),
        unmapped: byGame.get(g.gameId) ?? [],
      };
    });
  return { ranAt: opts.ranAt, games, unmatched, feedProblems: opts.feedProblems };
}
