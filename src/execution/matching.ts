/**
 * Immediate-or-cancel matching of one order against a YES book, used by the paper venue. Pure:
 * returns the fills and the book left after them. Prices in fills are per contract of the side
 * bought, so a NO fill at a YES bid of 0.42 is priced 0.58.
 */
import type { Level } from '../core/events.js';
import { tradeFee } from '../core/fees.js';
import type { ContractSide, FeeSchedule } from '../core/instruments.js';
import { type Centis, type Micros, ONE_DOLLAR } from '../core/money.js';

export interface BookSides {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

export interface MatchRequest {
  readonly book: BookSides;
  readonly side: ContractSide;
  /** Highest price per contract of `side` the buyer accepts. */
  readonly limitPrice: Micros;
  readonly qty: Centis;
  readonly fees: FeeSchedule;
}

export interface MatchFill {
  readonly price: Micros;
  readonly qty: Centis;
  readonly fee: Micros;
}

export interface MatchResult {
  readonly fills: readonly MatchFill[];
  readonly filledQty: Centis;
  readonly remainingQty: Centis;
  readonly book: BookSides;
}

/** Buys up to `qty` contracts of `side` at or better than the limit, taking liquidity. */
export function matchBuyIoc(req: MatchRequest): MatchResult {
  // Buying YES lifts YES asks; buying NO sells YES, so it hits YES bids at (1 - bid).
  const levels = req.side === 'yes' ? req.book.asks : req.book.bids;
  const toSidePrice = (p: Micros) => (req.side === 'yes' ? p : ((ONE_DOLLAR - p) as Micros));
  const fills: MatchFill[] = [];
  const left: Level[] = [];
  let remaining = req.qty as number;
  for (const level of levels) {
    const price = toSidePrice(level.price);
    if (remaining <= 0 || price > req.limitPrice) {
      left.push(level);
      continue;
    }
    const take = Math.min(remaining, level.qty);
    remaining -= take;
    fills.push({
      price,
      qty: take as Centis,
      fee: tradeFee({ schedule: req.fees, price, qty: take as Centis, liquidity: 'taker' }),
    });
    if (take < level.qty) left.push({ price: level.price, qty: (level.qty - take) as Centis });
  }
  const book = req.side === 'yes' ? { bids: req.book.bids, asks: left } : { bids: left, asks: req.book.asks };
  return {
    fills,
    filledQty: (req.qty - remaining) as Centis,
    remainingQty: remaining as Centis,
    book,
  };
}
