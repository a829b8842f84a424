/**
 * Where a run's outside world is: ESPN, and each enabled venue's REST, WebSocket and discovery
 * endpoints. In paper and live modes every endpoint defaults to the real host (venues.md §2.1,
 * §3.1, §4; Kalshi's demo exchange with KALSHI_ENV=demo). A venue pointed anywhere else (a
 * simulated world) must have all its endpoints given, so a forgotten one never quietly reaches
 * the real venue. Replay and backtest runs make their own world and take none of these.
 */
import { ESPN_SITE_API_BASE } from '../feeds/espn/leagues.js';
import { KALSHI_BASE_URLS, type KalshiEnvironment } from '../venues/kalshi/config.js';
import { POLYMARKET_HOSTS } from '../venues/polymarket/config.js';
import { POLYMARKET_US_HOSTS } from '../venues/polymarket-us/config.js';
import type { Config } from './schema.js';

/** Polymarket's geoblock check (venues.md §3.10). */
export const POLYMARKET_GEOBLOCK_URL = 'https://polymarket.com/api/geoblock';
const POLYMARKET_WS_BASE = POLYMARKET_HOSTS.wsMarket.replace(/\/market$/, '');

export interface KalshiEndpoints {
  readonly environment: KalshiEnvironment;
  /** REST base ending in /trade-api/v2. */
  readonly rest: string;
  /** WebSocket URL ending in /trade-api/ws/v2. */
  readonly ws: string;
  /** True when these are Kalshi's own hosts (production or demo). */
  readonly real: boolean;
}

export interface PolymarketEndpoints {
  readonly clob: string;
  readonly gamma: string;
  readonly wsMarket: string;
  readonly wsUser: string;
  readonly geoblock: string;
  /** True when these are Polymarket's own hosts. */
  readonly real: boolean;
}

export interface PolymarketUsEndpoints {
  /** Authenticated REST base (orders, portfolio). */
  readonly api: string;
  /** Public REST base (markets, books). */
  readonly gateway: string;
  /** WebSocket origin; the channels are under /v1/ws/. */
  readonly ws: string;
  /** True when these are Polymarket US's own hosts. */
  readonly real: boolean;
}

export interface Endpoints {
  readonly espn: { readonly url: string; readonly real: boolean };
  readonly kalshi: KalshiEndpoints | null;
  readonly polymarket: PolymarketEndpoints | null;
  /** Absent from endpoints built before the venue existed. */
  readonly polymarketUs?: PolymarketUsEndpoints | null;
}

export class EndpointError extends Error {
  override readonly name = 'EndpointError';
  constructor(readonly problems: readonly string[]) {
    super(`endpoints: ${problems.join('; ')}`);
  }
}

const strip = (url: string) => url.replace(/\/+$/, '');
const oneOf = (url: string | null, urls: readonly string[]) => url !== null && urls.includes(url);

/** The endpoints of a paper or live run, or every problem with the settings at once. */
export function resolveEndpoints(config: Config): Endpoints {
  const problems: string[] = [];
  const espnUrl = config.ARBEES_ESPN_URL ? strip(config.ARBEES_ESPN_URL) : ESPN_SITE_API_BASE;
  const venues = new Set(config.ARBEES_VENUES);
  const kalshi = venues.has('kalshi') ? kalshiEndpoints(config, problems) : null;
  const polymarket = venues.has('polymarket') ? polymarketEndpoints(config, problems) : null;
  const polymarketUs = venues.has('polymarket-us') ? polymarketUsEndpoints(config, problems) : null;
  if (problems.length > 0) throw new EndpointError(problems);
  return { espn: { url: espnUrl, real: espnUrl === ESPN_SITE_API_BASE }, kalshi, polymarket, polymarketUs };
}

function kalshiEndpoints(config: Config, problems: string[]): KalshiEndpoints {
  const environment = config.KALSHI_ENV;
  const hosts = KALSHI_BASE_URLS[environment];
  const rest = config.ARBEES_KALSHI_URL ? strip(config.ARBEES_KALSHI_URL) : hosts.recommended.rest;
  const realRest = oneOf(rest, [hosts.recommended.rest, hosts.alternate.rest]);
  const otherEnv = KALSHI_BASE_URLS[environment === 'prod' ? 'demo' : 'prod'];
  if (oneOf(rest, [otherEnv.recommended.rest, otherEnv.alternate.rest]))
    problems.push(
      `ARBEES_KALSHI_URL ${rest} is Kalshi's ${environment === 'prod' ? 'demo' : 'production'} exchange, but KALSHI_ENV=${environment}`,
    );
  let ws = config.ARBEES_KALSHI_WS_URL ? strip(config.ARBEES_KALSHI_WS_URL) : null;
  if (ws === null) {
    if (realRest) ws = rest === hosts.alternate.rest ? hosts.alternate.ws : hosts.recommended.ws;
    else
      problems.push(
        `ARBEES_KALSHI_WS_URL must be set when ARBEES_KALSHI_URL (${rest}) is not Kalshi's own host`,
      );
  }
  const realWs = oneOf(ws, [hosts.recommended.ws, hosts.alternate.ws]);
  if (ws !== null && realWs !== realRest)
    problems.push(
      `ARBEES_KALSHI_URL (${rest}) and ARBEES_KALSHI_WS_URL (${ws}) must both be Kalshi's or both elsewhere`,
    );
  return { environment, rest, ws: ws ?? '', real: realRest && realWs };
}

