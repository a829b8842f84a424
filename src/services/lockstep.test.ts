/**
 * The lock-step barrier on the real Redis (skipped without REDIS_URL) with the store on PGlite:
 * what keeps a deployment from being settled (a group's backlog, a running game without a live
 * lease holder), what does not (the group of a shard with no heartbeat), and the newest event
 * time a restarted service starts its clock from.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestEventTs } from '../bus/redis-backlog.js';
import { RedisBus } from '../bus/redis-bus.js';
import { type ArbeesEvent, TOPICS } from '../core/events.js';
import { asEventId, asGameId, asRunId } from '../core/ids.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import {
  announcedReplayStart,
  announceReplayStart,
  deploymentSettled,
  missingSubscribers,
  unsettled,
} from './lockstep.js';

const redisUrl = process.env.REDIS_URL ?? '';
const runId = asRunId('lockstep-barrier');
const game = asGameId('2020_17_ATL_TB');

const assignment = (n: number, ts: number): ArbeesEvent => ({
  type: 'ShardAssignment',
  id: asEventId(`assign-${n}`),
  ts,
  shard: 'shard-1',
  gameIds: [],
});

describe.skipIf(!redisUrl)('the lock-step barrier', () => {
  const prefix = `barrier-${randomUUID().slice(0, 8)}:`;
  let bus: RedisBus;
  let redis: Redis;
  let store: Store;
  let wall = 1_000_000;
  let running: string[] = [];
  const options = () => ({
    redis,
    keys: TOPICS.map((t) => `${prefix}${t}`),
    store,
    runId,
    wallClock: { now: () => wall },
    leaseTtlMs: 6_000,
    runningGames: () => running.map(asGameId),
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  });

  beforeAll(async () => {
    bus = new RedisBus({ url: redisUrl, keyPrefix: prefix, idlePollMs: 1 });
    redis = new Redis(redisUrl, { protocol: 2 });
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId, mode: 'replay', startedTs: 0, config: {} });
  });
  afterAll(async () => {
    await bus?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis?.disconnect();
    await store?.close();
  });

  it('waits for a group still handling an entry, and settles once it has acked', async () => {
    expect(await unsettled(options())).toEqual([]);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const sub = bus.subscribe({
      group: 'execution',
      consumer: 'execution-1',
      topics: ['ops'],
      handler: () => gate,
    });
    await sub.ready;
    await bus.publish(assignment(1, 10));
    // Read (pending) or not yet read (behind): either way, not settled.
    const open = await unsettled(options());
    expect(open).toEqual([
      expect.objectContaining({ kind: 'backlog', group: 'execution', key: `${prefix}ops` }),
    ]);
    let settled = false;
    const waiting = deploymentSettled(options()).then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    release();
    await waiting;
    expect(await unsettled(options())).toEqual([]);
    await sub.close();
  });

  it("leaves out a dead shard's group, and waits for a running game until a live shard holds it", async () => {
    const sub = bus.subscribe({
      group: 'game-shard.shard-9',
      consumer: 'shard-9',
      topics: ['games'],
      handler: () => {},
    });
    await sub.ready;
    await sub.close(); // the shard died: its group stays, behind
    await bus.publish({
      type: 'GameFinal',
      id: asEventId('final-x'),
      ts: 20,
      gameId: asGameId('x'),
      homeScore: 1,
      awayScore: 0,
      winner: 'home',
    });
    expect(await unsettled(options())).toEqual([]);
    // The same shard heard from within the TTL: its group counts again.
    await store.recordShardHeartbeat(runId, { shard: 'shard-9', ts: wall });
    expect(await unsettled(options())).toEqual([
      expect.objectContaining({ kind: 'backlog', group: 'game-shard.shard-9' }),
    ]);
    wall += 6_000;
    expect(await unsettled(options())).toEqual([]);

    running = [game];
    expect(await unsettled(options())).toEqual([{ kind: 'unleased', gameId: game }]);
    await store.recordShardHeartbeat(runId, { shard: 'shard-1', ts: wall });
    await store.acquireGameLease(runId, { gameId: game, owner: 'shard-1', nowTs: wall, ttlMs: 6_000 });
    expect(await unsettled(options())).toEqual([]);
    // The holder falls silent past the TTL: nobody handles the game's events any more.
    wall += 6_000;
    expect(await unsettled(options())).toContainEqual({ kind: 'unleased', gameId: game });
    running = [];
  });

  it('finds the newest event time across streams, leaving out empty ones', async () => {
    await bus.publish(assignment(2, 500));
    expect(await newestEventTs(redis, [`${prefix}ops`, `${prefix}games`, `${prefix}nothing`])).toBe(500);
    expect(await newestEventTs(redis, [`${prefix}nothing`])).toBeNull();
  });

  it('keeps the replay start the driver announces, under the prefix', async () => {
    expect(await announcedReplayStart(redis, prefix)).toBeNull();
    await announceReplayStart(redis, prefix, Date.UTC(2021, 0, 3, 16));
    expect(await announcedReplayStart(redis, prefix)).toBe(Date.UTC(2021, 0, 3, 16));
    expect(await announcedReplayStart(redis, `${prefix}other:`)).toBeNull();
  });

  it('names the services whose consumer groups do not exist yet', async () => {
    const other = `${prefix}fresh:`;
    const keyOf = (t: string) => `${other}${t}`;
    const scoped = new RedisBus({ url: redisUrl, keyPrefix: other });
    try {
      expect(await missingSubscribers(redis, keyOf)).toEqual([
        'discovery-coordinator',
        'game-shard',
        'signal-processor',
        'execution',
        'position-tracker',
      ]);
      const subs = [
        scoped.subscribe({
          group: 'discovery-coordinator',
          consumer: 'c',
          topics: ['games'],
          handler: () => {},
        }),
        scoped.subscribe({
          group: 'game-shard.shard-7',
          consumer: 's',
          topics: ['games'],
          handler: () => {},
        }),
        scoped.subscribe({ group: 'risk', consumer: 'r', topics: ['signals'], handler: () => {} }),
        scoped.subscribe({ group: 'execution', consumer: 'e', topics: ['orders'], handler: () => {} }),
      ];
      await Promise.all(subs.map((s) => s.ready));
      expect(await missingSubscribers(redis, keyOf)).toEqual(['position-tracker']);
    } finally {
      await scoped.close();
      const keys = await redis.keys(`${other}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });
});
