import { describe, expect, it } from 'vitest';
import type { BookSnapshot } from '../core/events.js';
import { KALSHI_SPORTS_FEES } from '../core/fees.js';
import { asEventId, asInstrumentId } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import { type EdgeInput, evaluateEdge } from './edge.js';

const book = (bid: number, ask: number, venueTs = 1_000_000): BookSnapshot => ({
  type: 'BookSnapshot',
  id: asEventId('b'),
  ts: venueTs,
  instrumentId: asInstrumentId('kalshi:X'),
  venue: 'kalshi',
  bids: [{ price: bid as Micros, qty: 5000 as Centis }],
  asks: [{ price: ask as Micros, qty: 3000 as Centis }],
  venueTs,
});

const base = (over: Partial<EdgeInput> = {}): EdgeInput => ({
  now: 1_000_000,
  yesProb: 0.5,
  gameLive: true,
  gameStateTs: 1_000_000,
  book: book(480_000, 500_000),
  fees: KALSHI_SPORTS_FEES,
  settings: { minEdgePpm: 30_000, priceStalenessMs: 15_000, syncToleranceMs: 30_000 },
  ...over,
});

describe('edge strategy', () => {
  it('buys YES when our probability beats the ask after fees', () => {
    const r = evaluateEdge(base({ yesProb: 0.6 }));
    // 0.60 - 0.50 - fee(0.50) 0.0175 = 0.0825
    expect(r).toMatchObject({
      kind: 'opportunity',
      side: 'yes',
      price: 500_000,
      feePerContract: 17_500,
      edge: 82_500,
    });
    if (r.kind === 'opportunity') expect(r.availableQty).toBe(3000);
  });

  it('buys NO at (1 - best bid) when the market is too high', () => {
    const r = evaluateEdge(base({ yesProb: 0.4 }));
    // NO costs 1 - 0.48 = 0.52; edge = 0.60 - 0.52 - 0.017472.. (ceil) = 0.0625..
    expect(r).toMatchObject({ kind: 'opportunity', side: 'no', price: 520_000 });
  });

  it('does not trade an edge that fees eat', () => {
    // 0.52 - 0.50 - 0.0175 < 3%
    expect(evaluateEdge(base({ yesProb: 0.52 }))).toEqual({ kind: 'none', reason: 'NO_EDGE' });
  });

  it('guards stale prices and out-of-sync clocks', () => {
    expect(evaluateEdge(base({ yesProb: 0.9, now: 1_016_000 }))).toEqual({
      kind: 'none',
      reason: 'PRICE_STALE',
    });
    expect(evaluateEdge(base({ yesProb: 0.9, gameStateTs: 1_031_000, now: 1_010_000 }))).toEqual({
      kind: 'none',
      reason: 'CLOCK_OUT_OF_SYNC',
    });
    expect(evaluateEdge(base({ yesProb: 0.9, book: undefined }))).toEqual({
      kind: 'none',
      reason: 'NO_BOOK',
    });
    expect(evaluateEdge(base({ yesProb: 0.9, gameLive: false }))).toEqual({
      kind: 'none',
      reason: 'GAME_NOT_LIVE',
    });
  });
});
