/**
 * The gateway services (`kalshi-gateway`, `polymarket-gateway`) started from settings alone, as
 * `arbees service` starts them, against the venue simulators on loopback (endpoints from
 * resolveEndpoints, Kalshi's key from its file) on the MemoryBus: ready once connected, books of
 * a mapped instrument on `md`, the venue's settlement on `markets`, their metrics, a clean stop;
 * and the settings they refuse to start without. test/services-gateways.test.ts runs them as
 * real processes on Redis.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { loadConfig } from '../config/load.js';
import { LiveClock } from '../core/clock.js';
import { asEventId, asRunId } from '../core/ids.js';
import type { VenueInstrument } from '../core/instruments.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../sim/kalshi/testing.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from '../sim/polymarket/testing.js';
import { SIM_PMUS_MARKET, type SimPmusFixture, startPmusSimFixture } from '../sim/polymarket-us/testing.js';
import type { Store } from '../store/port.js';
import { GAME, mapped, testInstrument, until, watch } from './gateways/testing.js';
import { silentLogger } from './logger.js';
import { ServiceStartError } from './runner.js';
import type { RunningService, ServiceContext, ServiceDefinition } from './service.js';
import {
  kalshiGatewayService,
  polymarketGatewayService,
  polymarketUsGatewayService,
} from './venue-gateway.js';

let kalshi: SimFixture | null = null;
let poly: PolySimFixture | null = null;
let running: RunningService | null = null;
let bus: MemoryBus;
const dirs: string[] = [];
afterEach(async () => {
  await running?.stop();
  running = null;
  await bus?.close();
  await kalshi?.close();
  kalshi = null;
  await poly?.close();
  poly = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function context(
  definition: ServiceDefinition,
  env: Record<string, string>,
  /** What the store holds as mapped and not settled (a restarted gateway reads it). */
  unsettled: readonly VenueInstrument[] = [],
) {
  bus = new MemoryBus({ now: () => Date.now() });
  const metrics = new Registry();
  const ctx: ServiceContext = {
    name: definition.name,
    instanceId: `${definition.name}-1`,
    config: loadConfig({ env: { ARBEES_MODE: 'paper', ...env }, envFile: null }),
    bus,
    // The gateways keep nothing; they only read what discovery mapped before they started.
    store: { listUnsettledMarkets: async () => [...unsettled] } as unknown as Store,
    clock: new LiveClock(),
    wallClock: new LiveClock(),
    log: silentLogger,
    metrics,
    runId: asRunId('gateway-service-test'),
  };
  return { ctx, metrics };
}

function kalshiEnv(fx: SimFixture, overrides: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'arbees-gw-'));
  dirs.push(dir);
  const keyPath = join(dir, 'kalshi.pem');
  writeFileSync(keyPath, fx.privateKeyPem);
  return {
    ARBEES_VENUES: 'kalshi',
    ARBEES_KALSHI_URL: fx.baseUrl,
    ARBEES_KALSHI_WS_URL: `${fx.baseUrl.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}/trade-api/ws/v2`,
    KALSHI_API_KEY_ID: fx.keyId,
    KALSHI_PRIVATE_KEY_PATH: keyPath,
    ...overrides,
  };
}