function polymarketEndpoints(config: Config, problems: string[]): PolymarketEndpoints {
  const given = {
    ARBEES_POLYMARKET_URL: config.ARBEES_POLYMARKET_URL,
    ARBEES_GAMMA_URL: config.ARBEES_GAMMA_URL,
    ARBEES_POLYMARKET_WS_URL: config.ARBEES_POLYMARKET_WS_URL,
    ARBEES_GEOBLOCK_URL: config.ARBEES_GEOBLOCK_URL,
  };
  const real = {
    ARBEES_POLYMARKET_URL: POLYMARKET_HOSTS.clob,
    ARBEES_GAMMA_URL: POLYMARKET_HOSTS.gamma,
    ARBEES_POLYMARKET_WS_URL: POLYMARKET_WS_BASE,
    ARBEES_GEOBLOCK_URL: POLYMARKET_GEOBLOCK_URL,
  };
  const names = Object.keys(given) as (keyof typeof given)[];
  const elsewhere = names.filter((n) => given[n] !== undefined && strip(given[n] as string) !== real[n]);
  if (elsewhere.length > 0) {
    const missing = names.filter((n) => given[n] === undefined);
    const realOnes = names.filter((n) => given[n] !== undefined && !elsewhere.includes(n));
    if (realOnes.length > 0)
      problems.push(
        `${realOnes.join(', ')} point${realOnes.length === 1 ? 's' : ''} at Polymarket while ${elsewhere.join(', ')} do not`,
      );
    if (missing.length > 0)
      problems.push(
        `${missing.join(', ')} must be set too: ${elsewhere.join(', ')} point${elsewhere.length === 1 ? 's' : ''} away from Polymarket's own hosts`,
      );
  }
  const url = (n: keyof typeof given) => strip(given[n] ?? real[n]);
  const ws = url('ARBEES_POLYMARKET_WS_URL');
  return {
    clob: url('ARBEES_POLYMARKET_URL'),
    gamma: url('ARBEES_GAMMA_URL'),
    wsMarket: `${ws}/market`,
    wsUser: `${ws}/user`,
    geoblock: url('ARBEES_GEOBLOCK_URL'),
    real: elsewhere.length === 0,
  };
}

/**
 * Polymarket US: all three endpoints at its own hosts (the default), or all three given and
 * elsewhere (a simulator), never a mix.
 */
function polymarketUsEndpoints(config: Config, problems: string[]): PolymarketUsEndpoints {
  const given = {
    ARBEES_POLYMARKET_US_URL: config.ARBEES_POLYMARKET_US_URL,
    ARBEES_POLYMARKET_US_GATEWAY_URL: config.ARBEES_POLYMARKET_US_GATEWAY_URL,
    ARBEES_POLYMARKET_US_WS_URL: config.ARBEES_POLYMARKET_US_WS_URL,
  };
  const real = {
    ARBEES_POLYMARKET_US_URL: POLYMARKET_US_HOSTS.api,
    ARBEES_POLYMARKET_US_GATEWAY_URL: POLYMARKET_US_HOSTS.gateway,
    ARBEES_POLYMARKET_US_WS_URL: POLYMARKET_US_HOSTS.ws,
  };
  const names = Object.keys(given) as (keyof typeof given)[];
  const elsewhere = names.filter((n) => given[n] !== undefined && strip(given[n] as string) !== real[n]);
  if (elsewhere.length > 0) {
    const notElsewhere = names.filter((n) => !elsewhere.includes(n));
    if (notElsewhere.length > 0)
      problems.push(
        `${notElsewhere.join(', ')} must be set away from Polymarket US's own hosts too: ${elsewhere.join(', ')} point${elsewhere.length === 1 ? 's' : ''} elsewhere`,
      );
  }
  const url = (n: keyof typeof given) => strip(given[n] ?? real[n]);
  return {
    api: url('ARBEES_POLYMARKET_US_URL'),
    gateway: url('ARBEES_POLYMARKET_US_GATEWAY_URL'),
    ws: url('ARBEES_POLYMARKET_US_WS_URL'),
    real: elsewhere.length === 0,
  };
}
