/**
 * The live pipeline's inputs, the same whichever world the endpoints point at (the real venues
 * and ESPN, or a simulated world): the ESPN poller (games days ahead, then the live cadence),
 * market discovery and matching (MarketMapped with evidence), each venue's market-data gateway
 * (books over its WebSocket on `md`) and settlement watcher (the venue's own resolution). They
 * bring games, markets and books onto the bus for the trading core.
 *
 * On a replay's clock (`barrier` mode) the gateways publish only when `flush` is called, after
 * the world's frames have all been handled: nothing else differs.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Endpoints } from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Scheduler } from '../core/scheduler.js';
import { EspnHttpClient } from '../feeds/espn/client.js';
import type { EspnLeague } from '../feeds/espn/leagues.js';
import { EspnPoller } from '../feeds/espn/poller.js';
import type { HttpGet } from '../feeds/http-get.js';
import type { KalshiSigningKey } from '../venues/kalshi/auth.js';
import { GAMMA_LIMITS } from '../venues/polymarket/http.js';
import type { PmusSigningKey } from '../venues/polymarket-us/auth.js';
import type { GatewayVenue } from './gateways/feed.js';
import {
  createMarketDataGateway,
  type GatewayMode,
  type MarketDataGateway,
} from './gateways/market-data-gateway.js';
import { createSettlementWatcher, type SettlementWatcher } from './gateways/settlement-watcher.js';
import { kalshiParts, polymarketParts, polymarketUsParts, type VenueParts } from './gateways/venue-parts.js';
import type { Logger } from './logger.js';
import { type MarketDiscovery, startMarketDiscovery } from './market-discovery.js';
import {
  clobPublicHttp,
  gammaHttp,
  kalshiHttp,
  pmusHttp,
  UNLIMITED_KALSHI_TIER,
  unlimitedPolymarketLimits,
} from './venue-access.js';

export interface LiveInputsOptions {
  readonly config: Config;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly log: Logger;
  readonly endpoints: Endpoints;
  readonly leagues: readonly EspnLeague[];
  /** Kalshi's key: its WebSocket handshake is signed, so without one Kalshi has no books. */
  readonly kalshiKey: KalshiSigningKey | null;
  /** Polymarket US's key: its markets WebSocket is signed too, so without one it has no books. */
  readonly pmusKey?: PmusSigningKey | null;
  readonly gatewayMode: GatewayMode;
  /** How ESPN is asked (nodeHttpGet for heavy polling). */
  readonly espnGet: HttpGet;
  /** Prefixes the gateways' and watchers' event ids and consumer groups. */
  readonly instanceId: string;
  /** Days of scoreboards read ahead, and how long before its start a game is announced. */
  readonly lookaheadDays: number;
  readonly announceLeadMs: number;
  /** Seeded jitter for a reproducible replay; Math.random live. */
  readonly random?: () => number;
  /** Far above any burst, for a clock that stands still within a replay task. */
  readonly unlimitedRates?: boolean;
  /** Options for the venues' market feeds (a replay turns the periodic REST resync off). */
  readonly feeds?: {
    readonly kalshi?: Parameters<typeof kalshiParts>[0]['feed'];
    readonly polymarket?: Parameters<typeof polymarketParts>[0]['feed'];
    readonly polymarketUs?: Parameters<typeof polymarketUsParts>[0]['feed'];
  };
  /** A replay turns watching close times off: a close two days out would hold its timeline. */
  readonly watchCloseTime?: boolean;
}

export interface LiveInputs {
  readonly poller: EspnPoller;
  readonly discovery: MarketDiscovery;
  readonly gateways: readonly MarketDataGateway[];
  readonly watchers: readonly SettlementWatcher[];
  /** Subscribes everything (the gateways and watchers to `markets`, discovery to `games`) and starts polling. */
  start(): Promise<readonly Subscription[]>;
  close(): Promise<void>;
}

/** What the ESPN poller and market discovery need: the part of LiveInputsOptions they read. */
export type LiveDiscoveryOptions = Pick<
  LiveInputsOptions,
  | 'config'
  | 'bus'
  | 'clock'
  | 'scheduler'
  | 'log'
  | 'endpoints'
  | 'leagues'
  | 'kalshiKey'
  | 'espnGet'
  | 'lookaheadDays'
  | 'announceLeadMs'
  | 'random'
  | 'unlimitedRates'
>;

/** The ESPN poller over the endpoints' ESPN, publishing games on `opts.bus`. */
export function liveEspnPoller(opts: LiveDiscoveryOptions): EspnPoller {
  const { config, endpoints } = opts;
  return new EspnPoller({
    client: new EspnHttpClient({ baseUrl: endpoints.espn.url, get: opts.espnGet }),
    bus: opts.bus,
    clock: opts.clock,
    scheduler: opts.scheduler,
    leagues: opts.leagues,
    pollIntervalMs: config.POLL_INTERVAL * 1000,
    crunchIntervalMs: config.CRUNCH_TIME_INTERVAL * 1000,
    lookaheadDays: opts.lookaheadDays,
    announceLeadMs: opts.announceLeadMs,
    ...(opts.random ? { random: opts.random } : {}),
    log: opts.log,
  });
}

