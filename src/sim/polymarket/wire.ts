/**
 * The simulator's books, orders and trades in Polymarket's wire shapes (venues.md §3.3–3.6;
 * clob-client-v2 `types/clob.ts`): decimal strings for prices and sizes, books per token (the
 * second token's book is the mirror of the first's), orders and trades as the CLOB's `/data/*`
 * return them. Markets and events are in wire-markets.ts. Pure.
 */
import type { BookLevel } from './engine.js';
import { decimalText, type SimPolyMarket } from './market.js';
import type { SimPolyOrder, SimPolyTrade } from './records.js';

export const INITIAL_CURSOR = 'MA==';
export const END_CURSOR = 'LTE=';

const seconds = (ms: number) => String(Math.floor(ms / 1000));

export interface TokenLevels {
  /** Best last, as the venue sends them: bids ascending, asks descending. */
  readonly bids: readonly { price: string; size: string }[];
  readonly asks: readonly { price: string; size: string }[];
}

/** One token's levels from the frame-of-token-0 book. */
export function tokenLevels(
  levels: { readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] },
  index: 0 | 1,
): TokenLevels {
  const level = ([p, s]: BookLevel, flip: boolean) => ({
    price: decimalText(flip ? 1_000_000 - p : p),
    size: decimalText(s),
  });
  if (index === 0)
    return {
      bids: [...levels.bids].reverse().map((l) => level(l, false)),
      asks: [...levels.asks].reverse().map((l) => level(l, false)),
    };
  // Token 1: its bids are token 0's asks at 1 − p; its asks are token 0's bids.
  return {
    bids: [...levels.asks].reverse().map((l) => level(l, true)),
    asks: [...levels.bids].reverse().map((l) => level(l, true)),
  };
}

/**
 * The `/book` summary, keys in the order of a captured venue response; `hash` is left empty for the caller to
 * fill with the SHA-1 of this very object (clob-client `generateOrderBookSummaryHash`).
 */
export function bookSummary(market: SimPolyMarket, index: 0 | 1) {
  const frozen = market.frozenBook;
  const source = frozen ?? market.book.levels();
  const { bids, asks } = tokenLevels(source, index);
  const last = market.lastTradePrice;
  return {
    market: market.spec.conditionId,
    asset_id: market.spec.tokenIds[index],
    timestamp: String(frozen?.atMs ?? market.bookChangedMs),
    hash: '',
    bids,
    asks,
    min_order_size: decimalText(market.spec.minOrderSize),
    tick_size: market.tickSize,
    neg_risk: market.spec.negRisk,
    last_trade_price: last === null ? '' : decimalText(index === 0 ? last : 1_000_000 - last),
  };
}

export function orderJson(o: SimPolyOrder, market: SimPolyMarket) {
  return {
    id: o.orderId,
    status: o.status,
    owner: o.owner,
    maker_address: o.makerAddress,
    market: o.conditionId,
    asset_id: o.tokenId,
    side: o.side,
    original_size: decimalText(o.originalSize),
    size_matched: decimalText(o.sizeMatched),
    price: decimalText(o.price),
    associate_trades: [...o.associateTrades],
    outcome: market.spec.outcomes[o.tokenIndex],
    created_at: Math.floor(o.createdMs / 1000),
    expiration: String(o.expirationSeconds),
    order_type: o.orderType,
  };
}

/** A trade as `/data/trades` shows it to `viewer` (an account id): as taker or as maker. */
export function tradeJson(t: SimPolyTrade, viewer: string) {
  const m = t.maker;
  return {
    id: t.id,
    taker_order_id: t.takerOrderId,
    market: t.conditionId,
    asset_id: t.tokenId,
    side: t.side,
    size: decimalText(t.size),
    fee_rate_bps: String(t.feeRateBps),
    price: decimalText(t.price),
    status: t.status,
    match_time: seconds(t.matchMs),
    last_update: seconds(t.lastUpdateMs),
    outcome: t.outcome,
    bucket_index: 0,
    owner: t.takerOwner,
    maker_address: t.takerAddress,
    maker_orders: [
      {
        order_id: m.orderId,
        owner: m.owner,
        maker_address: m.makerAddress,
        matched_amount: decimalText(m.size),
        price: decimalText(m.price),
        fee_rate_bps: '0',
        asset_id: m.tokenId,
        outcome: m.outcome,
        side: m.side,
      },
    ],
    transaction_hash: t.transactionHash,
    trader_side: viewer === t.takerAccountId ? 'TAKER' : 'MAKER',
  };
}
