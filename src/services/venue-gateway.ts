/**
 * Venue gateways: `kalshi-gateway` and `polymarket-gateway`, market data in for one venue.
 *
 * What they carry today is the simulated venue of the replay: the simulated market makers of
 * that venue (src/sim/simulated-markets.ts) list a market for each announced game (MarketMapped),
 * quote it on `md` as the game goes on, and close and settle it at the final. Outside a lock-step
 * replay the makers cannot see plays ahead of the feed, so they re-price on each new play the
 * game feed publishes. Orders do not pass through the gateways: the execution service sends them
 * through the venue adapters (paper venues in paper and replay runs, src/venues/kalshi and
 * src/venues/polymarket live). Ingesting the real venues' WebSocket market data here (Kalshi's
 * orderbook channel, Polymarket's market channel, normalised to BookSnapshot) is the next step;
 * see docs/distributed.md.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { GameId } from '../core/ids.js';
import type { Scheduler } from '../core/scheduler.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import { type SimMarkets, startSimMarkets } from '../sim/simulated-markets.js';
import type { RunningService, ServiceDefinition } from './service.js';

export type GatewayVenue = 'kalshi' | 'polymarket';

export interface VenueGateway {
  stop(): Promise<void>;
}

export function startVenueGateway(opts: {
  bus: Bus;
  clock: Clock;
  scheduler: Scheduler;
  venue: GatewayVenue;
  seed: number;
  /** Unique per gateway process: prefixes the event ids it publishes. */
  instanceId: string;
}): VenueGateway {
  const { bus, venue } = opts;
  const markets: SimMarkets = startSimMarkets({
    bus,
    scheduler: opts.scheduler,
    clock: opts.clock,
    seed: opts.seed,
    venues: [venue],
    group: `${venue}-gateway`,
    idPrefix: `${venue}-gateway:${opts.instanceId}`,
  });
  const lastPlay = new Map<GameId, number>();
  const plays: Subscription = bus.subscribe({
    group: `${venue}-gateway.plays`,
    consumer: opts.instanceId,
    topics: ['games'],
    handler: (event) => {
      if (event.type !== 'GameStateUpdated' || event.state.sport !== 'nfl') return;
      // The feed repeats a state when only its time moved; a maker re-prices on a new play only.
      if ((lastPlay.get(event.gameId) ?? -1) >= event.state.playSeq) return;
      lastPlay.set(event.gameId, event.state.playSeq);
      markets.onPlay({ gameId: event.gameId, state: event.state, ts: event.ts });
    },
  });
  return {
    stop: async () => {
      markets.stop();
      await plays.close();
    },
  };
}

function gatewayService(venue: GatewayVenue): ServiceDefinition {
  return {
    name: `${venue}-gateway`,
    description: `${venue} market data in: the simulated ${venue} market makers quoting every announced game on md`,
    async start(ctx): Promise<RunningService> {
      const scheduler = new TimerScheduler({
        clock: ctx.clock,
        onError: (error) => ctx.log.warn('gateway task failed', { error: String(error) }),
      });
      const gateway = startVenueGateway({
        bus: ctx.bus,
        clock: ctx.clock,
        scheduler,
        venue,
        seed: ctx.config.ARBEES_SEED,
        instanceId: ctx.instanceId,
      });
      return {
        ready: () => true,
        stop: async () => {
          scheduler.stop();
          await gateway.stop();
        },
      };
    },
  };
}

export const kalshiGatewayService = gatewayService('kalshi');
export const polymarketGatewayService = gatewayService('polymarket');
