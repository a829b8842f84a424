/**
 * `arbees service execution` with ARBEES_KALSHI_URL: an order intent published on the Redis bus
 * goes through the Kalshi adapter to the Kalshi simulator on loopback; the fill comes back on the
 * bus and is journaled in PostgreSQL, and the round trip is in /metrics.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { SIM_TICKER, type SimFixture, startSimFixture } from '../src/sim/kalshi/testing.js';
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
  id: asEventId('intent:K1.L1'),
  ts: Date.now(),
  clientOrderId: asClientOrderId('K1.L1'),
  signalId: asSignalId('K1'),
  leg: 1,
  gameId: asGameId('2026_03_NYG_LAR'),
  instrumentId: asInstrumentId(`kalshi:${SIM_TICKER}`),
  venue: 'kalshi',
  side: 'yes',
  action: 'buy',
  qty: 400 as Centis,
  limitPrice: 450_000 as Micros,
  tif: 'IOC',
  legCount: 1,
  purpose: 'entry',
};

describe.skipIf(!databaseUrl || !redisUrl)('execution service against the Kalshi simulator', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let fx: SimFixture;
  let svc: ServiceProcess | undefined;
  const keyDir = mkdtempSync(join(tmpdir(), 'arbees-kalshi-'));
  const prefix = `svc-kalshi-${Math.random().toString(36).slice(2, 8)}:`;

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
    fx = await startSimFixture();
  });
  afterAll(async () => {
    await svc?.stop('SIGKILL');
    await fx?.close();
    await schema?.drop();
    await deleteRedisKeys(redisUrl, prefix);
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('submits a published intent through the adapter and publishes and journals the fill', async () => {
    const keyFile = join(keyDir, 'key.pem');
    writeFileSync(keyFile, fx.privateKeyPem, { mode: 0o600 });
    svc = await startServiceProcess({
      name: 'execution',
      instance: 'execution-kalshi-1',
      env: {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        ARBEES_DB_SCHEMA: schema.schema,
        ARBEES_BUS_PREFIX: prefix,
        ARBEES_RUN_ID: 'svc-kalshi',
        ARBEES_MODE: 'paper',
        ARBEES_KALSHI_URL: fx.baseUrl,
        KALSHI_API_KEY_ID: fx.keyId,
        KALSHI_PRIVATE_KEY_PATH: keyFile,
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
      expect(fills.reduce((n, f) => n + (f.type === 'FillReceived' ? f.qty : 0), 0)).toBe(400);
    } finally {
      await sub.close();
      await bus.close();
    }

    const store = await openStore({ databaseUrl, schema: schema.schema });
    try {
      const order = await store.getOrder(asRunId('svc-kalshi'), intent.clientOrderId);
      expect(order?.status).toBe('OrderFilled');
      expect((await store.listFills(asRunId('svc-kalshi'))).length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /arbees_order_round_trip_seconds_count\{[^}]*venue="kalshi"[^}]*outcome="accepted"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/arbees_orders_total\{venue="kalshi",status="filled"[^}]*\} 1/);
    expect(metrics).toMatch(/arbees_fills_total\{venue="kalshi"/);
    expect(await svc.stop()).toBe(0);
  });
});
