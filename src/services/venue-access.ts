/**
 * How a process reaches each venue, from the settings: the endpoints (config/endpoints.ts) and
 * the credentials in the environment. One place, so discovery, the gateways, execution, the
 * position tracker and `arbees doctor` reach a venue the same way. Nothing here connects: it
 * reads the key file and builds clients.
 */
import type {
  Endpoints,
  KalshiEndpoints,
  PolymarketEndpoints,
  PolymarketUsEndpoints,
} from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import { type KalshiSigningKey, loadKalshiPrivateKeyFile } from '../venues/kalshi/auth.js';
import { KalshiHttp, type KalshiRateTier } from '../venues/kalshi/http.js';
import { type PolymarketConfig, parsePolymarketConfig } from '../venues/polymarket/config.js';
import { PolymarketConfigError } from '../venues/polymarket/errors.js';
import { GAMMA_LIMITS, PolymarketHttp, type PolymarketLimits } from '../venues/polymarket/http.js';
import { type PmusSigningKey, pmusSigningKey } from '../venues/polymarket-us/auth.js';
import { POLYMARKET_US_SECRET_ENV } from '../venues/polymarket-us/config.js';
import { PmusHttp, type PmusRateLimits } from '../venues/polymarket-us/http.js';

/** A setting or credential that is missing or unusable, named. */
export class VenueAccessError extends Error {
  override readonly name = 'VenueAccessError';
}

