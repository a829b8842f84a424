/** The market channel client over a real WebSocket against the Polymarket simulator. */
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { LiveClock } from '../../core/clock.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asSignalId,
  EventIdSequence,
} from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { placePolyMakerQuotes } from '../../sim/polymarket/maker.js';
import type { PolySimServerOptions } from '../../sim/polymarket/server.js';
import {
  type PolySimFixture,
  SIM_MAKER_WALLET,
  SIM_MARKET,
  startPolySimFixture,
} from '../../sim/polymarket/testing.js';
import { PolymarketHttp } from './http.js';
import { type MarketFeedEvent, PolymarketMarketFeed } from './market-feed.js';
import { restBookFetcher } from './markets.js';
import { parsePolymarketWsText } from './parse.js';
import { simVenueClient } from './testing.js';
import { type MarketWsOptions, PolymarketMarketWs } from './ws.js';

const TOKENS = [...SIM_MARKET.tokenIds];
let fx: PolySimFixture | null = null;
let ws: PolymarketMarketWs | null = null;

afterEach(async () => {
  ws?.close();
  ws = null;
  await fx?.close();
  fx = null;
});

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function start(opts: { server?: PolySimServerOptions; ws?: Partial<MarketWsOptions> } = {}) {
  fx = await startPolySimFixture(opts.server ? { server: opts.server } : {});
  const events: MarketFeedEvent[] = [];
  const ids = new EventIdSequence('ws');
  const feed = new PolymarketMarketFeed({
    clock: new LiveClock(),
    nextId: () => ids.next(),
    sink: (e) => events.push(e),
  });
  const http = new PolymarketHttp({ baseUrl: fx.baseUrl, address: fx.traderAddress });
  const fetchBook = restBookFetcher(http);
  ws = new PolymarketMarketWs({
    url: `${fx.wsUrl}/market`,
    feed,
    fetchBook,
    backoff: { initialMs: 20, maxMs: 200 },
    resyncCheckMs: 60_000,
    ...opts.ws,
  });
  ws.subscribe(TOKENS);
  await until(() => TOKENS.every((t) => feed.books.levels(t) !== null), 'the first books');
  /** Whether every local book equals the venue's REST `/book`. */
  const matchesRest = async () => {
    for (const t of TOKENS) {
      const rest = await fetchBook(t);
      if (!rest) return false;
      const local = feed.books.levels(t);
      const toLevels = (ls: typeof rest.bids) => ls.map((l) => ({ price: l.price, qty: l.size / 10_000 }));
      if (JSON.stringify(local) !== JSON.stringify({ bids: toLevels(rest.bids), asks: toLevels(rest.asks) }))
        return false;
    }
    return true;
  };
  return { fx, ws, feed, events, fetchBook, matchesRest };
}

const addQuotes = (sim: PolySimFixture, bids: [number, number][], asks: [number, number][] = []) => {
  const refusals = placePolyMakerQuotes(
    sim.sim.exchange,
    {
      account: SIM_MAKER_WALLET,
      conditionId: SIM_MARKET.conditionId,
      bids: bids.map(([p, s]) => [p as Micros, s] as const),
      asks: asks.map(([p, s]) => [p as Micros, s] as const),
    },
    sim.sim.now(),
  );
  if (refusals.length > 0) throw new Error(JSON.stringify(refusals));
};

