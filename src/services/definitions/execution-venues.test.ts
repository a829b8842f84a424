/**
 * Execution's venues with ARBEES_POLYMARKET_URL: the Polymarket client of another "process"
 * (built from settings alone) trades on the simulator a sim venue runs, as the wallet that sim
 * venue funded, over real HTTP on loopback; the sim venue's books stay right afterwards.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MemoryBus } from '../../bus/memory-bus.js';
import { loadConfig } from '../../config/load.js';
import { SimulatedClock } from '../../core/clock.js';
import type { BookSnapshot, OrderIntent } from '../../core/events.js';
import { POLYMARKET_SPORTS_FEES } from '../../core/fees.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asSignalId,
  type ClientOrderId,
} from '../../core/ids.js';
import { outcomeIdFor, type VenueInstrument } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';
import { startKalshiSimVenue } from '../kalshi-sim-venue.js';
import { createLogger, silentLogger } from '../logger.js';
import { tradingMetricsFor } from '../metrics.js';
import { type PolymarketSimVenue, startPolymarketSimVenue } from '../polymarket-sim-venue.js';
import { ServiceStartError } from '../runner.js';
import { executionVenues } from './execution-venues.js';

/** A fixed test wallet, never a real one. */
const TRADER_KEY = `0x${'5a'.repeat(32)}` as const;
const GAME = asGameId('2026_03_NYG_LAR');

let sim: PolymarketSimVenue | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await sim?.close();
  sim = null;
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const configWith = (env: Record<string, string>) => loadConfig({ env, envFile: null });

