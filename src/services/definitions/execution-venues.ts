/**
 * The venue clients of the execution service in a replay (paper and live take theirs from
 * `openServiceVenues`, trading-services.ts). As in the one-process run, each venue is a paper
 * venue matching against the books on the bus, holding half the bankroll; a venue goes through
 * its real adapter instead when its URL is set: ARBEES_KALSHI_URL names a Kalshi API and
 * ARBEES_POLYMARKET_URL a Polymarket CLOB (each the simulator on loopback, or the exchange once
 * live trading is allowed). Every submit is timed into the round-trip histogram.
 */
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { OrderIntent } from '../../core/events.js';
import { type ClientOrderId, EventIdSequence } from '../../core/ids.js';
import type { VenueName } from '../../core/instruments.js';
import type { Micros } from '../../core/money.js';
import { loadKalshiPrivateKeyFile } from '../../venues/kalshi/auth.js';
import { KalshiVenueClient } from '../../venues/kalshi/client.js';
import { KalshiHttp } from '../../venues/kalshi/http.js';
import { PaperVenue } from '../../venues/paper/paper-venue.js';
import { type PolymarketConfig, parsePolymarketConfig } from '../../venues/polymarket/config.js';
import { connectPolymarket } from '../../venues/polymarket/connect.js';
import { PolymarketConfigError } from '../../venues/polymarket/errors.js';
import type { VenueClient } from '../../venues/port.js';
import type { TradingMetrics } from '../metrics.js';
import { ServiceStartError } from '../runner.js';

