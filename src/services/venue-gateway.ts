/**
 * Venue gateways as services: `arbees service kalshi-gateway` and `polymarket-gateway`. Each runs
 * its venue's market-data gateway (src/services/gateways/market-data-gateway.ts: the books and
 * trades of the instruments market discovery mapped, from the venue's WebSocket, on `md`) and its
 * settlement watcher (settlement-watcher.ts: MarketClosed and MarketSettled from the venue's own
 * resolution). Endpoints come from resolveEndpoints: the real venue by default in paper and live
 * modes, or a simulated world when its URLs are set. Kalshi's WebSocket handshake is signed, so
 * its gateway needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH; Polymarket's market channel
 * and the REST reads are public. Orders do not pass through here: execution sends them.
 *
 * Ready once connected to the venue (Polymarket opens connections with its first token, so with
 * none followed it is ready at once). A status line goes to the log every minute; /metrics has
 * each book's age, the connection state and the counts (gateways/metrics.ts). On SIGTERM it stops
 * following `markets` and `games`, finishes the publish in hand, and closes the sockets.
 */
import { EndpointError, resolveEndpoints } from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import { loadKalshiPrivateKeyFile } from '../venues/kalshi/auth.js';
import { KalshiHttp } from '../venues/kalshi/http.js';
import { GAMMA_LIMITS, PolymarketHttp } from '../venues/polymarket/http.js';
import type { GatewayFeedFactory, GatewayVenue } from './gateways/feed.js';
import { kalshiFeed } from './gateways/kalshi-feed.js';
import { kalshiResolutionReader } from './gateways/kalshi-resolution.js';
import { createMarketDataGateway } from './gateways/market-data-gateway.js';
import { registerGatewayMetrics } from './gateways/metrics.js';
import { polymarketFeed } from './gateways/polymarket-feed.js';
import { polymarketResolutionReader } from './gateways/polymarket-resolution.js';
import type { ResolutionReader } from './gateways/resolution.js';
import { createSettlementWatcher } from './gateways/settlement-watcher.js';
import { ServiceStartError } from './runner.js';
import type { RunningService, ServiceContext, ServiceDefinition } from './service.js';

export type { GatewayVenue } from './gateways/feed.js';

/** How often (wall ms) the status line is logged. */
const STATUS_EVERY_MS = 60_000;
/** The public endpoints send no signer; this is nobody's address. */
const NO_ADDRESS = '0x0000000000000000000000000000000000000000';

interface VenueParts {
  readonly feed: GatewayFeedFactory;
  readonly reader: ResolutionReader;
  /** Where it connects, for the log. */
  readonly endpoints: Record<string, string | boolean>;
}

function endpointsOf(config: Config) {
  try {
    return resolveEndpoints(config);
  } catch (error) {
    if (error instanceof EndpointError) throw new ServiceStartError(error.message);
    throw error;
  }
}

async function kalshiParts(ctx: ServiceContext): Promise<VenueParts> {
  const endpoints = endpointsOf(ctx.config).kalshi;
  if (!endpoints) throw new ServiceStartError('kalshi-gateway: ARBEES_VENUES does not include kalshi');
  const { config } = ctx;
  const missing = (['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY_PATH'] as const).filter((k) => !config[k]);
  if (missing.length > 0)
    throw new ServiceStartError(
      `kalshi-gateway needs ${missing.join(' and ')}: Kalshi's WebSocket handshake is signed with the API key`,
    );
  const privateKey = await loadKalshiPrivateKeyFile(config.KALSHI_PRIVATE_KEY_PATH!).catch((e: unknown) => {
    throw new ServiceStartError(
      `KALSHI_PRIVATE_KEY_PATH ${config.KALSHI_PRIVATE_KEY_PATH}: ${e instanceof Error ? e.message : String(e)}`,
    );
  });
  const key = { keyId: config.KALSHI_API_KEY_ID!, privateKey };
  return {
    feed: kalshiFeed({ url: endpoints.ws, key, clock: ctx.clock }),
    // One attempt a read: the watcher asks again on its own interval.
    reader: kalshiResolutionReader(new KalshiHttp({ baseUrl: endpoints.rest, key, getAttempts: 1 })),
    endpoints: { ws: endpoints.ws, rest: endpoints.rest, real: endpoints.real },
  };
}

function polymarketParts(ctx: ServiceContext): VenueParts {
  const endpoints = endpointsOf(ctx.config).polymarket;
  if (!endpoints)
    throw new ServiceStartError('polymarket-gateway: ARBEES_VENUES does not include polymarket');
  return {
    feed: polymarketFeed({ wsMarketUrl: endpoints.wsMarket, clobUrl: endpoints.clob, clock: ctx.clock }),
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

function gatewayService(venue: GatewayVenue): ServiceDefinition {
  return {
    name: `${venue}-gateway`,
    description: `${venue} market data in: books and trades of the mapped instruments from the venue's WebSocket on md, and settlement from the venue's resolution`,
    async start(ctx): Promise<RunningService> {
      const parts = venue === 'kalshi' ? await kalshiParts(ctx) : polymarketParts(ctx);
      const log = ctx.log;
      const gateway = createMarketDataGateway({
        bus: ctx.bus,
        clock: ctx.clock,
        feed: parts.feed,
        mode: 'live',
        log,
        instanceId: ctx.instanceId,
      });
      const scheduler = new TimerScheduler({
        clock: ctx.clock,
        onError: (error) => log.warn('settlement task failed', { error: String(error) }),
      });
      const watcher = createSettlementWatcher({
        bus: ctx.bus,
        clock: ctx.clock,
        scheduler,
        reader: parts.reader,
        log,
        instanceId: ctx.instanceId,
      });
      registerGatewayMetrics({ registry: ctx.metrics, gateway, watcher });
      await watcher.start();
      await gateway.start();
      log.info(`${venue} gateway started`, parts.endpoints);
      const statusTimer = setInterval(
        () => log.info(`${venue} gateway status`, { ...gateway.status(), settlement: watcher.counters }),
        STATUS_EVERY_MS,
      );
      statusTimer.unref();
      return {
        ready: () => gateway.ready(),
        stop: async () => {
          clearInterval(statusTimer);
          scheduler.stop();
          await watcher.stop();
          await gateway.stop();
        },
      };
    },
  };
}

export const kalshiGatewayService = gatewayService('kalshi');
export const polymarketGatewayService = gatewayService('polymarket');
