/**
 * The game shard and the discovery coordinator as services of the distributed shape
 * (`arbees service game-shard`, `arbees service discovery-coordinator`): timers around the
 * compositions in game-shard.ts and discovery-coordinator.ts, and the ESPN poller as their feed
 * when ARBEES_ESPN_URL names an ESPN API (the real one, or `arbees sim espn`). In paper and live
 * modes the feed reads the endpoints' ESPN (real by default) for ARBEES_LEAGUES, and the
 * coordinator also runs market discovery and matching against the endpoints' venues.
 */
import { Counter, Gauge } from 'prom-client';
import type { Bus } from '../bus/port.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { EspnHttpClient } from '../feeds/espn/client.js';
import type { EspnLeague } from '../feeds/espn/leagues.js';
import { EspnPoller } from '../feeds/espn/poller.js';
import { nodeHttpGet } from '../feeds/http-get.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import { createWinProbabilityModels } from '../sports/models.js';
import { EdgeShard } from '../strategy/edge-shard.js';
import { startDiscoveryCoordinator } from './discovery-coordinator.js';
import type { GameFeedHandle } from './game-shard.js';
import { startGameShard } from './game-shard.js';
import { liveMarketDiscovery } from './live-inputs.js';
import type { Logger } from './logger.js';
import { ServiceStartError } from './runner.js';
import type { RunningService, ServiceContext, ServiceDefinition } from './service.js';
import { shardOptionsFrom } from './settings.js';
import { ecsAgentTaskProtection, scaleInGuard } from './task-protection.js';
import { serviceEndpoints, serviceLeagues, tradingModeOf } from './trading-services.js';
import { loadKalshiKey, VenueAccessError } from './venue-access.js';

/** How often the coordinator looks at heartbeats and leases. */
const COORDINATOR_TICK_MS = 1_000;

const DAY_MS = 86_400_000;

/**
 * Where the ESPN feed reads and which leagues. Paper and live: the endpoints' ESPN (the real one
 * by default, or a simulated world's) and ARBEES_LEAGUES. Replay: ARBEES_ESPN_URL when set, NFL.
 */
function espnSource(config: Config): { url: string; leagues: readonly EspnLeague[] } | null {
  if (tradingModeOf(config))
    return { url: serviceEndpoints(config).espn.url, leagues: serviceLeagues(config) };
  return config.ARBEES_ESPN_URL ? { url: config.ARBEES_ESPN_URL, leagues: ['nfl'] } : null;
}

/**
 * The ESPN poller over HTTP, publishing through `bus` (a gate), on real timers. The coordinator's
 * reads days ahead, as the one-process run's does, so market discovery hears of games a day early.
 */
function espnFeed(opts: {
  config: Config;
  clock: Clock;
  bus: Bus;
  log: Logger;
  lookahead?: { days: number; announceLeadMs: number };
}): GameFeedHandle | undefined {
  const { config, clock, log } = opts;
  const source = espnSource(config);
  if (!source) {
    log.info('ARBEES_ESPN_URL is not set: no ESPN feed in this process, games come from the bus only');
    return undefined;
  }
  const http = nodeHttpGet();
  const scheduler = new TimerScheduler({
    clock,
    onError: (error) => log.warn('ESPN poll failed', { error: String(error) }),
  });
  const poller = new EspnPoller({
    client: new EspnHttpClient({ baseUrl: source.url, get: http.get }),
    bus: opts.bus,
    clock,
    scheduler,
    leagues: source.leagues,
    pollIntervalMs: config.POLL_INTERVAL * 1000,
    crunchIntervalMs: config.CRUNCH_TIME_INTERVAL * 1000,
    ...(opts.lookahead
      ? { lookaheadDays: opts.lookahead.days, announceLeadMs: opts.lookahead.announceLeadMs }
      : {}),
    log,
  });
  poller.start();
  return {
    status: poller,
    stop: () => {
      poller.stop();
      scheduler.stop();
      http.close();
    },
  };
}

/**
 * Paper and live: market discovery and matching beside the coordinator's ESPN feed (MarketMapped
 * of each announced game, on the bus for the gateways, the shards and execution), as the
 * one-process run has it. Ready once its consumer group on `games` exists.
 */
async function startServiceDiscovery(ctx: ServiceContext): Promise<{ stop(): Promise<void> } | null> {
  const { config } = ctx;
  if (!tradingModeOf(config)) return null;
  const endpoints = serviceEndpoints(config);
  const kalshiKey = await loadKalshiKey(config).catch((error: unknown) => {
    throw error instanceof VenueAccessError ? new ServiceStartError(error.message) : error;
  });
  const scheduler = new TimerScheduler({
    clock: ctx.clock,
    onError: (error) => ctx.log.warn('market discovery task failed', { error: String(error) }),
  });
  const discovery = liveMarketDiscovery({
    config,
    bus: ctx.bus,
    clock: ctx.clock,
    scheduler,
    log: ctx.log,
    endpoints,
    leagues: serviceLeagues(config),
    kalshiKey,
    consumer: ctx.instanceId,
  });
  await discovery.ready;
  ctx.log.info('market discovery started', {
    kalshi: endpoints.kalshi?.rest ?? null,
    gamma: endpoints.polymarket?.gamma ?? null,
  });
  return {
    stop: async () => {
      scheduler.stop();
      await discovery.stop();
    },
  };
}

