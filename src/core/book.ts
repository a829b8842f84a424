/**
 * Reading a YES book from one side's point of view. Buying YES takes YES asks; buying NO takes
 * YES bids at (1 - bid); selling YES hits YES bids; selling NO takes YES asks at (1 - ask).
 * Pure.
 */
import type { BookSnapshot, Level } from './events.js';
import { tradeFee } from './fees.js';
import type { Action, ContractSide, FeeSchedule } from './instruments.js';
import { type Centis, type Micros, ONE_DOLLAR } from './money.js';

/** The levels a taker of `action` on `side` trades against, priced per contract of `side`, best first. */
export function sideLevels(
  book: Pick<BookSnapshot, 'bids' | 'asks'>,
  side: ContractSide,
  action: Action,
): Level[] {
  const takesAsks = (action === 'buy') === (side === 'yes');
  const levels = takesAsks ? book.asks : book.bids;
  if (side === 'yes') return [...levels];
  return levels.map((l) => ({ price: (ONE_DOLLAR - l.price) as Micros, qty: l.qty }));
}

const HUNDRED_CONTRACTS = 10_000 as Centis;

/**
 * Fee for one contract at `price`, averaged over a 100-contract order: the venue rounds an
 * order's total, so per-contract rounding to the cent would overstate it on real sizes.
 */
export function feePerContract(fees: FeeSchedule, price: Micros): Micros {
  const hundred = tradeFee({ schedule: fees, price, qty: HUNDRED_CONTRACTS, liquidity: 'taker' });
  return Math.ceil(hundred / 100) as Micros;
}

export interface WalkResult {
  readonly qty: Centis;
  /** Cash paid (buy) or received (sell) for the contracts, fees excluded. */
  readonly notional: Micros;
  readonly fees: Micros;
  /** Worst price reached: the limit price that takes exactly this walk. */
  readonly worstPrice: Micros;
}

/** Takes up to `qty` from `levels` (best first), with each level's fee. */
export function walkLevels(levels: readonly Level[], qty: Centis, fees: FeeSchedule): WalkResult {
  let left = qty as number;
  let cash = 0;
  let fee = 0;
  let worst = levels[0]?.price ?? (0 as Micros);
  for (const level of levels) {
    if (left <= 0) break;
    const take = Math.min(left, level.qty);
    cash += Math.round((level.price * take) / 100);
    fee += tradeFee({ schedule: fees, price: level.price, qty: take as Centis, liquidity: 'taker' });
    worst = level.price;
    left -= take;
  }
  return {
    qty: (qty - Math.max(left, 0)) as Centis,
    notional: cash as Micros,
    fees: fee as Micros,
    worstPrice: worst,
  };
}
