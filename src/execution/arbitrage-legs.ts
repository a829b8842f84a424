/**
 * What to do when the two legs of an arbitrage did not fill alike: first try to complete the
 * short leg (buy the missing contracts, paying up to a little more), and sell whatever is still
 * unmatched on the long leg, so the book ends hedged or flat. Pure.
 */
import type { OrderIntent } from '../core/events.js';
import { CENTIS_PER_CONTRACT, type Centis, type Micros, ONE_DOLLAR } from '../core/money.js';

export interface LegResult {
  readonly intent: OrderIntent;
  readonly filledQty: Centis;
  /** What the leg's fills cost, fees excluded: price x quantity summed, micro-dollars. */
  readonly filledNotional: Micros;
}

export interface HedgeSettings {
  /** How much more than its original limit a completing buy may pay, per contract. */
  readonly hedgeSlippage: Micros;
  /**
   * How far below what the long leg's contracts cost (its average fill price) an unwinding
   * sale may go, per contract.
   */
  readonly unwindSlippage: Micros;
  readonly tick: Micros;
}

/**
 * The lowest price the unwind may sell at: the long leg's average fill price less the
 * allowance, up to the tick (rounding down would allow more than the allowance). Its limit price
 * is no measure of cost: it is the worst level the leg was allowed to reach, so on a walk over
 * several levels "limit less the allowance" allowed less loss than intended, or none.
 */
function unwindFloor(long: LegResult, settings: HedgeSettings): number {
  const tick = settings.tick;
  if (long.filledQty <= 0 || long.filledNotional <= 0)
    return long.intent.limitPrice - settings.unwindSlippage;
  // ceil((notional x 100 / qty - allowance) / tick) in integers.
  const num = long.filledNotional * CENTIS_PER_CONTRACT - settings.unwindSlippage * long.filledQty;
  return Math.ceil(num / (tick * long.filledQty)) * tick;
}

export interface HedgeAction {
  readonly purpose: 'hedge' | 'unwind';
  readonly from: OrderIntent;
  readonly action: 'buy' | 'sell';
  readonly qty: Centis;
  readonly limitPrice: Micros;
}

export interface HedgePlan {
  /** Contracts held on one leg without the other. */
  readonly unhedged: Centis;
  readonly complete: HedgeAction | null;
  /** Sells the excess if completing fails: its quantity is the most it may need. */
  readonly unwind: HedgeAction | null;
}

export function planHedge(a: LegResult, b: LegResult, settings: HedgeSettings): HedgePlan {
  const diff = a.filledQty - b.filledQty;
  if (diff === 0) return { unhedged: 0 as Centis, complete: null, unwind: null };
  const [long, short] = diff > 0 ? [a, b] : [b, a];
  const qty = Math.abs(diff) as Centis;
  const maxBuy = ONE_DOLLAR - settings.tick;
  return {
    unhedged: qty,
    complete: {
      purpose: 'hedge',
      from: short.intent,
      action: 'buy',
      qty,
      limitPrice: Math.min(maxBuy, short.intent.limitPrice + settings.hedgeSlippage) as Micros,
    },
    unwind: {
      purpose: 'unwind',
      from: long.intent,
      action: 'sell',
      qty,
      limitPrice: Math.min(maxBuy, Math.max(settings.tick, unwindFloor(long, settings))) as Micros,
    },
  };
}
