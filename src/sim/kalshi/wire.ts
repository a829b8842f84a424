/**
 * The simulator's objects in Kalshi's 2026 wire shapes (venues.md §2.3–2.5): prices as
 * `*_dollars` strings with 4 decimals, counts as `*_fp` strings with 2. Pure.
 */
import { type Centis, formatContracts, formatPrice4, type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { SimAccount, SimFill, SimMarket, SimOrder } from './exchange-types.js';

/** RFC 3339 as Kalshi's Go servers write it: fractional seconds only when there are any. */
export function kalshiTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}
const iso = kalshiTime;
const noPrice = (yes: Micros) => formatPrice4((ONE_DOLLAR - yes) as Micros);

/**
 * A market object with the fields of the real KXNFLGAME capture. A bare market (no listing)
 * uses its ticker for the texts and has no rules. The simulator keeps no day-old prices or
 * 24 h window: `previous_*` repeat the current values and `volume_24h_fp` the whole volume.
 */
export function marketJson(m: SimMarket) {
  const { bids, asks } = m.book.levels();
  const bestBid = bids.at(-1);
  const bestAsk = asks[0];
  const l = m.listing;
  const yesBid = formatPrice4((bestBid?.[0] ?? 0) as Micros);
  const yesAsk = formatPrice4((bestAsk?.[0] ?? ONE_DOLLAR) as Micros);
  const lastPrice = formatPrice4((m.lastPrice ?? 0) as Micros);
  // latest_expiration_time keeps the scheduled close; close_time moves when it closes early.
  const latest = iso(l?.closeMs ?? m.closeTimeMs);
  return {
    can_close_early: l?.canCloseEarly ?? true,
    close_time: iso(m.closeTimeMs),
    created_time: iso(m.createdMs),
    ...(l?.customStrike ? { custom_strike: l.customStrike } : {}),
    ...(l ? { early_close_condition: l.earlyCloseCondition } : {}),
    event_ticker: m.eventTicker,
    exchange_index: l?.exchangeIndex ?? 0,
    expected_expiration_time: l ? iso(l.expectedExpirationMs) : null,
    expiration_time: latest,
    expiration_value: '',
    last_price_dollars: lastPrice,
    latest_expiration_time: latest,
    market_type: 'binary',
    no_ask_dollars: noPrice((bestBid?.[0] ?? 0) as Micros),
    no_bid_dollars: noPrice((bestAsk?.[0] ?? ONE_DOLLAR) as Micros),
    no_sub_title: l?.noSubTitle ?? m.title,
    notional_value_dollars: '1.0000',
    occurrence_datetime: l ? iso(l.expectedExpirationMs) : null,
    open_interest_fp: formatContracts(0 as Centis),
    open_time: iso(m.openTimeMs),
    previous_price_dollars: lastPrice,
    previous_yes_ask_dollars: yesAsk,
    previous_yes_bid_dollars: yesBid,
    price_level_structure: 'linear_cent',
    price_ranges: [{ end: '1.0000', start: '0.0000', step: '0.0100' }],
    result: m.result,
    rules_primary: l?.rulesPrimary ?? '',
    rules_secondary: l?.rulesSecondary ?? '',
    settlement_bounds_type: 'default',
    settlement_timer_seconds: m.settlementTimerSeconds,
    ...(m.settlementValue === null ? {} : { settlement_value_dollars: formatPrice4(m.settlementValue) }),
    ...(m.settledMs === null ? {} : { settlement_ts: iso(m.settledMs) }),
    status: m.status,
    ...(l ? { strike_type: 'structured' } : {}),
    ticker: m.ticker,
    title: m.title,
    updated_time: iso(m.updatedMs),
    volume_24h_fp: formatContracts(m.volume),
    volume_fp: formatContracts(m.volume),
    yes_ask_dollars: yesAsk,
    yes_ask_size_fp: formatContracts((bestAsk?.[1] ?? 0) as Centis),
    yes_bid_dollars: yesBid,
    yes_bid_size_fp: formatContracts((bestBid?.[1] ?? 0) as Centis),
    yes_sub_title: l?.yesSubTitle ?? m.title,
  };
}

/** Bids only, each side ascending; the NO side is the YES asks at NO-leg prices. */
export function orderbookJson(m: SimMarket, depth: number) {
  const { bids, asks } = m.book.levels();
  const keep = <T>(levels: readonly T[]) => (depth > 0 ? levels.slice(-depth) : levels);
  const yes = bids.map(([p, q]) => [formatPrice4(p), formatContracts(q)]);
  const no = [...asks].reverse().map(([p, q]) => [noPrice(p), formatContracts(q)]);
  return { orderbook_fp: { yes_dollars: keep(yes), no_dollars: keep(no) } };
}

