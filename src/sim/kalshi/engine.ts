/**
 * One Kalshi market's matching engine. Pure: no clock, no I/O; the exchange around it keeps the
 * money. A single YES book (venues.md §2.5): `bid` buys YES, `ask` sells YES (= buys NO), and
 * every price is the YES-leg price in micro-dollars. Price-time priority; a trade prints at the
 * resting order's price.
 */
import type { Centis, Micros } from '../../core/money.js';

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
  // Best first: bids by price descending, asks ascending; ties by arrival.
  private readonly bids: RestingOrder[] = [];
  private readonly asks: RestingOrder[] = [];
  private seq = 0;

  submit(order: IncomingOrder): BookSubmitResult {
    if (order.postOnly && this.crosses(order)) return { kind: 'refused', reason: 'post_only_would_cross' };
    if (order.timeInForce === 'fill_or_kill' && this.walk(order, true).filled < order.qty) {
      return { kind: 'refused', reason: 'fill_or_kill_unfillable' };
    }
    const walked = this.walk(order, false);
    const remaining = (order.qty - walked.filled) as Centis;
    const rests = remaining > 0 && order.timeInForce === 'good_till_canceled' && !walked.stoppedBySelfTrade;
    if (rests) this.rest({ ...order, remaining });
    return {
      kind: 'matched',
      matches: walked.matches,
      remaining,
      rests,
      selfTradeCanceled: walked.selfTradeCanceled,
      stoppedBySelfTrade: walked.stoppedBySelfTrade,
    };
  }

  cancel(orderId: string): RestingOrder | null {
    for (const side of [this.bids, this.asks]) {
      const i = side.findIndex((o) => o.orderId === orderId);
      if (i >= 0) return side.splice(i, 1)[0] ?? null;
    }
    return null;
  }

  /** Removes and returns every resting order the predicate selects (expiry, settlement). */
  removeWhere(predicate: (order: RestingOrder) => boolean): RestingOrder[] {
    const removed: RestingOrder[] = [];
    for (const side of [this.bids, this.asks]) {
      for (let i = side.length - 1; i >= 0; i--) {
        const o = side[i] as RestingOrder;
        if (predicate(o)) removed.unshift(...side.splice(i, 1));
      }
    }
    return removed;
  }

  resting(): readonly RestingOrder[] {
    return [...this.bids, ...this.asks];
  }

  bestBid(): Micros | null {
    return this.bids[0]?.price ?? null;
  }

  bestAsk(): Micros | null {
    return this.asks[0]?.price ?? null;
  }

  /** Aggregated levels, each side ascending by price (the order Kalshi sends its book in). */
  levels(): { readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] } {
    return { bids: aggregate(this.bids), asks: aggregate(this.asks) };
  }

  private crosses(order: IncomingOrder): boolean {
    const best = order.side === 'bid' ? this.bestAsk() : this.bestBid();
    return best !== null && (order.side === 'bid' ? best <= order.price : best >= order.price);
  }

  /** Matches against the opposite side; with `dryRun` it only counts what would fill. */
  private walk(order: IncomingOrder, dryRun: boolean) {
    const opposite = order.side === 'bid' ? this.asks : this.bids;
    const matches: BookMatch[] = [];
    const selfTradeCanceled: RestingOrder[] = [];
    let filled = 0;
    let stoppedBySelfTrade = false;
    let i = 0;
    while (filled < order.qty && i < opposite.length) {
      const maker = opposite[i] as RestingOrder;
      const crosses = order.side === 'bid' ? maker.price <= order.price : maker.price >= order.price;
      if (!crosses) break;
      if (maker.accountId === order.accountId) {
        if (order.selfTradePrevention === 'taker_at_cross') {
          stoppedBySelfTrade = true;
          break;
        }
        if (!dryRun) selfTradeCanceled.push(...opposite.splice(i, 1));
        else i++;
        continue;
      }
      const take = Math.min(order.qty - filled, maker.remaining);
      filled += take;
      if (!dryRun) {
        matches.push({
          makerOrderId: maker.orderId,
          makerAccountId: maker.accountId,
          price: maker.price,
          qty: take as Centis,
        });
        maker.remaining = (maker.remaining - take) as Centis;
        if (maker.remaining === 0) opposite.splice(i, 1);
        else i++;
      } else {
        i++;
      }
    }
    return { matches, filled, selfTradeCanceled, stoppedBySelfTrade };
  }

  private rest(order: IncomingOrder & { remaining: Centis }): void {
    this.seq += 1;
    const resting: RestingOrder = {
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      price: order.price,
      remaining: order.remaining,
      seq: this.seq,
    };
    const side = order.side === 'bid' ? this.bids : this.asks;
    const better = (a: Micros, b: Micros) => (order.side === 'bid' ? a > b : a < b);
    // Insert after every order at an equal or better price: time priority within a level.
    let at = side.findIndex((o) => better(order.price, o.price));
    if (at < 0) at = side.length;
    side.splice(at, 0, resting);
  }
}

function aggregate(orders: readonly RestingOrder[]): BookLevel[] {
  const byPrice = new Map<number, number>();
  for (const o of orders) byPrice.set(o.price, (byPrice.get(o.price) ?? 0) + o.remaining);
  return [...byPrice.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([price, qty]) => [price as Micros, qty as Centis] as const);
}
