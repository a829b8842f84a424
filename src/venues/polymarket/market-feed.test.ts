import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import type { Micros } from '../../core/money.js';
import { type MarketFeedEvent, PolymarketMarketFeed } from './market-feed.js';
import { parsePolymarketBook } from './parse.js';

const TOKEN = '1234';
const book = (bids: [string, string][], asks: [string, string][], hash = 'h0') => ({
  event_type: 'book',
  asset_id: TOKEN,
  market: '0xabc',
  bids: bids.map(([price, size]) => ({ price, size })),
  asks: asks.map(([price, size]) => ({ price, size })),
  timestamp: '1000',
  hash,
});
const change = (price: string, size: string, side: 'BUY' | 'SELL', hash = 'h1') =>
  JSON.stringify({
    event_type: 'price_change',
    market: '0xabc',
    timestamp: '1001',
    price_changes: [{ asset_id: TOKEN, price, size, side, hash }],
  });

function feed() {
  const events: MarketFeedEvent[] = [];
  const malformed: string[] = [];
  const ids = new EventIdSequence('t');
  const f = new PolymarketMarketFeed({
    clock: new SimulatedClock(5_000),
    nextId: () => ids.next(),
    sink: (e) => events.push(e),
    onMalformed: (r) => malformed.push(r),
  });
  return { f, events, malformed };
}

describe('PolymarketMarketFeed', () => {
  it('turns book, price_change and last_trade_price frames into core events', () => {
    const { f, events } = feed();
    f.onText(JSON.stringify([book([['0.42', '5']], [['0.45', '5']])]));
    f.onText(change('0.43', '2', 'BUY'));
    f.onText(
      JSON.stringify({
        event_type: 'last_trade_price',
        asset_id: TOKEN,
        market: '0xabc',
        price: '0.45',
        side: 'BUY',
        size: '1',
        fee_rate_bps: '0',
        timestamp: '1002',
      }),
    );
    f.onText('PONG');
    expect(events.map((e) => e.type)).toEqual(['BookSnapshot', 'BookDelta', 'Trade']);
    expect(events[0]).toMatchObject({
      bids: [{ price: 420_000, qty: 500 }],
      asks: [{ price: 450_000, qty: 500 }],
    });
    expect(events[1]).toMatchObject({ side: 'bid', price: 430_000, delta: 200 });
    expect(f.snapshot(TOKEN)?.bids).toEqual([
      { price: 430_000, qty: 200 },
      { price: 420_000, qty: 500 },
    ]);
    expect(f.counters).toMatchObject({ frames: 4, pongs: 1, malformed: 0 });
  });

  it('counts a resync whose levels differ as a mismatch and adopts the fetched book', () => {
    const { f, events } = feed();
    f.onText(JSON.stringify(book([['0.42', '5']], [['0.45', '5']])));
    const same = parsePolymarketBook(book([['0.42', '5']], [['0.45', '5']], 'h0'));
    if (!same.ok) throw new Error('fixture');
    expect(f.resync(same.value)).toEqual({ mismatch: false, hashAgreed: true, stale: false });
    // A lost price change: the venue has 0.43 x 2 that the local book never saw.
    const venue = parsePolymarketBook(
      book(
        [
          ['0.43', '2'],
          ['0.42', '5'],
        ],
        [['0.45', '5']],
        'h9',
      ),
    );
    if (!venue.ok) throw new Error('fixture');
    expect(f.resync(venue.value)).toEqual({ mismatch: true, hashAgreed: false, stale: false });
    expect(f.counters).toMatchObject({ resyncs: 2, hashMismatches: 1 });
    expect(events.at(-1)).toMatchObject({
      type: 'BookSnapshot',
      bids: [{ price: 430_000 }, { price: 420_000 }],
    });
    expect(f.books.levels(TOKEN)?.bids).toHaveLength(2);
  });

  it('does not adopt a fetched book older than the last change the stream applied', () => {
    const { f } = feed();
    f.onText(JSON.stringify(book([['0.42', '5']], [['0.45', '5']])));
    f.onText(change('0.43', '2', 'BUY')); // venue time 1001
    const older = parsePolymarketBook({ ...book([['0.42', '5']], [['0.45', '5']]), timestamp: '1000' });
    if (!older.ok) throw new Error('fixture');
    expect(f.resync(older.value)).toMatchObject({ mismatch: false, stale: true });
    expect(f.counters).toMatchObject({ resyncs: 1, hashMismatches: 0, staleResyncs: 1 });
    expect(f.books.sizeAt(TOKEN, 'bid', 430_000 as Micros)).toBe(2_000_000);
  });

  it('counts every malformed frame with a reason, and never throws (fuzz)', () => {
    const { f, malformed } = feed();
    f.onText(JSON.stringify(book([['0.42', '5']], [['0.45', '5']])));
    const frames = fc.sample(
      fc.oneof(
        fc.string(),
        fc.constant('{"event_type":"price_change"}'),
        fc.constant('{"event_type":"book","asset_id":"x"}'),
        fc.constant(
          '[{"event_type":"price_change","market":"m","timestamp":"1","price_changes":[{"asset_id":"1234","price":"2","size":"1","side":"BUY"}]}]',
        ),
        fc.json(),
      ),
      { numRuns: 500, seed: 20261122 },
    );
    let bad = 0;
    for (const text of frames) {
      const before = f.counters.malformed;
      expect(() => f.onText(text)).not.toThrow();
      bad += f.counters.malformed - before;
    }
    expect(bad).toBeGreaterThan(100);
    expect(malformed).toHaveLength(f.counters.malformed);
    expect(malformed.every((m) => m.length > 0)).toBe(true);
    expect(f.counters.frames).toBe(501);
  });
});
