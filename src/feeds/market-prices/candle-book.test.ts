import { describe, expect, it } from 'vitest';
import { KALSHI_SPORTS_FEES } from '../../core/fees.js';
import type { Action, ContractSide } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';
import { matchIoc } from '../../execution/matching.js';
import { candleBook, candleBookOptionErrors } from './candle-book.js';
import type { MinuteCandle } from './candles.js';

const candle = (o: Partial<MinuteCandle>): MinuteCandle => ({
  gameId: '1',
  ticker: 'T',
  endTs: 0,
  open: 50,
  high: 52,
  low: 48,
  close: 50,
  volume: 40,
  ...o,
});

/** A small deterministic generator, so the sweep below is the same every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('candle book (the real-price fill model)', () => {
  it('quotes a half-spread around the close, only where the minute traded', () => {
    expect(candleBook(candle({}), { halfSpreadCents: 1, volumeShare: 1 })).toEqual({
      bids: [{ price: 490_000, qty: 2000 }],
      asks: [{ price: 510_000, qty: 2000 }],
    });
    // The minute never traded above 50: nobody paid 51, so no ask.
    expect(candleBook(candle({ high: 50 }), { halfSpreadCents: 1, volumeShare: 1 }).asks).toEqual([]);
    expect(
      candleBook(candle({ close: null, high: null, low: null, open: null, volume: 0 }), {
        halfSpreadCents: 1,
        volumeShare: 1,
      }),
    ).toEqual({ bids: [], asks: [] });
  });

  it('never fills outside the minute’s traded range or beyond its volume', () => {
    const rnd = lcg(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    let filledSomething = 0;
    for (let i = 0; i < 5000; i++) {
      const low = 1 + Math.floor(rnd() * 95);
      const high = Math.min(99, low + Math.floor(rnd() * 6));
      const close = low + Math.floor(rnd() * (high - low + 1));
      const c = candle({ low, high, close, open: close, volume: 1 + Math.floor(rnd() * 300) });
      const options = { halfSpreadCents: 1 + Math.floor(rnd() * 3), volumeShare: pick([0.1, 0.5, 1]) };
      let book = candleBook(c, options);
      let taken = 0;
      // A taker sends several orders into the same minute, on both sides.
      for (let k = 0; k < 4; k++) {
        const side: ContractSide = pick(['yes', 'no']);
        const action: Action = pick(['buy', 'sell']);
        const limitPrice = (action === 'buy' ? 990_000 : 10_000) as Micros;
        const r = matchIoc({
          book,
          side,
          action,
          limitPrice,
          qty: (100 + Math.floor(rnd() * 40_000)) as Centis,
          fees: KALSHI_SPORTS_FEES,
        });
        for (const f of r.fills) {
          const yesPrice = side === 'yes' ? f.price : 1_000_000 - f.price;
          expect(yesPrice).toBeGreaterThanOrEqual(low * 10_000);
          expect(yesPrice).toBeLessThanOrEqual(high * 10_000);
          filledSomething += 1;
        }
        taken += r.filledQty;
        book = r.book;
      }
      expect(taken).toBeLessThanOrEqual(c.volume * 100 * options.volumeShare);
    }
    expect(filledSomething).toBeGreaterThan(1000);
  });

  it('names bad options', () => {
    expect(candleBookOptionErrors({ halfSpreadCents: 0, volumeShare: 1.5 })).toHaveLength(2);
    expect(candleBookOptionErrors({ halfSpreadCents: 2, volumeShare: 0.3 })).toEqual([]);
  });
});
