/**
 * Market discovery: follows the feed's games (`games`), asks Kalshi and Gamma for the leagues'
 * open game listings soon after a new game appears and every interval after, matches them
 * (src/venues/matching), and publishes MarketMapped (with its evidence) once per instrument and
 * MarketClosed when a mapped listing closes, disappears, stops being understood, or its game
 * ends. A composition: the rules are in the matcher.
 *
 * An endpoint that does not answer is counted, logged by name and asked again on the next run;
 * what it listed before stays mapped meanwhile (a venue being down is not a market closing).
 * Polymarket instruments carry their live taker delay, read from the CLOB once per market; a
 * market whose delay cannot be read is left unmapped until it can (market-discovery-read.ts).
 * Event ids derive from the instrument id (and how many times it was mapped), so a replay run
 * twice publishes the same events.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { ArbeesEvent, GameScheduled } from '../core/events.js';
import { asEventId, type GameId, type InstrumentId } from '../core/ids.js';
import type { Scheduler } from '../core/scheduler.js';
import type { KalshiHttp } from '../venues/kalshi/http.js';
import {
  type FeedGame,
  feedGameOf,
  LEAGUE_VENUES,
  type MappedInstrument,
  type MatchOptions,
  matchListings,
  type UnmappedListing,
} from '../venues/matching/index.js';
import type { PmusHttp } from '../venues/polymarket-us/http.js';
import type { LeagueId } from '../venues/teams/index.js';
import type { Logger } from './logger.js';
import { DiscoveryReader, type DiscoveryVenue, type GammaVenue } from './market-discovery-read.js';
import {
  buildReport,
  type DiscoveryCounters,
  type DiscoveryReport,
  emptyCounters,
} from './market-discovery-report.js';

export type { DiscoveryVenue, GammaVenue } from './market-discovery-read.js';
export type { DiscoveryCounters, DiscoveryReport, GameReport } from './market-discovery-report.js';

export interface MarketDiscoveryOptions {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly kalshi: DiscoveryVenue<KalshiHttp> | null;
  /** Gamma for the listings, and the CLOB for each mapped market's taker delay. */
  readonly gamma: GammaVenue | null;
  /** Polymarket US's public gateway; absent or null: not read. */
  readonly polymarketUs?: DiscoveryVenue<PmusHttp> | null;
  /** The leagues to list markets for; games of other leagues are ignored. */
  readonly leagues: readonly LeagueId[];
  readonly log: Logger;
  /** How often the venues are asked again while games are followed, ms. */
  readonly intervalMs: number;
  /** How soon after a new game the first run starts, ms (default 1 s: games announced together share it). */
  readonly firstRunDelayMs?: number;
  /**
   * How long before its start a game is looked for on the venues, ms (default 7 days: Kalshi
   * opened its NFL market 10 days ahead). Until then no run is made for it, so a replay spanning
   * seasons does not ask the venues through the off-season.
   */
  readonly lookaheadMs?: number;
  /** A game not final this long after its start is no longer followed, ms (default 24 h). */
  readonly maxGameAgeMs?: number;
  readonly match?: MatchOptions;
  /** Consumer group and name on `games`. */
  readonly group?: string;
  readonly consumer?: string;
}

export interface MarketDiscovery {
  /** One run now: ask, match, publish. Runs never overlap; one asked for during a run follows it. */
  runNow(): Promise<void>;
  /** The latest run's report. */
  report(): DiscoveryReport;
  counters(): Readonly<DiscoveryCounters>;
  /** The instruments mapped now, with their evidence. */
  mapped(): readonly MappedInstrument[];
  /** Resolves once its consumer group on `games` exists (announcements from then on reach it). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

interface Published {
  readonly mapping: MappedInstrument;
  /** The instrument as published, to see whether a later run maps it differently. */
  readonly key: string;
}

