import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import type { Level } from '../../core/events.js';
import { EventIdSequence } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { type DeltaInput, KalshiBooks, KalshiOrderBook, type SnapshotInput } from './book.js';
import { referenceWsMessages } from './fixtures/load.js';
import { type KalshiParseContext, parseKalshiWsMessage } from './parse.js';

const lv = (price: number, qty: number): Level => ({ price: price as Micros, qty: qty as Centis });
const snapshot = (
  sid: number,
  seq: number,
  ticker: string,
  bids: Level[] = [lv(400_000, 100)],
  asks: Level[] = [lv(600_000, 100)],
): SnapshotInput => ({ sid, seq, marketTicker: ticker, event: { bids, asks } });
const delta = (
  sid: number,
  seq: number,
  ticker: string,
  side: 'bid' | 'ask' = 'bid',
  price = 400_000,
  change = 50,
): DeltaInput => ({
  sid,
  seq,
  marketTicker: ticker,
  event: { side, price: price as Micros, delta: change as Centis },
});

describe('KalshiOrderBook', () => {
  it('keeps best bid and ask and depth, best first', () => {
    const book = new KalshiOrderBook('T');
    book.replace({
      bids: [lv(300_000, 5), lv(420_000, 7), lv(410_000, 9)],
      asks: [lv(470_000, 3), lv(450_000, 2)],
    });
    expect(book.bestBid()).toEqual(lv(420_000, 7));
    expect(book.bestAsk()).toEqual(lv(450_000, 2));
    expect(book.levels(2)).toEqual({
      bids: [lv(420_000, 7), lv(410_000, 9)],
      asks: [lv(450_000, 2), lv(470_000, 3)],
    });
    expect(book.levelCount).toEqual({ bids: 3, asks: 2 });
    expect(book.isCrossed()).toBe(false);
  });

  it('adds, reduces and removes a level at or below zero', () => {
    const book = new KalshiOrderBook('T');
    book.replace({ bids: [lv(400_000, 100)], asks: [] });
    expect(book.apply('bid', 410_000 as Micros, 30 as Centis)).toBe(true);
    expect(book.bestBid()).toEqual(lv(410_000, 30));
    book.apply('bid', 410_000 as Micros, -30 as Centis); // to exactly zero: gone
    expect(book.bestBid()).toEqual(lv(400_000, 100));
    book.apply('bid', 400_000 as Micros, -150 as Centis); // below zero: gone too
    expect(book.bestBid()).toBeNull();
    expect(book.apply('bid', 390_000 as Micros, -5 as Centis)).toBe(false); // nothing to take from
    expect(book.levels()).toEqual({ bids: [], asks: [] });
  });

  it('says when it is crossed', () => {
    const book = new KalshiOrderBook('T');
    book.replace({ bids: [lv(500_000, 1)], asks: [lv(500_000, 1)] });
    expect(book.isCrossed()).toBe(true);
  });
});

