/** Market data from the simulator's markets WebSocket to core events, reconnects, staleness, bad frames. */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { SimulatedClock } from '../../core/clock.js';
import { asEventId } from '../../core/ids.js';
import type { Micros } from '../../core/money.js';
import {
  SIM_PMUS_MARKET,
  type SimPmusFixture,
  startPmusSimFixture,
} from '../../sim/polymarket-us/testing.js';
import { pmusAuthHeaders, pmusSigningKey } from './auth.js';
import { type PmusFeedEvent, PmusMarketFeed } from './market-feed.js';
import { PmusMarketWs, pmusSubscribeMessages } from './ws.js';

let fx: SimPmusFixture;
beforeEach(async () => {
  fx = await startPmusSimFixture();
});
afterEach(() => fx.close());

function feedOf(events: PmusFeedEvent[], clock = new SimulatedClock(1_000)) {
  let n = 0;
  return new PmusMarketFeed({ clock, nextId: () => asEventId(`md-${++n}`), sink: (e) => events.push(e) });
}

describe('Polymarket US market data', () => {
  it('turns full books and trades into BookSnapshot and Trade, and reconnects after a drop', async () => {
    const events: PmusFeedEvent[] = [];
    const feed = feedOf(events);
    const ws = new PmusMarketWs({
      origin: fx.wsUrl,
      key: pmusSigningKey(fx.keyId, fx.secret),
      slugs: [SIM_PMUS_MARKET.slug],
      onText: (t) => feed.onText(t),
      backoff: { initialMs: 10, maxMs: 50 },
    });
    try {
      await vi.waitFor(() => expect(events.length).toBeGreaterThan(0));
      expect(events[0]).toMatchObject({
        type: 'BookSnapshot',
        venue: 'polymarket-us',
        instrumentId: `polymarket-us:${SIM_PMUS_MARKET.slug}`,
        bids: [
          { price: 420_000, qty: 5_000 },
          { price: 400_000, qty: 10_000 },
        ],
        asks: [
          { price: 450_000, qty: 5_000 },
          { price: 470_000, qty: 10_000 },
        ],
      });
      // Someone buys 2 YES at the ask: a trade, then the whole book again.
      fx.sim.exchange.deposit('other', 1_000_000_000 as Micros);
      fx.sim.exchange.submit(
        'other',
        {
          slug: SIM_PMUS_MARKET.slug,
          intent: 'ORDER_INTENT_BUY_LONG',
          price: 450_000 as Micros,
          qty: 200,
          tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
          postOnly: false,
        },
        Date.now(),
      );
      await vi.waitFor(() => expect(events.filter((e) => e.type === 'BookSnapshot').length).toBe(2));
      // Trades need their own subscription; the book shows the ask reduced by 2.
      expect(events.at(-1)).toMatchObject({
        type: 'BookSnapshot',
        asks: [
          { price: 450_000, qty: 4_800 },
          { price: 470_000, qty: 10_000 },
        ],
      });
      fx.sim.dropWebSockets();
      await vi.waitFor(() => expect(ws.counters.reconnects).toBe(1));
      await vi.waitFor(() => expect(events.filter((e) => e.type === 'BookSnapshot').length).toBe(3));
      expect(feed.counters).toMatchObject({ malformed: 0, books: 3 });
    } finally {
      ws.close();
    }
  });

  it('subscribes at most 100 markets per subscription', () => {
    const slugs = Array.from({ length: 250 }, (_, i) => `aec-m-${i}`);
    const msgs = pmusSubscribeMessages(slugs).map((m) => JSON.parse(m).subscribe);
    expect(msgs.map((m) => [m.requestId, m.marketSlugs.length])).toEqual([
      ['md-1', 100],
      ['md-2', 100],
      ['md-3', 50],
    ]);
    expect(msgs.flatMap((m) => m.marketSlugs)).toEqual(slugs);
  });

  it('the simulator refuses a subscription of more than 100 markets with an error frame, and the feed counts it', async () => {
    const events: PmusFeedEvent[] = [];
    const feed = feedOf(events);
    const headers = pmusAuthHeaders(pmusSigningKey(fx.keyId, fx.secret), {
      timestampMs: Date.now(),
      method: 'GET',
      path: '/v1/ws/markets',
    });
    const socket = new WebSocket(`${fx.wsUrl}/v1/ws/markets`, { headers });
    socket.on('message', (d) => feed.onText(String(d)));
    await new Promise((resolve) => socket.once('open', resolve));
    const slugs = Array.from({ length: 101 }, (_, i) => `aec-m-${i}`);
    socket.send(
      JSON.stringify({
        subscribe: {
          requestId: 'big',
          subscriptionType: 'SUBSCRIPTION_TYPE_MARKET_DATA',
          marketSlugs: slugs,
        },
      }),
    );
    await vi.waitFor(() => expect(feed.counters.venueErrors).toBe(1));
    socket.terminate();
  });

  it('the simulator refuses a handshake without a valid signature', async () => {
    const socket = new WebSocket(`${fx.wsUrl}/v1/ws/markets`);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.once('error', () => resolve(undefined));
    });
    expect(status).toBe(401);
  });

  it('reads trades (quantity an Amount), snake_case frames, and knows stale markets', () => {
    const events: PmusFeedEvent[] = [];
    const clock = new SimulatedClock(1_000);
    const feed = feedOf(events, clock);
    feed.onText(
      JSON.stringify({
        trade: {
          marketSlug: 'aec-x',
          price: { value: '0.61', currency: 'USD' },
          quantity: { value: '12', currency: 'USD' },
          tradeTime: '2026-09-21T20:00:00Z',
          taker: { intent: 'ORDER_INTENT_BUY_SHORT' },
        },
      }),
    );
    feed.onText(
      JSON.stringify({
        request_id: 'md-1',
        market_data: { market_slug: 'aec-y', bids: [{ px: { value: '0.3' }, qty: '7' }], offers: [] },
      }),
    );
    expect(
      events.map((e) => (e.type === 'Trade' ? [e.price, e.qty, e.takerSide] : [e.instrumentId, e.bids])),
    ).toEqual([
      [610_000, 1_200, 'no'],
      ['polymarket-us:aec-y', [{ price: 300_000, qty: 700 }]],
    ]);
    clock.advance(5_000);
    expect(feed.staleMarkets(['aec-y', 'aec-z'], 10_000)).toEqual(['aec-z']);
    clock.advance(6_000);
    expect(feed.staleMarkets(['aec-y'], 10_000)).toEqual(['aec-y']);
  });

  it('never throws on malformed frames: each is counted and named', () => {
    const reasons: string[] = [];
    let n = 0;
    const feed = new PmusMarketFeed({
      clock: new SimulatedClock(0),
      nextId: () => asEventId(`x-${++n}`),
      sink: () => undefined,
      onMalformed: (r) => reasons.push(r),
    });
    feed.onText('{"marketData":{"marketSlug":"a","bids":[{"px":{"value":"0.5x"},"qty":"1"}]}}');
    expect(reasons[0]).toMatch(/ws:marketData bids\[0\]\.px/);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ marketData: v })),
        ),
        (text) => {
          feed.onText(text);
        },
      ),
      { numRuns: 300 },
    );
    expect(feed.counters.malformed).toBeGreaterThan(1);
    expect(feed.counters.frames).toBe(301);
  });
});
