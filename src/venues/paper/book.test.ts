import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import type { Centis, Micros } from '../../core/money.js';
import type { VenueOrderReport } from '../port.js';
import { applyBookDelta, bookFromSnapshot, crosses } from './book.js';
import { PaperVenue } from './paper-venue.js';
import { delta, KALSHI_INSTRUMENT, paperInstrument, paperIntent, snapshot } from './testing.js';

const at = (venueTs: number) => ({ instrumentId: KALSHI_INSTRUMENT, venue: 'kalshi' as const, venueTs });
const base = () =>
  bookFromSnapshot(
    snapshot({
      ...at(1_000),
      bids: [
        [48, 10],
        [46, 5],
      ],
      asks: [
        [50, 10],
        [53, 5],
      ],
    }),
  );
const cents = (levels: readonly { price: number; qty: number }[]) =>
  levels.map((l) => [l.price / 10_000, l.qty / 100]);

describe('paper book deltas', () => {
  it('adds to and takes from a level, drops an emptied one, and inserts a new price in order', () => {
    let book = base();
    book = applyBookDelta(book, delta({ ...at(1_001), side: 'ask', cents: 50, contracts: -4 }));
    book = applyBookDelta(book, delta({ ...at(1_002), side: 'ask', cents: 51, contracts: 7 }));
    book = applyBookDelta(book, delta({ ...at(1_003), side: 'ask', cents: 60, contracts: 1 }));
    book = applyBookDelta(book, delta({ ...at(1_004), side: 'bid', cents: 48, contracts: -10 }));
    book = applyBookDelta(book, delta({ ...at(1_005), side: 'bid', cents: 49, contracts: 2 }));
    book = applyBookDelta(book, delta({ ...at(1_006), side: 'bid', cents: 40, contracts: 3 }));
    expect(cents(book.asks)).toEqual([
      [50, 6],
      [51, 7],
      [53, 5],
      [60, 1],
    ]);
    expect(cents(book.bids)).toEqual([
      [49, 2],
      [46, 5],
      [40, 3],
    ]);
    expect(book.venueTs).toBe(1_006);
  });

  it('ignores a delta older than the book, and a removal of a price that is not there', () => {
    const book = base();
    expect(applyBookDelta(book, delta({ ...at(999), side: 'ask', cents: 50, contracts: -10 }))).toBe(book);
    const after = applyBookDelta(book, delta({ ...at(1_001), side: 'ask', cents: 52, contracts: -3 }));
    expect(cents(after.asks)).toEqual(cents(book.asks));
  });

  it('tells a marketable order from one that is not, on either side', () => {
    const book = base();
    const o = (side: 'yes' | 'no', action: 'buy' | 'sell', c: number) => ({
      side,
      action,
      limitPrice: (c * 10_000) as Micros,
    });
    expect(crosses(book, o('yes', 'buy', 50))).toBe(true);
    expect(crosses(book, o('yes', 'buy', 49))).toBe(false);
    expect(crosses(book, o('yes', 'sell', 48))).toBe(true);
    expect(crosses(book, o('yes', 'sell', 49))).toBe(false);
    // NO at 1 - best YES bid (0.52), or sold at 1 - best YES ask (0.50).
    expect(crosses(book, o('no', 'buy', 52))).toBe(true);
    expect(crosses(book, o('no', 'buy', 51))).toBe(false);
    expect(crosses(book, o('no', 'sell', 50))).toBe(true);
    expect(crosses({ bids: [], asks: [] }, o('yes', 'buy', 99))).toBe(false);
  });

  it('the paper venue fills against the book its deltas made; a delta before any snapshot is dropped', async () => {
    const v = new PaperVenue({
      venue: 'kalshi',
      clock: new SimulatedClock(2_000),
      startingBalance: 1_000_000_000 as Micros,
    });
    v.addInstrument(paperInstrument('kalshi'));
    v.onBookDelta(delta({ ...at(900), side: 'ask', cents: 40, contracts: 10 }));
    expect(await v.submit(paperIntent({ clientOrderId: 'A.L1' }))).toMatchObject({
      kind: 'rejected',
      reason: `no market data for ${KALSHI_INSTRUMENT}`,
    });
    v.onBook(snapshot({ ...at(1_000), bids: [], asks: [[50, 10]] }));
    v.onBookDelta(delta({ ...at(1_100), side: 'ask', cents: 49, contracts: 3 }));
    const out = await v.submit(
      paperIntent({ clientOrderId: 'B.L1', qty: 500 as Centis, limitPrice: 500_000 as Micros }),
    );
    expect((out as { report: VenueOrderReport }).report.fills.map((f) => [f.price, f.qty])).toEqual([
      [490_000, 300],
      [500_000, 200],
    ]);
  });
});
