/**
 * The simulator's objects in Polymarket's wire shapes (venues.md §3.2–3.6; clob-client-v2
 * `types/clob.ts`): decimal strings for prices and sizes, books per token (the second token's
 * book is the mirror of the first's), orders and trades as the CLOB's `/data/*` return them.
 * Pure.
 */
import type { Micros } from '../../core/money.js';
import type { BookLevel } from './engine.js';
import type { SimPolyOrder, SimPolyTrade } from './exchange.js';
import { decimalText, type SimPolyEventSpec, type SimPolyMarket } from './market.js';

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

/** `GET /clob-markets/{condition_id}` (clob-client-v2 `MarketDetails`). */
export function clobMarketJson(market: SimPolyMarket) {
  const s = market.spec;
  return {
    c: s.conditionId,
    t: s.tokenIds.map((t, i) => ({ t, o: s.outcomes[i] })),
    mts: Number(market.tickSize),
    nr: s.negRisk,
    fd: { r: s.fee.ratePpm / 1e6, e: s.fee.exponent, to: true },
    mbf: 0,
    tbf: Math.round(s.fee.ratePpm / 100),
    r: null,
    ao: market.status === 'open',
    mos: s.minOrderSize / 1e6,
    sd: s.takerDelaySeconds ?? 0,
    gst: s.gameStartTimeMs === null ? undefined : gammaTime(s.gameStartTimeMs),
    cbos: s.clearBookOnStart ?? false,
    itode: (s.takerDelaySeconds ?? 0) > 0,
  };
}

/** Gamma's `gameStartTime` form: "2026-08-07 00:00:00+00". */
export function gammaTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}+00`;
}

export function gammaMarketJson(market: SimPolyMarket) {
  const s = market.spec;
  const { bids, asks } = market.book.levels();
  const bestBid = bids[0]?.[0] ?? null;
  const bestAsk = asks[0]?.[0] ?? null;
  const mid = (
    bestBid !== null && bestAsk !== null ? (bestBid + bestAsk) / 2 : (market.lastTradePrice ?? 500_000)
  ) as Micros;
  const ids = JSON.stringify(s.tokenIds);
  return {
    id: s.conditionId.slice(2, 10),
    question: s.question,
    conditionId: s.conditionId,
    slug: s.slug,
    active: market.status !== 'resolved',
    closed: market.status !== 'open',
    acceptingOrders: market.status === 'open',
    enableOrderBook: true,
    outcomes: JSON.stringify(s.outcomes),
    outcomePrices: JSON.stringify(
      market.winner !== null
        ? market.winner === 0
          ? ['1', '0']
          : ['0', '1']
        : [
            decimalText(Math.round(mid / 1000) * 1000),
            decimalText(1_000_000 - Math.round(mid / 1000) * 1000),
          ],
    ),
    version: s.version,
    ...(s.version === 'v2' ? { positionIds: [...s.tokenIds] } : { clobTokenIds: ids }),
    negRisk: s.negRisk,
    orderPriceMinTickSize: Number(market.tickSize),
    orderMinSize: s.minOrderSize / 1e6,
    feeSchedule: { rate: s.fee.ratePpm / 1e6, exponent: s.fee.exponent },
    sportsMarketType: s.sportsMarketType,
    gameStartTime: s.gameStartTimeMs === null ? null : gammaTime(s.gameStartTimeMs),
    endDate: new Date(s.endTimeMs).toISOString(),
    bestBid: bestBid === null ? null : bestBid / 1e6,
    bestAsk: bestAsk === null ? null : bestAsk / 1e6,
    lastTradePrice: market.lastTradePrice === null ? 0 : market.lastTradePrice / 1e6,
    eventId: s.eventId,
  };
}

export function gammaEventJson(event: SimPolyEventSpec, markets: readonly SimPolyMarket[]) {
  return {
    id: event.id,
    slug: event.slug,
    title: event.title,
    seriesSlug: event.seriesSlug,
    startTime: new Date(event.startTimeMs).toISOString(),
    sport: { sport: event.sport },
    teams: event.teams.map((t) => ({
      name: t.name,
      abbreviation: t.abbreviation,
      alias: t.name,
      ordering: t.ordering,
    })),
    negRisk: event.negRisk,
    active: markets.some((m) => m.status !== 'resolved'),
    closed: markets.every((m) => m.status !== 'open'),
    markets: markets.map(gammaMarketJson),
  };
}
