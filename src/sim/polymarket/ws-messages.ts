/**
 * The WebSocket messages the simulator sends, in the venue's shapes (venues.md §3.6; docs
 * market and user channels). Pure.
 */
import type { SimPolyOrder, SimPolyTrade } from './exchange.js';
import { decimalText, type SimPolyMarket } from './market.js';
import type { bookSummary } from './wire.js';

export type Summary = ReturnType<typeof bookSummary>;

export function levelMap(s: Summary): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of s.bids) m.set(`b:${l.price}`, l.size);
  for (const l of s.asks) m.set(`a:${l.price}`, l.size);
  return m;
}

export function orderMessage(type: string, o: SimPolyOrder, outcome: string, owner: string) {
  return {
    event_type: 'order',
    type,
    id: o.orderId,
    asset_id: o.tokenId,
    market: o.conditionId,
    outcome,
    price: decimalText(o.price),
    side: o.side,
    original_size: decimalText(o.originalSize),
    size_matched: decimalText(o.sizeMatched),
    status: o.status,
    owner,
    order_owner: o.owner,
    associate_trades: o.associateTrades.length > 0 ? [...o.associateTrades] : null,
    timestamp: String(Math.floor(o.createdMs / 1000)),
  };
}

export function tradeMessage(t: SimPolyTrade, owner: string) {
  const seconds = String(Math.floor(t.matchMs / 1000));
  return {
    event_type: 'trade',
    type: 'TRADE',
    id: t.id,
    asset_id: t.tokenId,
    market: t.conditionId,
    outcome: t.outcome,
    price: decimalText(t.price),
    side: t.side,
    size: decimalText(t.size),
    status: t.status,
    taker_order_id: t.takerOrderId,
    maker_orders: [
      {
        asset_id: t.maker.tokenId,
        matched_amount: decimalText(t.maker.size),
        order_id: t.maker.orderId,
        outcome: t.maker.outcome,
        owner: t.maker.owner,
        price: decimalText(t.maker.price),
      },
    ],
    owner,
    trade_owner: t.takerOwner,
    matchtime: seconds,
    last_update: String(Math.floor(t.lastUpdateMs / 1000)),
    timestamp: String(Math.floor(t.lastUpdateMs / 1000)),
  };
}

/** `best_bid_ask` (custom features): the top of one token's book. */
export function bestBidAskMessage(s: Summary, nowMs: number) {
  const bid = s.bids.at(-1)?.price ?? '0';
  const ask = s.asks.at(-1)?.price ?? '1';
  const spread = decimalText(Math.round(Number(ask) * 1e6) - Math.round(Number(bid) * 1e6));
  return {
    event_type: 'best_bid_ask',
    market: s.market,
    asset_id: s.asset_id,
    best_bid: bid,
    best_ask: ask,
    spread,
    timestamp: String(nowMs),
  };
}

/**
 * `market_resolved` (custom features). Its fields are not in our reference; these are named
 * after the market channel's other messages [inferred].
 */
export function marketResolvedMessage(market: SimPolyMarket, nowMs: number) {
  const winner = market.winner ?? 0;
  return {
    event_type: 'market_resolved',
    market: market.spec.conditionId,
    assets_ids: [...market.spec.tokenIds],
    winning_asset_id: market.spec.tokenIds[winner],
    winning_outcome: market.spec.outcomes[winner],
    timestamp: String(nowMs),
  };
}

/** `new_market` (custom features) [fields inferred, as for market_resolved]. */
export function newMarketMessage(market: SimPolyMarket, nowMs: number) {
  return {
    event_type: 'new_market',
    market: market.spec.conditionId,
    question: market.spec.question,
    slug: market.spec.slug,
    assets_ids: [...market.spec.tokenIds],
    outcomes: [...market.spec.outcomes],
    timestamp: String(nowMs),
  };
}
