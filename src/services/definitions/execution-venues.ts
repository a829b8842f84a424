/**
 * The venue clients of the execution service. As in the one-process run, each venue is a paper
 * venue matching against the books on the bus, holding half the bankroll; Kalshi goes through the
 * real adapter instead when ARBEES_KALSHI_URL names an API (the simulator on loopback, or the
 * exchange once live trading is allowed). Every submit is timed into the round-trip histogram.
 */
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { VenueName } from '../../core/instruments.js';
import type { Micros } from '../../core/money.js';
import { loadKalshiPrivateKeyFile } from '../../venues/kalshi/auth.js';
import { KalshiVenueClient } from '../../venues/kalshi/client.js';
import { KalshiHttp } from '../../venues/kalshi/http.js';
import { PaperVenue } from '../../venues/paper/paper-venue.js';
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
  for (const [venue, client] of clients) clients.set(venue, timed(client, opts.metrics));
  return { clients, paper };
}

async function kalshiClient(config: Config): Promise<VenueClient> {
  const url = new URL(config.ARBEES_KALSHI_URL!);
  const simulated = LOOPBACK.has(url.hostname) || url.protocol === 'http:';
  if (!simulated && (config.PAPER_TRADING || !config.LIVE_TRADING_ACK))
    throw new ServiceStartError(
      `ARBEES_KALSHI_URL points at ${url.hostname}, a real exchange, but live trading is not allowed (PAPER_TRADING=0 and LIVE_TRADING_ACK=true are needed)`,
    );
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

/** The client with its submits timed (wall time: this measures the venue, not the strategy). */
function timed(client: VenueClient, metrics: TradingMetrics): VenueClient {
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
