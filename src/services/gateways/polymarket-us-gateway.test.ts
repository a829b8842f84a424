/**
 * The Polymarket US market-data gateway against the simulator's signed markets WebSocket on
 * loopback, with the MemoryBus: a market mapped after the connection opened is subscribed on its
 * own and its whole book flows on `md`, a requote publishes the new book, a closed market stops;
 * the venue's settlement is read by the resolution reader (a tie's $0.50 kept as a fraction).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { SimulatedClock } from '../../core/clock.js';
import type { BookSnapshot } from '../../core/events.js';
import type { Centis, Micros } from '../../core/money.js';
import { pmusGameMarket, requotePmusMaker } from '../../sim/polymarket-us/maker.js';
import {
  placePmusMakerQuotes,
  SIM_PMUS_MAKER,
  SIM_PMUS_MARKET,
  type SimPmusFixture,
  startPmusSimFixture,
} from '../../sim/polymarket-us/testing.js';
import { pmusSigningKey } from '../../venues/polymarket-us/auth.js';
import { PmusHttp } from '../../venues/polymarket-us/http.js';
import { silentLogger } from '../logger.js';
import { createMarketDataGateway, type MarketDataGateway } from './market-data-gateway.js';
import { polymarketUsFeed } from './polymarket-us-feed.js';
import { parsePmusSettlement, polymarketUsResolutionReader } from './polymarket-us-resolution.js';
import { closed, mapped, testInstrument, until, watch } from './testing.js';

const SECOND = pmusGameMarket({
  id: '2',
  league: 'nfl',
  away: { name: 'Miami Dolphins', abbreviation: 'MIA' },
  home: { name: 'Buffalo Bills', abbreviation: 'BUF' },
  startMs: Date.UTC(2026, 8, 21, 17, 0),
});

let fx: SimPmusFixture;
let gateway: MarketDataGateway | null = null;
let bus: MemoryBus;

beforeEach(async () => {
  fx = await startPmusSimFixture();
  fx.sim.exchange.addMarket(SECOND);
  bus = new MemoryBus();
});
afterEach(async () => {
  await gateway?.stop();
  gateway = null;
  await fx.close();
});

const books = (seen: readonly unknown[], slug: string) =>
  (seen as BookSnapshot[]).filter(
    (e) => e.type === 'BookSnapshot' && e.instrumentId === `polymarket-us:${slug}`,
  );

describe('the Polymarket US gateway', () => {
  it('follows markets as they are mapped (the later one on its own subscription) and stops at MarketClosed', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 8, 21, 16, 0));
    gateway = createMarketDataGateway({
      bus,
      clock,
      feed: polymarketUsFeed({ origin: fx.wsUrl, key: pmusSigningKey(fx.keyId, fx.secret), clock }),
      mode: 'live',
      log: silentLogger,
      instanceId: 'pmus-test',
    });
    const md = watch(bus, ['md']);
    await gateway.start();
    const first = testInstrument('polymarket-us', SIM_PMUS_MARKET.slug);
    await bus.publish(mapped(first));
    await until(() => books(md.seen, SIM_PMUS_MARKET.slug).length > 0, 'the first book');
    expect(books(md.seen, SIM_PMUS_MARKET.slug)[0]).toMatchObject({
      venue: 'polymarket-us',
      bids: [
        { price: 420_000, qty: 5_000 },
        { price: 400_000, qty: 10_000 },
      ],
      asks: [
        { price: 450_000, qty: 5_000 },
        { price: 470_000, qty: 10_000 },
      ],
    });
    // Mapped once the connection is open: subscribed on its own, its book comes whole.
    expect(
      placePmusMakerQuotes(fx.sim, { slug: SECOND.slug, bids: [[300_000 as Micros, 1_000]], asks: [] }),
    ).toEqual([]);
    await bus.publish(mapped(testInstrument('polymarket-us', SECOND.slug)));
    await until(() => books(md.seen, SECOND.slug).length > 0, 'the second book');
    expect(books(md.seen, SECOND.slug).at(-1)?.bids).toEqual([{ price: 300_000, qty: 1_000 }]);
    expect(gateway.status()).toMatchObject({ instruments: 2, inSync: 2, connected: true, malformed: 0 });

    // A requote is one whole book.
    requotePmusMaker(
      fx.sim.exchange,
      {
        accountId: SIM_PMUS_MAKER,
        slug: SIM_PMUS_MARKET.slug,
        quote: { bids: [{ price: 410_000 as Micros, qty: 200 as Centis }], asks: [] },
      },
      fx.sim.now(),
    );
    await until(
      () => books(md.seen, SIM_PMUS_MARKET.slug).at(-1)?.bids[0]?.price === 410_000,
      'the requoted book',
    );

    // Closed: no longer followed.
    await bus.publish(closed(first.instrumentId));
    expect(gateway.status().instruments).toBe(1);
    await md.close();
  });

  it('reads the venue settlement: open, closed, then settled (a tie pays half)', async () => {
    const reader = polymarketUsResolutionReader(
      new PmusHttp({ apiBaseUrl: fx.baseUrl, key: null, getAttempts: 1 }),
    );
    const instrument = testInstrument('polymarket-us', SECOND.slug);
    expect(await reader.read(instrument)).toEqual({ state: 'open', closeTs: null });
    fx.sim.exchange.halt(SECOND.slug, fx.sim.now());
    expect(await reader.read(instrument)).toEqual({ state: 'closed' });
    fx.sim.exchange.settle(SECOND.slug, 500_000 as Micros, fx.sim.now());
    expect(await reader.read(instrument)).toEqual({ state: 'resolved', result: 'yes', yesPayout: 500_000 });
    expect(await reader.read(testInstrument('polymarket-us', 'aec-nope'))).toMatchObject({
      state: 'unavailable',
    });
    expect(parsePmusSettlement('s', { marketSlug: 's', settlementPrice: '0' })).toEqual({
      state: 'resolved',
      result: 'no',
    });
    expect(parsePmusSettlement('s', { settlement: 'half' })).toMatchObject({
      state: 'unavailable',
      reason: expect.stringMatching(/settlement of s: "half" is not a price/),
    });
  });
});
