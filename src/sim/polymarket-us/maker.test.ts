/** Listing a game as Polymarket US names it, and a maker's requote seen as one whole book. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { asEventId, type EventId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { pmusSigningKey } from '../../venues/polymarket-us/auth.js';
import { type PmusFeedEvent, PmusMarketFeed } from '../../venues/polymarket-us/market-feed.js';
import { PmusMarketWs } from '../../venues/polymarket-us/ws.js';
import { pmusGameMarket, requotePmusMaker } from './maker.js';
import { type SimPmusFixture, startPmusSimFixture } from './testing.js';

let fx: SimPmusFixture;
beforeEach(async () => {
  fx = await startPmusSimFixture({ seedMaker: false });
});
afterEach(() => fx.close());

const level = (cents: number, contracts: number) => ({
  price: (cents * 10_000) as Micros,
  qty: (contracts * 100) as Centis,
});

describe('Polymarket US simulator: listing and maker', () => {
  it('names a game aec-{league}-{away}-{home}-{ET date}, the away team long', () => {
    // 00:15 UTC on the 22nd is the evening of the 21st in New York.
    const spec = pmusGameMarket({
      id: '7',
      league: 'nfl',
      away: { name: 'Buffalo Bills', abbreviation: 'BUF' },
      home: { name: 'Miami Dolphins', abbreviation: 'MIA' },
      startMs: Date.UTC(2026, 8, 22, 0, 15),
    });
    expect(spec).toMatchObject({
      slug: 'aec-nfl-buf-mia-2026-09-21',
      eventSlug: 'nfl-buf-mia-2026-09-21',
      longTeam: { abbreviation: 'BUF' },
    });
  });

  it('requotes in one batch: subscribers get one whole book per requote', async () => {
    const spec = pmusGameMarket({
      id: '8',
      league: 'nba',
      away: { name: 'Toronto Raptors', abbreviation: 'TOR' },
      home: { name: 'Orlando Magic', abbreviation: 'ORL' },
      startMs: Date.UTC(2024, 2, 17, 23, 0),
    });
    fx.sim.exchange.addMarket(spec);
    const events: PmusFeedEvent[] = [];
    let n = 0;
    const feed = new PmusMarketFeed({
      clock: new SimulatedClock(0),
      nextId: (): EventId => asEventId(`e${++n}`),
      sink: (e) => events.push(e),
    });
    const ws = new PmusMarketWs({
      origin: fx.wsUrl,
      key: pmusSigningKey(fx.keyId, fx.secret),
      slugs: [spec.slug],
      onText: (t) => feed.onText(t),
    });
    try {
      await vi.waitFor(() => expect(events).toHaveLength(1));
      expect(events[0]).toMatchObject({ bids: [], asks: [] });
      const quote = { bids: [level(40, 10), level(39, 20)], asks: [level(43, 10), level(44, 20)] };
      expect(
        requotePmusMaker(fx.sim.exchange, { accountId: 'maker', slug: spec.slug, quote }, Date.now()),
      ).toEqual([]);
      await vi.waitFor(() => expect(events).toHaveLength(2));
      expect(events[1]).toMatchObject(quote);
      const moved = { bids: [level(45, 10)], asks: [level(48, 10)] };
      expect(
        requotePmusMaker(fx.sim.exchange, { accountId: 'maker', slug: spec.slug, quote: moved }, Date.now()),
      ).toEqual([]);
      await vi.waitFor(() => expect(events).toHaveLength(3));
      expect(events[2]).toMatchObject(moved);
      expect(fx.sim.exchange.openOrders('maker', [spec.slug])).toHaveLength(2);
    } finally {
      ws.close();
    }
  });
});
