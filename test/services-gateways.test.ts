/**
 * The venue gateways as real processes (`arbees service kalshi-gateway`, `polymarket-gateway`) on
 * the real Redis and PostgreSQL, pointed at the Kalshi and Polymarket simulators on loopback (in
 * this process) through their endpoint settings: not ready until connected, then a MarketMapped
 * on the bus brings that instrument's books onto `md` from each venue's WebSocket, a venue's
 * settlement comes back as MarketSettled, /metrics shows the books, and SIGTERM drains them to exit 0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../src/bus/redis-bus.js';
import type { ArbeesEvent } from '../src/core/events.js';
import { asEventId } from '../src/core/ids.js';
import { GAME, mapped, testInstrument } from '../src/services/gateways/testing.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../src/sim/kalshi/testing.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from '../src/sim/polymarket/testing.js';
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

describe.skipIf(!databaseUrl || !redisUrl)('venue gateways as processes', () => {
  const prefix = `gateways-test-${Math.random().toString(36).slice(2, 8)}:`;
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let kalshi: SimFixture;
  let poly: PolySimFixture;
  let bus: RedisBus;
  let dir: string;
  const seen: ArbeesEvent[] = [];
  const started: ServiceProcess[] = [];

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
    kalshi = await startSimFixture();
    poly = await startPolySimFixture();
    dir = mkdtempSync(join(tmpdir(), 'arbees-gateways-'));
    writeFileSync(join(dir, 'kalshi.pem'), kalshi.privateKeyPem);
    bus = new RedisBus({ url: redisUrl, keyPrefix: prefix });
    const sub = bus.subscribe({
      group: 'test-observer',
      consumer: 'observer-1',
      topics: ['md', 'markets'],
      handler: (e) => void seen.push(e),
    });
    await (sub as { ready?: Promise<void> }).ready;
  }, 60_000);
  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await bus?.close();
    await kalshi?.close();
    await poly?.close();
    await schema?.drop();
    await deleteRedisKeys(redisUrl, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('publish books for a mapped instrument from each venue, settle from the venue, and drain', async () => {
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      ARBEES_DB_SCHEMA: schema.schema,
      ARBEES_BUS_PREFIX: prefix,
      ARBEES_RUN_ID: 'gateways-process-test',
      ARBEES_MODE: 'paper',
      ARBEES_LOG_LEVEL: 'info',
      ARBEES_KALSHI_URL: kalshi.baseUrl,
      ARBEES_KALSHI_WS_URL: `${kalshi.baseUrl.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}/trade-api/ws/v2`,
      KALSHI_API_KEY_ID: kalshi.keyId,
      KALSHI_PRIVATE_KEY_PATH: join(dir, 'kalshi.pem'),
      ARBEES_POLYMARKET_URL: poly.baseUrl,
      ARBEES_GAMMA_URL: poly.gammaUrl,
      ARBEES_POLYMARKET_WS_URL: poly.wsUrl,
      ARBEES_GEOBLOCK_URL: `${poly.baseUrl}/api/geoblock`,
    };
    const gateways: ServiceProcess[] = [];
    for (const name of ['kalshi-gateway', 'polymarket-gateway']) {
      const p = await startServiceProcess({ name, instance: `${name}-1`, env });
      started.push(p);
      gateways.push(p);
      await eventually(
        async () => ((await readyStatus(p.baseUrl)) === 200 ? true : undefined),
        `${name} ready`,
      );
    }
    const [kalshiGateway, polyGateway] = gateways as [ServiceProcess, ServiceProcess];

    const kalshiInstrument = testInstrument('kalshi', SIM_TICKER);
    const polyInstrument = testInstrument('polymarket', SIM_MARKET.tokenIds[1]);
    await bus.publish(mapped(kalshiInstrument, Date.now()));
    await bus.publish(mapped(polyInstrument, Date.now()));
    const bookOf = (instrumentId: string) =>
      seen.find((e) => e.type === 'BookSnapshot' && e.instrumentId === instrumentId);
    await eventually(async () => bookOf(kalshiInstrument.instrumentId), 'a Kalshi book on md');
    await eventually(async () => bookOf(polyInstrument.instrumentId), 'a Polymarket book on md');
    expect(bookOf(kalshiInstrument.instrumentId)).toMatchObject({
      venue: 'kalshi',
      bids: [{ price: 420_000 }, { price: 400_000 }],
      asks: [{ price: 450_000 }, { price: 470_000 }],
    });
    // Token 1 (the Rams) is the other side of the maker's token-0 quotes: bid 1 - 0.45.
    expect(bookOf(polyInstrument.instrumentId)).toMatchObject({
      venue: 'polymarket',
      bids: [{ price: 550_000 }, { price: 530_000 }],
    });
    const metrics = await (await fetch(`${kalshiGateway.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/arbees_gateway_connected\{venue="kalshi"[^}]*\} 1/);
    expect(metrics).toContain(`instrument="${kalshiInstrument.instrumentId}"`);

    // The Polymarket market resolves; the game's final sets the watcher asking.
    await fetch(`${poly.baseUrl}/sim/resolve`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: SIM_MARKET.conditionId, winner: 1 }),
    });
    await bus.publish({
      type: 'GameFinal',
      id: asEventId('gateways-test-final'),
      ts: Date.now(),
      gameId: GAME,
      homeScore: 27,
      awayScore: 20,
      winner: 'home',
    });
    await eventually(
      async () =>
        seen.find((e) => e.type === 'MarketSettled' && e.instrumentId === polyInstrument.instrumentId),
      'the Polymarket settlement',
    );
    expect(seen.find((e) => e.type === 'MarketSettled')).toMatchObject({
      result: 'yes',
      venue: 'polymarket',
    });

    expect(await kalshiGateway.stop('SIGTERM')).toBe(0);
    expect(await polyGateway.stop('SIGTERM')).toBe(0);
    expect(kalshiGateway.logs.some((l) => l.msg === 'stopped')).toBe(true);
  }, 120_000);
});
