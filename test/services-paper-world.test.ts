/**
 * The distributed shape in paper mode against `arbees sim world`, as Compose runs it: the world
 * (a child process) serves an NFL and an NBA game on a sped-up clock, and every trading service
 * is its own process (`arbees service <name>`) on the local Redis and PostgreSQL (a fresh schema
 * and stream prefix), given nothing but the world's printed settings and ARBEES_MODE=paper. The
 * coordinator's ESPN feed announces the games and its market discovery maps them on both venues;
 * the gateways bring the books over the venues' WebSockets and settle from the venues'
 * resolutions; execution fills on paper (accounts in the store); the tracker books and reconciles
 * against the stored paper accounts. At the end: every position settled, the ledger balanced,
 * the paper accounts flat, no error logged, every service drained to exit 0.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../src/bus/redis-bus.js';
import type { ArbeesEvent } from '../src/core/events.js';
import { asRunId } from '../src/core/ids.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';
import { createTestSchema } from '../src/store/testing/harness.js';
import {
  deleteRedisKeys,
  eventually,
  readyStatus,
  type ServiceProcess,
  startServiceProcess,
} from './support/service-process.js';
import { startWorld, type WorldProcess } from './support/world-process.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';
const SPEED = 200;
/** World minutes to the first kick-off: at SPEED, about 45 s of wall time for the services to start. */
const LEAD_MINUTES = 150;
const SERVICES = [
  ['signal-processor', 'signal-processor-1'],
  ['execution', 'execution-1'],
  ['position-tracker', 'position-tracker-1'],
  ['analytics', 'analytics-1'],
  ['kalshi-gateway', 'kalshi-gateway-1'],
  ['polymarket-gateway', 'polymarket-gateway-1'],
  ['game-shard', 'game-shard-1'],
] as const;

