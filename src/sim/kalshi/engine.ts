/**
 * One Kalshi market's matching engine. Pure: no clock, no I/O; the exchange around it keeps the
 * money. A single YES book (venues.md §2.5): `bid` buys YES, `ask` sells YES (= buys NO), and
 * every price is the YES-leg price in micro-dollars. Price-time priority; a trade prints at the
 * resting order's price. The matching itself is the shared `PriceTimeBook` (../matching-book.ts).
 */
import type { Centis, Micros } from '../../core/money.js';
import { type MatchTimeInForce, PriceTimeBook } from '../matching-book.js';

export type KalshiBookSide = 'bid' | 'ask';
export type KalshiTimeInForce = 'fill_or_kill' | 'good_till_canceled' | 'immediate_or_cancel';
export type KalshiSelfTradePrevention = 'taker_at_cross' | 'maker';

export interface RestingOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: KalshiBookSide;
  readonly price: Micros;
  remaining: Centis;
  /** Arrival order, for time priority. */
  readonly seq: number;
}

export interface IncomingOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: KalshiBookSide;
  readonly price: Micros;
  readonly qty: Centis;
  readonly timeInForce: KalshiTimeInForce;
  readonly postOnly: boolean;
  readonly selfTradePrevention: KalshiSelfTradePrevention;
}

export interface BookMatch {
  readonly makerOrderId: string;
  readonly makerAccountId: string;
  readonly price: Micros;
  readonly qty: Centis;
}

export type BookSubmitResult =
  | { readonly kind: 'refused'; readonly reason: 'post_only_would_cross' | 'fill_or_kill_unfillable' }
  | {
      readonly kind: 'matched';
      readonly matches: readonly BookMatch[];
      /** What is left of the incoming order; it rests only if `rests`. */
      readonly remaining: Centis;
      readonly rests: boolean;
      /** Resting orders of the taker's own account removed by `maker` self-trade prevention. */
      readonly selfTradeCanceled: readonly RestingOrder[];
      /** True when `taker_at_cross` stopped the incoming order at its own resting order. */
      readonly stoppedBySelfTrade: boolean;
    };

/** A price level as [price, total count]. */
export type BookLevel = readonly [Micros, Centis];

export class KalshiMatchingBook {
  /** The shared price-time book; this class speaks Kalshi's names over it. */
  private readonly book = new PriceTimeBook();

  submit(order: IncomingOrder): BookSubmitResult {
    const result = this.book.submit({
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      price: order.price,
      qty: order.qty,
      timeInForce: TIME_IN_FORCE[order.timeInForce],
      postOnly: order.postOnly,
      selfTrade: order.selfTradePrevention === 'taker_at_cross' ? 'stop_incoming' : 'cancel_resting',
    });
    if (result.kind === 'refused')
      return {
        kind: 'refused',
        reason:
          result.reason === 'post_only_would_cross' ? 'post_only_would_cross' : 'fill_or_kill_unfillable',
      };
    return {
      kind: 'matched',
      matches: result.fills.map((f) => ({
        makerOrderId: f.makerOrderId,
        makerAccountId: f.makerAccountId,
        price: f.price,
        qty: f.qty as Centis,
      })),
      remaining: result.remaining as Centis,
      rests: result.rests,
      selfTradeCanceled: result.selfTradeCanceled as readonly RestingOrder[],
      stoppedBySelfTrade: result.stoppedBySelfTrade,
    };
  }

  cancel(orderId: string): RestingOrder | null {
    return this.book.cancel(orderId) as RestingOrder | null;
  }

  /** Removes and returns every resting order the predicate selects (expiry, settlement). */
  removeWhere(predicate: (order: RestingOrder) => boolean): RestingOrder[] {
    return this.book.removeWhere((o) => predicate(o as RestingOrder)) as RestingOrder[];
  }

  resting(): readonly RestingOrder[] {
    return this.book.resting() as readonly RestingOrder[];
  }

  bestBid(): Micros | null {
    return this.book.bestBid();
  }

  bestAsk(): Micros | null {
    return this.book.bestAsk();
  }

  /** Aggregated levels, each side ascending by price (the order Kalshi sends its book in). */
  levels(): { readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] } {
    const { bids, asks } = this.book.levels();
    const ascending = (ls: readonly (readonly [Micros, number])[]) =>
      [...ls].sort((a, b) => a[0] - b[0]) as unknown as BookLevel[];
    return { bids: ascending(bids), asks: ascending(asks) };
  }
}

const TIME_IN_FORCE: Record<KalshiTimeInForce, MatchTimeInForce> = {
  good_till_canceled: 'rest',
  immediate_or_cancel: 'ioc',
  fill_or_kill: 'fok',
};