export function orderJson(o: SimOrder) {
  return {
    order_id: o.orderId,
    user_id: o.accountId,
    client_order_id: o.clientOrderId,
    ticker: o.ticker,
    status: o.status,
    type: 'limit',
    outcome_side: o.side === 'bid' ? 'yes' : 'no',
    book_side: o.side,
    yes_price_dollars: formatPrice4(o.price),
    no_price_dollars: noPrice(o.price),
    fill_count_fp: formatContracts(o.fillCount),
    remaining_count_fp: formatContracts(o.remainingCount),
    initial_count_fp: formatContracts(o.initialCount),
    taker_fill_cost_dollars: formatPrice4(o.takerFillCost),
    maker_fill_cost_dollars: formatPrice4(o.makerFillCost),
    taker_fees_dollars: formatPrice4(o.takerFees),
    maker_fees_dollars: formatPrice4(o.makerFees),
    created_time: iso(o.createdMs),
    last_update_time: iso(o.lastUpdateMs),
    expiration_time: o.expirationTime === null ? null : iso(o.expirationTime * 1000),
    self_trade_prevention_type: o.selfTradePrevention,
    subaccount_number: 0,
    exchange_index: 0,
  };
}

/** The V2 create response; averages are per contract over the fills of this request. */
export function orderCreatedJson(o: SimOrder, fills: readonly SimFill[], nowMs: number) {
  const own = fills.filter((f) => f.orderId === o.orderId);
  const count = own.reduce((s, f) => s + f.count, 0);
  const perContract = (total: number) => formatPrice4(Math.round((total * 100) / count) as Micros);
  return {
    order_id: o.orderId,
    client_order_id: o.clientOrderId,
    fill_count: formatContracts(o.fillCount),
    remaining_count: formatContracts(o.remainingCount),
    ...(count > 0
      ? {
          average_fill_price: perContract(own.reduce((s, f) => s + f.price * f.count, 0) / 100),
          average_fee_paid: perContract(own.reduce((s, f) => s + f.fee, 0)),
        }
      : {}),
    ts_ms: nowMs,
  };
}

export function fillJson(f: SimFill) {
  return {
    fill_id: f.fillId,
    trade_id: f.tradeId,
    order_id: f.orderId,
    client_order_id: f.clientOrderId,
    ticker: f.ticker,
    market_ticker: f.ticker,
    outcome_side: f.side === 'bid' ? 'yes' : 'no',
    book_side: f.side,
    count_fp: formatContracts(f.count),
    yes_price_dollars: formatPrice4(f.price),
    no_price_dollars: noPrice(f.price),
    is_taker: f.isTaker,
    fee_cost: formatPrice4(f.fee),
    created_time: iso(f.tsMs),
    ts: Math.floor(f.tsMs / 1000),
    subaccount_number: 0,
    exchange_index: 0,
  };
}

export function positionsJson(a: SimAccount) {
  return {
    market_positions: [...a.positions.entries()].map(([ticker, p]) => ({
      ticker,
      position_fp: formatContracts(p.position),
      market_exposure_dollars: formatPrice4(0 as Micros),
      realized_pnl_dollars: formatPrice4(0 as Micros),
      fees_paid_dollars: formatPrice4(p.feesPaid),
      total_traded_dollars: formatPrice4(p.totalTraded),
      last_updated_ts: iso(p.lastUpdatedMs),
    })),
    event_positions: [],
    cursor: '',
  };
}

export function balanceJson(a: SimAccount, nowMs: number) {
  // Cents are floored, as Kalshi floors balance changes to the user's precision.
  const cents = Math.floor(a.balance / 10_000);
  return {
    balance: cents,
    balance_dollars: formatPrice4(a.balance),
    portfolio_value: cents,
    updated_ts: Math.floor(nowMs / 1000),
    balance_breakdown: [{ exchange_index: 0, balance: cents }],
  };
}

/** Kalshi's error body. */
export function errorJson(code: string, message: string, details = '') {
  return { code, message, details, service: 'trade-api' };
}

/** Cursor pagination over an array: the cursor is the index of the next item. */
export function page<T>(items: readonly T[], cursor: string | null, limit: number) {
  const start = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 0;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? String(start + limit) : '';
  return { slice, cursor: next };
}