/** A shard's scale-in protection lasts this long unrenewed (renewed past half while it holds games). */
const SHARD_PROTECTION_MINUTES = 30;

export const gameShardService: ServiceDefinition = {
  name: 'game-shard',
  description: 'runs the ESPN feed and the edge strategy of the games it holds leases on',
  async start(ctx): Promise<RunningService> {
    const models = createWinProbabilityModels();
    const registers = [ctx.metrics];
    // Read at each scrape.
    new Gauge({
      name: 'arbees_game_leases_held',
      help: 'Games this shard holds leases on',
      registers,
      collect() {
        this.set(shard.owned().length);
      },
    });
    const leaseChanges = new Counter({
      name: 'arbees_game_lease_changes_total',
      help: 'Games taken (reason "taken") and given up, by reason (fenced, expired, unassigned, stopped)',
      labelNames: ['reason'],
      registers,
    });
    const shard = await startGameShard({
      bus: ctx.bus,
      store: ctx.store,
      clock: ctx.clock,
      leaseClock: ctx.wallClock,
      runId: ctx.runId,
      name: ctx.instanceId,
      log: ctx.log,
      leaseTtlMs: ctx.config.ARBEES_LEASE_TTL * 1000,
      strategyFor: (prefix, feedStatus) =>
        new EdgeShard({
          ...shardOptionsFrom(ctx.config, models, prefix),
          ...(feedStatus ? { feedStatus } : {}),
        }),
      startFeed: (gate) => espnFeed({ config: ctx.config, clock: ctx.clock, bus: gate, log: ctx.log }),
      onLeaseChange: (c) => leaseChanges.inc({ reason: c.taken ? 'taken' : (c.reason ?? 'unknown') }),
    });
    await shard.ready;
    await shard.tick();
    // ECS sets ECS_AGENT_URI in every task; elsewhere there is no scheduler to ask.
    const agentUri = process.env.ECS_AGENT_URI;
    const guard = agentUri
      ? scaleInGuard({
          protection: ecsAgentTaskProtection(agentUri),
          clock: ctx.wallClock,
          log: ctx.log,
          expiresInMinutes: SHARD_PROTECTION_MINUTES,
        })
      : null;
    const timer = setInterval(() => {
      shard
        .tick()
        .then(() => guard?.update(shard.owned().length))
        .catch((error) => ctx.log.warn('lease tick failed', { error: String(error) }));
    }, ctx.config.ARBEES_LEASE_RENEW * 1000);
    let stopped = false;
    return {
      ready: () => !stopped,
      stop: async () => {
        stopped = true;
        clearInterval(timer);
        await shard.stop();
      },
    };
  },
};

export const discoveryCoordinatorService: ServiceDefinition = {
  name: 'discovery-coordinator',
  description: 'discovers games on ESPN, assigns them to live game shards and moves a dead shard’s games',
  async start(ctx): Promise<RunningService> {
    const registers = [ctx.metrics];
    const liveShards = new Gauge({
      name: 'arbees_live_game_shards',
      help: 'Game shards heard from within the lease TTL',
      registers,
    });
    const runningGames = new Gauge({
      name: 'arbees_running_games',
      help: 'Games announced and not final',
      registers,
    });
    const assignments = new Counter({
      name: 'arbees_shard_assignments_total',
      help: 'ShardAssignment events published',
      registers,
    });
    const lostShards = new Counter({
      name: 'arbees_game_shards_lost_total',
      help: 'Game shards found dead (silent past the lease TTL)',
      registers,
    });
    const discovery = await startServiceDiscovery(ctx);
    const paperOrLive = tradingModeOf(ctx.config) !== null;
    const coordinator = await startDiscoveryCoordinator({
      bus: ctx.bus,
      store: ctx.store,
      // Heartbeats and leases are judged in real time, also under a lock-step replay.
      clock: ctx.wallClock,
      runId: ctx.runId,
      log: ctx.log,
      shardTimeoutMs: ctx.config.ARBEES_LEASE_TTL * 1000,
      startDiscovery: (gate) =>
        espnFeed({
          config: ctx.config,
          clock: ctx.clock,
          bus: gate,
          log: ctx.log,
          ...(paperOrLive ? { lookahead: { days: 2, announceLeadMs: DAY_MS } } : {}),
        }),
      consumer: ctx.instanceId,
      onTick: (t) => {
        liveShards.set(t.liveShards);
        runningGames.set(t.games);
        assignments.inc(t.published);
        lostShards.inc(t.lost);
      },
    });
    await coordinator.ready;
    const timer = setInterval(() => {
      coordinator.tick().catch(() => undefined);
    }, COORDINATOR_TICK_MS);
    let stopped = false;
    return {
      ready: () => !stopped,
      stop: async () => {
        stopped = true;
        clearInterval(timer);
        await coordinator.stop();
        await discovery?.stop();
      },
    };
  },
};