describe('KalshiBooks: sequence per subscription', () => {
  it('applies in-sequence deltas after a snapshot', () => {
    const books = new KalshiBooks();
    expect(books.onSnapshot(snapshot(1, 1, 'A'))).toEqual({ kind: 'applied', ticker: 'A' });
    expect(books.onDelta(delta(1, 2, 'A', 'bid', 400_000, 50))).toEqual({ kind: 'applied', ticker: 'A' });
    expect(books.onDelta(delta(1, 3, 'A', 'ask', 590_000, 20))).toEqual({ kind: 'applied', ticker: 'A' });
    expect(books.book('A')?.levels()).toEqual({
      bids: [lv(400_000, 150)],
      asks: [lv(590_000, 20), lv(600_000, 100)],
    });
  });

  it('a delta before any snapshot is a gap with no expected seq; later ones wait quietly', () => {
    const books = new KalshiBooks();
    expect(books.onDelta(delta(1, 1, 'A'))).toEqual({
      kind: 'gap',
      reason: 'no_snapshot',
      sid: 1,
      expected: null,
      got: 1,
      tickers: ['A'],
    });
    expect(books.onDelta(delta(1, 2, 'A'))).toEqual({ kind: 'awaiting_snapshot', ticker: 'A' });
    expect(books.book('A')).toBeUndefined();
    expect(books.onSnapshot(snapshot(1, 3, 'A'))).toEqual({ kind: 'applied', ticker: 'A' });
    expect(books.onDelta(delta(1, 4, 'A'))).toEqual({ kind: 'applied', ticker: 'A' });
    expect(books.book('A')?.bestBid()).toEqual(lv(400_000, 150));
  });

  it('a seq jump is a gap naming expected and got, and drops the delta', () => {
    const books = new KalshiBooks();
    books.onSnapshot(snapshot(7, 1, 'A'));
    books.onDelta(delta(7, 2, 'A'));
    expect(books.onDelta(delta(7, 5, 'A', 'bid', 400_000, 1000))).toEqual({
      kind: 'gap',
      reason: 'seq_jump',
      sid: 7,
      expected: 3,
      got: 5,
      tickers: ['A'],
    });
    expect(books.book('A')).toBeUndefined(); // stale until the fresh snapshot
    expect(books.onDelta(delta(7, 6, 'A'))).toEqual({ kind: 'awaiting_snapshot', ticker: 'A' });
    books.onSnapshot(snapshot(7, 7, 'A', [lv(410_000, 1)], []));
    expect(books.book('A')?.levels()).toEqual({ bids: [lv(410_000, 1)], asks: [] });
  });

  it('a jump on a subscription makes every market of it stale, not just the one in hand', () => {
    const books = new KalshiBooks();
    books.onSnapshot(snapshot(1, 1, 'A'));
    books.onSnapshot(snapshot(1, 2, 'B'));
    books.onSnapshot(snapshot(2, 1, 'C')); // another subscription is unaffected
    const gap = books.onDelta(delta(1, 4, 'B'));
    expect(gap).toMatchObject({ kind: 'gap', expected: 3, got: 4, tickers: ['A', 'B'] });
    expect(books.book('A')).toBeUndefined();
    expect(books.book('B')).toBeUndefined();
    expect(books.book('C')).toBeDefined();
    expect(books.onDelta(delta(2, 2, 'C'))).toEqual({ kind: 'applied', ticker: 'C' });
  });

  it('a snapshot that jumps the sequence is applied, and the other markets go stale', () => {
    const books = new KalshiBooks();
    books.onSnapshot(snapshot(1, 1, 'A'));
    books.onSnapshot(snapshot(1, 2, 'B'));
    expect(books.onSnapshot(snapshot(1, 9, 'B'))).toEqual({
      kind: 'gap',
      reason: 'seq_jump',
      sid: 1,
      expected: 3,
      got: 9,
      tickers: ['A'],
    });
    expect(books.book('B')).toBeDefined();
    expect(books.book('A')).toBeUndefined();
    // Alone on its subscription, a jumping snapshot is just applied.
    const solo = new KalshiBooks();
    solo.onSnapshot(snapshot(3, 1, 'S'));
    expect(solo.onSnapshot(snapshot(3, 5, 'S'))).toEqual({ kind: 'applied', ticker: 'S' });
  });

  it('other seq-carrying messages of a book subscription keep the sequence', () => {
    const books = new KalshiBooks();
    books.onSnapshot(snapshot(1, 1, 'A'));
    expect(books.observeSeq(1, 2)).toBeNull();
    expect(books.onDelta(delta(1, 3, 'A'))).toEqual({ kind: 'applied', ticker: 'A' });
    expect(books.observeSeq(1, 5)).toMatchObject({ kind: 'gap', expected: 4, got: 5, tickers: ['A'] });
    expect(books.observeSeq(99, 1)).toBeNull(); // not a book subscription
  });

  it('forgets a subscription and its books when unsubscribed', () => {
    const books = new KalshiBooks();
    books.onSnapshot(snapshot(1, 1, 'A'));
    books.onUnsubscribed(1);
    expect(books.book('A')).toBeUndefined();
    expect(books.onDelta(delta(1, 2, 'A'))).toMatchObject({ kind: 'gap', reason: 'no_snapshot' });
  });

  it('counts deltas that take from a level the book does not have', () => {
    const books = new KalshiBooks();
    books.onSnapshot(snapshot(1, 1, 'A'));
    books.onDelta(delta(1, 2, 'A', 'bid', 123_000, -10));
    expect(books.negativeDeltasOnMissingLevels).toBe(1);
  });
});

