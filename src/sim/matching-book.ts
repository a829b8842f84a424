/**
 * A generic price-time priority book for one binary instrument, shared by the simulators: two
 * sides in one price frame (`bid` buys, `ask` sells), integer prices (micro-dollars) and integer
 * quantities in whatever unit the venue counts (centi-contracts, micro-shares). Pure: no clock,
 * no I/O, no money; the exchange around it keeps the accounts. A trade prints at the resting
 * order's price. Self-trade prevention cancels the resting order of the same account (the older
 * order gives way) unless told to stop the incoming one there.
 */
import type { Micros } from '../core/money.js';

export type MatchSide = 'bid' | 'ask';
/** `rest`: what is left rests (GTC/GTD/DAY); `ioc`: what is left is dropped; `fok`: all or nothing. */
export type MatchTimeInForce = 'rest' | 'ioc' | 'fok';
export type SelfTradePolicy = 'cancel_resting' | 'stop_incoming';

export interface BookOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: MatchSide;
  readonly price: Micros;
  remaining: number;
  /** Arrival order, for time priority. */
  readonly seq: number;
}

export interface IncomingBookOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: MatchSide;
  readonly price: Micros;
  readonly qty: number;
  readonly timeInForce: MatchTimeInForce;
  readonly postOnly: boolean;
  readonly selfTrade?: SelfTradePolicy;
}

export interface BookFill {
  readonly makerOrderId: string;
  readonly makerAccountId: string;
  readonly price: Micros;
  readonly qty: number;
}

export type MatchResult =
  | { readonly kind: 'refused'; readonly reason: 'post_only_would_cross' | 'fill_or_kill_unfillable' }
  | {
      readonly kind: 'matched';
      readonly fills: readonly BookFill[];
      /** What is left of the incoming order; it rests only if `rests`. */
      readonly remaining: number;
      readonly rests: boolean;
      readonly selfTradeCanceled: readonly BookOrder[];
      readonly stoppedBySelfTrade: boolean;
    };

/** A price level as [price, total quantity]. */
export type PriceLevel = readonly [Micros, number];

export class PriceTimeBook {
  // Best first: bids by price descending, asks ascending; ties by arrival.
  private readonly bids: BookOrder[] = [];
  private readonly asks: BookOrder[] = [];
  private seq = 0;

  submit(order: IncomingBookOrder): MatchResult {
    if (order.postOnly && this.crosses(order)) return { kind: 'refused', reason: 'post_only_would_cross' };
    if (order.timeInForce === 'fok' && this.walk(order, true).filled < order.qty)
      return { kind: 'refused', reason: 'fill_or_kill_unfillable' };
    const walked = this.walk(order, false);
    const remaining = order.qty - walked.filled;
    const rests = remaining > 0 && order.timeInForce === 'rest' && !walked.stopped;
    if (rests) this.rest(order, remaining);
    return {
      kind: 'matched',
      fills: walked.fills,
      remaining,
      rests,
      selfTradeCanceled: walked.selfCanceled,
      stoppedBySelfTrade: walked.stopped,
    };
  }

  /** What an order would fill now, without trading. */
  fillable(order: Pick<IncomingBookOrder, 'accountId' | 'side' | 'price' | 'qty'>): number {
    return this.walk({ ...order, orderId: '', timeInForce: 'ioc', postOnly: false }, true).filled;
  }

  cancel(orderId: string): BookOrder | null {
    for (const side of [this.bids, this.asks]) {
      const i = side.findIndex((o) => o.orderId === orderId);
      if (i >= 0) return side.splice(i, 1)[0] ?? null;
    }
    return null;
  }

  /** Removes and returns every resting order the predicate selects (expiry, settlement, cancel-all). */
  removeWhere(predicate: (order: BookOrder) => boolean): BookOrder[] {
    const removed: BookOrder[] = [];
    for (const side of [this.bids, this.asks]) {
      for (let i = side.length - 1; i >= 0; i--) {
        const o = side[i] as BookOrder;
        if (predicate(o)) removed.unshift(...side.splice(i, 1));
      }
    }
    return removed;
  }

  resting(): readonly BookOrder[] {
    return [...this.bids, ...this.asks];
  }

  bestBid(): Micros | null {
    return this.bids[0]?.price ?? null;
  }

  bestAsk(): Micros | null {
    return this.asks[0]?.price ?? null;
  }

  /** Aggregated levels, best first on each side. */
  levels(): { readonly bids: readonly PriceLevel[]; readonly asks: readonly PriceLevel[] } {
    return { bids: aggregate(this.bids), asks: aggregate(this.asks) };
  }

  private crosses(order: Pick<IncomingBookOrder, 'side' | 'price'>): boolean {
    const best = order.side === 'bid' ? this.bestAsk() : this.bestBid();
    return best !== null && (order.side === 'bid' ? best <= order.price : best >= order.price);
  }

  /** Matches against the opposite side; with `dryRun` it only counts what would fill. */
  private walk(order: IncomingBookOrder, dryRun: boolean) {
    const opposite = order.side === 'bid' ? this.asks : this.bids;
    const fills: BookFill[] = [];
    const selfCanceled: BookOrder[] = [];
    let filled = 0;
    let stopped = false;
    let i = 0;
    while (filled < order.qty && i < opposite.length) {
      const maker = opposite[i] as BookOrder;
      const crosses = order.side === 'bid' ? maker.price <= order.price : maker.price >= order.price;
      if (!crosses) break;
      if (maker.accountId === order.accountId) {
        if (order.selfTrade === 'stop_incoming') {
          stopped = true;
          break;
        }
        if (dryRun) i++;
        else selfCanceled.push(...opposite.splice(i, 1));
        continue;
      }
      const take = Math.min(order.qty - filled, maker.remaining);
      filled += take;
      if (dryRun) {
        i++;
        continue;
      }
      fills.push({
        makerOrderId: maker.orderId,
        makerAccountId: maker.accountId,
        price: maker.price,
        qty: take,
      });
      maker.remaining -= take;
      if (maker.remaining === 0) opposite.splice(i, 1);
      else i++;
    }
    return { fills, filled, selfCanceled, stopped };
  }

  private rest(order: IncomingBookOrder, remaining: number): void {
    this.seq += 1;
    const resting: BookOrder = {
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      price: order.price,
      remaining,
      seq: this.seq,
    };
    const side = order.side === 'bid' ? this.bids : this.asks;
    const better = (a: Micros, b: Micros) => (order.side === 'bid' ? a > b : a < b);
    // After every order at an equal or better price: time priority within a level.
    let at = side.findIndex((o) => better(order.price, o.price));
    if (at < 0) at = side.length;
    side.splice(at, 0, resting);
  }
}

function aggregate(orders: readonly BookOrder[]): PriceLevel[] {
  const byPrice = new Map<number, number>();
  for (const o of orders) byPrice.set(o.price, (byPrice.get(o.price) ?? 0) + o.remaining);
  return [...byPrice.entries()].map(([price, qty]) => [price as Micros, qty] as const);
}
