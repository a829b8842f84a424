/**
 * The Kalshi WebSocket client over a real WebSocket against the simulator: the book it keeps
 * from snapshot + deltas equals the REST order book, a skipped seq is resynced, a dropped or
 * silent connection comes back and resubscribes, our fills arrive on the private channel, and
 * malformed frames are counted without stopping the stream.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import type { BookDelta, BookSnapshot, Trade } from '../../core/events.js';
import { EventIdSequence } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { placeMakerQuotes } from '../../sim/kalshi/maker.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../../sim/kalshi/testing.js';
import { KALSHI_WS_PATH, kalshiAuthHeaders } from './auth.js';
import { parseKalshiOrderbook } from './parse.js';
import type { KalshiFill } from './parse-portfolio.js';
import { KalshiWsClient, type KalshiWsClientOptions } from './ws.js';

const SECOND_TICKER = 'KXNFLGAME-26SEP21NYGLAR-NYG';
let fx: SimFixture;
let client: KalshiWsClient | null = null;
let books: (BookSnapshot | BookDelta)[];
let trades: Trade[];
let fills: KalshiFill[];

beforeEach(async () => {
  fx = await startSimFixture({ heartbeatMs: 50 });
  fx.sim.exchange.addMarket({
    ticker: SECOND_TICKER,
    eventTicker: 'KXNFLGAME-26SEP21NYGLAR',
    seriesTicker: 'KXNFLGAME',
    closeTimeMs: Date.UTC(2026, 8, 22),
    fees: fx.sim.exchange.markets.get(SIM_TICKER)!.fees,
  });
  books = [];
  trades = [];
  fills = [];
});
afterEach(async () => {
  await client?.stop();
  client = null;
  await fx.close();
});

function wsUrl(): string {
  return `${fx.baseUrl.replace(/^http/, 'ws').replace(/\/trade-api\/v2$/, '')}${KALSHI_WS_PATH}`;
}

function startClient(extra: Partial<KalshiWsClientOptions> = {}): KalshiWsClient {
  const ids = new EventIdSequence('ws-test');
  client = new KalshiWsClient({
    url: wsUrl(),
    key: { keyId: fx.keyId, privateKey: fx.privateKey },
    tickers: [SIM_TICKER, SECOND_TICKER],
    clock: new SimulatedClock(1_000),
    nextId: () => ids.next(),
    sinks: {
      onBook: (e) => books.push(e),
      onTrade: (e) => trades.push(e),
      onFill: (f) => fills.push(f),
    },
    backoff: { initialMs: 10, maxMs: 100 },
    staleAfterMs: 2_000,
    ...extra,
  });
  client.start();
  return client;
}

async function restBook(ticker: string) {
  const res = await fetch(`${fx.baseUrl}/markets/${ticker}/orderbook`);
  const parsed = parseKalshiOrderbook(
    { payload: await res.json(), ticker },
    { clock: new SimulatedClock(0), nextId: () => 'x' as never, useYesPrice: false },
  );
  if (!parsed.ok) throw new Error('REST book did not parse');
  return { bids: parsed.value.bids, asks: parsed.value.asks };
}

async function expectBooksMatchRest(c: KalshiWsClient): Promise<void> {
  for (const ticker of [SIM_TICKER, SECOND_TICKER]) await expectBooksMatchRestFor(c, ticker);
}

async function expectBooksMatchRestFor(c: KalshiWsClient, ticker: string): Promise<void> {
  const rest = await restBook(ticker);
  await vi.waitFor(() => expect(c.book(ticker)?.levels()).toEqual(rest), { timeout: 10_000 });
}

async function placeOrder(body: Record<string, unknown>) {
  const path = '/trade-api/v2/portfolio/events/orders';
  const headers = kalshiAuthHeaders(
    { keyId: fx.keyId, privateKey: fx.privateKey },
    { timestampMs: Date.now(), method: 'POST', path },
  );
  const res = await fetch(`${fx.baseUrl}/portfolio/events/orders`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'maker',
      ...body,
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { order_id: string };
}

/** Moves both books: maker quotes, a cancel, and a trade that takes a whole level and part of another. */
function churn(): void {
  const now = Date.now();
  placeMakerQuotes(
    fx.sim.exchange,
    {
      accountId: 'maker',
      ticker: SECOND_TICKER,
      bids: [[300_000 as Micros, 700 as Centis]],
      asks: [
        [350_000 as Micros, 400 as Centis],
        [360_000 as Micros, 900 as Centis],
      ],
    },
    now,
  );
  const taker = fx.sim.exchange.createOrder(
    {
      accountId: fx.traderId,
      ticker: SIM_TICKER,
      clientOrderId: `churn-${now}-${Math.random()}`,
      side: 'ask',
      price: 400_000 as Micros,
      count: 800 as Centis,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'maker',
      postOnly: false,
      expirationTime: null,
    },
    now,
  );
  expect(taker.ok && taker.fills.length).toBeGreaterThan(0);
  const resting = [...fx.sim.exchange.orders.values()].find(
    (o) => o.ticker === SECOND_TICKER && o.status === 'resting' && o.side === 'bid',
  );
  if (resting) fx.sim.exchange.cancelOrder(resting.accountId, resting.orderId, now);
}

