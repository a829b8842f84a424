/**
 * What points a run at the simulated world: one setting per URL and credential, by the names a
 * paper run reads (src/config/endpoints.ts, src/services/venue-access.ts), and the clock when the
 * world's calendar is not the wall calendar. The same as an `Endpoints` value, which is what
 * `resolveEndpoints` makes of these settings. Pure.
 */
import { type ClockSetting, formatClockSetting } from '../../config/clock-setting.js';
import type { Endpoints } from '../../config/endpoints.js';
import { KALSHI_WS_PATH } from '../../venues/kalshi/auth.js';
import { POLYMARKET_US_SECRET_ENV } from '../../venues/polymarket-us/config.js';
import type { WorldCredentials } from './world-credentials.js';

export interface WorldAddresses {
  /** The ESPN site API base, ending in /apis/site/v2/sports. */
  readonly espnApiBase: string;
  /** The Kalshi REST base, ending in /trade-api/v2. */
  readonly kalshiRestBase: string;
  readonly polymarket: {
    readonly clob: string;
    readonly gamma: string;
    /** The WebSocket base: its `/market` and `/user` channels. */
    readonly wsBase: string;
    readonly geoblock: string;
  };
  /** The Polymarket US simulator's base (gateway and API alike), when the world serves it. */
  readonly polymarketUs?: { readonly base: string; readonly ws: string };
}

export interface WorldPointers {
  readonly settings: Readonly<Record<string, string>>;
  readonly endpoints: Endpoints;
}

/** The Kalshi WebSocket beside a REST base: same host, `/trade-api/ws/v2`. */
export function kalshiWsUrlOf(restBase: string): string {
  return `${restBase.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}${KALSHI_WS_PATH}`;
}

export function worldPointers(opts: {
  readonly addresses: WorldAddresses;
  readonly credentials: WorldCredentials;
  /** The clock a run must keep to share the world's time; none for a world in the run's own process. */
  readonly clock?: ClockSetting;
}): WorldPointers {
  const { addresses: a, credentials } = opts;
  const kalshiWs = kalshiWsUrlOf(a.kalshiRestBase);
  const settings: Record<string, string> = {
    ARBEES_ESPN_URL: a.espnApiBase,
    ARBEES_KALSHI_URL: a.kalshiRestBase,
    ARBEES_KALSHI_WS_URL: kalshiWs,
    KALSHI_API_KEY_ID: credentials.kalshi.keyId,
    KALSHI_PRIVATE_KEY_PATH: credentials.kalshi.privateKeyPath,
    ARBEES_POLYMARKET_URL: a.polymarket.clob,
    ARBEES_GAMMA_URL: a.polymarket.gamma,
    ARBEES_POLYMARKET_WS_URL: a.polymarket.wsBase,
    ARBEES_GEOBLOCK_URL: a.polymarket.geoblock,
    POLYMARKET_PRIVATE_KEY: credentials.polymarket.privateKey,
    ...(a.polymarketUs
      ? {
          ARBEES_POLYMARKET_US_URL: a.polymarketUs.base,
          ARBEES_POLYMARKET_US_GATEWAY_URL: a.polymarketUs.base,
          ARBEES_POLYMARKET_US_WS_URL: a.polymarketUs.ws,
          POLYMARKET_US_KEY_ID: credentials.polymarketUs.keyId,
          [POLYMARKET_US_SECRET_ENV]: credentials.polymarketUs.secret,
        }
      : {}),
    ...(opts.clock ? { ARBEES_CLOCK: formatClockSetting(opts.clock) } : {}),
  };
  const endpoints: Endpoints = {
    espn: { url: a.espnApiBase, real: false },
    // resolveEndpoints keeps KALSHI_ENV's name (prod by default) for a host of its own.
    kalshi: { environment: 'prod', rest: a.kalshiRestBase, ws: kalshiWs, real: false },
    polymarket: {
      clob: a.polymarket.clob,
      gamma: a.polymarket.gamma,
      wsMarket: `${a.polymarket.wsBase}/market`,
      wsUser: `${a.polymarket.wsBase}/user`,
      geoblock: a.polymarket.geoblock,
      real: false,
    },
    // Served only when asked for: a run pointed at a world without it has that venue off.
    polymarketUs: a.polymarketUs
      ? { api: a.polymarketUs.base, gateway: a.polymarketUs.base, ws: a.polymarketUs.ws, real: false }
      : null,
  };
  return { settings, endpoints };
}

/**
 * The settings with every URL on `bindHost` moved to `publicHost`: a world listening on 0.0.0.0
 * in a container is reached by its service name (`sim-world`), not by the address it binds.
 */
export function withPublicHost(
  settings: Readonly<Record<string, string>>,
  bindHost: string,
  publicHost: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    let url: URL | null = null;
    if (/^(https?|wss?):\/\//.test(value)) url = new URL(value);
    if (url && url.hostname === bindHost) {
      url.hostname = publicHost;
      // URL adds a trailing slash to a bare origin; the settings had none.
      out[key] = value.endsWith('/') ? url.toString() : url.toString().replace(/\/$/, '');
    } else out[key] = value;
  }
  return out;
}
