import { describe, expect, it } from 'vitest';
import type { BookSnapshot } from '../core/events.js';
import { KALSHI_SPORTS_FEES } from '../core/fees.js';
import { asEventId, asInstrumentId } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import { type ExitInput, type ExitSettings, evaluateExit } from './exits.js';

const book = (bid: number, ask: number): BookSnapshot => ({
  type: 'BookSnapshot',
  id: asEventId('b'),
  ts: 0,
  instrumentId: asInstrumentId('k'),
  venue: 'kalshi',
  bids: [
    { price: bid as Micros, qty: 2_000 as Centis },
    { price: (bid - 10_000) as Micros, qty: 5_000 as Centis },
  ],
  asks: [{ price: ask as Micros, qty: 2_000 as Centis }],
  venueTs: 0,
});

const settings: ExitSettings = {
  exitEdgePpm: 0,
  takeProfitPct: null,
  stopLossPct: null,
  maxHoldMs: null,
  maxExitSlippage: 30_000 as Micros,
};

// Holding 30 YES contracts bought at 0.50 all-in.
const input = (over: Partial<ExitInput> = {}): ExitInput => ({
  now: 1_000_000,
  position: { side: 'yes', qty: 3_000 as Centis, costBasis: 15_000_000 as Micros, openedTs: 0 },
  sideProb: 0.6,
  book: book(550_000, 570_000),
  fees: KALSHI_SPORTS_FEES,
  settings,
  ...over,
});

describe('exit rules', () => {
  it('holds while holding is worth more than selling', () => {
    expect(evaluateExit(input())).toEqual({ kind: 'hold' });
  });

  it('sells when the edge is gone, only where selling still beats holding', () => {
    // bid 0.65 - fee 0.016 > 0.60; the 0.64 level (0.64 - 0.016 = 0.624) also beats 0.60
    const r = evaluateExit(input({ book: book(650_000, 670_000) }));
    expect(r).toMatchObject({ kind: 'exit', reason: 'EDGE_GONE', price: 650_000, availableQty: 3_000 });
    const strict = evaluateExit(input({ book: book(650_000, 670_000), sideProb: 0.625 }));
    expect(strict).toMatchObject({ kind: 'exit', reason: 'EDGE_GONE', availableQty: 2_000 });
  });

  it('takes profit, stops loss and leaves on time when set', () => {
    expect(
      evaluateExit(
        input({ sideProb: 0.9, book: book(650_000, 670_000), settings: { ...settings, takeProfitPct: 20 } }),
      ),
    ).toMatchObject({
      reason: 'TAKE_PROFIT',
    });
    expect(
      evaluateExit(
        input({ sideProb: 0.5, book: book(300_000, 320_000), settings: { ...settings, stopLossPct: 30 } }),
      ),
    ).toMatchObject({
      reason: 'STOP_LOSS',
      // a stop may go down to 3 cents below the best bid: both levels
      availableQty: 3_000,
    });
    expect(evaluateExit(input({ settings: { ...settings, maxHoldMs: 999_999 } }))).toMatchObject({
      reason: 'TIME_LIMIT',
    });
    expect(evaluateExit(input({ settings: { ...settings, maxHoldMs: 1_000_001 } }))).toEqual({
      kind: 'hold',
    });
  });

  it('reads a NO position from the YES asks', () => {
    // Holding NO: it sells at 1 - best YES ask = 0.43
    const r = evaluateExit(
      input({
        position: { side: 'no', qty: 1_000 as Centis, costBasis: 4_000_000 as Micros, openedTs: 0 },
        sideProb: 0.3,
        book: book(550_000, 570_000),
      }),
    );
    expect(r).toMatchObject({ kind: 'exit', reason: 'EDGE_GONE', price: 430_000, availableQty: 1_000 });
  });
});