describe('Kalshi WebSocket client against the simulator', () => {
  it('keeps books from snapshot + deltas equal to the REST order book, and passes trades on', async () => {
    const c = startClient();
    await expectBooksMatchRest(c);
    churn();
    await expectBooksMatchRest(c);
    await vi.waitFor(() => expect(trades.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(trades[0]).toMatchObject({ type: 'Trade', venue: 'kalshi', takerSide: 'no', price: 420_000 });
    expect(books.some((e) => e.type === 'BookDelta')).toBe(true);
    expect(c.counters).toMatchObject({ malformed: 0, gaps: 0, reconnects: 0 });
  });

  it('resyncs the books of a subscription after a skipped seq, and the book is right after', async () => {
    const c = startClient();
    await expectBooksMatchRest(c);
    fx.sim.wsFault('seq_gap');
    churn();
    await vi.waitFor(() => expect(c.counters.resyncs).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
    expect(c.counters.gaps).toBeGreaterThanOrEqual(1);
    await expectBooksMatchRest(c);
    churn();
    await expectBooksMatchRest(c);
  });

  it('reconnects after a drop with backoff, resubscribes, and rebuilds its books', async () => {
    const c = startClient();
    await expectBooksMatchRest(c);
    fx.sim.wsFault('drop');
    await vi.waitFor(() => expect(c.connections).toBe(2), { timeout: 10_000 });
    expect(c.counters.reconnects).toBe(1);
    churn();
    await expectBooksMatchRest(c);
  });

  it('cuts a silent stream and reconnects; the books catch up with what was missed', async () => {
    const c = startClient({ staleAfterMs: 300 });
    await expectBooksMatchRest(c);
    fx.sim.wsFault('stall');
    churn(); // sent into the silence: lost
    await vi.waitFor(() => expect(c.counters.staleStreams).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
    fx.sim.wsFault('resume');
    await vi.waitFor(() => expect(c.connections).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await expectBooksMatchRest(c);
  });

  it('receives our own fill on the private channel when our order trades', async () => {
    const c = startClient();
    await expectBooksMatchRest(c);
    const { order_id } = await placeOrder({
      ticker: SIM_TICKER,
      client_order_id: 'ws-fill-1',
      side: 'bid',
      count: '3.00',
      price: '0.4500',
    });
    await vi.waitFor(() => expect(fills).toHaveLength(1), { timeout: 10_000 });
    expect(fills[0]).toMatchObject({
      orderId: order_id,
      clientOrderId: 'ws-fill-1',
      ticker: SIM_TICKER,
      yesPrice: 450_000,
      count: 300,
      liquidity: 'taker',
      postPosition: 300,
    });
    // The maker's fill is not ours: only one arrives.
    await expectBooksMatchRest(c);
    expect(fills).toHaveLength(1);
  });

  it('adds markets to a running subscription', async () => {
    const c = new KalshiWsClient({
      url: wsUrl(),
      key: { keyId: fx.keyId, privateKey: fx.privateKey },
      tickers: [SIM_TICKER],
      clock: new SimulatedClock(0),
      nextId: () => 'x' as never,
      sinks: { onBook: () => {} },
    });
    client = c;
    c.start();
    c.addTickers([SECOND_TICKER]); // before the subscribed reply: sent once it comes
    await expectBooksMatchRest(c);
  });

  it('removes a market from the running subscription: no more of its book or trades, its book dropped', async () => {
    let heard = 0;
    const c = startClient({
      onHeard: () => {
        heard += 1;
      },
    });
    await expectBooksMatchRest(c);
    expect(heard).toBeGreaterThan(0); // every frame and Ping on the connection
    const commands = fx.sim.feed.stats.commands;
    c.removeTickers([SECOND_TICKER]);
    expect(c.book(SECOND_TICKER)).toBeUndefined();
    expect(c.followed).toEqual([SIM_TICKER]);
    // One delete_markets per market channel (book and trade) reaches the venue; then the book changes.
    await vi.waitFor(() => expect(fx.sim.feed.stats.commands).toBe(commands + 2), { timeout: 10_000 });
    const before = books.filter((e) => e.instrumentId.endsWith(SECOND_TICKER)).length;
    churn();
    await expectBooksMatchRestFor(c, SIM_TICKER);
    expect(books.filter((e) => e.instrumentId.endsWith(SECOND_TICKER)).length).toBe(before);
    expect(c.book(SECOND_TICKER)).toBeUndefined();
    expect(c.counters).toMatchObject({ gaps: 0, venueErrors: 0 });
    // A reconnect subscribes the markets still followed only.
    fx.sim.wsFault('drop');
    await vi.waitFor(() => expect(c.connections).toBe(2), { timeout: 10_000 });
    await expectBooksMatchRestFor(c, SIM_TICKER);
    expect(c.book(SECOND_TICKER)).toBeUndefined();
    // And added back, it is followed again from a fresh snapshot.
    c.addTickers([SECOND_TICKER]);
    await expectBooksMatchRest(c);
  });

  it('counts frames that do not parse and keeps applying the ones that do', async () => {
    const c = startClient();
    await expectBooksMatchRest(c);
    const junk = [
      'not json',
      '[]',
      '{"type":"orderbook_delta","sid":1,"seq":"x"}',
      '{"type":"orderbook_delta","sid":1,"seq":99,"msg":{"market_ticker":"T","price_dollars":"abc","delta_fp":"1.00","side":"yes"}}',
      '{"no":"type"}',
      '{"type":"fill","sid":3,"msg":{}}',
      '\u0000\uffff',
    ];
    // Frames from the server side, on the connection the client holds.
    for (const frame of junk) fx.sim.feed.broadcastRaw(frame);
    await vi.waitFor(() => expect(c.counters.malformed).toBe(junk.length), { timeout: 10_000 });
    churn();
    await expectBooksMatchRest(c);
    expect(c.counters.reconnects).toBe(0);
  });

  it('does not connect with a bad key, and says why', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const c = startClient({ key: { keyId: fx.keyId, privateKey } });
    await vi.waitFor(() => expect(c.counters.reconnects).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    expect(c.connections).toBe(0);
    expect(c.lastError).toContain('401');
    expect(c.lastError).toContain('invalid signature');
    expect(fx.sim.stats.authFailures).toBeGreaterThanOrEqual(2);
  });

  it('backs off exponentially with jitter between failed connects, and stops when told', async () => {
    const delays: number[] = [];
    const timers = {
      setTimeout: (fn: () => void, ms: number) => {
        delays.push(ms);
        return setTimeout(fn, 1); // recorded, not waited for
      },
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    };
    // Full jitter for six attempts, then none.
    const jitters = [0.999, 0.999, 0.999, 0.999, 0.999, 0.999];
    const c = startClient({
      url: 'ws://127.0.0.1:9/trade-api/ws/v2', // discard port: refused
      timers,
      random: () => jitters.shift() ?? 0,
      backoff: { initialMs: 10, maxMs: 100 },
    });
    await vi.waitFor(() => expect(delays.length).toBeGreaterThanOrEqual(6), { timeout: 10_000 });
    await vi.waitFor(() => expect(delays.length).toBeGreaterThanOrEqual(7), { timeout: 10_000 });
    expect(delays.slice(0, 7)).toEqual([10, 20, 40, 80, 100, 100, 50]); // the last: half the capped step
    await c.stop();
    const settled = delays.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(delays.length).toBe(settled);
    expect(c.connections).toBe(0);
  });
});
