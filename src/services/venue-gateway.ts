/**
 * Venue gateways as services: `arbees service kalshi-gateway`, `polymarket-gateway` and
 * `polymarket-us-gateway`. Each runs
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
import type { PmusSigningKey } from '../venues/polymarket-us/auth.js';
import type { GatewayVenue } from './gateways/feed.js';
import { createMarketDataGateway } from './gateways/market-data-gateway.js';
import { registerGatewayMetrics } from './gateways/metrics.js';
import { createSettlementWatcher } from './gateways/settlement-watcher.js';
import { kalshiParts, polymarketParts, polymarketUsParts, type VenueParts } from './gateways/venue-parts.js';
import { ServiceStartError } from './runner.js';
import type { RunningService, ServiceContext, ServiceDefinition } from './service.js';
import { loadPmusKey, VenueAccessError } from './venue-access.js';

export type { GatewayVenue } from './gateways/feed.js';

/** How often (wall ms) the status line is logged. */
const STATUS_EVERY_MS = 60_000;

function endpointsOf(config: Config) {
  try {
    return resolveEndpoints(config);
  } catch (error) {
    if (error instanceof EndpointError) throw new ServiceStartError(error.message);
    throw error;
  }
}

async function kalshiPartsOf(ctx: ServiceContext): Promise<VenueParts> {
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
  return kalshiParts({ endpoints, key: { keyId: config.KALSHI_API_KEY_ID!, privateKey }, clock: ctx.clock });
}

/**
 * Polymarket US: its markets channel is signed with the API key. Null when the venue is not
 * enabled (ARBEES_VENUES): the service then stays up with nothing to follow, so one deployment
 * serves traders with and without it.
 */
function polymarketUsPartsOf(ctx: ServiceContext): VenueParts | null {
  const endpoints = endpointsOf(ctx.config).polymarketUs;
  if (!endpoints) return null;
  let key: PmusSigningKey | null;
  try {
    // The secret is never a setting: it stays in the process environment, as execution reads it.
    key = loadPmusKey(ctx.config, process.env);
  } catch (error) {
    if (error instanceof VenueAccessError)
      throw new ServiceStartError(`polymarket-us-gateway: ${error.message}`);
    throw error;
  }
  if (!key)
    throw new ServiceStartError(
      "polymarket-us-gateway needs POLYMARKET_US_KEY_ID and POLYMARKET_US_SECRET_KEY: Polymarket US's markets WebSocket is signed with the API key",
    );
  return polymarketUsParts({ endpoints, key, clock: ctx.clock });
}

function polymarketPartsOf(ctx: ServiceContext): VenueParts {
  const endpoints = endpointsOf(ctx.config).polymarket;
  if (!endpoints)
    throw new ServiceStartError('polymarket-gateway: ARBEES_VENUES does not include polymarket');
  return polymarketParts({ endpoints, clock: ctx.clock });
}

async function partsOf(venue: GatewayVenue, ctx: ServiceContext): Promise<VenueParts | null> {
  if (venue === 'kalshi') return kalshiPartsOf(ctx);
  if (venue === 'polymarket') return polymarketPartsOf(ctx);
  return polymarketUsPartsOf(ctx);
}

function gatewayService(venue: GatewayVenue): ServiceDefinition {
  return {
    name: `${venue}-gateway`,
    description: `${venue} market data in: books and trades of the mapped instruments from the venue's WebSocket on md, and settlement from the venue's resolution`,
    async start(ctx): Promise<RunningService> {
      const parts = await partsOf(venue, ctx);
      const log = ctx.log;
      if (!parts) {
        log.info(`${venue} gateway idle: the venue is not enabled (ARBEES_VENUES)`);
        return { ready: () => true, stop: async () => {} };
      }
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
      // A restarted gateway: discovery does not map again what it mapped before, so what the store
      // has mapped and not settled is followed (and its settlement watched) from here on.
      const known = (await ctx.store.listUnsettledMarkets(ctx.runId)).filter((i) => i.venue === venue);
      for (const instrument of known) {
        gateway.follow(instrument);
        watcher.follow(instrument);
      }
      log.info(`${venue} gateway started`, { ...parts.endpoints, followingFromStore: known.length });
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
export const polymarketUsGatewayService = gatewayService('polymarket-us');
