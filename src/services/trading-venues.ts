/**
 * Where a paper or live run's orders go. Paper: a paper venue per enabled venue, matching against
 * the books the gateways bring (after a modelled latency and the venue's taker delay), its account
 * kept in the store so the run started again under its id continues it. Live: the Kalshi and
 * Polymarket adapters over the endpoints, with the credentials of each venue; Polymarket's
 * geoblock asked first and a blocked region refused, never worked around.
 */
import type { Endpoints } from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { EventIdSequence, type RunId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import type { Scheduler } from '../core/scheduler.js';
import type { Store } from '../store/port.js';
import type { KalshiSigningKey } from '../venues/kalshi/auth.js';
import { KalshiVenueClient } from '../venues/kalshi/client.js';
import type { PaperVenue } from '../venues/paper/paper-venue.js';
import { connectPolymarket, type PolymarketAdapter } from '../venues/polymarket/connect.js';
import { POLYMARKET_LIMITS } from '../venues/polymarket/http.js';
import type { VenueClient } from '../venues/port.js';
import type { Logger } from './logger.js';
import { openPaperVenues } from './paper-venues.js';
import {
  kalshiHttp,
  polymarketSettings,
  UNLIMITED_KALSHI_TIER,
  unlimitedPolymarketLimits,
  VenueAccessError,
} from './venue-access.js';

export type TradingMode = 'paper' | 'live';

export interface TradingVenues {
  readonly clients: ReadonlyMap<VenueName, VenueClient>;
  /** The paper venues among them (fed the books from the bus). */
  readonly paper: ReadonlyMap<VenueName, PaperVenue>;
  /** Each venue's cash now: a new run's opening deposits. */
  readonly cash: ReadonlyMap<VenueName, Micros>;
  /** Stops heartbeats and closes sockets. */
  close(): Promise<void>;
}

export interface TradingVenuesOptions {
  readonly mode: TradingMode;
  readonly config: Config;
  readonly endpoints: Endpoints;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  /** Paper latency and taker delays are waited out on it (the run's clock, maybe sped up). */
  readonly scheduler: Scheduler;
  readonly store: Store;
  readonly runId: RunId;
  readonly kalshiKey: KalshiSigningKey | null;
  readonly log: Logger;
  /**
   * Live: keep Polymarket's heartbeats going (default true). A process that only reads the
   * accounts (the position tracker) sends none: heartbeats belong to the one that has orders.
   */
  readonly heartbeats?: boolean;
  /**
   * Live: no client-side rate limits (a replay through the simulated world, on a clock that
   * stands still within a task, sends bursts its simulators take at once).
   */
  readonly unlimitedRates?: boolean;
}

export async function openTradingVenues(opts: TradingVenuesOptions): Promise<TradingVenues> {
  // The adapter, simulator and settings exist; routing its orders, books and discovery through
  // a run does not yet (issue 15). Refused by name rather than left out without a word.
  if (opts.endpoints.polymarketUs)
    throw new VenueAccessError(
      'polymarket-us is not traded by paper or live runs yet (its adapter and simulator exist: `arbees sim polymarket-us`, `arbees doctor`); leave it out of ARBEES_VENUES',
    );
  return opts.mode === 'paper' ? openPaper(opts) : openLive(opts);
}

/** Waits `ms` of the run's clock. */
export function sleepOn(scheduler: Scheduler, clock: Clock): (ms: number) => Promise<void> {
  return (ms) => new Promise((resolve) => scheduler.at(clock.now() + ms, () => resolve()));
}

function enabledVenues(endpoints: Endpoints): VenueName[] {
  const venues: VenueName[] = [];
  if (endpoints.kalshi) venues.push('kalshi');
  if (endpoints.polymarket) venues.push('polymarket');
  return venues;
}

/**
 * Each paper account's opening cash: the bankroll split evenly between the venues traded (the
 * first takes the odd micro-dollars). An account kept in the store keeps its own.
 */
export function paperOpeningCash(
  config: Config,
  endpoints: Endpoints,
): { readonly venue: VenueName; readonly startingBalance: Micros }[] {
  const venues = enabledVenues(endpoints);
  const share = Math.floor(config.ARBEES_BANKROLL / Math.max(1, venues.length));
  return venues.map((venue, i) => ({
    venue,
    startingBalance: (i === 0 ? config.ARBEES_BANKROLL - share * (venues.length - 1) : share) as Micros,
  }));
}

async function openPaper(opts: TradingVenuesOptions): Promise<TradingVenues> {
  const { config } = opts;
  const accounts = paperOpeningCash(config, opts.endpoints);
  const paper = await openPaperVenues({
    clock: opts.clock,
    accounts,
    latencyMs: { kalshi: config.PAPER_LATENCY_KALSHI_MS, polymarket: config.PAPER_LATENCY_POLYMARKET_MS },
    sleep: sleepOn(opts.scheduler, opts.clock),
    persist: { store: opts.store, runId: opts.runId },
    log: opts.log,
  });
  const cash = new Map<VenueName, Micros>();
  for (const [venue, p] of paper) cash.set(venue, await p.balance());
  return { clients: new Map<VenueName, VenueClient>(paper), paper, cash, close: async () => {} };
}

async function openLive(opts: TradingVenuesOptions): Promise<TradingVenues> {
  const { endpoints } = opts;
  const clients = new Map<VenueName, VenueClient>();
  const cash = new Map<VenueName, Micros>();
  let polymarket: PolymarketAdapter | null = null;
  if (endpoints.kalshi) {
    if (!opts.kalshiKey)
      throw new VenueAccessError('Kalshi: KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH are needed to trade');
    const client = new KalshiVenueClient({
      http: kalshiHttp({
        endpoints: endpoints.kalshi,
        key: opts.kalshiKey,
        ...(opts.unlimitedRates ? { tier: UNLIMITED_KALSHI_TIER } : {}),
      }),
      live: endpoints.kalshi.real,
    });
    clients.set('kalshi', client);
  }
  if (endpoints.polymarket) {
    const blocked = await askGeoblock(endpoints.polymarket.geoblock);
    if (blocked.blocked)
      throw new VenueAccessError(
        `Polymarket blocks orders from ${blocked.where}: Arbees does not trade Polymarket from here (ARBEES_VENUES=kalshi trades Kalshi alone)`,
      );
    const ids = new EventIdSequence(`${opts.runId}-polymarket-exec`);
    polymarket = await connectPolymarket({
      config: polymarketSettings(endpoints.polymarket, opts.env),
      env: opts.env,
      clock: opts.clock,
      nextId: () => ids.next(),
      sink: () => {},
      live: endpoints.polymarket.real,
      // Rate limits and request signatures are real time, whatever the run's clock.
      http: {
        now: Date.now,
        ...(opts.unlimitedRates
          ? {
              limits: unlimitedPolymarketLimits(POLYMARKET_LIMITS),
            }
          : {}),
      },
      // An order an earlier process of this run sent is found again from its stored intent.
      client: { intentOf: async (id) => (await opts.store.getOrder(opts.runId, id))?.intent ?? null },
    }).catch((error: unknown) => {
      throw new VenueAccessError(
        `Polymarket ${endpoints.polymarket?.clob}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    // Books come from the gateway; execution keeps only the order channel and the heartbeats,
    // so the venue cancels what rests if this process dies.
    polymarket.marketWs.close();
    if (opts.heartbeats ?? true) polymarket.heartbeat.start();
    clients.set('polymarket', polymarket.client);
  }
  for (const [venue, client] of clients) {
    if (!client.account) continue;
    try {
      cash.set(venue, await client.account.balance());
    } catch (error) {
      throw new VenueAccessError(
        `${venue}: the balance could not be read (${error instanceof Error ? error.message : String(error)}); check the credentials with arbees doctor`,
      );
    }
  }
  return {
    clients,
    paper: new Map(),
    cash,
    close: async () => {
      polymarket?.heartbeat.stop();
      polymarket?.close();
    },
  };
}

export interface GeoblockAnswer {
  readonly blocked: boolean;
  /** Country and region as the venue named them, or "your region". */
  readonly where: string;
}

/** Polymarket's geoblock answer (venues.md §3.10); an unreadable answer is an error, never "not blocked". */
export async function askGeoblock(url: string, timeoutMs = 10_000): Promise<GeoblockAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new VenueAccessError(
      `Polymarket geoblock ${url}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!res.ok) throw new VenueAccessError(`Polymarket geoblock ${url}: HTTP ${res.status}`);
  const body = (await res.json().catch(() => null)) as {
    blocked?: unknown;
    country?: unknown;
    region?: unknown;
  } | null;
  if (typeof body?.blocked !== 'boolean')
    throw new VenueAccessError(`Polymarket geoblock ${url}: no "blocked" answer`);
  const where =
    [body.country, body.region].filter((x) => typeof x === 'string' && x).join('/') || 'your region';
  return { blocked: body.blocked, where };
}
