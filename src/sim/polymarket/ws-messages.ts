/**
 * The WebSocket messages the simulator sends, in the venue's shapes (venues.md §3.6; docs
 * market and user channels). Pure.
 */

import { decimalText, type SimPolyEventSpec, type SimPolyMarket } from './market.js';
import type { SimPolyOrder, SimPolyTrade } from './records.js';
import type { bookSummary } from './wire.js';
import { gammaMarketId } from './wire-markets.js';

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

/** The event a lifecycle message names (`event_message`). */
function eventMessage(event: SimPolyEventSpec | undefined) {
  return event
    ? {
        id: event.id,
        ticker: event.slug,
        slug: event.slug,
        title: event.title,
        description: event.description ?? '',
      }
    : null;
}

/** What `new_market` and `market_resolved` share: the market as the docs' examples show it. */
function marketFields(market: SimPolyMarket, event: SimPolyEventSpec | undefined) {
  const s = market.spec;
  return {
    id: gammaMarketId(s),
    question: s.question,
    market: s.conditionId,
    slug: s.slug,
    description: s.description ?? '',
    assets_ids: [...s.tokenIds],
    outcomes: [...s.outcomes],
    event_message: eventMessage(event),
  };
}

/**
 * `market_resolved` (custom features), with `winning_asset_id` and `winning_outcome` (docs
 * market channel; third-party parsers of the live feed). A 50-50 resolution has no winning
 * token: `winning_asset_id` is empty and `winning_outcome` "50-50" [inferred: not seen live].
 */
export function marketResolvedMessage(
  market: SimPolyMarket,
  event: SimPolyEventSpec | undefined,
  nowMs: number,
) {
  const r = market.resolution;
  const winner = r?.kind === 'winner' ? r.index : null;
  return {
    event_type: 'market_resolved',
    ...marketFields(market, event),
    winning_asset_id: winner === null ? '' : market.spec.tokenIds[winner],
    winning_outcome: winner === null ? '50-50' : market.spec.outcomes[winner],
    timestamp: String(nowMs),
  };
}

/** `new_market` (custom features): a market just listed. */
export function newMarketMessage(market: SimPolyMarket, event: SimPolyEventSpec | undefined, nowMs: number) {
  return { event_type: 'new_market', ...marketFields(market, event), timestamp: String(nowMs) };
}