export interface ExecutionVenues {
  readonly clients: ReadonlyMap<VenueName, VenueClient>;
  /** The paper venues among them, which need the books from the bus. */
  readonly paper: ReadonlyMap<VenueName, PaperVenue>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export async function executionVenues(opts: {
  config: Config;
  clock: Clock;
  metrics: TradingMetrics;
  /** Where the Polymarket wallet key is read from (the process environment in a service). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The stored intent of a client order id: with it, the Polymarket client finds an order an
   * earlier process sent (its hash is rebuilt from the intent), so a restart never loses one.
   */
  intentOf?: (clientOrderId: ClientOrderId) => Promise<OrderIntent | null>;
}): Promise<ExecutionVenues> {
  const { config, clock } = opts;
  const half = Math.floor(config.ARBEES_BANKROLL / 2) as Micros;
  const paper = new Map<VenueName, PaperVenue>([
    ['kalshi', new PaperVenue({ venue: 'kalshi', clock, startingBalance: half })],
    [
      'polymarket',
      new PaperVenue({
        venue: 'polymarket',
        clock,
        startingBalance: (config.ARBEES_BANKROLL - half) as Micros,
      }),
    ],
  ]);
  const clients = new Map<VenueName, VenueClient>(paper);
  if (config.ARBEES_KALSHI_URL) {
    clients.set('kalshi', await kalshiClient(config));
    paper.delete('kalshi');
  }
  if (config.ARBEES_POLYMARKET_URL) {
    clients.set('polymarket', await polymarketClient(config, opts));
    paper.delete('polymarket');
  }
  for (const [venue, client] of clients) clients.set(venue, timed(client, opts.metrics));
  return { clients, paper };
}

/** Loopback (or plain http) is a simulator; anything else is an exchange and needs live trading. */
function isSimulated(url: URL, setting: string, config: Config): boolean {
  const simulated = LOOPBACK.has(url.hostname) || url.protocol === 'http:';
  if (!simulated && (config.PAPER_TRADING || !config.LIVE_TRADING_ACK))
    throw new ServiceStartError(
      `${setting} points at ${url.hostname}, a real exchange, but live trading is not allowed (PAPER_TRADING=0 and LIVE_TRADING_ACK=true are needed)`,
    );
  return simulated;
}

async function kalshiClient(config: Config): Promise<VenueClient> {
  const url = new URL(config.ARBEES_KALSHI_URL!);
  const simulated = isSimulated(url, 'ARBEES_KALSHI_URL', config);
  const missing = (['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY_PATH'] as const).filter((k) => !config[k]);
  if (missing.length > 0)
    throw new ServiceStartError(`ARBEES_KALSHI_URL is set but ${missing.join(' and ')} is not`);
  const privateKey = await loadKalshiPrivateKeyFile(config.KALSHI_PRIVATE_KEY_PATH!).catch((e: unknown) => {
    throw new ServiceStartError(
      `KALSHI_PRIVATE_KEY_PATH ${config.KALSHI_PRIVATE_KEY_PATH}: ${e instanceof Error ? e.message : String(e)}`,
    );
  });
  return new KalshiVenueClient({
    http: new KalshiHttp({ baseUrl: url.toString(), key: { keyId: config.KALSHI_API_KEY_ID!, privateKey } }),
    live: !simulated,
  });
}

/**
 * Polymarket as the one-process run trades its simulator (polymarket-sim-venue.ts): an EOA
 * wallet whose key is in POLYMARKET_PRIVATE_KEY, API credentials derived over L1 (or all three
 * POLYMARKET_API_* variables), orders over REST. Execution reads no books from the venue, so the
 * adapter's market channel is closed unopened and no heartbeats run (the one-process run starts
 * none either: IOC orders never rest).
 */
async function polymarketClient(
  config: Config,
  opts: Parameters<typeof executionVenues>[0],
): Promise<VenueClient> {
  const url = new URL(config.ARBEES_POLYMARKET_URL!);
  const simulated = isSimulated(url, 'ARBEES_POLYMARKET_URL', config);
  let settings: PolymarketConfig;
  try {
    settings = parsePolymarketConfig({
      clobUrl: url.toString().replace(/\/+$/, ''),
      // Unused by execution, but set so nothing in this process names a real venue while it
      // trades a simulator: the simulator serves Gamma under /gamma and its channels under /ws.
      ...(simulated
        ? {
            gammaUrl: `${url.origin}/gamma`,
            wsMarketUrl: `${url.origin.replace(/^http/, 'ws')}/ws/market`,
            wsUserUrl: `${url.origin.replace(/^http/, 'ws')}/ws/user`,
          }
        : {}),
      // The simulator's chain id is Polygon's (137), the adapter's default, as the venue's is.
      signatureType: 'EOA',
    });
  } catch (error) {
    if (!(error instanceof PolymarketConfigError)) throw error;
    throw new ServiceStartError(
      `ARBEES_POLYMARKET_URL ${url}: ${error.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    );
  }
  if (!opts.env[settings.privateKeyEnv])
    throw new ServiceStartError(`ARBEES_POLYMARKET_URL is set but ${settings.privateKeyEnv} is not`);
  const ids = new EventIdSequence('polymarket-exec');
  const adapter = await connectPolymarket({
    config: settings,
    env: opts.env,
    clock: opts.clock,
    nextId: () => ids.next(),
    sink: () => {},
    live: !simulated,
    // Rate limits and request signatures are real time, also when the service's clock follows
    // the events of a lock-step replay (a token bucket on a clock that stands still never refills).
    http: { now: Date.now },
    ...(opts.intentOf ? { client: { intentOf: opts.intentOf } } : {}),
  }).catch((error: unknown) => {
    const why = error instanceof Error ? error.message : String(error);
    throw new ServiceStartError(`ARBEES_POLYMARKET_URL ${url}: ${why}`);
  });
  adapter.marketWs.close();
  return adapter.client;
}

/** The client with its submits timed (wall time: this measures the venue, not the strategy). */
export function timed(client: VenueClient, metrics: TradingMetrics): VenueClient {
  return {
    venue: client.venue,
    live: client.live,
    ...(client.account ? { account: client.account } : {}),
    submit: async (intent) => {
      const end = metrics.orderRoundTripSeconds.startTimer({ venue: client.venue });
      try {
        const outcome = await client.submit(intent);
        end({ outcome: outcome.kind });
        return outcome;
      } catch (error) {
        end({ outcome: 'error' });
        throw error;
      }
    },
    getOrder: (id) => client.getOrder(id),
    cancel: (id) => client.cancel(id),
  };
}
