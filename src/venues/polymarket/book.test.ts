import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventIdSequence } from '../../core/ids.js';
import type { Micros } from '../../core/money.js';
import { PolymarketBooks } from './book.js';
import { realBook } from './fixtures/load.js';
import { type MicroShares, type PolymarketBook, parsePolymarketBook } from './parse.js';
import type { PriceChange } from './parse-ws.js';

const ids = new EventIdSequence('t');
const id = () => ids.next();

function book(
  tokenId: string,
  bids: [number, number][],
  asks: [number, number][],
  hash = 'h',
): PolymarketBook {
  const lv = (l: [number, number][]) =>
    l.map(([price, size]) => ({ price: price as Micros, size: size as MicroShares }));
  return {
    tokenId,
    market: 'm',
    timestampMs: 1,
    hash,
    bids: lv(bids),
    asks: lv(asks),
    tickSize: 10_000 as Micros,
    minOrderSize: null,
    negRisk: false,
    lastTradePrice: null,
  };
}

const change = (tokenId: string, side: 'BUY' | 'SELL', price: number, size: number): PriceChange => ({
  tokenId,
  side,
  price: price as Micros,
  size: size as MicroShares,
  hash: null,
  bestBid: null,
  bestAsk: null,
});

describe('PolymarketBooks', () => {
  it('takes the real snapshot, best first', () => {
    const parsed = parsePolymarketBook(realBook());
    if (!parsed.ok) throw new Error('parse');
    const books = new PolymarketBooks();
    books.applySnapshot(parsed.value, { nowMs: 0 });
    const levels = books.levels(parsed.value.tokenId, 1);
    expect(levels).toEqual({
      bids: [{ price: 3_000, qty: 4_680_659 }],
      asks: [{ price: 997_000, qty: 38_897_833 }],
    });
    expect(books.hash(parsed.value.tokenId)).toBe('0b354fa1e982ead2a0670397dd9f37be0b57cb31');
    expect(books.tickSize(parsed.value.tokenId)).toBe(1_000);
  });

  it('sets levels to their new total and emits the signed difference', () => {
    const books = new PolymarketBooks();
    books.applySnapshot(book('1', [[400_000, 10_000_000]], [[600_000, 5_000_000]]), { nowMs: 0 });
    const d = books.applyPriceChange(change('1', 'BUY', 400_000, 25_000_000), { venueTs: 5, id, nowMs: 5 });
    expect(d).toMatchObject({
      side: 'bid',
      price: 400_000,
      delta: 1_500,
      instrumentId: 'polymarket:1',
      venue: 'polymarket',
    });
    const removed = books.applyPriceChange(change('1', 'SELL', 600_000, 0), { venueTs: 6, id, nowMs: 6 });
    expect(removed).toMatchObject({ side: 'ask', delta: -500 });
    expect(books.levels('1')?.asks).toEqual([]);
    expect(books.applyPriceChange(change('2', 'BUY', 1, 1), { venueTs: 7, id, nowMs: 7 })).toBeNull();
    expect(books.ignoredChanges).toBe(1);
  });

  it('asks for a resync after N changes or T ms, and reports drift on resync', () => {
    const books = new PolymarketBooks({ policy: { maxChangesSinceSnapshot: 2, maxSnapshotAgeMs: 1_000 } });
    expect(books.needsResync('1', { nowMs: 0 })).toBe(true);
    const snap = book('1', [[400_000, 10_000_000]], [], 'h1');
    books.applySnapshot(snap, { nowMs: 0 });
    expect(books.needsResync('1', { nowMs: 999 })).toBe(false);
    expect(books.needsResync('1', { nowMs: 1_000 })).toBe(true);
    books.applyPriceChange(change('1', 'BUY', 410_000, 1_000_000), { venueTs: 1, id, nowMs: 1 });
    books.applyPriceChange(change('1', 'BUY', 410_000, 0), { venueTs: 2, id, nowMs: 2 });
    expect(books.needsResync('1', { nowMs: 2 })).toBe(true);
    expect(books.resync({ ...snap, hash: 'h2' }, { nowMs: 3 })).toEqual({
      matched: true,
      previousHash: 'h1',
    });
    books.applyPriceChange(change('1', 'BUY', 420_000, 1_000_000), { venueTs: 4, id, nowMs: 4 });
    expect(books.resync(snap, { nowMs: 5 }).matched).toBe(false);
    expect(books.changesSinceSnapshot('1')).toBe(0);
    books.setTickSize('1', 1_000 as Micros);
    expect(books.tickSize('1')).toBe(1_000);
  });

  it('equals a model map after any sequence of changes, and deltas sum to the final book (property)', () => {
    const op = fc.record({
      bid: fc.boolean(),
      tick: fc.integer({ min: 1, max: 20 }),
      size: fc.integer({ min: 0, max: 3 }).map((k) => k * 1_230_000),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const books = new PolymarketBooks();
        books.applySnapshot(book('9', [], []), { nowMs: 0 });
        const model = { bid: new Map<number, number>(), ask: new Map<number, number>() };
        const sum = { bid: new Map<number, number>(), ask: new Map<number, number>() };
        for (const o of ops) {
          const price = o.tick * 10_000;
          const side = o.bid ? 'bid' : 'ask';
          if (o.size > 0) model[side].set(price, o.size);
          else model[side].delete(price);
          const d = books.applyPriceChange(change('9', o.bid ? 'BUY' : 'SELL', price, o.size), {
            venueTs: 0,
            id,
            nowMs: 0,
          });
          if (d) sum[side].set(price, (sum[side].get(price) ?? 0) + d.delta);
        }
        const levels = books.levels('9');
        const expectSide = (s: 'bid' | 'ask', desc: boolean) =>
          [...model[s].entries()]
            .sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0]))
            .map(([price, size]) => ({ price, qty: Math.floor(size / 10_000) }));
        expect(levels?.bids).toEqual(expectSide('bid', true));
        expect(levels?.asks).toEqual(expectSide('ask', false));
        for (const s of ['bid', 'ask'] as const)
          for (const [price, size] of model[s]) expect(sum[s].get(price)).toBe(Math.floor(size / 10_000));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
