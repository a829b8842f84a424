/** The simulator's WebSocket channels over real sockets, read with our own WS parser. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolymarketWsText } from '../../venues/polymarket/parse-ws.js';
import { SimTestClient } from './test-client.js';
import { has, openTestSocket } from './test-socket.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from './testing.js';

let fx: PolySimFixture;
let client: SimTestClient;
const [TOKEN0, TOKEN1] = SIM_MARKET.tokenIds;

beforeAll(async () => {
  fx = await startPolySimFixture({
    server: { wsIdleTimeoutMs: 3_000, tickIntervalMs: 100, confirmAfterMs: 200 },
  });
  client = new SimTestClient(fx.baseUrl, fx.traderKey);
  await client.deriveKey();
});
afterAll(() => fx.close());

const open = (path: string) => openTestSocket(`${fx.wsUrl}/${path}`);

/** Waits until the simulator has applied `n` more subscribe messages (no ack on the wire). */
async function subscribed(before: number, n = 1): Promise<void> {
  while (fx.sim.feeds.stats.subscriptions < before + n) await new Promise((r) => setTimeout(r, 5));
}

describe('market channel', () => {
  it('sends books on subscribe, price changes whose hash matches /book, trades, tick size changes', async () => {
    const sock = await open('market');
    sock.ws.send(
      JSON.stringify({ assets_ids: [TOKEN0, TOKEN1], type: 'market', custom_feature_enabled: true }),
    );
    const books = parsePolymarketWsText(await sock.next(has('"book"')));
    expect(books.ok && books.value.map((m) => m.type)).toEqual(['book', 'book']);

    const placed = await client.post({ tokenId: TOKEN0, side: 'BUY', price: 410_000, shares: 20_000_000 });
    expect(placed.status).toBe(200);
    const change = JSON.parse(await sock.next(has('price_change'))) as {
      price_changes: { asset_id: string; price: string; size: string; side: string; hash: string }[];
    };
    expect(parsePolymarketWsText(JSON.stringify(change)).ok).toBe(true);
    // One message covers both tokens: a 0.41 bid for token 0 is a 0.59 ask for token 1.
    const [c0, c1] = [TOKEN0, TOKEN1].map((t) => change.price_changes.find((c) => c.asset_id === t));
    expect(c0).toMatchObject({ price: '0.41', size: '20', side: 'BUY' });
    expect(c1).toMatchObject({ price: '0.59', size: '20', side: 'SELL' });
    const book = (await client.raw('GET', `/book?token_id=${TOKEN0}`)).body as { hash: string };
    expect(c0?.hash).toBe(book.hash);

    // Selling token 0 into our own bid? No: into the maker's 0.42 bid, which trades.
    await fetch(`${fx.baseUrl}/sim/split`, {
      method: 'POST',
      body: JSON.stringify({
        account: fx.traderAddress,
        conditionId: SIM_MARKET.conditionId,
        size: 10_000_000,
      }),
    });
    const sold = await client.post({
      tokenId: TOKEN0,
      side: 'SELL',
      price: 420_000,
      shares: 10_000_000,
      orderType: 'FOK',
    });
    expect(sold.body).toMatchObject({ status: 'matched', makingAmount: '10', takingAmount: '4.2' });
    const last = parsePolymarketWsText(await sock.next(has('last_trade_price')));
    expect(last.ok && last.value[0]).toMatchObject({
      type: 'last_trade_price',
      price: 420_000,
      side: 'SELL',
    });
    expect(await sock.next(has('"book"'))).toContain('"event_type":"book"');

    await fetch(`${fx.baseUrl}/sim/tick-size`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: SIM_MARKET.conditionId, tickSize: '0.001' }),
    });
    expect(JSON.parse(await sock.next(has('tick_size_change')))).toMatchObject({
      old_tick_size: '0.01',
      new_tick_size: '0.001',
    });
    await fetch(`${fx.baseUrl}/sim/tick-size`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: SIM_MARKET.conditionId, tickSize: '0.01' }),
    });
    await client.l2('DELETE', '/cancel-all');
    sock.ws.close();
  });

  it('answers PING with PONG, drops idle clients, and can drop everyone', async () => {
    const sock = await open('market');
    sock.ws.send('PING');
    expect(await sock.next((t) => t === 'PONG')).toBe('PONG');
    expect(await sock.closed).toBeGreaterThan(0); // idle for 3 s: dropped
    const again = await open('market');
    await fetch(`${fx.baseUrl}/sim/ws/drop`, { method: 'POST' });
    await again.closed;
    expect(fx.sim.feeds.stats.idleDrops).toBeGreaterThanOrEqual(1);
  }, 20_000);

  it('keeps quiet while a book is stale and catches up when released', async () => {
    const sock = await open('market');
    sock.ws.send(JSON.stringify({ assets_ids: [TOKEN0], type: 'market' }));
    await sock.next(has('"book"'));
    await fetch(`${fx.baseUrl}/sim/stale-book`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: SIM_MARKET.conditionId }),
    });
    const before = (await client.raw('GET', `/book?token_id=${TOKEN0}`)).body;
    await client.post({ tokenId: TOKEN0, side: 'BUY', price: 380_000, shares: 10_000_000 });
    expect((await client.raw('GET', `/book?token_id=${TOKEN0}`)).body).toEqual(before);
    await fetch(`${fx.baseUrl}/sim/stale-book`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: SIM_MARKET.conditionId, stale: false }),
    });
    await client.l2('DELETE', '/cancel-all'); // the 0.38 bid came and went while the feed was stale
    await client.post({ tokenId: TOKEN0, side: 'BUY', price: 390_000, shares: 10_000_000 });
    const change = JSON.parse(await sock.next(has('price_change'))) as {
      price_changes: { price: string; size: string }[];
    };
    expect(change.price_changes.map((c) => [c.price, c.size])).toEqual([
      ['0.39', '10'],
      ['0.61', '10'],
    ]);
    expect(sock.frames.filter((f) => f.includes('0.38'))).toEqual([]);
    await client.l2('DELETE', '/cancel-all');
    sock.ws.close();
  });
});