describe('execution venues with ARBEES_POLYMARKET_URL', () => {
  it('trades on the simulator as the wallet the sim venue funded, and the sim venue still flushes', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 2, 1, 18));
    const bus = new MemoryBus();
    const books: BookSnapshot[] = [];
    bus.subscribe({
      group: 't',
      consumer: 't',
      topics: ['md'],
      handler: (e) => void (e.type === 'BookSnapshot' && books.push(e)),
    });
    const warnings: string[] = [];
    const port = await freePort();
    sim = await startPolymarketSimVenue({
      bus,
      clock,
      log: createLogger({ level: 'warn', write: (line) => warnings.push(line) }),
      startingBalance: 1_000_000_000 as Micros,
      port,
      privateKey: TRADER_KEY,
      // Execution signs on the wall clock, the simulator runs on replay time: as the replay
      // driver does, it takes any signed time.
      timestampToleranceMs: Number.MAX_SAFE_INTEGER,
    });
    expect(sim.baseUrl).toBe(`http://127.0.0.1:${port}`);
    const symbol = sim.quotes.symbolFor!('NYG@LAR LAR');
    const instrument: VenueInstrument = {
      instrumentId: asInstrumentId(`polymarket:${symbol}`),
      venue: 'polymarket',
      symbol,
      gameId: GAME,
      outcomeId: outcomeIdFor(GAME, 'home_win'),
      outcome: 'home_win',
      tickSize: 10_000 as Micros,
      fees: POLYMARKET_SPORTS_FEES,
      settlement: { includesOvertime: true, drawPossible: false, postponement: 'follows_rescheduled_game' },
      simulated: true,
    };
    await sim.quotes.addInstrument(instrument);
    sim.quotes.quote(instrument, {
      bids: [{ price: 440_000 as Micros, qty: 10_000 as Centis }],
      asks: [{ price: 460_000 as Micros, qty: 10_000 as Centis }],
      belief: 0.45,
    });
    expect(await sim.flush()).toBe(true);
    expect(books.at(-1)).toMatchObject({
      bids: [{ price: 440_000, qty: 10_000 }],
      asks: [{ price: 460_000, qty: 10_000 }],
    });

    // A second market-channel client on the same token (e.g. a dashboard): it must not hold up
    // the sim venue's flush, which waits only for the frames sent to its own connection.
    const other = new WebSocket(`ws://127.0.0.1:${port}/ws/market`);
    sockets.push(other);
    let otherFrames = 0;
    other.on('message', () => otherFrames++);
    await new Promise((resolve) => other.once('open', resolve));
    other.send(JSON.stringify({ assets_ids: [symbol], type: 'market' }));
    while (otherFrames === 0) await new Promise((r) => setTimeout(r, 5));
    const connections = sim.server.feeds.stats.connections;

    const intents = new Map<ClientOrderId, OrderIntent>();
    const config = configWith({ ARBEES_POLYMARKET_URL: sim.baseUrl });
    const venues = await executionVenues({
      config,
      clock,
      metrics: tradingMetricsFor(new Registry()),
      env: { POLYMARKET_PRIVATE_KEY: TRADER_KEY },
      intentOf: async (id) => intents.get(id) ?? null,
    });
    expect(venues.paper.has('polymarket')).toBe(false);
    expect(venues.paper.has('kalshi')).toBe(true);
    const client = venues.clients.get('polymarket')!;
    expect(client.live).toBe(false);
    expect(await client.account!.balance()).toBe(1_000_000_000);

    const intent: OrderIntent = {
      type: 'OrderIntent',
      id: asEventId('intent:P1.L1'),
      ts: clock.now(),
      clientOrderId: asClientOrderId('P1.L1'),
      signalId: asSignalId('P1'),
      leg: 1,
      gameId: GAME,
      instrumentId: instrument.instrumentId,
      venue: 'polymarket',
      side: 'yes',
      action: 'buy',
      qty: 1_000 as Centis,
      limitPrice: 470_000 as Micros,
      tif: 'IOC',
      legCount: 1,
      purpose: 'entry',
    };
    intents.set(intent.clientOrderId, intent);
    const outcome = await client.submit(intent);
    expect(outcome.kind).toBe('accepted');
    if (outcome.kind !== 'accepted') return;
    expect(outcome.report.status).toBe('filled');
    expect(outcome.report.filledQty).toBe(1_000);
    expect(outcome.report.fills.map((f) => [f.qty, f.price, f.liquidity])).toEqual([
      [1_000, 460_000, 'taker'],
    ]);
    // Execution opened no WebSocket of its own: REST only.
    expect(sim.server.feeds.stats.connections).toBe(connections);

    // The sim venue's books follow the trade: 10 of the 100 contracts offered at 0.46 are gone.
    expect(await sim.flush()).toBe(true);
    expect(books.at(-1)).toMatchObject({
      bids: [{ price: 440_000, qty: 10_000 }],
      asks: [{ price: 460_000, qty: 9_000 }],
    });
    expect(warnings).toEqual([]);

    // A restarted execution (a fresh client, nothing in memory) finds the order from its intent.
    const again = await executionVenues({
      config,
      clock,
      metrics: tradingMetricsFor(new Registry()),
      env: { POLYMARKET_PRIVATE_KEY: TRADER_KEY },
      intentOf: async (id) => intents.get(id) ?? null,
    });
    const report = await again.clients.get('polymarket')!.getOrder(intent.clientOrderId);
    expect(report).toMatchObject({ status: 'filled', filledQty: 1_000 });
    expect(report?.venueOrderId).toBe(outcome.report.venueOrderId);
  });

  it('refuses to start without the wallet key, naming its variable', async () => {
    const start = executionVenues({
      config: configWith({ ARBEES_POLYMARKET_URL: 'http://127.0.0.1:9' }),
      clock: new SimulatedClock(0),
      metrics: tradingMetricsFor(new Registry()),
      env: {},
    });
    await expect(start).rejects.toBeInstanceOf(ServiceStartError);
    await expect(start).rejects.toThrow('ARBEES_POLYMARKET_URL is set but POLYMARKET_PRIVATE_KEY is not');
  });

  it('refuses a real exchange unless live trading is allowed, before contacting it', async () => {
    const start = executionVenues({
      config: configWith({ ARBEES_POLYMARKET_URL: 'https://clob.polymarket.com' }),
      clock: new SimulatedClock(0),
      metrics: tradingMetricsFor(new Registry()),
      env: { POLYMARKET_PRIVATE_KEY: TRADER_KEY },
    });
    await expect(start).rejects.toThrow(
      /ARBEES_POLYMARKET_URL points at clob\.polymarket\.com.*live trading/,
    );
  });

  it('trades Kalshi as the key the Kalshi sim venue registered, on the port asked for', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const dir = mkdtempSync(join(tmpdir(), 'arbees-exec-venues-'));
    const port = await freePort();
    const kalshi = await startKalshiSimVenue({
      bus: new MemoryBus(),
      clock: new SimulatedClock(Date.now()),
      log: silentLogger,
      startingBalance: 2_000_000_000 as Micros,
      port,
      key: { keyId: 'exec-test-key', privateKeyPem: pem },
    });
    try {
      writeFileSync(join(dir, 'key.pem'), pem, { mode: 0o600 });
      const venues = await executionVenues({
        config: configWith({
          ARBEES_KALSHI_URL: `http://127.0.0.1:${port}/trade-api/v2`,
          KALSHI_API_KEY_ID: 'exec-test-key',
          KALSHI_PRIVATE_KEY_PATH: join(dir, 'key.pem'),
        }),
        clock: new SimulatedClock(Date.now()),
        metrics: tradingMetricsFor(new Registry()),
        env: {},
      });
      expect(await venues.clients.get('kalshi')!.account!.balance()).toBe(2_000_000_000);
    } finally {
      await kalshi.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses plain http to a host off loopback, as the adapter does (keys would travel in clear)', async () => {
    const start = executionVenues({
      config: configWith({ ARBEES_POLYMARKET_URL: 'http://polymarket-sim:8080' }),
      clock: new SimulatedClock(0),
      metrics: tradingMetricsFor(new Registry()),
      env: { POLYMARKET_PRIVATE_KEY: TRADER_KEY },
    });
    await expect(start).rejects.toBeInstanceOf(ServiceStartError);
    await expect(start).rejects.toThrow(/ARBEES_POLYMARKET_URL .*clobUrl: must use https/);
  });

  it('checks the URL is http(s)', () => {
    expect(() => configWith({ ARBEES_POLYMARKET_URL: 'ws://127.0.0.1:9' })).toThrow(/ARBEES_POLYMARKET_URL/);
  });
});
