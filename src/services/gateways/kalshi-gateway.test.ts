/**
 * The Kalshi market-data gateway against the Kalshi simulator over a real WebSocket on loopback,
 * with the MemoryBus: mapped markets' books flow on `md` and stop at MarketClosed; a quiet book
 * stays fresh while the connection confirms it and goes stale (by the strategy's own check)
 * while the connection is down or silent; a dropped connection comes back with fresh books, a
 * seq gap is resynced, junk is counted; barrier mode publishes only in flush(). The business
 * clock is a SimulatedClock the tests move, so book ages are exact, never timed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { SimulatedClock } from '../../core/clock.js';
import type { ArbeesEvent, BookSnapshot } from '../../core/events.js';
import type { Centis, Micros } from '../../core/money.js';
import { placeMakerQuotes } from '../../sim/kalshi/maker.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../../sim/kalshi/testing.js';
import { evaluateEdge } from '../../strategy/edge.js';
import { KALSHI_WS_PATH } from '../../venues/kalshi/auth.js';
import { parseKalshiOrderbook } from '../../venues/kalshi/parse.js';
import type { KalshiWsTimers } from '../../venues/kalshi/ws.js';
import { silentLogger } from '../logger.js';
import { kalshiFeed } from './kalshi-feed.js';
import { createMarketDataGateway, type GatewayMode, type MarketDataGateway } from './market-data-gateway.js';
import { closed, mapped, testInstrument, until, watch } from './testing.js';

const OTHER_TICKER = 'KXNFLGAME-26SEP21NYGLAR-NYG';
const T0 = Date.UTC(2026, 8, 21, 20, 0, 0);
const REFRESH_MS = 5_000;
const STALE_MS = 15_000;

let fx: SimFixture;
let gateway: MarketDataGateway | null = null;
let bus: MemoryBus;
let clock: SimulatedClock;
let md: ArbeesEvent[];
/** Reconnect delays held back while `holdReconnects` (the watchdog's long timer is left alone). */
let holdReconnects = false;
const held: (() => void)[] = [];
const timers: KalshiWsTimers = {
  setTimeout: (fn, ms) => {
    if (holdReconnects && ms < 10_000) {
      held.push(fn);
      return null;
    }
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => {
    if (h !== null) clearTimeout(h as NodeJS.Timeout);
  },
};

beforeEach(async () => {
  fx = await startSimFixture({ heartbeatMs: 20 });
  fx.sim.exchange.addMarket({
    ticker: OTHER_TICKER,
    eventTicker: 'KXNFLGAME-26SEP21NYGLAR',
    seriesTicker: 'KXNFLGAME',
    closeTimeMs: Date.UTC(2026, 8, 22),
    fees: fx.sim.exchange.markets.get(SIM_TICKER)!.fees,
  });
  clock = new SimulatedClock(T0);
  bus = new MemoryBus({ now: () => clock.now() });
  md = watch(bus, ['md']).seen;
  holdReconnects = false;
  held.length = 0;
});
afterEach(async () => {
  await gateway?.stop();
  gateway = null;
  await bus.close();
  await fx.close();
});

async function startGateway(mode: GatewayMode = 'live'): Promise<MarketDataGateway> {
  const g = createMarketDataGateway({
    bus,
    clock,
    mode,
    log: silentLogger,
    instanceId: 'kalshi-test',
    refreshMs: REFRESH_MS,
    refreshCheckMs: 5,
    feed: kalshiFeed({
      url: `${fx.baseUrl.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}${KALSHI_WS_PATH}`,
      key: { keyId: fx.keyId, privateKey: fx.privateKey },
      clock,
      backoff: { initialMs: 10, maxMs: 50 },
      staleAfterMs: 60_000,
      timers,
    }),
  });
  gateway = g;
  await g.start();
  await until(() => g.ready(), 'the gateway connected');
  return g;
}

async function restLevels(ticker: string) {
  const res = await fetch(`${fx.baseUrl}/markets/${ticker}/orderbook`);
  const parsed = parseKalshiOrderbook(
    { payload: await res.json(), ticker },
    { clock, nextId: () => 'x' as never, useYesPrice: false },
  );
  if (!parsed.ok) throw new Error('REST book did not parse');
  return { bids: parsed.value.bids, asks: parsed.value.asks };
}

const booksOf = (ticker: string) =>
  md.filter((e): e is BookSnapshot => e.type === 'BookSnapshot' && e.instrumentId === `kalshi:${ticker}`);
const lastBook = (ticker: string) => booksOf(ticker).at(-1);

/** Until the last published book of `ticker` is the venue's REST book. */
async function publishedMatchesRest(ticker: string): Promise<void> {
  const rest = await restLevels(ticker);
  await until(async () => {
    const b = lastBook(ticker);
    return b !== undefined && JSON.stringify({ bids: b.bids, asks: b.asks }) === JSON.stringify(rest);
  }, `the published ${ticker} book to equal REST`);
}

/** The maker's quotes on `ticker` replaced, in one exchange batch (the feed sends the net change). */
function quote(ticker: string, bid: number, ask: number): void {
  const ex = fx.sim.exchange;
  const now = Date.now();
  const refusals = ex.batch(() => {
    for (const order of ex.markets.get(ticker)?.book.resting() ?? [])
      if (order.accountId === 'maker') ex.cancelOrder('maker', order.orderId, now);
    return placeMakerQuotes(
      ex,
      {
        accountId: 'maker',
        ticker,
        bids: [[bid as Micros, 300 as Centis]],
        asks: [[ask as Micros, 300 as Centis]],
      },
      now,
    );
  });
  expect(refusals).toEqual([]);
}

/** The strategy's verdict on the last published book at the clock's now (a YES worth 90 cents). */
function strategySees(ticker: string) {
  const result = evaluateEdge({
    now: clock.now(),
    yesProb: 0.9,
    gameLive: true,
    gameStateTs: clock.now(),
    book: lastBook(ticker),
    fees: { kind: 'none' },
    settings: { minEdgePpm: 10_000, priceStalenessMs: STALE_MS, syncToleranceMs: 60_000 },
  });
  return result.kind === 'none' ? result.reason : 'tradable';
}

describe('Kalshi market-data gateway', () => {
  it('publishes the books of mapped markets as they change, and stops at MarketClosed', async () => {
    const g = await startGateway();
    await bus.publish(mapped(testInstrument('kalshi', SIM_TICKER)));
    await bus.publish(mapped(testInstrument('polymarket', '123'))); // another venue's: not followed
    await publishedMatchesRest(SIM_TICKER);
    expect(lastBook(SIM_TICKER)).toMatchObject({ venue: 'kalshi', venueTs: T0, ts: T0 });
    expect(lastBook(SIM_TICKER)?.id).toMatch(/^kalshi-gateway:kalshi-test:\d+$/);
    quote(SIM_TICKER, 430_000, 440_000);
    await publishedMatchesRest(SIM_TICKER);
    // A trade (the maker's ask taken) is published as a Trade, and the book follows it.
    const taker = fx.sim.exchange.createOrder(
      {
        accountId: fx.traderId,
        ticker: SIM_TICKER,
        clientOrderId: 'gateway-taker',
        side: 'bid',
        price: 440_000 as Micros,
        count: 100 as Centis,
        timeInForce: 'immediate_or_cancel',
        selfTradePrevention: 'maker',
        postOnly: false,
        expirationTime: null,
      },
      Date.now(),
    );
    expect(taker.ok).toBe(true);
    await until(() => md.some((e) => e.type === 'Trade'), 'the trade');
    expect(md.find((e) => e.type === 'Trade')).toMatchObject({
      instrumentId: `kalshi:${SIM_TICKER}`,
      price: 440_000,
      qty: 100,
      takerSide: 'yes',
      ts: T0,
    });
    await publishedMatchesRest(SIM_TICKER);

    await bus.publish(mapped(testInstrument('kalshi', OTHER_TICKER)));
    await publishedMatchesRest(OTHER_TICKER);
    await bus.publish(closed(testInstrument('kalshi', SIM_TICKER).instrumentId));
    await bus.idle();
    const before = booksOf(SIM_TICKER).length;
    // Both books move; only the one still followed is published.
    quote(SIM_TICKER, 410_000, 420_000);
    quote(OTHER_TICKER, 200_000, 250_000);
    await publishedMatchesRest(OTHER_TICKER);
    expect(booksOf(SIM_TICKER).length).toBe(before);
    expect(g.status()).toMatchObject({ instruments: 1, connected: true, malformed: 0, gaps: 0 });
    expect(md.every((e) => e.type !== 'BookDelta')).toBe(true);
  });

  it('keeps a quiet book fresh while the venue confirms it; on a dropped connection it goes stale, then comes back', async () => {
    const g = await startGateway();
    await bus.publish(mapped(testInstrument('kalshi', SIM_TICKER)));
    await publishedMatchesRest(SIM_TICKER);
    expect(strategySees(SIM_TICKER)).toBe('tradable');
    // An hour of quiet book: each step the venue's Ping confirms it and it is published again.
    for (let step = 1; step <= 12; step++) {
      clock.advance(REFRESH_MS);
      await until(() => lastBook(SIM_TICKER)?.venueTs === clock.now(), `refresh ${step}`);
      expect(strategySees(SIM_TICKER)).toBe('tradable');
    }
    expect(g.status().booksRefreshed).toBeGreaterThanOrEqual(12);

    // The venue drops us and the reconnect is held back: nothing confirms the book any more.
    holdReconnects = true;
    fx.sim.wsFault('drop');
    await until(() => !g.ready() && held.length > 0, 'the connection down, its reconnect waiting');
    const published = booksOf(SIM_TICKER).length;
    clock.advance(4 * REFRESH_MS);
    expect(await g.flush()).toBe(false); // nothing due: the book is not confirmed
    expect(booksOf(SIM_TICKER).length).toBe(published);
    expect(strategySees(SIM_TICKER)).toBe('PRICE_STALE');
    expect(g.bookAges()[0]?.ageMs).toBeGreaterThan(STALE_MS);

    // Meanwhile the book changed; back on line, the fresh snapshot is published as it is now.
    quote(SIM_TICKER, 300_000, 310_000);
    holdReconnects = false;
    for (const reconnect of held.splice(0)) reconnect();
    await until(() => g.ready(), 'the reconnect');
    await publishedMatchesRest(SIM_TICKER);
    expect(lastBook(SIM_TICKER)?.venueTs).toBe(clock.now());
    expect(strategySees(SIM_TICKER)).toBe('tradable');
    expect(g.status().reconnects).toBe(1);
  });

  it('stops confirming a silent stream (the book goes stale), and resyncs the gap it left once it speaks again', async () => {
    const g = await startGateway();
    await bus.publish(mapped(testInstrument('kalshi', SIM_TICKER)));
    await publishedMatchesRest(SIM_TICKER);
    fx.sim.wsFault('stall');
    quote(SIM_TICKER, 300_000, 310_000); // sent into the silence: lost, the seq moves on
    const published = booksOf(SIM_TICKER).length;
    clock.advance(STALE_MS + 1);
    // Nothing heard since: nothing is due, however long the clock runs.
    expect(await g.flush()).toBe(false);
    expect(booksOf(SIM_TICKER).length).toBe(published);
    expect(strategySees(SIM_TICKER)).toBe('PRICE_STALE');

    fx.sim.wsFault('resume');
    quote(SIM_TICKER, 320_000, 330_000); // the next delta shows the gap: a snapshot is asked for
    await until(() => g.status().resyncs >= 1, 'the resync');
    await publishedMatchesRest(SIM_TICKER);
    expect(g.status().gaps).toBeGreaterThanOrEqual(1);
    expect(strategySees(SIM_TICKER)).toBe('tradable');
  });

  it('counts junk frames and goes on publishing', async () => {
    const g = await startGateway();
    await bus.publish(mapped(testInstrument('kalshi', SIM_TICKER)));
    await publishedMatchesRest(SIM_TICKER);
    const junk = ['not json', '{"type":"orderbook_delta","sid":1}', '[1,2]', '{"type":"trade","msg":{}}'];
    for (const frame of junk) fx.sim.feed.broadcastRaw(frame);
    await until(() => g.status().malformed === junk.length, 'the junk counted');
    quote(SIM_TICKER, 380_000, 390_000);
    await publishedMatchesRest(SIM_TICKER);
    expect(g.ready()).toBe(true);
    expect(g.status().reconnects).toBe(0);
  });

  it('in barrier mode publishes nothing until flush(), then one snapshot per changed book', async () => {
    const g = await startGateway('barrier');
    const sent = () => fx.sim.feed.sentTo(fx.traderId);
    const caughtUp = () => until(() => g.framesHandled() >= sent(), 'every frame sent handled');
    await bus.publish(mapped(testInstrument('kalshi', SIM_TICKER)));
    await bus.publish(mapped(testInstrument('kalshi', OTHER_TICKER)));
    await bus.idle();
    await until(() => g.status().inSync === 2, 'both snapshots');
    await caughtUp();
    expect(md).toEqual([]);
    expect(await g.flush()).toBe(true);
    // By instrument id: LAR before NYG.
    expect(md.map((e) => e.type === 'BookSnapshot' && e.instrumentId)).toEqual([
      `kalshi:${SIM_TICKER}`,
      `kalshi:${OTHER_TICKER}`,
    ]);
    expect(await g.flush()).toBe(false);

    // Several changes to one book, one to the other: still nothing until the flush, then one each.
    quote(SIM_TICKER, 300_000, 310_000);
    quote(SIM_TICKER, 320_000, 330_000);
    quote(OTHER_TICKER, 200_000, 250_000);
    await caughtUp();
    await new Promise((r) => setImmediate(r));
    expect(md).toHaveLength(2);
    clock.advance(1_000);
    expect(await g.flush()).toBe(true);
    const flushed = md.slice(2) as BookSnapshot[];
    expect(flushed.map((e) => [e.instrumentId, e.venueTs])).toEqual([
      [`kalshi:${SIM_TICKER}`, T0 + 1_000],
      [`kalshi:${OTHER_TICKER}`, T0 + 1_000],
    ]);
    await publishedMatchesRest(SIM_TICKER);
    await publishedMatchesRest(OTHER_TICKER);

    // Quiet books: confirmed by the flush itself once refreshMs has passed on the clock.
    clock.advance(REFRESH_MS - 1);
    expect(await g.flush()).toBe(false);
    clock.advance(1);
    expect(await g.flush()).toBe(true);
    expect(md.slice(4).map((e) => e.type === 'BookSnapshot' && e.venueTs)).toEqual([
      T0 + 1_000 + REFRESH_MS,
      T0 + 1_000 + REFRESH_MS,
    ]);
    expect(g.status()).toMatchObject({ booksOnChange: 4, booksRefreshed: 2 });
  });
});