describe.skipIf(!databaseUrl || !redisUrl)('the services in paper mode against arbees sim world', () => {
  const prefix = `paper-world-${randomUUID().slice(0, 8)}:`;
  const runId = asRunId('services-paper-world');
  let schema: Awaited<ReturnType<typeof createTestSchema>> | null = null;
  let store: Store | null = null;
  let world: WorldProcess | null = null;
  let observer: RedisBus | null = null;
  const started: ServiceProcess[] = [];
  const events: ArbeesEvent[] = [];

  afterAll(async () => {
    if (process.env.PAPER_WORLD_TEST_DEBUG)
      for (const p of started)
        process.stderr.write(
          `--- ${p.port}\n${p.stderr().slice(-3000)}\n${JSON.stringify(p.logs.slice(-20))}\n`,
        );
    for (const p of started) await p.stop('SIGKILL');
    await world?.stop();
    await observer?.close();
    await store?.close();
    if (process.env.PAPER_WORLD_TEST_DEBUG) process.stderr.write(`schema kept: ${schema?.schema}\n`);
    else await schema?.drop();
    await deleteRedisKeys(redisUrl, prefix);
  });

  it('announces, maps, trades on paper and settles both games through the services', async () => {
    schema = await createTestSchema(databaseUrl);
    store = await openStore({ databaseUrl, schema: schema.schema });
    observer = new RedisBus({ url: redisUrl, keyPrefix: prefix });
    const sub = observer.subscribe({
      group: 'test-observer',
      consumer: 'observer-1',
      topics: ['games', 'markets', 'md', 'orders', 'fills', 'portfolio', 'risk'],
      handler: (e) => {
        // Books are many; the first of each venue is enough to see them flow.
        if (e.type === 'BookSnapshot' && events.some((x) => x.type === 'BookSnapshot' && x.venue === e.venue))
          return;
        events.push(e);
      },
    });
    await sub.ready;

    world = await startWorld([
      '--games',
      '2020_17_MIA_BUF,nba',
      '--speed',
      String(SPEED),
      '--lead',
      String(LEAD_MINUTES),
    ]);
    const env = {
      ...world.settings,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      ARBEES_DB_SCHEMA: schema.schema,
      ARBEES_BUS_PREFIX: prefix,
      ARBEES_RUN_ID: runId,
      ARBEES_MODE: 'paper',
      ARBEES_LEAGUES: 'nfl,nba',
      // No sale beats holding by $1: positions are held to their settlement, so the venues'
      // resolutions are booked (by default the edge exit sells a lost side at $0.01 first).
      EXIT_EDGE_PCT: '100',
      // 'listening' is an info line: the port is read from it.
      ARBEES_LOG_LEVEL: 'info',
    };
    const start = async (name: string, instance: string) => {
      const p = await startServiceProcess({ name, instance, env });
      started.push(p);
      return p;
    };
    // Everything that follows `markets` first (a new consumer group reads from the end of a
    // stream), the coordinator, which announces and maps, last.
    const services = await Promise.all(SERVICES.map(([name, instance]) => start(name, instance)));
    for (const p of services)
      await eventually(
        async () => ((await readyStatus(p.baseUrl)) === 200 ? true : undefined),
        `${p.port} ready`,
        120_000,
      );
    const coordinator = await start('discovery-coordinator', 'discovery-coordinator-1');
    await eventually(
      async () => ((await readyStatus(coordinator.baseUrl)) === 200 ? true : undefined),
      'coordinator ready',
      60_000,
    );

    const of = <T extends ArbeesEvent['type']>(type: T) =>
      events.filter((e): e is Extract<ArbeesEvent, { type: T }> => e.type === type);
    const games = await eventually(
      async () => {
        const g = new Set(of('GameScheduled').map((e) => e.gameId));
        return g.size >= 2 ? g : undefined;
      },
      'both games announced by the coordinator',
      120_000,
    );
    await eventually(
      async () => {
        const venues = new Set(of('MarketMapped').map((e) => e.instrument.venue));
        return venues.has('kalshi') && venues.has('polymarket') ? true : undefined;
      },
      'markets mapped on both venues',
      180_000,
    );
    await eventually(
      async () => {
        const venues = new Set(of('BookSnapshot').map((e) => e.venue));
        return venues.has('kalshi') && venues.has('polymarket') ? true : undefined;
      },
      'books from both gateways',
      180_000,
    );
    // Both games played out, every mapped instrument settled by its venue.
    await eventually(
      async () => {
        const finals = new Set(of('GameFinal').map((e) => e.gameId));
        if (![...games].every((g) => finals.has(g))) return undefined;
        const settled = new Set(of('MarketSettled').map((e) => e.instrumentId));
        return of('MarketMapped').every((m) => settled.has(m.instrument.instrumentId)) ? true : undefined;
      },
      'both games final and every market settled',
      600_000,
    );
    // The tracker has booked every settlement: nothing held.
    const positions = await eventually(
      async () => {
        const p = await store!.listPositions(runId);
        return p.length > 0 && p.every((x) => x.qty === 0) ? p : undefined;
      },
      'every position closed in the store',
      120_000,
    );

    const fills = await store.listFills(runId);
    const ledger = await store.listLedger(runId);
    const summary = {
      games: games.size,
      mapped: of('MarketMapped').length,
      intents: of('OrderIntent').length,
      fills: fills.length,
      positions: positions.length,
      settlements: ledger.filter((t) => t.kind === 'settlement').length,
      marketsSettled: of('MarketSettled').length,
      ledgerKinds: Object.fromEntries(
        [...new Set(ledger.map((t) => t.kind))].map((k) => [k, ledger.filter((t) => t.kind === k).length]),
      ),
    };
    process.stderr.write(`services paper world: ${JSON.stringify(summary)}\n`);
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => f.venue === 'kalshi' || f.venue === 'polymarket')).toBe(true);
    expect(summary.settlements).toBeGreaterThan(0);
    // Each fill booked once, the ledger balanced.
    const trades = ledger.filter((t) => t.kind === 'trade').map((t) => t.ref);
    expect(new Set(trades).size).toBe(trades.length);
    expect(new Set(trades)).toEqual(new Set(fills.map((f) => f.fillId as string)));
    const balances = await store.trialBalance(runId);
    expect(balances.reduce((sum, b) => sum + b.balance, 0)).toBe(0);
    // The paper accounts execution kept in the store hold nothing once everything settled.
    for (const venue of ['kalshi', 'polymarket'] as const) {
      const account = await store.loadPaperAccount(runId, venue);
      expect(account, venue).not.toBeNull();
      expect(
        account!.positions.filter((p) => p.qty > 0),
        venue,
      ).toEqual([]);
    }
    // The tracker reconciled against those accounts and never found a lasting difference.
    expect(
      of('TradingStateChanged').filter((e) => e.origin === 'reconciler' && e.state === 'HALTED'),
    ).toEqual([]);

    // Drained on SIGTERM, every one exits 0, and none logged an error (pino level 50 and up).
    for (const p of [coordinator, ...services].reverse())
      expect(await p.stop('SIGTERM'), String(p.port)).toBe(0);
    for (const p of started) {
      const errors = p.logs.filter((l) => typeof l.level === 'number' && l.level >= 50);
      expect(errors, String(p.port)).toEqual([]);
    }
  }, 900_000);
});