describe('kalshi-gateway service', () => {
  it('connects, publishes the books of a mapped market, settles it from the venue, exports metrics, stops', async () => {
    kalshi = await startSimFixture();
    const { ctx, metrics } = context(kalshiGatewayService, kalshiEnv(kalshi));
    const seen = watch(ctx.bus, ['md', 'markets']).seen;
    running = await kalshiGatewayService.start(ctx);
    await until(() => running!.ready(), 'ready');
    const instrument = testInstrument('kalshi', SIM_TICKER);
    await bus.publish(mapped(instrument));
    await until(() => seen.some((e) => e.type === 'BookSnapshot'), 'a book');
    expect(seen.find((e) => e.type === 'BookSnapshot')).toMatchObject({
      instrumentId: instrument.instrumentId,
      bids: [
        { price: 420_000, qty: 500 },
        { price: 400_000, qty: 1_000 },
      ],
    });
    const text = await metrics.metrics();
    expect(text).toMatch(/arbees_gateway_connected\{venue="kalshi"\} 1/);
    expect(text).toContain(
      `arbees_gateway_book_age_seconds{venue="kalshi",instrument="${instrument.instrumentId}"}`,
    );
    expect(text).toMatch(/arbees_gateway_books_changed_total\{venue="kalshi"\} [1-9]/);

    // The venue settles it; the final sets the watcher asking.
    const admin = kalshi.baseUrl.replace(/\/trade-api\/v2$/, '');
    await fetch(`${admin}/sim/markets/${SIM_TICKER}/settle`, { method: 'POST', body: '{"result":"yes"}' });
    await bus.publish({
      type: 'GameFinal',
      id: asEventId('final'),
      ts: Date.now(),
      gameId: GAME,
      homeScore: 1,
      awayScore: 0,
      winner: 'home',
    });
    await until(() => seen.some((e) => e.type === 'MarketSettled'), 'the settlement');
    expect(seen.filter((e) => e.type === 'MarketClosed' || e.type === 'MarketSettled')).toMatchObject([
      { type: 'MarketClosed', instrumentId: instrument.instrumentId },
      { type: 'MarketSettled', instrumentId: instrument.instrumentId, result: 'yes', venue: 'kalshi' },
    ]);
    expect(await metrics.metrics()).toMatch(/arbees_settlement_markets_settled_total\{venue="kalshi"\} 1/);
    await running.stop();
    running = null;
  });

  it('started again, follows and watches the markets the store has mapped, with no MarketMapped on the bus', async () => {
    kalshi = await startSimFixture();
    const instrument = testInstrument('kalshi', SIM_TICKER);
    const { ctx } = context(kalshiGatewayService, kalshiEnv(kalshi), [
      instrument,
      testInstrument('polymarket', 'another-venue'),
    ]);
    const seen = watch(ctx.bus, ['md', 'markets']).seen;
    running = await kalshiGatewayService.start(ctx);
    await until(() => seen.some((e) => e.type === 'BookSnapshot'), 'a book');
    expect(seen.find((e) => e.type === 'BookSnapshot')).toMatchObject({
      instrumentId: instrument.instrumentId,
    });
    // Its settlement watcher knows it too: it publishes the venue's result once the game is final
    // (within its first re-ask, 10 s, when the final comes while its first read is in flight).
    const admin = kalshi.baseUrl.replace(/\/trade-api\/v2$/, '');
    await fetch(`${admin}/sim/markets/${SIM_TICKER}/settle`, { method: 'POST', body: '{"result":"no"}' });
    await bus.publish({
      type: 'GameFinal',
      id: asEventId('final-after-restart'),
      ts: Date.now(),
      gameId: GAME,
      homeScore: 0,
      awayScore: 1,
      winner: 'away',
    });
    await until(() => seen.some((e) => e.type === 'MarketSettled'), 'the settlement', 30_000);
    expect(seen.find((e) => e.type === 'MarketSettled')).toMatchObject({
      instrumentId: instrument.instrumentId,
      result: 'no',
    });
  });

  it('is not ready while it cannot reach the venue', async () => {
    kalshi = await startSimFixture();
    const { ctx } = context(
      kalshiGatewayService,
      kalshiEnv(kalshi, { ARBEES_KALSHI_WS_URL: 'ws://127.0.0.1:9/trade-api/ws/v2' }), // nothing listens
    );
    const lines: string[] = [];
    const log = { ...silentLogger, warn: (msg: string) => void lines.push(msg) };
    running = await kalshiGatewayService.start({ ...ctx, log });
    await until(() => lines.filter((l) => l === 'kalshi ws closed').length >= 2, 'two failed connects');
    expect(running.ready()).toBe(false);
  });

  it('refuses to start without its key, or with a simulator half configured, saying what is missing', async () => {
    kalshi = await startSimFixture();
    const noKey = context(
      kalshiGatewayService,
      kalshiEnv(kalshi, { KALSHI_API_KEY_ID: '', KALSHI_PRIVATE_KEY_PATH: '' }),
    );
    await expect(kalshiGatewayService.start(noKey.ctx)).rejects.toThrow(
      /needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH/,
    );
    const badKey = context(
      kalshiGatewayService,
      kalshiEnv(kalshi, { KALSHI_PRIVATE_KEY_PATH: '/nonexistent/key.pem' }),
    );
    await expect(kalshiGatewayService.start(badKey.ctx)).rejects.toThrow(
      /KALSHI_PRIVATE_KEY_PATH \/nonexistent/,
    );
    const noWs = context(kalshiGatewayService, kalshiEnv(kalshi, { ARBEES_KALSHI_WS_URL: '' }));
    const start = kalshiGatewayService.start(noWs.ctx);
    await expect(start).rejects.toThrow(ServiceStartError);
    await expect(start).rejects.toThrow(/ARBEES_KALSHI_WS_URL must be set/);
    const notTraded = context(kalshiGatewayService, kalshiEnv(kalshi, { ARBEES_VENUES: 'polymarket' }));
    await expect(kalshiGatewayService.start(notTraded.ctx)).rejects.toThrow(
      /ARBEES_VENUES does not include kalshi/,
    );
  });
});

