/**
 * One Polymarket binary market's matching engine. Pure: no clock, no I/O.
 *
 * Polymarket shows one book per outcome token, but the two are mirrors: a BUY of the second
 * token at p is a SELL of the first at 1 − p (the exchange mints or merges the pair). So the
 * engine keeps a single book in the first token's frame: `bid` = BUY token 0 or SELL token 1,
 * `ask` = SELL token 0 or BUY token 1. Prices are micro-dollars in that frame, sizes are
 * micro-shares (the 6-decimal base units of the signed order). Price-time priority; a trade
 * prints at the resting order's price.
 */
import type { Micros } from '../../core/money.js';

export type FrameSide = 'bid' | 'ask';
/** GTC/GTD rest; FOK fills whole or is refused; FAK fills what it can and drops the rest. */
export type TimeInForce = 'GTC' | 'GTD' | 'FOK' | 'FAK';

export interface RestingOrder {
  readonly orderId: string;
  /** The account (funder wallet, lower case) that owns it, for self-trade prevention. */
  readonly accountId: string;
  readonly side: FrameSide;
  readonly price: Micros;
  remaining: number;
  readonly seq: number;
}

export interface IncomingOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly side: FrameSide;
  readonly price: Micros;
  /** Micro-shares. */
  readonly size: number;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
}

export interface BookMatch {
  readonly makerOrderId: string;
  readonly makerAccountId: string;
  readonly price: Micros;
  readonly size: number;
}

export type SubmitResult =
  | { readonly kind: 'refused'; readonly reason: 'post_only_crosses' | 'fok_unfillable' | 'fak_no_match' }
  | {
      readonly kind: 'accepted';
      readonly matches: readonly BookMatch[];
      readonly remaining: number;
      readonly rests: boolean;
      /**
       * The taker's own resting orders it met, cancelled (self-trade prevention: the older
       * order gives way, so an account never trades with itself).
       */
      readonly selfTradeCanceled: readonly RestingOrder[];
    };

/** A price level as [price, total micro-shares]. */
export type BookLevel = readonly [Micros, number];

export class BinaryMatchingBook {
  // Best first: bids by price descending, asks ascending; ties by arrival.
  private readonly bids: RestingOrder[] = [];
  private readonly asks: RestingOrder[] = [];
  private seq = 0;

  submit(order: IncomingOrder): SubmitResult {
    if (order.postOnly && this.crosses(order)) return { kind: 'refused', reason: 'post_only_crosses' };
    const dry = this.walk(order, true);
    if (order.timeInForce === 'FOK' && dry.filled < order.size)
      return { kind: 'refused', reason: 'fok_unfillable' };
    if (order.timeInForce === 'FAK' && dry.filled === 0) return { kind: 'refused', reason: 'fak_no_match' };
    const walked = this.walk(order, false);
    const remaining = order.size - walked.filled;
    const rests = remaining > 0 && (order.timeInForce === 'GTC' || order.timeInForce === 'GTD');
    if (rests) this.rest(order, remaining);
    return {
      kind: 'accepted',
      matches: walked.matches,
      remaining,
      rests,
      selfTradeCanceled: walked.selfCanceled,
    };
  }

  cancel(orderId: string): RestingOrder | null {
    for (const side of [this.bids, this.asks]) {
      const i = side.findIndex((o) => o.orderId === orderId);
      if (i >= 0) return side.splice(i, 1)[0] ?? null;
    }
    return null;
  }

  /** Removes and returns every resting order the predicate selects (expiry, cancel-all, resolution). */
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

  /** Aggregated levels in the frame of token 0, best first on each side. */
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
    const selfCanceled: RestingOrder[] = [];
    let filled = 0;
    let i = 0;
    while (filled < order.size && i < opposite.length) {
      const maker = opposite[i] as RestingOrder;
      const crosses = order.side === 'bid' ? maker.price <= order.price : maker.price >= order.price;
      if (!crosses) break;
      if (maker.accountId === order.accountId) {
        if (dryRun) i++;
        else selfCanceled.push(...opposite.splice(i, 1));
        continue;
      }
      const take = Math.min(order.size - filled, maker.remaining);
      filled += take;
      if (dryRun) {
        i++;
        continue;
      }
      matches.push({
        makerOrderId: maker.orderId,
        makerAccountId: maker.accountId,
        price: maker.price,
        size: take,
      });
      maker.remaining -= take;
      if (maker.remaining === 0) opposite.splice(i, 1);
      else i++;
    }
    return { matches, filled, selfCanceled };
  }

  private rest(order: IncomingOrder, remaining: number): void {
    this.seq += 1;
    const resting: RestingOrder = {
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

function aggregate(orders: readonly RestingOrder[]): BookLevel[] {
  const byPrice = new Map<number, number>();
  for (const o of orders) byPrice.set(o.price, (byPrice.get(o.price) ?? 0) + o.remaining);
  return [...byPrice.entries()].map(([price, size]) => [price as Micros, size] as const);
}
