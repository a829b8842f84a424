/**
 * Exit rules for a held position, checked on every update: sell when selling is worth more than
 * holding (the edge is gone), on take-profit, on stop-loss, or when the position has been held
 * too long. Otherwise hold to settlement. Pure.
 */

import { feePerContract, sideLevels } from '../core/book.js';
import type { BookSnapshot, ExitReason, Level } from '../core/events.js';
import type { ContractSide, FeeSchedule } from '../core/instruments.js';
import { type Centis, type Micros, PPM } from '../core/money.js';

export interface ExitSettings {
  /** Sell when the sale is worth this much more than holding (ppm of $1); 0 = as soon as it is not worse. */
  readonly exitEdgePpm: number;
  /** Sell when the sale value per contract is this share above the average cost; null = never. */
  readonly takeProfitPct: number | null;
  /** Sell when the sale value per contract is this share below the average cost; null = never. */
  readonly stopLossPct: number | null;
  /** Sell after holding this long, ms; null = hold to settlement. */
  readonly maxHoldMs: number | null;
  /** How far below the best bid a market-style exit may reach, micro-dollars. */
  readonly maxExitSlippage: Micros;
}

export interface HeldPosition {
  readonly side: ContractSide;
  readonly qty: Centis;
  /** What the open quantity cost, fees included. */
  readonly costBasis: Micros;
  readonly openedTs: number;
}

export interface ExitInput {
  readonly now: number;
  readonly position: HeldPosition;
  /** Our probability that the held side pays. */
  readonly sideProb: number;
  readonly book: BookSnapshot;
  readonly fees: FeeSchedule;
  readonly settings: ExitSettings;
}

export interface ExitDecision {
  readonly kind: 'exit';
  readonly reason: ExitReason;
  /** Best price one contract of the held side sells for. */
  readonly price: Micros;
  readonly feePerContract: Micros;
  readonly levels: readonly Level[];
  readonly availableQty: Centis;
}

export type ExitResult = ExitDecision | { readonly kind: 'hold' };

export function evaluateExit(input: ExitInput): ExitResult {
  const { position, settings } = input;
  if (position.qty <= 0) return { kind: 'hold' };
  const levels = sideLevels(input.book, position.side, 'sell').filter((l) => l.qty > 0);
  const best = levels[0];
  if (!best) return { kind: 'hold' };
  const fee = feePerContract(input.fees, best.price);
  const saleValue = best.price - fee;
  const holdValue = Math.round(input.sideProb * PPM);
  const avgCost = (position.costBasis * 100) / position.qty; // micro-dollars per contract

  let reason: ExitReason | null = null;
  if (saleValue >= holdValue + settings.exitEdgePpm) reason = 'EDGE_GONE';
  else if (settings.takeProfitPct !== null && saleValue >= avgCost * (1 + settings.takeProfitPct / 100))
    reason = 'TAKE_PROFIT';
  else if (settings.stopLossPct !== null && saleValue <= avgCost * (1 - settings.stopLossPct / 100))
    reason = 'STOP_LOSS';
  else if (settings.maxHoldMs !== null && input.now - position.openedTs >= settings.maxHoldMs)
    reason = 'TIME_LIMIT';
  if (!reason) return { kind: 'hold' };

  // An edge-gone exit sells only where selling still beats holding; the others accept some slippage.
  const usable =
    reason === 'EDGE_GONE'
      ? levels.filter(
          (l) => l.price - feePerContract(input.fees, l.price) >= holdValue + settings.exitEdgePpm,
        )
      : levels.filter((l) => l.price >= best.price - settings.maxExitSlippage);
  const depth = usable.reduce((s, l) => s + l.qty, 0);
  return {
    kind: 'exit',
    reason,
    price: best.price,
    feePerContract: fee,
    levels: usable,
    availableQty: Math.min(depth, position.qty) as Centis,
  };
}