describe('user channel', () => {
  it('refuses bad credentials and sends our order and trade events', async () => {
    const bad = await open('user');
    bad.ws.send(
      JSON.stringify({
        auth: { apiKey: client.creds?.key, secret: 'wrong', passphrase: 'x' },
        markets: [],
        type: 'user',
      }),
    );
    expect(await bad.closed).toBe(1008);

    const sock = await open('user');
    const before = fx.sim.feeds.stats.subscriptions;
    sock.ws.send(
      JSON.stringify({
        auth: { ...client.creds, apiKey: client.creds?.key },
        markets: [SIM_MARKET.conditionId],
        type: 'user',
      }),
    );
    await subscribed(before);
    const placed = await client.post({ tokenId: TOKEN1, side: 'BUY', price: 500_000, shares: 10_000_000 });
    // Our parser does not read user-channel messages yet: the fields are checked as JSON.
    expect(JSON.parse(await sock.next(has('PLACEMENT')))).toMatchObject({
      event_type: 'order',
      id: placed.hash,
      asset_id: TOKEN1,
      outcome: 'Rams',
      price: '0.5',
      side: 'BUY',
      original_size: '10',
      size_matched: '0',
      status: 'LIVE',
    });
    await client.l2('DELETE', '/order', { body: { orderID: placed.hash } });
    expect(JSON.parse(await sock.next(has('CANCELLATION')))).toMatchObject({
      id: placed.hash,
      status: 'CANCELED',
    });

    // Buying the Rams at 0.58 takes the maker's 0.42 Giants bid: a trade message, MATCHED then on.
    await client.post({ tokenId: TOKEN1, side: 'BUY', price: 580_000, shares: 10_000_000, orderType: 'FOK' });
    expect(JSON.parse(await sock.next(has('"MATCHED"')))).toMatchObject({
      event_type: 'trade',
      asset_id: TOKEN1,
      price: '0.58',
      side: 'BUY',
      size: '10',
      maker_orders: [{ asset_id: TOKEN0, price: '0.42', matched_amount: '10' }],
    });
    expect(JSON.parse(await sock.next(has('"CONFIRMED"')))).toMatchObject({
      event_type: 'trade',
      status: 'CONFIRMED',
    });
    sock.ws.close();
  });
});