describe('polymarket-gateway service', () => {
  it('needs no wallet: ready at once, then books of a mapped token, and a clean stop', async () => {
    poly = await startPolySimFixture();
    const { ctx, metrics } = context(polymarketGatewayService, {
      ARBEES_VENUES: 'polymarket',
      ARBEES_POLYMARKET_URL: poly.baseUrl,
      ARBEES_GAMMA_URL: poly.gammaUrl,
      ARBEES_POLYMARKET_WS_URL: poly.wsUrl,
      ARBEES_GEOBLOCK_URL: `${poly.baseUrl}/api/geoblock`,
    });
    const seen = watch(ctx.bus, ['md']).seen;
    running = await polymarketGatewayService.start(ctx);
    expect(running.ready()).toBe(true);
    const token = SIM_MARKET.tokenIds[1];
    await bus.publish(mapped(testInstrument('polymarket', token)));
    await until(() => seen.some((e) => e.type === 'BookSnapshot'), 'a book');
    expect(seen[0]).toMatchObject({
      type: 'BookSnapshot',
      instrumentId: `polymarket:${token}`,
      venue: 'polymarket',
    });
    expect(running.ready()).toBe(true);
    expect(await metrics.metrics()).toMatch(/arbees_gateway_books\{venue="polymarket",state="in_sync"\} 1/);
    await running.stop();
    running = null;
  });
});

describe('polymarket-us-gateway service', () => {
  let pmus: SimPmusFixture | null = null;
  afterEach(async () => {
    delete process.env.POLYMARKET_US_SECRET_KEY;
    await pmus?.close();
    pmus = null;
  });
  const pmusEnv = (fx: SimPmusFixture) => ({
    ARBEES_VENUES: 'kalshi,polymarket-us',
    ARBEES_POLYMARKET_US_URL: fx.baseUrl,
    ARBEES_POLYMARKET_US_GATEWAY_URL: fx.baseUrl,
    ARBEES_POLYMARKET_US_WS_URL: fx.wsUrl.replace(/\/v1\/ws\/.*$/, ''),
    POLYMARKET_US_KEY_ID: fx.keyId,
  });

  it('follows a mapped market on the signed markets WebSocket and publishes its book', async () => {
    pmus = await startPmusSimFixture();
    process.env.POLYMARKET_US_SECRET_KEY = pmus.secret;
    const { ctx } = context(polymarketUsGatewayService, pmusEnv(pmus));
    const seen = watch(ctx.bus, ['md']).seen;
    running = await polymarketUsGatewayService.start(ctx);
    const instrument = testInstrument('polymarket-us', SIM_PMUS_MARKET.slug);
    await bus.publish(mapped(instrument));
    await until(() => seen.some((e) => e.type === 'BookSnapshot'), 'a book');
    expect(seen.find((e) => e.type === 'BookSnapshot')).toMatchObject({
      instrumentId: instrument.instrumentId,
      venue: 'polymarket-us',
      bids: [
        { price: 420_000, qty: 5_000 },
        { price: 400_000, qty: 10_000 },
      ],
    });
    await until(() => running!.ready(), 'ready');
  });

  it('stays up with nothing to follow where the venue is not enabled, and names a missing key where it is', async () => {
    const { ctx } = context(polymarketUsGatewayService, { ARBEES_VENUES: 'kalshi,polymarket' });
    running = await polymarketUsGatewayService.start(ctx);
    expect(running.ready()).toBe(true);
    await running.stop();
    running = null;
    pmus = await startPmusSimFixture();
    const keyless = context(polymarketUsGatewayService, pmusEnv(pmus));
    await expect(polymarketUsGatewayService.start(keyless.ctx)).rejects.toThrow(
      /POLYMARKET_US_SECRET_KEY is not set while POLYMARKET_US_KEY_ID is/,
    );
  });
});
