/**
 * `arbees service execution` with a venue's URL set (ARBEES_KALSHI_URL, ARBEES_POLYMARKET_URL):
 * an order intent published on the Redis bus goes through that venue's adapter to its simulator
 * on loopback (Kalshi with an RSA key file; Polymarket with the wallet key in
 * POLYMARKET_PRIVATE_KEY and an API key derived over L1); the fill comes back on the bus and is
 * journaled in PostgreSQL, and the round trip is in /metrics.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
import type { VenueName } from '../src/core/instruments.js';
import type { Centis, Micros } from '../src/core/money.js';
import { SIM_TICKER, startSimFixture } from '../src/sim/kalshi/testing.js';
import { SIM_MARKET, startPolySimFixture } from '../src/sim/polymarket/testing.js';
import { openStore } from '../src/store/open.js';
import { createTestSchema } from '../src/store/testing/harness.js';
import { deleteRedisKeys, eventually, readyStatus, startServiceProcess } from './support/service-process.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';

interface VenueCase {
  readonly venue: VenueName;
  /** The simulator, and the settings that point execution at it. */
  start(dir: string): Promise<{ env: Record<string, string>; close(): Promise<void> }>;
  readonly instrumentId: string;
  /** Crosses the simulator's seeded maker: the fill is all of `qty` at `fillPrice`. */
  readonly qty: number;
  readonly limitPrice: number;
  readonly fillPrice: number;
}

const CASES: readonly VenueCase[] = [
  {
    venue: 'kalshi',
    async start(dir) {
      const fx = await startSimFixture();
      const keyFile = join(dir, 'key.pem');
      writeFileSync(keyFile, fx.privateKeyPem, { mode: 0o600 });
      return {
        env: { ARBEES_KALSHI_URL: fx.baseUrl, KALSHI_API_KEY_ID: fx.keyId, KALSHI_PRIVATE_KEY_PATH: keyFile },
        close: () => fx.close(),
      };
    },
    instrumentId: `kalshi:${SIM_TICKER}`,
    qty: 400,
    limitPrice: 450_000,
    fillPrice: 450_000,
  },
  {
    venue: 'polymarket',
    async start() {
      const fx = await startPolySimFixture();
      return {
        env: { ARBEES_POLYMARKET_URL: fx.baseUrl, POLYMARKET_PRIVATE_KEY: fx.traderKey },
        close: () => fx.close(),
      };
    },
    // The Giants token; the seeded maker offers it at 0.45.
    instrumentId: `polymarket:${SIM_MARKET.tokenIds[0]}`,
    qty: 1_000,
    limitPrice: 460_000,
    fillPrice: 450_000,
  },
];

describe.skipIf(!databaseUrl || !redisUrl).each(CASES)(
  'execution service against the $venue simulator',
  (c) => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('submits a published intent through the adapter and publishes and journals the fill', async () => {
      const dir = mkdtempSync(join(tmpdir(), `arbees-${c.venue}-`));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const schema = await createTestSchema(databaseUrl);
      cleanups.push(() => schema.drop());
      const prefix = `svc-${c.venue}-${Math.random().toString(36).slice(2, 8)}:`;
      cleanups.push(() => deleteRedisKeys(redisUrl, prefix));
      const sim = await c.start(dir);
      cleanups.push(() => sim.close());
      const runId = asRunId(`svc-${c.venue}`);
      const svc = await startServiceProcess({
        name: 'execution',
        instance: `execution-${c.venue}-1`,
        env: {
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisUrl,
          ARBEES_DB_SCHEMA: schema.schema,
          ARBEES_BUS_PREFIX: prefix,
          ARBEES_RUN_ID: runId,
          ARBEES_MODE: 'replay',
          ...sim.env,
        },
      });
      cleanups.push(async () => void (await svc.stop('SIGKILL')));
      await eventually(async () => ((await readyStatus(svc.baseUrl)) === 200 ? true : undefined), 'ready');

      const intent: OrderIntent = {
        type: 'OrderIntent',
        id: asEventId(`intent:${c.venue}-1.L1`),
        ts: Date.now(),
        clientOrderId: asClientOrderId(`${c.venue}-1.L1`),
        signalId: asSignalId(`${c.venue}-1`),
        leg: 1,
        gameId: asGameId('2026_03_NYG_LAR'),
        instrumentId: asInstrumentId(c.instrumentId),
        venue: c.venue,
        side: 'yes',
        action: 'buy',
        qty: c.qty as Centis,
        limitPrice: c.limitPrice as Micros,
        tif: 'IOC',
        legCount: 1,
        purpose: 'entry',
      };
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
        const fills = seen.flatMap((e) => (e.type === 'FillReceived' ? [e] : []));
        expect(fills.length).toBeGreaterThan(0);
        expect(fills.reduce((n, f) => n + f.qty, 0)).toBe(c.qty);
        expect(fills.every((f) => f.price === c.fillPrice)).toBe(true);
      } finally {
        await sub.close();
        await bus.close();
      }

      const store = await openStore({ databaseUrl, schema: schema.schema });
      try {
        expect((await store.getOrder(runId, intent.clientOrderId))?.status).toBe('OrderFilled');
        expect((await store.listFills(runId)).length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
      const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `arbees_order_round_trip_seconds_count\\{[^}]*venue="${c.venue}"[^}]*outcome="accepted"[^}]*\\} 1`,
        ),
      );
      expect(metrics).toMatch(
        new RegExp(`arbees_orders_total\\{venue="${c.venue}",status="filled"[^}]*\\} 1`),
      );
      expect(metrics).toMatch(new RegExp(`arbees_fills_total\\{venue="${c.venue}"`));
      expect(await svc.stop()).toBe(0);
    });
  },
);