describe('custom features', () => {
  it('sends new_market, best_bid_ask and market_resolved to clients that enabled them', async () => {
    const sock = await open('market');
    const plain = await open('market');
    const spec = {
      ...SIM_MARKET,
      conditionId: `0x${'03'.repeat(32)}`,
      tokenIds: ['31', '32'],
      slug: 'custom',
    };
    const before = fx.sim.feeds.stats.subscriptions;
    sock.ws.send(JSON.stringify({ assets_ids: ['31'], type: 'market', custom_feature_enabled: true }));
    plain.ws.send(JSON.stringify({ assets_ids: ['31'], type: 'market' }));
    await subscribed(before, 2);
    await client.raw('POST', '/sim/markets', { bodyText: JSON.stringify(spec) });
    expect(JSON.parse(await sock.next(has('new_market')))).toMatchObject({
      market: spec.conditionId,
      assets_ids: ['31', '32'],
    });
    // Subscribed before the market existed: subscribe again now that it does.
    sock.ws.send(JSON.stringify({ assets_ids: ['31'], operation: 'subscribe' }));
    plain.ws.send(JSON.stringify({ assets_ids: ['31'], operation: 'subscribe' }));
    await sock.next(has('"book"'));
    await plain.next(has('"book"'));
    await client.post({ tokenId: '31', side: 'BUY', price: 350_000, shares: 10_000_000 });
    expect(JSON.parse(await sock.next(has('best_bid_ask')))).toMatchObject({
      asset_id: '31',
      best_bid: '0.35',
      best_ask: '1',
      spread: '0.65',
    });
    await client.raw('POST', '/sim/resolve', {
      bodyText: JSON.stringify({ conditionId: spec.conditionId, winner: 1 }),
    });
    expect(JSON.parse(await sock.next(has('market_resolved')))).toMatchObject({
      winning_asset_id: '32',
      winning_outcome: 'Rams',
    });
    await plain.next(has('price_change'));
    expect(plain.frames.filter((f) => /best_bid_ask|new_market|market_resolved/.test(f))).toEqual([]);
    sock.ws.close();
    plain.ws.close();
  });
});

describe('stall (a simulated world stale-books fault)', () => {
  it('holds every frame, PONGs included, until resume sends them in order', async () => {
    const sock = await open('market?client=stall-test');
    fx.sim.feeds.stall();
    try {
      const before = fx.sim.feeds.stats.subscriptions;
      sock.ws.send(JSON.stringify({ assets_ids: [TOKEN0], type: 'market' }));
      sock.ws.send('PING');
      sock.ws.send(JSON.stringify({ assets_ids: [TOKEN1], operation: 'subscribe' }));
      // Frames on one socket are handled in order: the PING has been answered (held) too.
      await subscribed(before, 2);
      expect(sock.frames).toEqual([]);
      expect(fx.sim.feeds.sentTo('stall-test')).toBe(0);
    } finally {
      fx.sim.feeds.resume();
    }
    const first = await sock.next(() => true);
    const second = await sock.next(() => true);
    const third = await sock.next(() => true);
    expect([first.includes(TOKEN0), second, third.includes(TOKEN1)]).toEqual([true, 'PONG', true]);
    // Sent once resumed, PONG aside.
    expect(fx.sim.feeds.sentTo('stall-test')).toBe(2);
    sock.ws.close();
  });
});
