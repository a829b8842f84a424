/**
 * The game shard and the discovery coordinator as services of the distributed shape
 * (`arbees service game-shard`, `arbees service discovery-coordinator`): timers around the
 * compositions in game-shard.ts and discovery-coordinator.ts, and the ESPN poller as their feed
 * when ARBEES_ESPN_URL names an ESPN API (the real one, or `arbees sim espn`).
 */
import { Counter, Gauge } from 'prom-client';
import type { Bus } from '../bus/port.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { EspnHttpClient } from '../feeds/espn/client.js';
import { EspnPoller } from '../feeds/espn/poller.js';
import { nodeHttpGet } from '../feeds/http-get.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import { createWinProbabilityModels } from '../sports/models.js';
import { EdgeShard } from '../strategy/edge-shard.js';
import { startDiscoveryCoordinator } from './discovery-coordinator.js';
import type { GameFeedHandle } from './game-shard.js';
import { startGameShard } from './game-shard.js';
import type { Logger } from './logger.js';
import type { RunningService, ServiceDefinition } from './service.js';
import { shardOptionsFrom } from './settings.js';

/** How often the coordinator looks at heartbeats and leases. */
const COORDINATOR_TICK_MS = 1_000;

/** The ESPN poller over HTTP, publishing through `bus` (a gate), on real timers. */
function espnFeed(opts: { config: Config; clock: Clock; bus: Bus; log: Logger }): GameFeedHandle | undefined {
  const { config, clock, log } = opts;
  if (!config.ARBEES_ESPN_URL) {
    log.info('ARBEES_ESPN_URL is not set: no ESPN feed in this process, games come from the bus only');
    return undefined;
  }
  const http = nodeHttpGet();
  const scheduler = new TimerScheduler({
    clock,
    onError: (error) => log.warn('ESPN poll failed', { error: String(error) }),
  });
  const poller = new EspnPoller({
    client: new EspnHttpClient({ baseUrl: config.ARBEES_ESPN_URL, get: http.get }),
    bus: opts.bus,
    clock,
    scheduler,
    leagues: ['nfl'],
    pollIntervalMs: config.POLL_INTERVAL * 1000,
    crunchIntervalMs: config.CRUNCH_TIME_INTERVAL * 1000,
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
    const timer = setInterval(() => {
      shard.tick().catch((error) => ctx.log.warn('lease tick failed', { error: String(error) }));
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
    const coordinator = await startDiscoveryCoordinator({
      bus: ctx.bus,
      store: ctx.store,
      // Heartbeats and leases are judged in real time, also under a lock-step replay.
      clock: ctx.wallClock,
      runId: ctx.runId,
      log: ctx.log,
      shardTimeoutMs: ctx.config.ARBEES_LEASE_TTL * 1000,
      startDiscovery: (gate) => espnFeed({ config: ctx.config, clock: ctx.clock, bus: gate, log: ctx.log }),
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
      },
    };
  },
};
