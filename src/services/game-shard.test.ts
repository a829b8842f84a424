/**
 * Game shards, leases and the coordinator on real Redis and PostgreSQL (when REDIS_URL and
 * DATABASE_URL are set): each shard and the coordinator on a bus of its own, as separate
 * processes would be, on one simulated clock advanced by hand second by second.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../bus/redis-bus.js';
import { loadConfig } from '../config/load.js';
import { SimulatedClock } from '../core/clock.js';
import type { GameScheduled } from '../core/events.js';
import { asEventId, asRunId, type GameId } from '../core/ids.js';
import { createWinProbabilityModels } from '../sports/models.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { createTestSchema } from '../store/testing/harness.js';
import { EdgeShard } from '../strategy/edge-shard.js';
import { type DiscoveryCoordinator, startDiscoveryCoordinator } from './discovery-coordinator.js';
import { type GameShard, startGameShard } from './game-shard.js';
import { silentLogger } from './logger.js';
import { shardOptionsFrom } from './settings.js';

const redisUrl = process.env.REDIS_URL ?? '';
const databaseUrl = process.env.DATABASE_URL ?? '';
const TTL = 6_000;
const T0 = Date.UTC(2024, 8, 8, 17, 0, 0);

const scheduled = (n: number): GameScheduled => ({
  type: 'GameScheduled',
  id: asEventId(`test:scheduled:${n}`),
  ts: T0,
  gameId: `nfl:test-${n}` as GameId,
  sport: 'nfl',
  homeTeam: `H${n}`,
  awayTeam: `A${n}`,
  startTs: T0 + 3600_000,
  homeSpread: 3,
  season: 2024,
  week: 1,
  seasonType: 'REG',
});

describe.skipIf(!redisUrl || !databaseUrl)('game shards with leases on Redis and PostgreSQL', () => {
  const prefix = `arbees:test:shards:${randomUUID()}:`;
  const runId = asRunId(`shards-${randomUUID()}`);
  const config = loadConfig({ env: {}, envFile: null });
  const models = createWinProbabilityModels();
  const clock = new SimulatedClock(T0);
  const buses: RedisBus[] = [];
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let store: Store;

  const newBus = () => {
    const bus = new RedisBus({ url: redisUrl, keyPrefix: prefix, blockMs: 200, idlePollMs: 2 });
    buses.push(bus);
    return bus;
  };
  const settle = async () => {
    for (let i = 0; i < 2; i++) for (const b of buses) await b.idle();
  };
  const shard = async (name: string) => {
    const s = await startGameShard({
      bus: newBus(),
      store,
      clock,
      runId,
      name,
      log: silentLogger,
      leaseTtlMs: TTL,
      strategyFor: (prefix, feedStatus) =>
        new EdgeShard({ ...shardOptionsFrom(config, models, prefix), ...(feedStatus ? { feedStatus } : {}) }),
    });
    await s.ready;
    return s;
  };
  const owners = async () => {
    const leases = await store.listGameLeases(runId);
    return new Map(leases.filter((l) => l.expiresTs > clock.now()).map((l) => [l.gameId, l.owner]));
  };

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
    store = await openStore({ databaseUrl, schema: schema.schema });
  });
  afterAll(async () => {
    for (const b of buses) await b.close();
    await store?.close();
    await schema?.drop();
    const admin = new Redis(redisUrl);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it("spreads games over the shards, moves a killed shard's games to the live one within 10 s, and a stopped shard's at once", async () => {
    const coordinatorBus = newBus();
    const coordinator: DiscoveryCoordinator = await startDiscoveryCoordinator({
      bus: coordinatorBus,
      store,
      clock,
      runId,
      log: silentLogger,
      shardTimeoutMs: TTL,
    });
    await coordinator.ready;
    let a: GameShard = await shard('shard-a');
    const b: GameShard = await shard('shard-b');
    await a.tick();
    await b.tick();
    const publisher = newBus();
    for (let n = 1; n <= 4; n++) await publisher.publish(scheduled(n));
    await settle();
    // Two shards just came up: new games wait until the set of live shards has settled (3 s).
    await coordinator.tick();
    await settle();
    expect((await owners()).size).toBe(0);
    clock.advance(3_000);
    await coordinator.tick();
    await settle();

    const first = await owners();
    expect(first.size).toBe(4);
    expect([...first.values()].filter((o) => o === 'shard-a')).toHaveLength(2);
    expect(a.owned().map((l) => l.epoch)).toEqual([1, 1]);

    // Run normally for a few seconds: shards renew every 2 s, the coordinator ticks every 1 s.
    const second = async (shards: readonly GameShard[]) => {
      clock.advance(1_000);
      if ((clock.now() - T0) % 2_000 === 0) for (const s of shards) await s.tick();
      await coordinator.tick();
      await settle();
    };
    for (let i = 0; i < 4; i++) await second([a, b]);
    expect(await owners()).toEqual(first);

    // shard-a dies without a word: its leases stay until they expire.
    const killedAt = clock.now();
    const aGames = a.owned().map((l) => l.gameId);
    await a.crash();
    let movedAt: number | null = null;
    while (clock.now() - killedAt <= 15_000) {
      await second([b]);
      const now = await owners();
      if (aGames.every((g) => now.get(g) === 'shard-b')) {
        movedAt = clock.now();
        break;
      }
    }
    expect(movedAt).not.toBeNull();
    expect(movedAt! - killedAt).toBeLessThanOrEqual(10_000);
    process.stderr.write(`killed shard's games moved after ${movedAt! - killedAt} ms of simulated time\n`);
    expect(b.owned()).toHaveLength(4);
    // The new holder has a higher epoch: anything the dead shard still tried would be fenced.
    for (const l of b.owned()) if (aGames.includes(l.gameId)) expect(l.epoch).toBe(2);

    // shard-a comes back: the games stay where they are (sticky), it gets only new ones.
    a = await shard('shard-a');
    await a.tick();
    await publisher.publish(scheduled(5));
    await settle();
    // The new game waits for the live set to settle (shard-a just came back), then goes to shard-a.
    for (let i = 0; i < 4; i++) await second([a, b]);
    expect(a.owned().map((l) => l.gameId)).toEqual(['nfl:test-5']);
    expect(b.owned()).toHaveLength(4);

    // shard-b shuts down cleanly: it gives its leases back and leaves, and they move at the next tick.
    await b.stop();
    await second([a]);
    expect(a.owned()).toHaveLength(5);
    await a.stop();
    await coordinator.stop();
  }, 120_000);
});
