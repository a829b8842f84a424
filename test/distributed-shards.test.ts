/**
 * The game shards as real processes (`arbees service …`) on the real Redis and PostgreSQL, fed
 * by the simulated ESPN API on loopback running four replayed games at 60 times game speed:
 * the coordinator discovers and assigns the games, each shard takes its games through leases and
 * publishes their states; the Kalshi and Polymarket simulators (in this process, with their
 * simulated makers quoting each announced game) list each game's markets, and the venue gateways
 * bring their books in over the venues' WebSockets. Then one shard is
 * killed with SIGKILL: its games move to the other one, which goes on publishing them; the killed
 * shard restarts under its name and gets nothing back (assignments are sticky). The signal
 * processor, execution and the position tracker run too. Once orders flow, execution is killed
 * with SIGKILL and restarted under its name: it relays its outbox and the bus hands its unacked
 * intents back. After a drain, every order intent is one order, every venue order id one order,
 * every stored fill is on the bus and booked exactly once, the ledger balances.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../src/bus/redis-bus.js';
import { ScaledClock } from '../src/core/clock.js';
import type { ArbeesEvent } from '../src/core/events.js';
import { asRunId } from '../src/core/ids.js';
import { loadNflBundle, selectGames } from '../src/feeds/replay/nfl-bundle.js';
import { ReplayEspnSchedule } from '../src/sim/espn/replay-schedule.js';
import { type EspnSimServer, startEspnSimServer } from '../src/sim/espn/server.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';
import { createTestSchema } from '../src/store/testing/harness.js';
import { eventually, type ServiceProcess, startServiceProcess } from './support/service-process.js';
import { startVenueSimulatorsWorld, type VenueSimulatorsWorld } from './support/venue-simulators.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';
const GAMES = ['2020_17_ATL_TB', '2020_17_BAL_CIN', '2020_17_DAL_NYG', '2020_17_MIA_BUF'];

describe.skipIf(!databaseUrl || !redisUrl)('game shards as processes', () => {
  const prefix = `shards-test-${randomUUID().slice(0, 8)}:`;
  const runId = 'shards-process-test';
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let store: Store;
  let espn: EspnSimServer;
  let running: ScaledClock | null = null;
  let observer: RedisBus;
  let venues: VenueSimulatorsWorld;
  const events: ArbeesEvent[] = [];
  const started: ServiceProcess[] = [];

  const env = () => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ARBEES_DB_SCHEMA: schema.schema,
    ARBEES_BUS_PREFIX: prefix,
    ARBEES_RUN_ID: runId,
    ARBEES_MODE: 'replay',
    ARBEES_ESPN_URL: espn.apiBase,
    ARBEES_LEASE_TTL: '6',
    ARBEES_LEASE_RENEW: '2',
    POLL_INTERVAL: '1',
    CRUNCH_TIME_INTERVAL: '1',
    // 'listening' is an info line: the test reads each process's port from it.
    ARBEES_LOG_LEVEL: 'info',
  });
  const byInstance = new Map<string, ServiceProcess>();
  const start = async (name: string, instance: string) => {
    // The gateways read the simulators; execution trades its paper venues on their books.
    const extra = name.endsWith('-gateway') ? venues.gatewayEnv : {};
    const p = await startServiceProcess({ name, instance, env: { ...env(), ...extra } });
    started.push(p);
    byInstance.set(instance, p);
    return p;
  };
  const owners = async () => {
    const now = Date.now();
    const leases = await store.listGameLeases(asRunId(runId));
    return new Map(leases.filter((l) => l.expiresTs > now).map((l) => [l.gameId as string, l.owner]));
  };
  let espnStartMs = 0;
  const statesOf = (gameId: string) =>
    events.filter((e) => e.type === 'GameStateUpdated' && e.gameId === gameId).length;

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
    store = await openStore({ databaseUrl, schema: schema.schema });
    const schedule = new ReplayEspnSchedule(selectGames(loadNflBundle('data/nfl'), { gameIds: GAMES }));
    // Two game minutes before kick-off until every service is up, then 60 times game speed.
    const startMs = schedule.firstKickoffTs()! - 120_000;
    espnStartMs = startMs;
    const clock = { now: () => (running ? running.now() : startMs) };
    espn = await startEspnSimServer({ schedule, clock, feedDelayMs: 10_000 });
    observer = new RedisBus({ url: redisUrl, keyPrefix: prefix });
    const sub = observer.subscribe({
      group: 'test-observer',
      consumer: 'observer-1',
      topics: ['games', 'markets', 'md', 'signals', 'orders', 'fills', 'ops'],
      handler: (e) => void events.push(e),
    });
    await sub.ready;
    venues = await startVenueSimulatorsWorld({ bus: observer, seed: 42 });
  }, 60_000);
  afterAll(async () => {
    if (process.env.SHARDS_TEST_DEBUG)
      for (const p of started)
        process.stderr.write(
          `--- ${p.port}\n${p.stderr().slice(-3000)}\n${JSON.stringify(p.logs.slice(-15))}\n`,
        );
    for (const p of started) await p.stop('SIGKILL');
    await venues?.close();
    await observer?.close();
    await espn?.close();
    await store?.close();
    await schema?.drop();
  });

  it("assigns the games over two shards; a killed shard's games move to the live one and keep being published", async () => {
    // The rest of the pipeline first (a new consumer group reads from the end of a stream), then
    // the shards; the coordinator last, spreading the games over the shards live when it finds them.
    for (const name of ['signal-processor', 'execution', 'position-tracker']) await start(name, `${name}-1`);
    const shard1 = await start('game-shard', 'shard-1');
    const shard2 = await start('game-shard', 'shard-2');
    await start('kalshi-gateway', 'kalshi-gateway-1');
    await start('polymarket-gateway', 'polymarket-gateway-1');
    const coordinator = await start('discovery-coordinator', 'coordinator-1');
    running = new ScaledClock({ startMs: espnStartMs, speed: 60, wallNow: () => performance.now() });

    const first = await eventually(
      async () => {
        const o = await owners();
        return o.size === GAMES.length && new Set(o.values()).size === 2 ? o : undefined;
      },
      'all four games leased, over both shards',
      120_000,
    );
    const moved = [...first].filter(([, owner]) => owner === 'shard-1').map(([g]) => g);
    expect(moved).toHaveLength(2);
    // Every game listed on both venues, and its states published (games go by ESPN ids here).
    const gameIds = [...first.keys()];
    await eventually(
      async () => (gameIds.every((g) => statesOf(g) > 0) ? true : undefined),
      'states of every game',
      60_000,
    );
    const mapped = events.filter((e) => e.type === 'MarketMapped');
    expect(new Set(mapped.map((e) => e.type === 'MarketMapped' && e.instrument.venue))).toEqual(
      new Set(['kalshi', 'polymarket']),
    );
    // Their books come in through each venue's gateway.
    await eventually(async () => {
      const from = new Set(events.flatMap((e) => (e.type === 'BookSnapshot' ? [e.id.split(':')[0]] : [])));
      return from.has('kalshi-gateway') && from.has('polymarket-gateway') ? true : undefined;
    }, 'books from both gateways');

    const killedAt = Date.now();
    expect(await shard1.stop('SIGKILL')).toBeNull();
    const before = new Map(moved.map((g) => [g, statesOf(g)]));
    await eventually(
      async () => {
        const o = await owners();
        return moved.every((g) => o.get(g) === 'shard-2') ? true : undefined;
      },
      "the killed shard's games leased by the live one",
      60_000,
    );
    process.stderr.write(`games of the killed shard moved after ${Date.now() - killedAt} ms (wall)\n`);
    // The new owner publishes the moved games from now on.
    await eventually(
      async () => (moved.every((g) => statesOf(g) > before.get(g)!) ? true : undefined),
      'new states of the moved games',
      60_000,
    );

    // The killed shard comes back under its name: it is live again but the games stay put.
    await start('game-shard', 'shard-1');
    await eventually(async () => {
      const beats = await store.listShardHeartbeats(asRunId(runId));
      return beats.some((b) => b.shard === 'shard-1' && b.lastTs > killedAt) ? true : undefined;
    }, 'the restarted shard heartbeating');
    const after = await owners();
    // The shards and the coordinator tell their state on /metrics.
    const metrics = await (await fetch(`${shard2.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/arbees_game_leases_held\{[^}]*\} 4/);
    expect(metrics).toMatch(/arbees_game_lease_changes_total\{reason="taken"[^}]*\} 4/);
    const coordinatorMetrics = await (await fetch(`${coordinator.baseUrl}/metrics`)).text();
    expect(coordinatorMetrics).toMatch(/arbees_game_shards_lost_total\{[^}]*\} 1/);
    for (const g of gameIds) expect(after.get(g)).toBe('shard-2');

    // Signal ids never repeat, and the moved games' signals after the takeover carry the new epoch.
    const signals = events.filter((e) => e.type === 'SignalRaised');
    expect(new Set(signals.map((s) => s.id)).size).toBe(signals.length);
    const assignments = events.filter((e) => e.type === 'ShardAssignment');
    expect(
      assignments.some(
        (a) => a.type === 'ShardAssignment' && a.shard === 'shard-2' && a.gameIds.length === 4,
      ),
    ).toBe(true);
    // Execution killed while orders flow, restarted under its name: what it had journaled but not
    // published comes out of its outbox, the intents it had not acknowledged are delivered again.
    const intentIds = () =>
      new Set(events.flatMap((e) => (e.type === 'OrderIntent' ? [e.clientOrderId] : [])));
    await eventually(async () => (intentIds().size > 0 ? true : undefined), 'a first order intent', 180_000);
    // Killed just as a new intent shows up (execution is handling it then), or after a minute.
    const seenBefore = intentIds().size;
    await eventually(
      async () => (intentIds().size > seenBefore ? true : undefined),
      'a new intent',
      60_000,
    ).catch(() => undefined);
    expect(await byInstance.get('execution-1')!.stop('SIGKILL')).toBeNull();
    const intentsAtKill = intentIds().size;
    const execution2 = await start('execution', 'execution-1');
    await eventually(
      async () => (execution2.logs.some((l) => l.msg === 'open orders resolved') ? true : undefined),
      'the restarted execution recovered',
      120_000,
    );
    // Every intent seen is an order in the store (redelivered ones after the bus's claim idle time).
    await eventually(
      async () => ((await store.countRows('orders', asRunId(runId))) >= intentIds().size ? true : undefined),
      'every intent an order after the restart',
      180_000,
    );
    const relayed = execution2.logs.find((l) => l.msg === 'outbox relayed');
    process.stderr.write(
      `execution killed with ${intentsAtKill} intents seen; outbox relayed ${JSON.stringify(relayed?.count)}\n`,
    );

    // Drain every service (SIGTERM), then check the books: each intent one order, each venue order
    // id one order, each fill on the bus booked exactly once, the ledger balanced.
    for (const p of started) await p.stop('SIGTERM');
    await observer.idle();
    const run = asRunId(runId);
    const intents = intentIds();
    expect(await store.countRows('orders', run)).toBe(intents.size);
    // The bus may carry an event twice (a relay after a kill); consumers keep each id once.
    const unique = [...new Map(events.map((e) => [e.id, e])).values()];
    const accepted = unique.flatMap((e) => (e.type === 'OrderAccepted' ? [e] : []));
    expect(new Set(accepted.map((e) => e.clientOrderId)).size).toBe(accepted.length);
    expect(new Set(accepted.map((e) => e.venueOrderId)).size).toBe(accepted.length);
    const fillsOnBus = unique.flatMap((e) => (e.type === 'FillReceived' ? [e.fillId as string] : []));
    const stored = (await store.listFills(run)).map((f) => f.fillId as string);
    expect(new Set(fillsOnBus).size).toBe(fillsOnBus.length);
    expect([...stored].sort()).toEqual([...fillsOnBus].sort());
    // Booked once: one trade posting per stored fill, nothing left in either outbox.
    const trades = (await store.listLedger(run)).filter((t) => t.kind === 'trade').map((t) => t.ref);
    expect([...trades].sort()).toEqual([...stored].sort());
    expect(await store.listOutbox(run, 'execution', 100)).toEqual([]);
    expect(await store.listOutbox(run, 'position-tracker', 100)).toEqual([]);
    const balances = await store.trialBalance(run);
    expect(balances.reduce((sum, b) => sum + b.balance, 0)).toBe(0);
    process.stderr.write(
      `${intents.size} orders, ${fillsOnBus.length} fills, ${signals.length} signals, ${events.filter((e) => e.type === 'GameStateUpdated').length} states, ${assignments.length} assignments\n`,
    );
  }, 420_000);
});
