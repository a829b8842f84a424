/**
 * `arbees service execution` with ARBEES_POLYMARKET_URL: an order intent published on the Redis
 * bus goes through the Polymarket adapter (wallet key from POLYMARKET_PRIVATE_KEY, API key
 * derived over L1) to the Polymarket simulator on loopback; the fill comes back on the bus and
 * is journaled in PostgreSQL, and the round trip is in /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../src/bus/redis-bus.js';
import type { ArbeesEvent, OrderIntent } from '../src/core/events.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asRunId,
  asSignalId,
} from '../src/core/ids.js';
import type { Centis, Micros } from '../src/core/money.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from '../src/sim/polymarket/testing.js';
import { openStore } from '../src/store/open.js';
import { createTestSchema } from '../src/store/testing/harness.js';
import {
  deleteRedisKeys,
  eventually,
  readyStatus,
  type ServiceProcess,
  startServiceProcess,
} from './support/service-process.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';

const intent: OrderIntent = {
  type: 'OrderIntent',
  id: asEventId('intent:P1.L1'),
  ts: Date.now(),
  clientOrderId: asClientOrderId('P1.L1'),
  signalId: asSignalId('P1'),
  leg: 1,
  gameId: asGameId('2026_03_NYG_LAR'),
  // The Giants token; the seeded maker offers it at 0.45.
  instrumentId: asInstrumentId(`polymarket:${SIM_MARKET.tokenIds[0]}`),
  venue: 'polymarket',
  side: 'yes',
  action: 'buy',
  qty: 1_000 as Centis,
  limitPrice: 460_000 as Micros,
  tif: 'IOC',
  legCount: 1,
  purpose: 'entry',
};

describe.skipIf(!databaseUrl || !redisUrl)('execution service against the Polymarket simulator', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let fx: PolySimFixture;
  let svc: ServiceProcess | undefined;
  const prefix = `svc-poly-${Math.random().toString(36).slice(2, 8)}:`;

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
    fx = await startPolySimFixture();
  });
  afterAll(async () => {
    await svc?.stop('SIGKILL');
    await fx?.close();
    await schema?.drop();
    await deleteRedisKeys(redisUrl, prefix);
  });

  it('submits a published intent through the adapter and publishes and journals the fill', async () => {
    svc = await startServiceProcess({
      name: 'execution',
      instance: 'execution-poly-1',
      env: {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        ARBEES_DB_SCHEMA: schema.schema,
        ARBEES_BUS_PREFIX: prefix,
        ARBEES_RUN_ID: 'svc-poly',
        ARBEES_MODE: 'paper',
        ARBEES_POLYMARKET_URL: fx.baseUrl,
        POLYMARKET_PRIVATE_KEY: fx.traderKey,
      },
    });
    await eventually(async () => ((await readyStatus(svc!.baseUrl)) === 200 ? true : undefined), 'ready');

    const bus = new RedisBus({ url: redisUrl, keyPrefix: prefix });
    const seen: ArbeesEvent[] = [];
    const sub = bus.subscribe({
      group: 'observer',
      consumer: 'observer-1',
      topics: ['orders', 'fills'],
      handler: (event) => {
        seen.push(event);
      },
    });
    await sub.ready;
    try {
      await bus.publish(intent);
      await eventually(
        async () => (seen.some((e) => e.type === 'OrderFilled') ? true : undefined),
        'OrderFilled on the bus',
      );
      const fills = seen.filter((e) => e.type === 'FillReceived');
      expect(fills.length).toBeGreaterThan(0);
      expect(fills.reduce((n, f) => n + (f.type === 'FillReceived' ? f.qty : 0), 0)).toBe(1_000);
      expect(fills.every((f) => f.type === 'FillReceived' && f.price === 450_000)).toBe(true);
    } finally {
      await sub.close();
      await bus.close();
    }

    const store = await openStore({ databaseUrl, schema: schema.schema });
    try {
      const order = await store.getOrder(asRunId('svc-poly'), intent.clientOrderId);
      expect(order?.status).toBe('OrderFilled');
      expect((await store.listFills(asRunId('svc-poly'))).length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /arbees_order_round_trip_seconds_count\{[^}]*venue="polymarket"[^}]*outcome="accepted"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/arbees_orders_total\{venue="polymarket",status="filled"[^}]*\} 1/);
    expect(metrics).toMatch(/arbees_fills_total\{venue="polymarket"/);
    expect(await svc.stop()).toBe(0);
  });
});