/** Market discovery and matching over the endpoints' venues: MarketMapped for each announced game. */
export function liveMarketDiscovery(
  opts: Omit<LiveDiscoveryOptions, 'espnGet' | 'lookaheadDays' | 'announceLeadMs'> & {
    readonly group?: string;
    readonly consumer?: string;
  },
): MarketDiscovery {
  const { bus, clock, scheduler, log, endpoints } = opts;
  const simulated = (real: boolean) => !real;
  const gammaLimits = opts.unlimitedRates ? unlimitedPolymarketLimits(GAMMA_LIMITS) : undefined;
  return startMarketDiscovery({
    bus,
    clock,
    scheduler,
    kalshi: endpoints.kalshi
      ? {
          http: kalshiHttp({
            endpoints: endpoints.kalshi,
            key: opts.kalshiKey,
            ...(opts.unlimitedRates ? { tier: UNLIMITED_KALSHI_TIER } : {}),
          }),
          simulated: simulated(endpoints.kalshi.real),
        }
      : null,
    gamma: endpoints.polymarket
      ? {
          http: gammaHttp({
            endpoints: endpoints.polymarket,
            ...(gammaLimits ? { limits: gammaLimits } : {}),
          }),
          // Each mapped market's taker delay is read from the CLOB.
          clob: clobPublicHttp({
            endpoints: endpoints.polymarket,
            ...(gammaLimits ? { limits: gammaLimits } : {}),
          }),
          simulated: simulated(endpoints.polymarket.real),
        }
      : null,
    // Its listings are public (the gateway host): no key needed to read them.
    polymarketUs: endpoints.polymarketUs
      ? {
          http: pmusHttp({
            endpoints: endpoints.polymarketUs,
            key: null,
            ...(opts.unlimitedRates ? { unlimitedRates: true } : {}),
          }),
          simulated: simulated(endpoints.polymarketUs.real),
        }
      : null,
    leagues: opts.leagues,
    log,
    intervalMs: 5 * 60_000,
    ...(opts.group ? { group: opts.group } : {}),
    ...(opts.consumer ? { consumer: opts.consumer } : {}),
  });
}

export function createLiveInputs(opts: LiveInputsOptions): LiveInputs {
  const { bus, clock, scheduler, log, endpoints } = opts;
  const poller = liveEspnPoller(opts);
  const discovery = liveMarketDiscovery(opts);
  const parts: { venue: GatewayVenue; parts: VenueParts }[] = [];
  if (endpoints.kalshi) {
    if (opts.kalshiKey)
      parts.push({
        venue: 'kalshi',
        parts: kalshiParts({
          endpoints: endpoints.kalshi,
          key: opts.kalshiKey,
          clock,
          ...(opts.feeds?.kalshi ? { feed: opts.feeds.kalshi } : {}),
        }),
      });
    else log.warn("no Kalshi API key: Kalshi's order books (a signed WebSocket) are not followed");
  }
  if (endpoints.polymarket)
    parts.push({
      venue: 'polymarket',
      parts: polymarketParts({
        endpoints: endpoints.polymarket,
        clock,
        ...(opts.feeds?.polymarket ? { feed: opts.feeds.polymarket } : {}),
      }),
    });
  if (endpoints.polymarketUs) {
    if (opts.pmusKey)
      parts.push({
        venue: 'polymarket-us',
        parts: polymarketUsParts({
          endpoints: endpoints.polymarketUs,
          key: opts.pmusKey,
          clock,
          ...(opts.feeds?.polymarketUs ? { feed: opts.feeds.polymarketUs } : {}),
        }),
      });
    else
      log.warn(
        'no Polymarket US API key: its order books (a signed WebSocket) are not followed (POLYMARKET_US_KEY_ID and POLYMARKET_US_SECRET_KEY)',
      );
  }
  const gateways = parts.map(({ venue, parts: p }) =>
    createMarketDataGateway({
      bus,
      clock,
      feed: p.feed,
      mode: opts.gatewayMode,
      log,
      instanceId: `${opts.instanceId}-${venue}`,
    }),
  );
  const watchers = parts.map(({ venue, parts: p }) =>
    createSettlementWatcher({
      bus,
      clock,
      scheduler,
      reader: p.reader,
      log,
      instanceId: `${opts.instanceId}-${venue}`,
      ...(opts.watchCloseTime === undefined ? {} : { watchCloseTime: opts.watchCloseTime }),
    }),
  );
  return {
    poller,
    discovery,
    gateways,
    watchers,
    async start() {
      for (const w of watchers) await w.start();
      for (const g of gateways) await g.start();
      poller.start();
      return [];
    },
    async close() {
      poller.stop();
      await discovery.stop();
      for (const w of watchers) await w.stop();
      for (const g of gateways) await g.stop();
    },
  };
}
