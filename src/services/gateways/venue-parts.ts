/**
 * A venue's market-data feed and resolution reader, built from its endpoints: what a gateway
 * and a settlement watcher need, whether they run as services or inside one process. Kalshi's
 * WebSocket handshake is signed, so its feed needs the API key; Polymarket's market channel and
 * the resolution reads are public.
 */
import type { KalshiEndpoints, PolymarketEndpoints, PolymarketUsEndpoints } from '../../config/endpoints.js';
import type { Clock } from '../../core/clock.js';
import type { KalshiSigningKey } from '../../venues/kalshi/auth.js';
import { KalshiHttp } from '../../venues/kalshi/http.js';
import { GAMMA_LIMITS, PolymarketHttp } from '../../venues/polymarket/http.js';
import type { PmusSigningKey } from '../../venues/polymarket-us/auth.js';
import { PmusHttp } from '../../venues/polymarket-us/http.js';
import type { GatewayFeedFactory } from './feed.js';
import { type KalshiFeedOptions, kalshiFeed } from './kalshi-feed.js';
import { kalshiResolutionReader } from './kalshi-resolution.js';
import { type PolymarketFeedOptions, polymarketFeed } from './polymarket-feed.js';
import { polymarketResolutionReader } from './polymarket-resolution.js';
import { type PolymarketUsFeedOptions, polymarketUsFeed } from './polymarket-us-feed.js';
import { polymarketUsResolutionReader } from './polymarket-us-resolution.js';
import type { ResolutionReader } from './resolution.js';

export interface VenueParts {
  readonly feed: GatewayFeedFactory;
  readonly reader: ResolutionReader;
  /** Where it connects, for the log. */
  readonly endpoints: Record<string, string | boolean>;
}

/** The public endpoints send no signer; this is nobody's address. */
const NO_ADDRESS = '0x0000000000000000000000000000000000000000';

export function kalshiParts(opts: {
  readonly endpoints: KalshiEndpoints;
  readonly key: KalshiSigningKey;
  readonly clock: Clock;
  readonly feed?: Omit<KalshiFeedOptions, 'url' | 'key' | 'clock'>;
}): VenueParts {
  const { endpoints, key } = opts;
  return {
    feed: kalshiFeed({ url: endpoints.ws, key, clock: opts.clock, ...opts.feed }),
    // One attempt a read: the watcher asks again on its own interval.
    reader: kalshiResolutionReader(new KalshiHttp({ baseUrl: endpoints.rest, key, getAttempts: 1 })),
    endpoints: { ws: endpoints.ws, rest: endpoints.rest, real: endpoints.real },
  };
}

export function polymarketParts(opts: {
  readonly endpoints: PolymarketEndpoints;
  readonly clock: Clock;
  readonly feed?: Omit<PolymarketFeedOptions, 'wsMarketUrl' | 'clobUrl' | 'clock'>;
}): VenueParts {
  const { endpoints } = opts;
  return {
    feed: polymarketFeed({
      wsMarketUrl: endpoints.wsMarket,
      clobUrl: endpoints.clob,
      clock: opts.clock,
      ...opts.feed,
    }),
    reader: polymarketResolutionReader({
      gamma: new PolymarketHttp({
        baseUrl: endpoints.gamma,
        address: NO_ADDRESS,
        limits: GAMMA_LIMITS,
        getAttempts: 1,
      }),
      clob: new PolymarketHttp({ baseUrl: endpoints.clob, address: NO_ADDRESS, getAttempts: 1 }),
    }),
    endpoints: { ws: endpoints.wsMarket, clob: endpoints.clob, gamma: endpoints.gamma, real: endpoints.real },
  };
}

/** Polymarket US: its markets channel is signed, so the feed needs the API key; resolutions are public. */
export function polymarketUsParts(opts: {
  readonly endpoints: PolymarketUsEndpoints;
  readonly key: PmusSigningKey;
  readonly clock: Clock;
  readonly feed?: Omit<PolymarketUsFeedOptions, 'origin' | 'key' | 'clock'>;
}): VenueParts {
  const { endpoints, key } = opts;
  return {
    feed: polymarketUsFeed({ origin: endpoints.ws, key, clock: opts.clock, ...opts.feed }),
    // One attempt a read: the watcher asks again on its own interval.
    reader: polymarketUsResolutionReader(
      new PmusHttp({
        apiBaseUrl: endpoints.api,
        gatewayBaseUrl: endpoints.gateway,
        key: null,
        getAttempts: 1,
      }),
    ),
    endpoints: { ws: endpoints.ws, api: endpoints.api, gateway: endpoints.gateway, real: endpoints.real },
  };
}
