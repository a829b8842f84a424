/**
 * The Polymarket market-data gateway against the Polymarket simulator's market channel over a
 * real WebSocket on loopback, with the MemoryBus: mapped tokens' books and trades flow on `md`
 * and stop at MarketClosed; a quiet book stays fresh while PONGs confirm its connection and goes
 * stale (by the strategy's check) while the connection is down, then comes back with a fresh
 * book; junk frames are counted; barrier mode publishes only in flush(). The business clock is
 * a SimulatedClock the tests move.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { MemoryBus } from '../../bus/memory-bus.js';
import { SimulatedClock } from '../../core/clock.js';
import type { ArbeesEvent, BookSnapshot } from '../../core/events.js';
import type { Centis, Micros } from '../../core/money.js';
import { requotePolyMaker } from '../../sim/polymarket/maker.js';
import {
  type PolySimFixture,
  SIM_MAKER_WALLET,
  SIM_MARKET,
  startPolySimFixture,
} from '../../sim/polymarket/testing.js';
import { evaluateEdge } from '../../strategy/edge.js';
import type { Timers } from '../../venues/polymarket/socket.js';
import { silentLogger } from '../logger.js';
import { createMarketDataGateway, type GatewayMode, type MarketDataGateway } from './market-data-gateway.js';
import { polymarketFeed } from './polymarket-feed.js';
import { closed, mapped, testInstrument, until, watch } from './testing.js';

const [TOKEN_A, TOKEN_B] = SIM_MARKET.tokenIds;
const T0 = Date.UTC(2026, 8, 21, 20, 0, 0);
const REFRESH_MS = 5_000;
const STALE_MS = 15_000;
const NEVER_MS = 2_147_483_647;
const TAG = 'gateway-test';

let fx: PolySimFixture;
let gateway: MarketDataGateway | null = null;
let bus: MemoryBus;
let clock: SimulatedClock;
let md: ArbeesEvent[];
let holdReconnects = false;
const held: (() => void)[] = [];
/** Node timers, with reconnect delays (the only setTimeout the socket makes) held while asked. */
const timers: Timers = {
  setTimeout: (fn, ms) => {
    if (holdReconnects) {
      held.push(fn);
      return null;
    }
    return setTimeout(fn, ms);
  },
  clearTimeout: (h) => {
    if (h !== null) clearTimeout(h as NodeJS.Timeout);
  },
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

beforeEach(async () => {
  fx = await startPolySimFixture();
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

async function startGateway(mode: GatewayMode = 'live', url = `${fx.wsUrl}/market?client=${TAG}`) {
  const g = createMarketDataGateway({
    bus,
    clock,
    mode,
    log: silentLogger,
    instanceId: 'pm-test',
    refreshMs: REFRESH_MS,
    refreshCheckMs: 5,
    feed: polymarketFeed({
      wsMarketUrl: url,
      clobUrl: fx.baseUrl,
      clock,
      pingIntervalMs: 20,
      staleAfterMs: 60_000,
      resyncCheckMs: NEVER_MS,
      backoff: { initialMs: 10, maxMs: 50 },
      timers,
    }),
  });
  gateway = g;
  await g.start();
  return g;
}

const booksOf = (token: string) =>
  md.filter((e): e is BookSnapshot => e.type === 'BookSnapshot' && e.instrumentId === `polymarket:${token}`);
const lastBook = (token: string) => booksOf(token).at(-1);

/** Token 0's bids and asks as the maker quotes them (centi-contracts). */
function quote(bid: number, ask: number): void {
  const refusals = fx.sim.exchange.batch(() =>
    requotePolyMaker(
      fx.sim.exchange,
      {
        account: SIM_MAKER_WALLET,
        conditionId: SIM_MARKET.conditionId,
        quote: {
          bids: [{ price: bid as Micros, qty: 2_000 as Centis }],
          asks: [{ price: ask as Micros, qty: 2_000 as Centis }],
          belief: (bid + ask) / 2_000_000,
        },
      },
      fx.sim.now(),
    ),
  );
  expect(refusals).toEqual([]);
}

const bestOf = (b: BookSnapshot | undefined) => [b?.bids[0]?.price, b?.asks[0]?.price];

function strategySees(token: string) {
  const result = evaluateEdge({
    now: clock.now(),
    yesProb: 0.9,
    gameLive: true,
    gameStateTs: clock.now(),
    book: lastBook(token),
    fees: { kind: 'none' },
    settings: { minEdgePpm: 10_000, priceStalenessMs: STALE_MS, syncToleranceMs: 60_000 },
  });
  return result.kind === 'none' ? result.reason : 'tradable';
}

describe('Polymarket market-data gateway', () => {
  it("publishes mapped tokens' books and trades as they change, and stops at MarketClosed", async () => {
    const g = await startGateway();
    expect(g.ready()).toBe(true); // nothing followed yet, so no connection to wait for
    await bus.publish(mapped(testInstrument('polymarket', TOKEN_A)));
    await bus.publish(mapped(testInstrument('polymarket', TOKEN_B, 'away_win')));
    await bus.publish(mapped(testInstrument('kalshi', 'KX-T'))); // another venue's
    await until(() => booksOf(TOKEN_A).length > 0 && booksOf(TOKEN_B).length > 0, 'both books');
    expect(bestOf(lastBook(TOKEN_A))).toEqual([420_000, 450_000]);
    // Token B is the other side of the same market: its bid is 1 - A's ask.
    expect(bestOf(lastBook(TOKEN_B))).toEqual([550_000, 580_000]);
    expect(lastBook(TOKEN_A)).toMatchObject({ venueTs: T0, venue: 'polymarket' });
    expect(g.ready()).toBe(true);

    quote(430_000, 440_000);
    await until(() => bestOf(lastBook(TOKEN_A))[0] === 430_000, 'the new quote on A');
    await until(() => bestOf(lastBook(TOKEN_B))[0] === 560_000, 'the new quote on B');

    // A trade on A (the maker's ask taken) is published as a Trade.
    const taker = fx.sim.exchange.place(
      {
        orderId: fx.sim.exchange.nextLocalOrderId(),
        accountId: fx.traderAddress.toLowerCase(),
        makerAddress: fx.traderAddress,
        owner: 'trader',
        tokenId: TOKEN_A,
        side: 'BUY',
        price: 440_000 as Micros,
        size: 5_000_000,
        orderType: 'FAK',
        postOnly: false,
        expirationSeconds: 0,
      },
      fx.sim.now(),
    );
    expect(taker.ok).toBe(true);
    await until(() => md.some((e) => e.type === 'Trade'), 'the trade');
    expect(md.find((e) => e.type === 'Trade')).toMatchObject({
      instrumentId: `polymarket:${TOKEN_A}`,
      price: 440_000,
      qty: 500,
      ts: T0,
    });

    await bus.publish(closed(testInstrument('polymarket', TOKEN_A).instrumentId));
    await bus.idle();
    const before = booksOf(TOKEN_A).length;
    quote(400_000, 410_000);
    await until(() => bestOf(lastBook(TOKEN_B))[0] === 590_000, 'B moved');
    expect(booksOf(TOKEN_A).length).toBe(before);
    expect(g.status()).toMatchObject({ instruments: 1, malformed: 0 });
  });

  it('keeps a quiet book fresh on PONGs; while the connection is down it goes stale, then comes back', async () => {
    const g = await startGateway();
    await bus.publish(mapped(testInstrument('polymarket', TOKEN_A)));
    await until(() => booksOf(TOKEN_A).length > 0, 'the first book');
    for (let step = 1; step <= 6; step++) {
      clock.advance(REFRESH_MS);
      await until(() => lastBook(TOKEN_A)?.venueTs === clock.now(), `refresh ${step}`);
      expect(strategySees(TOKEN_A)).toBe('tradable');
    }
    holdReconnects = true;
    const res = await fetch(`${fx.baseUrl}/sim/ws/drop`, { method: 'POST' });
    expect(res.status).toBe(200);
    await until(() => !g.ready() && held.length > 0, 'the connection down, its reconnect waiting');
    const published = booksOf(TOKEN_A).length;
    clock.advance(4 * REFRESH_MS);
    expect(await g.flush()).toBe(false);
    expect(booksOf(TOKEN_A).length).toBe(published);
    expect(strategySees(TOKEN_A)).toBe('PRICE_STALE');

    quote(300_000, 310_000);
    holdReconnects = false;
    for (const reconnect of held.splice(0)) reconnect();
    await until(() => bestOf(lastBook(TOKEN_A))[0] === 300_000, 'the fresh book after the reconnect');
    expect(lastBook(TOKEN_A)?.venueTs).toBe(clock.now());
    expect(strategySees(TOKEN_A)).toBe('tradable');
    expect(g.status()).toMatchObject({ reconnects: 1, connected: true });
  });

  it('counts junk frames and goes on publishing', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const book = (bid: string) =>
      JSON.stringify({
        event_type: 'book',
        asset_id: '42',
        market: '0xm',
        bids: [{ price: bid, size: '10' }],
        asks: [{ price: '0.6', size: '10' }],
        timestamp: '1',
        hash: 'h',
      });
    const junk = [
      'not json',
      '{"event_type":"book"}',
      '[1]',
      '{"event_type":"price_change","price_changes":7}',
    ];
    server.on('connection', (socket) => {
      socket.once('message', () => {
        socket.send(book('0.4'));
        for (const f of junk) socket.send(f);
        socket.send(book('0.45'));
      });
    });
    try {
      const g = await startGateway('live', `ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await bus.publish(mapped(testInstrument('polymarket', '42')));
      await until(() => bestOf(lastBook('42'))[0] === 450_000, 'the book after the junk');
      expect(g.status()).toMatchObject({ malformed: junk.length, reconnects: 0 });
    } finally {
      await gateway?.stop();
      gateway = null;
      for (const c of server.clients) c.terminate();
      await new Promise((r) => server.close(r));
    }
  });

  it('in barrier mode publishes nothing until flush(), then one snapshot per changed book', async () => {
    const g = await startGateway('barrier');
    const caughtUp = () => until(() => g.framesHandled() >= fx.sim.feeds.sentTo(TAG), 'every frame handled');
    await bus.publish(mapped(testInstrument('polymarket', TOKEN_A)));
    await bus.publish(mapped(testInstrument('polymarket', TOKEN_B, 'away_win')));
    await until(() => g.status().inSync === 2, 'both books');
    await caughtUp();
    expect(md).toEqual([]);
    expect(await g.flush()).toBe(true);
    expect(md).toHaveLength(2);
    expect(await g.flush()).toBe(false);
    quote(430_000, 440_000);
    quote(410_000, 470_000);
    await caughtUp();
    await new Promise((r) => setImmediate(r));
    expect(md).toHaveLength(2);
    clock.advance(1_000);
    expect(await g.flush()).toBe(true);
    const flushed = md.slice(2) as BookSnapshot[];
    expect(flushed.map((b) => [b.instrumentId, b.venueTs])).toEqual(
      [TOKEN_A, TOKEN_B].map((t) => [`polymarket:${t}`, T0 + 1_000]).sort(),
    );
    expect(bestOf(flushed.find((b) => b.instrumentId === `polymarket:${TOKEN_A}`))).toEqual([
      410_000, 470_000,
    ]);
  });
});
