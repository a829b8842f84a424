/**
 * The Polymarket adapter assembled from its checked settings (config.ts): HTTP with API
 * credentials (from the environment when all three are set, otherwise derived with the wallet
 * key over L1), the venue client, the market feed and its WebSocket client, and heartbeats.
 * Nothing is started beyond what is asked: the caller subscribes tokens and starts heartbeats.
 */
import { privateKeyToAccount } from 'viem/accounts';
import type { Clock } from '../../core/clock.js';
import type { EventId } from '../../core/ids.js';
import type { ApiCredentials } from './auth.js';
import { PolymarketVenueClient, type PolymarketVenueClientOptions } from './client.js';
import { type PolymarketConfig, readPrivateKey } from './config.js';
import { PolymarketConfigError } from './errors.js';
import { PolymarketHeartbeat } from './heartbeat.js';
import { PolymarketHttp, type PolymarketHttpOptions } from './http.js';
import { type MarketFeedEvent, type MarketFeedOptions, PolymarketMarketFeed } from './market-feed.js';
import { restBookFetcher } from './markets.js';
import { type MarketWsOptions, PolymarketMarketWs } from './ws.js';

export interface PolymarketAdapter {
  readonly http: PolymarketHttp;
  readonly credentials: ApiCredentials;
  readonly client: PolymarketVenueClient;
  readonly feed: PolymarketMarketFeed;
  readonly marketWs: PolymarketMarketWs;
  readonly heartbeat: PolymarketHeartbeat;
  close(): void;
}

/** API credentials from the environment: all three variables, or none (then derived). */
export function readApiCredentials(
  config: PolymarketConfig,
  env: Readonly<Record<string, string | undefined>>,
): ApiCredentials | null {
  const key = env[config.apiKeyEnv];
  const secret = env[config.apiSecretEnv];
  const passphrase = env[config.apiPassphraseEnv];
  if (!key && !secret && !passphrase) return null;
  const missing = [
    [config.apiKeyEnv, key],
    [config.apiSecretEnv, secret],
    [config.apiPassphraseEnv, passphrase],
  ].filter(([, v]) => !v);
  if (missing.length > 0)
    throw new PolymarketConfigError(
      missing.map(([name]) => ({
        field: String(name),
        message: 'is not set, while the other API credentials are',
      })),
    );
  return { key: key as string, secret: secret as string, passphrase: passphrase as string };
}

export async function connectPolymarket(opts: {
  readonly config: PolymarketConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly nextId: () => EventId;
  readonly sink: (event: MarketFeedEvent) => void;
  readonly live: boolean;
  readonly client?: Partial<PolymarketVenueClientOptions>;
  /** Overrides for a caller on its own clock (the replay's simulator run): time, limits. */
  readonly http?: Pick<Partial<PolymarketHttpOptions>, 'now' | 'limits' | 'timeoutMs'>;
  readonly feed?: Pick<MarketFeedOptions, 'policy'>;
  readonly marketWs?: Pick<Partial<MarketWsOptions>, 'resyncCheckMs' | 'onConnectionEvent'>;
  readonly onMalformed?: (reason: string) => void;
}): Promise<PolymarketAdapter> {
  const { config } = opts;
  const privateKey = readPrivateKey(config, opts.env);
  const address = privateKeyToAccount(privateKey).address;
  const fromEnv = readApiCredentials(config, opts.env);
  const http = new PolymarketHttp({
    baseUrl: config.clobUrl,
    address,
    ...(fromEnv ? { credentials: fromEnv } : {}),
    ...opts.http,
  });
  const credentials = fromEnv ?? (await http.deriveApiKey({ privateKey, chainId: config.chainId }));
  const client = new PolymarketVenueClient({
    http,
    privateKey,
    chainId: config.chainId,
    signatureType: config.signatureType,
    ...(config.funderAddress ? { funderAddress: config.funderAddress as `0x${string}` } : {}),
    live: opts.live,
    now: () => opts.clock.now(),
    ...opts.client,
  });
  const feed = new PolymarketMarketFeed({
    clock: opts.clock,
    nextId: opts.nextId,
    sink: opts.sink,
    ...(opts.onMalformed ? { onMalformed: opts.onMalformed } : {}),
    ...opts.feed,
  });
  const marketWs = new PolymarketMarketWs({
    url: config.wsMarketUrl,
    feed,
    fetchBook: restBookFetcher(http),
    pingIntervalMs: config.pingIntervalMs,
    ...opts.marketWs,
  });
  const heartbeat = new PolymarketHeartbeat({ http });
  return {
    http,
    credentials,
    client,
    feed,
    marketWs,
    heartbeat,
    close: () => {
      heartbeat.stop();
      marketWs.close();
    },
  };
}
