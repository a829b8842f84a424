/**
 * Immediate-or-cancel matching of one order against a YES book, used by the paper venue. Pure:
 * returns the fills and the book left after them. Prices in fills are per contract of the side
 * traded, so a NO fill against a YES bid of 0.42 is priced 0.58. Buying YES or selling NO takes
 * YES asks; buying NO or selling YES takes YES bids.
 */
import type { Level } from '../core/events.js';
import { tradeFee } from '../core/fees.js';
import type { Action, ContractSide, FeeSchedule } from '../core/instruments.js';
import { type Centis, type Micros, ONE_DOLLAR } from '../core/money.js';

export interface BookSides {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

export interface MatchRequest {
  readonly book: BookSides;
  readonly side: ContractSide;
  readonly action: Action;
  /** Per contract of `side`: the highest a buyer pays, the lowest a seller takes. */
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

/** Trades up to `qty` contracts of `side` at the limit or better, taking liquidity. */
export function matchIoc(req: MatchRequest): MatchResult {
  const takesAsks = (req.action === 'buy') === (req.side === 'yes');
  const levels = takesAsks ? req.book.asks : req.book.bids;
  const toSidePrice = (p: Micros) => (req.side === 'yes' ? p : ((ONE_DOLLAR - p) as Micros));
  const acceptable = (price: Micros) =>
    req.action === 'buy' ? price <= req.limitPrice : price >= req.limitPrice;
  const fills: MatchFill[] = [];
  const left: Level[] = [];
  let remaining = req.qty as number;
  for (const level of levels) {
    const price = toSidePrice(level.price);
    if (remaining <= 0 || !acceptable(price)) {
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
  const book = takesAsks ? { bids: req.book.bids, asks: left } : { bids: left, asks: req.book.asks };
  return {
    fills,
    filledQty: (req.qty - remaining) as Centis,
    remainingQty: remaining as Centis,
    book,
  };
}