describe('PolymarketMarketWs against the simulator', () => {
  it('keeps both tokens books equal to REST /book as the book changes, one token per connection', async () => {
    const t = await start({ ws: { maxAssetsPerConnection: 1 } });
    expect(t.ws.connectionCount).toBe(2);
    expect(await t.matchesRest()).toBe(true);
    addQuotes(t.fx, [[430_000, 7_000_000]], [[460_000, 6_000_000]]);
    await until(
      () => t.feed.books.sizeAt(TOKENS[0] ?? '', 'bid', 430_000 as Micros) === 7_000_000,
      'the new bid',
    );
    await until(() => t.matchesRest(), 'the book to match REST');
    expect(t.events.some((e) => e.type === 'BookDelta')).toBe(true);
    // A trade: last_trade_price becomes a Trade, and the books follow the fill.
    const { client } = await simVenueClient(t.fx);
    const out = await client.submit({
      type: 'OrderIntent',
      id: asEventId('ws-trade'),
      ts: 0,
      clientOrderId: asClientOrderId('ws-trade.L1'),
      signalId: asSignalId('ws-trade'),
      leg: 1,
      gameId: asGameId('g'),
      instrumentId: asInstrumentId(`polymarket:${TOKENS[0]}`),
      venue: 'polymarket',
      side: 'yes',
      action: 'buy',
      qty: 500 as Centis,
      limitPrice: 450_000 as Micros,
      tif: 'IOC',
      legCount: 1,
      purpose: 'entry',
    });
    expect(out.kind).toBe('accepted');
    await until(() => t.events.some((e) => e.type === 'Trade'), 'the trade');
    expect(t.events.find((e) => e.type === 'Trade')).toMatchObject({ price: 450_000, qty: 500 });
    await until(() => t.matchesRest(), 'the book to match REST after the trade');
    expect(t.feed.counters.malformed).toBe(0);
  });

  it('sends PING on its interval and is not dropped as idle; a silent client is', async () => {
    const t = await start({
      server: { wsIdleTimeoutMs: 300, tickIntervalMs: 50 },
      ws: { pingIntervalMs: 100 },
    });
    await until(() => t.feed.counters.pongs >= 5, 'five PONGs');
    expect(t.ws.counters.pingsSent).toBeGreaterThanOrEqual(5);
    expect(t.ws.counters.reconnects).toBe(0);
    expect(t.fx.sim.feeds.stats.idleDrops).toBe(0);
    t.ws.close();
    ws = null;
    const silent = new PolymarketMarketWs({
      url: `${t.fx.wsUrl}/market`,
      feed: t.feed,
      fetchBook: t.fetchBook,
      pingIntervalMs: 60_000,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    ws = silent;
    silent.subscribe(TOKENS);
    await until(() => t.fx.sim.feeds.stats.idleDrops >= 1 && silent.counters.reconnects >= 1, 'an idle drop');
  });

  it('reconnects after the venue drops it, with fresh books', async () => {
    const t = await start();
    const snapshots = () => t.events.filter((e) => e.type === 'BookSnapshot').length;
    const before = snapshots();
    t.fx.sim.feeds.dropAll();
    await until(
      () => t.ws.counters.reconnects >= 1 && snapshots() >= before + 2,
      'a reconnect and new books',
    );
    addQuotes(t.fx, [[410_000, 9_000_000]]);
    await until(() => t.matchesRest(), 'the book to match REST after the reconnect');
  });

  it('a resync finds a book that drifted, counts the mismatch and replaces it', async () => {
    const t = await start();
    // A change the venue never made: the local book drifts as after a lost message.
    t.feed.onText(
      JSON.stringify({
        event_type: 'price_change',
        market: SIM_MARKET.conditionId,
        timestamp: '1',
        price_changes: [{ asset_id: TOKENS[0], price: '0.3', size: '12', side: 'BUY', hash: 'x' }],
      }),
    );
    expect(await t.matchesRest()).toBe(false);
    await t.ws.resyncDue({ force: true });
    expect(t.feed.counters).toMatchObject({ resyncs: 2, hashMismatches: 1 });
    expect(await t.matchesRest()).toBe(true);
  });

  it('grows the backoff exponentially to its cap, with jitter in the upper half', () => {
    const b = new PolymarketMarketWs({
      url: 'ws://127.0.0.1:1/ws/market',
      feed: {} as PolymarketMarketFeed,
      fetchBook: async () => null,
      backoff: { initialMs: 100, maxMs: 1_000 },
      random: () => 0.999,
    });
    ws = b;
    expect([0, 1, 2, 3, 4, 10].map((a) => b.backoffMs(a))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    const low = new PolymarketMarketWs({
      url: 'ws://127.0.0.1:1/ws/market',
      feed: {} as PolymarketMarketFeed,
      fetchBook: async () => null,
      backoff: { initialMs: 100, maxMs: 1_000 },
      random: () => 0,
    });
    low.close();
    expect(low.backoffMs(3)).toBe(400);
  });

  it('counts malformed frames from the socket (fuzz) and keeps the connection and the book', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    const frames = fc.sample(fc.oneof(fc.string(), fc.json(), fc.constant('{"event_type":"book"}')), {
      numRuns: 300,
      seed: 7,
    });
    const book = JSON.stringify({
      event_type: 'book',
      asset_id: '42',
      market: '0xm',
      bids: [{ price: '0.4', size: '10' }],
      asks: [{ price: '0.6', size: '10' }],
      timestamp: '1',
      hash: 'h',
    });
    server.on('connection', (socket) => {
      socket.once('message', () => {
        socket.send(book);
        for (const f of frames) socket.send(f);
        socket.send('PONG');
      });
    });
    const ids = new EventIdSequence('fz');
    const feed = new PolymarketMarketFeed({
      clock: new LiveClock(),
      nextId: () => ids.next(),
      sink: () => {},
    });
    const expectedBad = frames.filter((f) => !parsePolymarketWsText(f).ok).length;
    ws = new PolymarketMarketWs({ url: `ws://127.0.0.1:${port}`, feed, fetchBook: async () => null });
    ws.subscribe(['42']);
    try {
      await until(() => feed.counters.pongs === 1, 'the last frame');
      expect(expectedBad).toBeGreaterThan(50);
      expect(feed.counters).toMatchObject({ frames: frames.length + 2, malformed: expectedBad });
      expect(ws.counters.reconnects).toBe(0);
      expect(feed.books.levels('42')?.bids).toEqual([{ price: 400_000, qty: 1_000 }]);
    } finally {
      ws.close();
      ws = null;
      await new Promise((r) => server.close(r));
    }
  });

  it('unsubscribes tokens: the venue stops sending them, and a reconnect leaves them out', async () => {
    const states: { tokens: string[]; open: boolean }[] = [];
    let heard = 0;
    const t = await start({
      ws: {
        pingIntervalMs: 50,
        onConnectionState: (s) => void states.push({ tokens: [...s.tokens], open: s.open }),
        onHeard: () => {
          heard += 1;
        },
      },
    });
    expect(states).toEqual([{ tokens: TOKENS, open: true }]);
    expect(heard).toBeGreaterThan(0);
    expect(TOKENS.every((token) => t.ws.isOpen(token))).toBe(true);
    const subscriptions = t.fx.sim.feeds.stats.subscriptions;
    t.ws.unsubscribe(TOKENS);
    expect(t.ws.tokenCount).toBe(0);
    expect(t.ws.isOpen(TOKENS[0]!)).toBe(false);
    await until(
      () => t.fx.sim.feeds.stats.subscriptions > subscriptions,
      'the venue to apply the unsubscribe',
    );
    // The book moves; a PONG that came after it shows nothing of it reached us.
    const events = t.events.length;
    addQuotes(t.fx, [[430_000, 7_000_000]]);
    const pongs = t.feed.counters.pongs;
    await until(() => t.feed.counters.pongs >= pongs + 2, 'two more PONGs');
    expect(t.events.length).toBe(events);
    // Subscribed again, the token's book comes back; the other stays out after a drop.
    t.ws.subscribe([TOKENS[0]!]);
    t.fx.sim.feeds.dropAll();
    await until(() => states.filter((s) => s.open).length === 2, 'the reconnect');
    expect(states.slice(1)).toEqual([
      { tokens: [TOKENS[0]], open: false },
      { tokens: [TOKENS[0]], open: true },
    ]);
    await until(() => t.events.length > events, 'the book of the token subscribed again');
    expect(new Set(t.events.slice(events).map((e) => e.instrumentId))).toEqual(
      new Set([`polymarket:${TOKENS[0]}`]),
    );
  });

  it('drops a connection that goes silent and reconnects', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    let connections = 0;
    server.on('connection', () => {
      connections += 1; // and never a word, not even PONG
    });
    const ids = new EventIdSequence('silent');
    const feed = new PolymarketMarketFeed({
      clock: new LiveClock(),
      nextId: () => ids.next(),
      sink: () => {},
    });
    const silent = new PolymarketMarketWs({
      url: `ws://127.0.0.1:${port}`,
      feed,
      fetchBook: async () => null,
      pingIntervalMs: 20,
      staleAfterMs: 100,
      backoff: { initialMs: 10, maxMs: 20 },
    });
    ws = silent;
    silent.subscribe(['42']);
    try {
      await until(() => connections >= 3, 'two reconnects after silences');
      expect(silent.staleDrops).toBeGreaterThanOrEqual(2);
    } finally {
      silent.close();
      ws = null;
      for (const c of server.clients) c.terminate();
      await new Promise((r) => server.close(r));
    }
  });
});