describe('from WebSocket messages to a book (reference examples)', () => {
  const message = (name: string) => structuredClone(referenceWsMessages().find((m) => m.name === name)!.raw);
  const ctx = (useYesPrice: boolean): KalshiParseContext => {
    const ids = new EventIdSequence('b');
    return { clock: new SimulatedClock(0), nextId: () => ids.next(), useYesPrice };
  };

  it('the same venue book gives the same YES book under either pricing convention', () => {
    const noPriced = message('orderbook_snapshot'); // NO bids 0.54 x 20, 0.56 x 146
    const yesPriced = message('orderbook_snapshot');
    (yesPriced.msg as Record<string, unknown>).no_dollars_fp = [
      ['0.4400', '146.00'],
      ['0.4600', '20.00'],
    ];
    const results = [
      [noPriced, ctx(false)],
      [yesPriced, ctx(true)],
    ].map(([raw, c]) => {
      const books = new KalshiBooks();
      const parsed = parseKalshiWsMessage(raw, c as KalshiParseContext);
      if (!parsed.ok || parsed.value.type !== 'orderbook_snapshot') throw new Error('snapshot');
      books.onSnapshot(parsed.value);
      return books.book('FED-23DEC-T3.00')!.levels();
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0]!.asks[0]).toEqual(lv(440_000, 14_600));
  });

  it('snapshot seq 2 then delta seq 3 applies; the reference delta removes the 0.96 level it names', () => {
    const books = new KalshiBooks();
    const snap = parseKalshiWsMessage(message('orderbook_snapshot'), ctx(false));
    if (!snap.ok || snap.value.type !== 'orderbook_snapshot') throw new Error('snapshot');
    books.onSnapshot(snap.value);
    const d = parseKalshiWsMessage(message('orderbook_delta'), ctx(false));
    if (!d.ok || d.value.type !== 'orderbook_delta') throw new Error('delta');
    // The example takes 54 from a YES bid at 0.96 the example snapshot does not hold.
    expect(books.onDelta(d.value)).toEqual({ kind: 'applied', ticker: 'FED-23DEC-T3.00' });
    expect(books.negativeDeltasOnMissingLevels).toBe(1);
    expect(books.book('FED-23DEC-T3.00')!.bestBid()).toEqual(lv(220_000, 33_300));
  });
});

describe('property: applying deltas equals rebuilding from the net levels', () => {
  const price = fc.integer({ min: 1, max: 99 }).map((c) => c * 10_000);
  const levelArb = fc.tuple(price, fc.integer({ min: 1, max: 10_000 }));
  const deltaArb = fc.record({
    side: fc.constantFrom<'bid' | 'ask'>('bid', 'ask'),
    price,
    // 'clear' takes exactly what the level holds, as the venue does when a level empties.
    change: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0) },
      { weight: 1, arbitrary: fc.constant<'clear'>('clear') },
    ),
  });

  it('holds for random snapshots and delta streams', () => {
    fc.assert(
      fc.property(
        fc.array(levelArb, { maxLength: 20 }),
        fc.array(levelArb, { maxLength: 20 }),
        fc.array(deltaArb, { maxLength: 200 }),
        (bids, asks, deltas) => {
          // Reference: plain maps, Kalshi's rule (a level at or below zero is gone).
          const net = { bid: new Map<number, number>(), ask: new Map<number, number>() };
          for (const [p, q] of bids) net.bid.set(p, (net.bid.get(p) ?? 0) + q);
          for (const [p, q] of asks) net.ask.set(p, (net.ask.get(p) ?? 0) + q);
          const books = new KalshiBooks();
          books.onSnapshot(
            snapshot(
              1,
              1,
              'M',
              bids.map(([p, q]) => lv(p, q)),
              asks.map(([p, q]) => lv(p, q)),
            ),
          );
          deltas.forEach((d, i) => {
            const held = net[d.side].get(d.price) ?? 0;
            const change = d.change === 'clear' ? (held > 0 ? -held : 1) : d.change;
            const next = held + change;
            if (next > 0) net[d.side].set(d.price, next);
            else net[d.side].delete(d.price);
            expect(books.onDelta(delta(1, i + 2, 'M', d.side, d.price, change)).kind).toBe('applied');
          });
          const rebuilt = new KalshiOrderBook('M');
          const toLevels = (m: Map<number, number>) => [...m].map(([p, q]) => lv(p, q));
          rebuilt.replace({ bids: toLevels(net.bid), asks: toLevels(net.ask) });
          const live = books.book('M')!.levels();
          expect(live).toEqual(rebuilt.levels());
          // And the reference, sorted best first.
          expect(live.bids).toEqual(toLevels(net.bid).sort((a, b) => b.price - a.price));
          expect(live.asks).toEqual(toLevels(net.ask).sort((a, b) => a.price - b.price));
        },
      ),
      { seed: 4242, numRuns: 300 },
    );
  });
});