/** The Kalshi API key of KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH; null when neither is set. */
export async function loadKalshiKey(config: Config): Promise<KalshiSigningKey | null> {
  const keyId = config.KALSHI_API_KEY_ID;
  const path = config.KALSHI_PRIVATE_KEY_PATH;
  if (!keyId && !path) return null;
  if (!keyId || !path)
    throw new VenueAccessError(
      `${keyId ? 'KALSHI_PRIVATE_KEY_PATH' : 'KALSHI_API_KEY_ID'} is not set while ${keyId ? 'KALSHI_API_KEY_ID' : 'KALSHI_PRIVATE_KEY_PATH'} is`,
    );
  try {
    return { keyId, privateKey: await loadKalshiPrivateKeyFile(path) };
  } catch (error) {
    throw new VenueAccessError(
      `KALSHI_PRIVATE_KEY_PATH ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The Polymarket US API key of POLYMARKET_US_KEY_ID (a setting) and POLYMARKET_US_SECRET_KEY
 * (the environment only); null when neither is set.
 */
export function loadPmusKey(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
): PmusSigningKey | null {
  const keyId = config.POLYMARKET_US_KEY_ID;
  const secret = env[POLYMARKET_US_SECRET_ENV];
  if (!keyId && !secret) return null;
  if (!keyId || !secret)
    throw new VenueAccessError(
      `${keyId ? POLYMARKET_US_SECRET_ENV : 'POLYMARKET_US_KEY_ID'} is not set while ${keyId ? 'POLYMARKET_US_KEY_ID' : POLYMARKET_US_SECRET_ENV} is`,
    );
  try {
    return pmusSigningKey(keyId, secret);
  } catch (error) {
    throw new VenueAccessError(
      `${POLYMARKET_US_SECRET_ENV}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Polymarket US REST: public calls to the gateway, signed ones to the API host (with the key). */
export function pmusHttp(opts: {
  readonly endpoints: PolymarketUsEndpoints;
  readonly key: PmusSigningKey | null;
  readonly unlimitedRates?: boolean;
  readonly getAttempts?: number;
  readonly timeoutMs?: number;
}): PmusHttp {
  return new PmusHttp({
    apiBaseUrl: opts.endpoints.api,
    gatewayBaseUrl: opts.endpoints.gateway,
    key: opts.key,
    ...(opts.unlimitedRates ? { limits: UNLIMITED_PMUS_LIMITS } : {}),
    ...(opts.getAttempts === undefined ? {} : { getAttempts: opts.getAttempts }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
}

/** Kalshi REST, signed with the key when there is one (public market data needs none). */
export function kalshiHttp(opts: {
  readonly endpoints: KalshiEndpoints;
  readonly key: KalshiSigningKey | null;
  readonly now?: () => number;
  readonly tier?: KalshiRateTier;
  readonly timeoutMs?: number;
}): KalshiHttp {
  return new KalshiHttp({
    baseUrl: opts.endpoints.rest,
    key: opts.key,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.tier ? { tier: opts.tier } : {}),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
}

/**
 * The Polymarket adapter's settings for these endpoints. The wallet: an EOA (the key's own
 * address) unless POLYMARKET_SIGNATURE_TYPE and POLYMARKET_FUNDER_ADDRESS say otherwise.
 */
export function polymarketSettings(
  endpoints: PolymarketEndpoints,
  env: Readonly<Record<string, string | undefined>>,
): PolymarketConfig {
  try {
    return parsePolymarketConfig({
      clobUrl: endpoints.clob,
      gammaUrl: endpoints.gamma,
      wsMarketUrl: endpoints.wsMarket,
      wsUserUrl: endpoints.wsUser,
      signatureType: env.POLYMARKET_SIGNATURE_TYPE ?? 'EOA',
      ...(env.POLYMARKET_FUNDER_ADDRESS ? { funderAddress: env.POLYMARKET_FUNDER_ADDRESS } : {}),
    });
  } catch (error) {
    if (!(error instanceof PolymarketConfigError)) throw error;
    throw new VenueAccessError(
      `Polymarket settings: ${error.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    );
  }
}

/** Gamma (public: discovery) over HTTP. */
export function gammaHttp(opts: {
  readonly endpoints: PolymarketEndpoints;
  readonly now?: () => number;
  readonly timeoutMs?: number;
  /** Gamma's published limits by default. */
  readonly limits?: PolymarketLimits;
}): PolymarketHttp {
  return new PolymarketHttp({
    baseUrl: opts.endpoints.gamma,
    // Public requests send no POLY_ADDRESS.
    address: '',
    limits: opts.limits ?? GAMMA_LIMITS,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
}

/** The CLOB's public endpoints (market details such as a market's taker delay) over HTTP, unsigned. */
export function clobPublicHttp(opts: {
  readonly endpoints: PolymarketEndpoints;
  readonly timeoutMs?: number;
  readonly limits?: PolymarketLimits;
}): PolymarketHttp {
  return new PolymarketHttp({
    baseUrl: opts.endpoints.clob,
    address: '',
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
}

/** The credentials a live run needs at each enabled venue, by variable name, that are missing. */
export function missingLiveCredentials(
  config: Config,
  endpoints: Endpoints,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const missing: string[] = [];
  if (endpoints.kalshi)
    for (const name of ['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY_PATH'] as const)
      if (!config[name]) missing.push(name);
  if (endpoints.polymarket && !env.POLYMARKET_PRIVATE_KEY) missing.push('POLYMARKET_PRIVATE_KEY');
  if (endpoints.polymarketUs) {
    if (!config.POLYMARKET_US_KEY_ID) missing.push('POLYMARKET_US_KEY_ID');
    if (!env[POLYMARKET_US_SECRET_ENV]) missing.push(POLYMARKET_US_SECRET_ENV);
  }
  return missing;
}

/** What live trading needs that is missing, by name; empty when it may start. */
export function liveTradingBlockers(
  config: Config,
  endpoints: Endpoints,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const missing: string[] = [];
  if (config.PAPER_TRADING) missing.push('PAPER_TRADING=0');
  if (!config.LIVE_TRADING_ACK) missing.push('LIVE_TRADING_ACK=true');
  missing.push(...missingLiveCredentials(config, endpoints, env));
  return missing;
}

/** Far above any burst: for a replay's clock, which stands still within a task (no bucket could refill). */
export const UNLIMITED_RATE = { capacity: 1e9, refillPerSecond: 1e9 };
/** Kalshi's read and write tiers without a limit. */
export const UNLIMITED_KALSHI_TIER = { read: UNLIMITED_RATE, write: UNLIMITED_RATE };

/** Polymarket US's two buckets without a limit. */
export const UNLIMITED_PMUS_LIMITS: PmusRateLimits = {
  authenticated: UNLIMITED_RATE,
  public: UNLIMITED_RATE,
};

/** Every class of a Polymarket limits table without a limit. */
export function unlimitedPolymarketLimits(limits: PolymarketLimits): PolymarketLimits {
  return Object.fromEntries(
    Object.keys(limits).map((k) => [k, UNLIMITED_RATE]),
  ) as unknown as PolymarketLimits;
}
