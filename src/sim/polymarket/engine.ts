/**
 * One Polymarket binary market's matching engine. Pure: no clock, no I/O.
 *
 * Polymarket shows one book per outcome token, but the two are mirrors: a BUY of the second
 * token at p is a SELL of the first at 1 − p (the exchange mints or merges the pair). So the
 * engine keeps a single book in the first token's frame: `bid` = BUY token 0 or SELL token 1,
 * `ask` = SELL token 0 or BUY token 1. Prices are micro-dollars in that frame, sizes are
 * micro-shares (the 6-decimal base units of the signed order). Price-time priority; a trade
 * prints at the resting order's price. The matching itself is the shared `PriceTimeBook`
 * (../matching-book.ts).
 */
import type { Micros } from '../../core/money.js';
import { PriceTimeBook } from '../matching-book.js';

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
  /** The shared price-time book; this class speaks the CLOB's names over it. */
  private readonly book = new PriceTimeBook();

  submit(order: IncomingOrder): SubmitResult {
    const incoming = {
      orderId: order.orderId,
      accountId: order.accountId,
      side: order.side,
      price: order.price,
      qty: order.size,
      timeInForce: order.timeInForce === 'FOK' ? 'fok' : order.timeInForce === 'FAK' ? 'ioc' : 'rest',
      postOnly: order.postOnly,
      selfTrade: 'cancel_resting',
    } as const;
    // FAK that would match nothing is refused, not accepted empty (the venue's answer); a
    // post-only one that crosses is refused for crossing first.
    const fakUnmatched = order.timeInForce === 'FAK' && this.book.fillable(incoming) === 0;
    if (fakUnmatched && !order.postOnly) return { kind: 'refused', reason: 'fak_no_match' };
    const result = this.book.submit(incoming);
    if (fakUnmatched && result.kind !== 'refused') return { kind: 'refused', reason: 'fak_no_match' };
    if (result.kind === 'refused')
      return {
        kind: 'refused',
        reason: result.reason === 'post_only_would_cross' ? 'post_only_crosses' : 'fok_unfillable',
      };
    return {
      kind: 'accepted',
      matches: result.fills.map((f) => ({
        makerOrderId: f.makerOrderId,
        makerAccountId: f.makerAccountId,
        price: f.price,
        size: f.qty,
      })),
      remaining: result.remaining,
      rests: result.rests,
      selfTradeCanceled: result.selfTradeCanceled,
    };
  }

  cancel(orderId: string): RestingOrder | null {
    return this.book.cancel(orderId);
  }

  /** Removes and returns every resting order the predicate selects (expiry, cancel-all, resolution). */
  removeWhere(predicate: (order: RestingOrder) => boolean): RestingOrder[] {
    return this.book.removeWhere(predicate);
  }

  resting(): readonly RestingOrder[] {
    return this.book.resting();
  }

  bestBid(): Micros | null {
    return this.book.bestBid();
  }

  bestAsk(): Micros | null {
    return this.book.bestAsk();
  }

  /** Aggregated levels in the frame of token 0, best first on each side. */
  levels(): { readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] } {
    return this.book.levels();
  }
}
