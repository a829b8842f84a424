/**
 * The simulator's WebSocket messages in Kalshi's 2026 shapes (venues.md §2.6): book snapshots
 * and signed deltas as `*_dollars` / `*_fp` strings, trades, tickers, fills, user orders, and the
 * command replies with Kalshi's error codes. Pure.
 */
import { type Centis, formatContracts, formatPrice4, type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { KalshiBookSide } from './engine.js';
import type { SimFill, SimLifecycleEvent, SimMarket, SimOrder } from './exchange-types.js';
import type { KalshiEventListing } from './listing-types.js';
import { orderJson } from './wire.js';

/** Kalshi's WebSocket error codes (the ones the simulator answers with). */
export const WS_ERRORS = {
  unprocessable: [1, 'Unable to process message'],
  paramsRequired: [2, 'Params required'],
  channelsRequired: [3, 'Channels required'],
  sidsRequired: [4, 'Subscription IDs required'],
  unknownCommand: [5, 'Unknown command'],
  alreadySubscribed: [6, 'Already subscribed'],
  unknownSid: [7, 'Unknown subscription ID'],
  unknownChannel: [8, 'Unknown channel name'],
  invalidParameter: [11, 'Invalid parameter'],
  exactlyOneSid: [12, 'Exactly one subscription ID required'],
  unsupportedAction: [13, 'Unsupported action'],
  tickerRequired: [14, 'Market Ticker required'],
  actionRequired: [15, 'Action required'],
  marketNotFound: [16, 'Market not found'],
} as const satisfies Record<string, readonly [number, string]>;
export type WsErrorName = keyof typeof WS_ERRORS;

export function wsError(id: number | null, name: WsErrorName) {
  const [code, msg] = WS_ERRORS[name];
  return { id, type: 'error', msg: { code, msg } };
}

/** One side of a book as Kalshi sends it: bids by leg price (YES bids; NO bids at NO prices). */
export type LegLevels = Map<number, number>;

/** A market's book as two bid ladders, the form its snapshot and deltas are written in. */
export interface LegBook {
  readonly yes: LegLevels;
  readonly no: LegLevels;
}

/** The matching book's YES bids and asks, as YES bids and NO bids (a YES ask at p is a NO bid at 1 - p). */
export function legBook(market: SimMarket): LegBook {
  const { bids, asks } = market.book.levels();
  const yes: LegLevels = new Map();
  const no: LegLevels = new Map();
  for (const [price, qty] of bids) yes.set(price, qty);
  for (const [price, qty] of asks) no.set(ONE_DOLLAR - price, qty);
  return { yes, no };
}

export interface LegChange {
  readonly side: 'yes' | 'no';
  /** The leg's own price (a NO level at its NO price). */
  readonly price: number;
  readonly delta: number;
}

/** The signed changes that turn `before` into `after`, YES side first, each ascending by price. */
export function diffLegBooks(before: LegBook, after: LegBook): LegChange[] {
  const changes: LegChange[] = [];
  for (const side of ['yes', 'no'] as const) {
    const prices = new Set([...before[side].keys(), ...after[side].keys()]);
    for (const price of [...prices].sort((a, b) => a - b)) {
      const delta = (after[side].get(price) ?? 0) - (before[side].get(price) ?? 0);
      if (delta !== 0) changes.push({ side, price, delta });
    }
  }
  return changes;
}

/** A NO level's price as sent: its NO price, or the YES price when the subscription asked for it. */
function sentPrice(side: 'yes' | 'no', legPrice: number, useYesPrice: boolean): number {
  return side === 'no' && useYesPrice ? ONE_DOLLAR - legPrice : legPrice;
}

function levelsJson(levels: LegLevels, side: 'yes' | 'no', useYesPrice: boolean) {
  return [...levels.entries()]
    .map(([price, qty]) => [sentPrice(side, price, useYesPrice), qty] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([price, qty]) => [formatPrice4(price as Micros), formatContracts(qty as Centis)]);
}

/** A market id in Kalshi's UUID form, stable per ticker (the simulator keeps none of its own). */
export function simMarketId(ticker: string): string {
  let h = 2166136261;
  for (let i = 0; i < ticker.length; i++) h = Math.imul(h ^ ticker.charCodeAt(i), 16777619) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}0000`;
}

export function snapshotMessage(opts: {
  sid: number;
  seq: number;
  ticker: string;
  book: LegBook;
  useYesPrice: boolean;
}) {
  const msg: Record<string, unknown> = { market_ticker: opts.ticker, market_id: simMarketId(opts.ticker) };
  // Kalshi omits a side that is empty.
  if (opts.book.yes.size > 0) msg.yes_dollars_fp = levelsJson(opts.book.yes, 'yes', opts.useYesPrice);
  if (opts.book.no.size > 0) msg.no_dollars_fp = levelsJson(opts.book.no, 'no', opts.useYesPrice);
  return { type: 'orderbook_snapshot', sid: opts.sid, seq: opts.seq, msg };
}

export function deltaMessage(opts: {
  sid: number;
  seq: number;
  ticker: string;
  change: LegChange;
  useYesPrice: boolean;
  tsMs: number;
}) {
  const { change } = opts;
  return {
    type: 'orderbook_delta',
    sid: opts.sid,
    seq: opts.seq,
    msg: {
      market_ticker: opts.ticker,
      market_id: simMarketId(opts.ticker),
      price_dollars: formatPrice4(sentPrice(change.side, change.price, opts.useYesPrice) as Micros),
      delta_fp: formatContracts(change.delta as Centis),
      side: change.side,
      ts: new Date(opts.tsMs).toISOString(),
      ts_ms: opts.tsMs,
    },
  };
}

export function tradeMessage(opts: {
  sid: number;
  tradeId: string;
  ticker: string;
  price: Micros;
  count: Centis;
  takerSide: KalshiBookSide;
  tsMs: number;
}) {
  const outcome = opts.takerSide === 'bid' ? 'yes' : 'no';
  return {
    type: 'trade',
    sid: opts.sid,
    msg: {
      trade_id: opts.tradeId,
      market_ticker: opts.ticker,
      yes_price_dollars: formatPrice4(opts.price),
      no_price_dollars: formatPrice4((ONE_DOLLAR - opts.price) as Micros),
      count_fp: formatContracts(opts.count),
      taker_side: outcome,
      taker_outcome_side: outcome,
      taker_book_side: opts.takerSide,
      is_block_trade: false,
      ts: Math.floor(opts.tsMs / 1000),
      ts_ms: opts.tsMs,
    },
  };
}

export function tickerMessage(sid: number, market: SimMarket, tsMs: number) {
  const { bids, asks } = market.book.levels();
  const bid = bids.at(-1);
  const ask = asks[0];
  return {
    type: 'ticker',
    sid,
    msg: {
      market_ticker: market.ticker,
      market_id: simMarketId(market.ticker),
      price_dollars: formatPrice4((market.lastPrice ?? 0) as Micros),
      yes_bid_dollars: formatPrice4((bid?.[0] ?? 0) as Micros),
      yes_ask_dollars: formatPrice4((ask?.[0] ?? ONE_DOLLAR) as Micros),
      yes_bid_size_fp: formatContracts((bid?.[1] ?? 0) as Centis),
      yes_ask_size_fp: formatContracts((ask?.[1] ?? 0) as Centis),
      volume_fp: formatContracts(market.volume),
      open_interest_fp: formatContracts(0 as Centis),
      ts: Math.floor(tsMs / 1000),
      ts_ms: tsMs,
      time: new Date(tsMs).toISOString(),
    },
  };
}

export function fillMessage(sid: number, fill: SimFill, postPosition: Centis) {
  const outcome = fill.side === 'bid' ? 'yes' : 'no';
  return {
    type: 'fill',
    sid,
    msg: {
      trade_id: fill.tradeId,
      order_id: fill.orderId,
      client_order_id: fill.clientOrderId,
      market_ticker: fill.ticker,
      is_taker: fill.isTaker,
      side: outcome,
      outcome_side: outcome,
      book_side: fill.side,
      action: 'buy',
      purchased_side: outcome,
      yes_price_dollars: formatPrice4(fill.price),
      no_price_dollars: formatPrice4((ONE_DOLLAR - fill.price) as Micros),
      count_fp: formatContracts(fill.count),
      fee_cost: formatPrice4(fill.fee),
      post_position_fp: formatContracts(postPosition),
      ts: Math.floor(fill.tsMs / 1000),
      ts_ms: fill.tsMs,
      exchange_index: 0,
      subaccount: 0,
    },
  };
}

export function userOrderMessage(sid: number, order: SimOrder) {
  return { type: 'user_order', sid, msg: { ...orderJson(order), created_ts_ms: order.createdMs } };
}

const unixSeconds = (ms: number) => Math.floor(ms / 1000);

/**
 * `market_lifecycle_v2` (websockets/market-and-event-lifecycle.md): each event type carries the
 * keys the docs say exist "ONLY" for it. `created` has the market's times, shard, tick structure
 * and `additional_metadata` (titles, rules, strike) as in the documented example.
 */
export function lifecycleMessage(sid: number, e: SimLifecycleEvent) {
  let msg: Record<string, unknown>;
  switch (e.type) {
    case 'created': {
      const m = e.market;
      const l = m.listing;
      msg = {
        market_ticker: m.ticker,
        event_type: 'created',
        exchange_index: l?.exchangeIndex ?? 0,
        open_ts: unixSeconds(m.openTimeMs),
        close_ts: unixSeconds(m.closeTimeMs),
        price_level_structure: 'linear_cent',
        price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
        additional_metadata: {
          name: m.title,
          title: m.title,
          yes_sub_title: l?.yesSubTitle ?? m.title,
          no_sub_title: l?.noSubTitle ?? m.title,
          rules_primary: l?.rulesPrimary ?? '',
          rules_secondary: l?.rulesSecondary ?? '',
          can_close_early: l?.canCloseEarly ?? true,
          event_ticker: m.eventTicker,
          ...(l ? { expected_expiration_ts: unixSeconds(l.expectedExpirationMs) } : {}),
          ...(l ? { strike_type: 'structured' } : {}),
          ...(l?.customStrike ? { custom_strike: l.customStrike } : {}),
        },
      };
      break;
    }
    case 'activated':
    case 'deactivated':
      msg = { market_ticker: e.ticker, event_type: e.type, is_deactivated: e.type === 'deactivated' };
      break;
    case 'close_date_updated':
      msg = { market_ticker: e.ticker, event_type: e.type, close_ts: unixSeconds(e.closeTimeMs) };
      break;
    case 'determined':
      msg = {
        market_ticker: e.ticker,
        event_type: e.type,
        result: e.result,
        determination_ts: unixSeconds(e.tsMs),
        settlement_value: formatPrice4(e.settlementValue),
      };
      break;
    case 'settled':
      msg = { market_ticker: e.ticker, event_type: e.type, settled_ts: unixSeconds(e.tsMs) };
      break;
  }
  return { type: 'market_lifecycle_v2', sid, msg };
}

/** `event_lifecycle`, sent on the lifecycle channel when an event is created. */
export function eventLifecycleMessage(sid: number, e: KalshiEventListing) {
  return {
    type: 'event_lifecycle',
    sid,
    msg: {
      event_ticker: e.eventTicker,
      exchange_index: e.exchangeIndex,
      title: e.title,
      subtitle: e.subTitle,
      collateral_return_type: 'MECNET',
      series_ticker: e.seriesTicker,
    },
  };
}
