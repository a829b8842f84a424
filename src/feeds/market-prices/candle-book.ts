/**
 * The book a real-price backtest trades against, built from the minute that just ended (so an
 * order never sees a price before it traded). The trader chooses a half-spread around the last
 * traded price; a level is only quoted where the minute really traded that price or beyond (an
 * ask at c + h only if someone paid at least that much, a bid at c - h only if someone sold that
 * low), and the two sides together hold at most `volumeShare` of the minute's volume. So a taker
 * walking this book never fills outside the minute's traded range nor beyond its volume. A minute
 * without trades gives an empty book: nobody traded, so nothing fills. Pure.
 */
import type { Level } from '../../core/events.js';
import type { Centis, Micros } from '../../core/money.js';
import type { MinuteCandle } from './candles.js';

export interface CandleBookOptions {
  /** Half the assumed bid-ask spread, whole cents (Kalshi's tick), at least 1. */
  readonly halfSpreadCents: number;
  /** Share of the minute's traded volume both sides together may fill, in (0, 1]. */
  readonly volumeShare: number;
}

export const DEFAULT_CANDLE_BOOK: CandleBookOptions = { halfSpreadCents: 1, volumeShare: 1 };

const CENT = 10_000;

/** Every problem with the options, named (empty when they are good). */
export function candleBookOptionErrors(o: CandleBookOptions): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(o.halfSpreadCents) || o.halfSpreadCents < 1 || o.halfSpreadCents > 49)
    errors.push(`halfSpreadCents must be a whole number of cents from 1 to 49, got ${o.halfSpreadCents}`);
  if (!(o.volumeShare > 0 && o.volumeShare <= 1))
    errors.push(`volumeShare must be above 0 and at most 1, got ${o.volumeShare}`);
  return errors;
}

export interface CandleBook {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** The quotable book after `candle`. */
export function candleBook(candle: MinuteCandle, options: CandleBookOptions): CandleBook {
  const { close, high, low } = candle;
  if (close === null || high === null || low === null || candle.volume <= 0) return { bids: [], asks: [] };
  // Centi-contracts, split between the two sides so a round trip cannot take the minute twice.
  const cap = Math.floor(candle.volume * 100 * options.volumeShare);
  const bidQty = Math.floor(cap / 2);
  const askQty = cap - bidQty;
  const ask = close + options.halfSpreadCents;
  const bid = close - options.halfSpreadCents;
  const asks: Level[] =
    ask <= high && ask <= 99 && askQty > 0 ? [{ price: (ask * CENT) as Micros, qty: askQty as Centis }] : [];
  const bids: Level[] =
    bid >= low && bid >= 1 && bidQty > 0 ? [{ price: (bid * CENT) as Micros, qty: bidQty as Centis }] : [];
  return { bids, asks };
}