export function startMarketDiscovery(opts: MarketDiscoveryOptions): MarketDiscovery {
  const { bus, clock, scheduler, log } = opts;
  const leagues = new Set(opts.leagues);
  const games = new Map<GameId, FeedGame>();
  const feedProblems = new Map<GameId, string>();
  const published = new Map<InstrumentId, Published>();
  /** How many times each instrument was mapped: the generation in its event ids. */
  const generations = new Map<InstrumentId, number>();
  let lastReason = new Map<string, string>();
  const counters = emptyCounters();
  let report: DiscoveryReport = { ranAt: null, games: [], unmatched: [], feedProblems: [] };
  let plannedAt: number | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const publish = (event: ArbeesEvent) => bus.publish(event).then(() => undefined);

  function plan(ts: number): void {
    if (stopped || (plannedAt !== null && plannedAt <= ts)) return;
    plannedAt = ts;
    scheduler.at(ts, async () => {
      // A later plan replaced this one, or it already ran.
      if (plannedAt !== ts) return;
      plannedAt = null;
      await runNow();
    });
  }

  const reader = new DiscoveryReader({
    venues: { kalshi: opts.kalshi, gamma: opts.gamma, polymarketUs: opts.polymarketUs ?? null },
    onEndpointFailure(endpoint, problem) {
      counters.endpointFailures[endpoint] = (counters.endpointFailures[endpoint] ?? 0) + 1;
      log.warn('market discovery: endpoint failed, retried on the next run', { endpoint, problem });
    },
  });

  function noteUnmapped(unmapped: readonly UnmappedListing[]): void {
    counters.unmappedByReason = {};
    const seen = new Map<string, string>();
    for (const u of unmapped) {
      counters.unmappedByReason[u.reason.kind] = (counters.unmappedByReason[u.reason.kind] ?? 0) + 1;
      const key = `${u.venue}|${u.listing}`;
      seen.set(key, u.message);
      // Logged when a listing's reason changes, not on every run.
      if (lastReason.get(key) === u.message) continue;
      log.info('market discovery: listing not mapped', {
        venue: u.venue,
        listing: u.listing,
        reason: u.message,
      });
    }
    // Only this run's listings are remembered, so the map does not grow over a long session.
    lastReason = seen;
  }

  async function close(instrumentId: InstrumentId, why: string): Promise<void> {
    published.delete(instrumentId);
    counters.published.closed += 1;
    log.info('market discovery: market closed', { instrumentId, why });
    await publish({
      type: 'MarketClosed',
      id: asEventId(`market-closed:${instrumentId}:${generations.get(instrumentId) ?? 1}`),
      ts: clock.now(),
      instrumentId,
    });
  }

  const lookaheadMs = opts.lookaheadMs ?? 7 * 24 * 3_600_000;
  const maxGameAgeMs = opts.maxGameAgeMs ?? 24 * 3_600_000;

  /**
   * The games to look for now: within the lookahead of their start. A game long past its start
   * without a GameFinal is no longer followed, and its markets are closed as at a final.
   */
  async function dueGames(): Promise<FeedGame[]> {
    const now = clock.now();
    for (const [id, g] of [...games])
      if (now - g.startTs > maxGameAgeMs) {
        log.warn('market discovery: game not final long after its start, no longer followed', { gameId: id });
        await onFinal(id);
      }
    return [...games.values()].filter((g) => g.startTs - lookaheadMs <= now);
  }

  /** The next run: soon while games are due, else when the next game comes within the lookahead. */
  function planNext(): void {
    if (games.size === 0) return;
    const now = clock.now();
    const firstDue = Math.min(...[...games.values()].map((g) => g.startTs - lookaheadMs));
    plan(firstDue <= now ? now + opts.intervalMs : firstDue);
  }

  async function runOnce(): Promise<void> {
    const followed = await dueGames();
    const active = [...new Set(followed.map((g) => g.league))].sort();
    if (active.length === 0) return;
    counters.runs += 1;
    const read = await reader.read(active);
    counters.listingsRead.kalshi += read.counts.kalshi;
    counters.listingsRead.polymarket += read.counts.polymarket;
    const usRead = read.counts['polymarket-us'];
    if (usRead !== undefined)
      counters.listingsRead['polymarket-us'] = (counters.listingsRead['polymarket-us'] ?? 0) + usRead;
    const result = await reader.withTakerDelays(
      matchListings({ games: followed, listings: read.listings, options: opts.match }),
      read.listings,
    );
    noteUnmapped(result.unmapped);
    const now = new Map(result.mapped.map((m) => [m.instrument.instrumentId, m]));
    // Closed first: an instrument mapped differently now is closed, then mapped again.
    for (const [id, p] of [...published]) {
      const m = now.get(id);
      if (m && JSON.stringify(m.instrument) === p.key) continue;
      const { venue } = p.mapping.instrument;
      const venueAnswered =
        venue === 'kalshi'
          ? read.kalshiAnswered.has(LEAGUE_VENUES[p.mapping.evidence.league as LeagueId].kalshiSeries)
          : venue === 'polymarket-us'
            ? read.polymarketUsAnswered
            : read.gammaAnswered;
      // Not listed by a venue that did not answer: not known to be closed.
      if (!m && !venueAnswered) continue;
      await close(
        id,
        m
          ? `mapped differently (${changedFields(p.mapping.instrument, m.instrument).join(', ')})`
          : 'no longer listed, or no longer understood',
      );
    }
    for (const [id, m] of now) {
      if (published.has(id)) continue;
      const generation = (generations.get(id) ?? 0) + 1;
      generations.set(id, generation);
      published.set(id, { mapping: m, key: JSON.stringify(m.instrument) });
      counters.published.mapped += 1;
      await publish({
        type: 'MarketMapped',
        id: asEventId(generation === 1 ? `market-mapped:${id}` : `market-mapped:${id}:${generation}`),
        ts: clock.now(),
        instrument: m.instrument,
        evidence: m.evidence,
      });
    }
    counters.mapped = published.size;
    report = buildReport({
      ranAt: clock.now(),
      // Every followed game, those not yet within the lookahead with nothing mapped.
      games: [...games.values()],
      mapped: [...published.values()].map((p) => p.mapping),
      unmapped: result.unmapped,
      feedProblems: [...feedProblems].map(([gameId, problem]) => ({ gameId, problem })),
    });
    const summary = {
      games: followed.length,
      listings: read.listings.length,
      mapped: published.size,
      unmapped: result.unmapped.length,
    };
    // Told at info when something changed; a run like the last one is only worth debug.
    const summaryKey = JSON.stringify(summary);
    if (summaryKey === lastSummary) log.debug('market discovery: run', summary);
    else log.info('market discovery: run', summary);
    lastSummary = summaryKey;
  }

  let lastSummary = '';

  async function runNow(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await runOnce();
        } catch (error) {
          counters.runFailures += 1;
          log.error('market discovery: run failed', {
            error: error instanceof Error ? error.message : String(error),
          });
        }
      } while (again && !stopped);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
    planNext();
  }

  async function onScheduled(event: GameScheduled): Promise<void> {
    // A league not followed is not this service's business (and may be one the tables lack).
    if (event.league !== undefined && !leagues.has(event.league as LeagueId)) return;
    // Announced again with the same start: nothing new. A new start (a rescheduled game) replaces it.
    if (games.get(event.gameId)?.startTs === event.startTs) return;
    const r = feedGameOf(event);
    if (!r.ok) {
      if (!feedProblems.has(event.gameId)) {
        feedProblems.set(event.gameId, r.problem);
        counters.feedGamesRejected += 1;
        log.warn('market discovery: feed game cannot be matched', {
          gameId: event.gameId,
          problem: r.problem,
        });
      }
      return;
    }
    if (!leagues.has(r.game.league)) return;
    games.set(r.game.gameId, r.game);
    const due = r.game.startTs - lookaheadMs;
    plan(Math.max(due, clock.now() + (opts.firstRunDelayMs ?? 1_000)));
  }

  async function onFinal(gameId: GameId): Promise<void> {
    if (!games.delete(gameId)) return;
    for (const [id, p] of [...published])
      if (p.mapping.instrument.gameId === gameId) await close(id, 'game final');
    counters.mapped = published.size;
  }

  const sub: Subscription & { ready?: Promise<void> } = bus.subscribe({
    group: opts.group ?? 'market-discovery',
    consumer: opts.consumer ?? 'market-discovery-1',
    topics: ['games'],
    handler: async (event) => {
      if (event.type === 'GameScheduled') await onScheduled(event);
      else if (event.type === 'GameFinal') await onFinal(event.gameId);
    },
  });

  return {
    runNow,
    report: () => report,
    counters: () => counters,
    mapped: () => [...published.values()].map((p) => p.mapping),
    ready: sub.ready ?? Promise.resolve(),
    async stop() {
      stopped = true;
      plannedAt = null;
      await sub.close();
      await running;
    },
  };
}

/** The instrument's fields whose value differs between two mappings. */
function changedFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}
