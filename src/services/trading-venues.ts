/**
 * Where a paper or live run's orders go. Paper: a paper venue per enabled venue, matching against
 * the books the gateways bring (after a modelled latency and the venue's taker delay), its account
 * kept in the store so the run started again under its id continues it. Live: the Kalshi,
 * Polymarket and Polymarket US adapters over the endpoints, with the credentials of each venue;
 * Polymarket's geoblock asked first and a blocked region refused, never worked around (Polymarket
 * US is the venue for US persons and has no geoblock to ask).
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
import type { PmusSigningKey } from '../venues/polymarket-us/auth.js';
import { PolymarketUsVenueClient } from '../venues/polymarket-us/client.js';
import { PMUS_ORDER_SUBSCRIPTION, PMUS_PRIVATE_PATH, PmusMarketWs } from '../venues/polymarket-us/ws.js';
import type { VenueClient } from '../venues/port.js';
import type { Logger } from './logger.js';
import { openPaperVenues } from './paper-venues.js';
import {
  kalshiHttp,
  pmusHttp,
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
  /** Polymarket US's API key (live: needed to trade it). */
  readonly pmusKey?: PmusSigningKey | null;
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
  /**
   * Live: follow Polymarket US's private order channel (default true), so fills of resting
   * orders arrive as they happen. A replay leaves it off: its frames would come at wall-clock
   * moments the replay's barrier does not wait for; immediate-or-cancel orders' fills come in
   * the create's answer anyway, and later ones from the activity feed.
   */
  readonly pmusPrivateChannel?: boolean;
}

export async function openTradingVenues(opts: TradingVenuesOptions): Promise<TradingVenues> {
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
  if (endpoints.polymarketUs) venues.push('polymarket-us');
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
    latencyMs: {
      kalshi: config.PAPER_LATENCY_KALSHI_MS,
      polymarket: config.PAPER_LATENCY_POLYMARKET_MS,
      'polymarket-us': config.PAPER_LATENCY_POLYMARKET_US_MS,
    },
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
  const pmus = endpoints.polymarketUs ? openPolymarketUs(opts) : null;
  if (pmus) clients.set('polymarket-us', pmus.client);
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
      pmus?.privateWs?.close();
    },
  };
}

/**
 * Polymarket US's adapter: orders and the account over its signed REST API, and (unless told
 * not to) its private order channel feeding the client every execution of our orders.
 */
function openPolymarketUs(opts: TradingVenuesOptions): {
  readonly client: PolymarketUsVenueClient;
  readonly privateWs: PmusMarketWs | null;
} {
  const endpoints = opts.endpoints.polymarketUs;
  if (!endpoints) throw new Error('openPolymarketUs without Polymarket US endpoints');
  const key = opts.pmusKey ?? null;
  if (!key)
    throw new VenueAccessError(
      'Polymarket US: POLYMARKET_US_KEY_ID and POLYMARKET_US_SECRET_KEY are needed to trade',
    );
  const client = new PolymarketUsVenueClient({
    http: pmusHttp({ endpoints, key, ...(opts.unlimitedRates ? { unlimitedRates: true } : {}) }),
    live: endpoints.real,
    // Its record of a create is compared with the venue's order times: the run's clock.
    now: () => opts.clock.now(),
  });
  const privateWs =
    (opts.pmusPrivateChannel ?? true)
      ? new PmusMarketWs({
          origin: endpoints.ws,
          key,
          slugs: [],
          path: PMUS_PRIVATE_PATH,
          subscriptions: [PMUS_ORDER_SUBSCRIPTION],
          // Heartbeats and the snapshot carry no execution; an unreadable one is counted by the client.
          onText: (text) => void client.onPrivateText(text),
          onConnectionEvent: (event) =>
            event.kind === 'open'
              ? opts.log.info('polymarket-us private channel connected', { detail: event.detail })
              : opts.log.warn(`polymarket-us private channel ${event.kind}`, { detail: event.detail }),
        })
      : null;
  return { client, privateWs };
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
