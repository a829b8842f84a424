/**
 * Orders, fills, positions and balances (venues.md §2.4, §2.5), over REST and, for the same
 * objects, over the private WebSocket channels. Where Kalshi still sends the legacy `side` /
 * `action` beside `outcome_side` / `book_side`, the new fields win and the legacy ones fill gaps
 * through the direction table of `getting_started/order_direction.md`.
 */
import { z } from 'zod';
import type { Centis, Micros } from '../../core/money.js';
import { MICROS_PER_DOLLAR } from '../../core/money.js';
import type { KalshiResult } from './errors.js';
import {
  actionField,
  averagePriceField,
  bookSideField,
  countField,
  dollarsField,
  epochField,
  isoTimeField,
  nonNegativeDollarsField,
  priceField,
  runSchema,
  sideField,
  signedCountField,
  tickerField,
  wholeField,
} from './parse-fields.js';
import { type KalshiPage, parseItems } from './parse-page.js';

type Side = 'yes' | 'no';
type BookSide = 'bid' | 'ask';

/** Legacy (action, side) to the single-book side: buy YES and sell NO bid; buy NO and sell YES ask. */
export function bookSideOf(action: 'buy' | 'sell', side: Side): BookSide {
  return (action === 'buy') === (side === 'yes') ? 'bid' : 'ask';
}

interface Direction {
  readonly outcomeSide: Side | null;
  readonly bookSide: BookSide | null;
  /** Legacy fields as sent, for reconciliation with older records. */
  readonly side: Side | null;
  readonly action: 'buy' | 'sell' | null;
}

function direction(d: {
  outcome_side?: Side | null;
  book_side?: BookSide | null;
  side?: Side | null;
  action?: 'buy' | 'sell' | null;
}): Direction {
  const legacyBook = d.side && d.action ? bookSideOf(d.action, d.side) : null;
  const bookSide = d.book_side ?? legacyBook;
  const outcomeSide = d.outcome_side ?? (bookSide === null ? null : bookSide === 'bid' ? 'yes' : 'no');
  return { outcomeSide, bookSide, side: d.side ?? null, action: d.action ?? null };
}

const directionFields = {
  outcome_side: sideField.nullish(),
  book_side: bookSideField.nullish(),
  side: sideField.nullish(),
  action: actionField.nullish(),
};

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);
const complement = (p: Micros) => (MICROS_PER_DOLLAR - p) as Micros;

/** Epoch seconds or milliseconds to ms: Kalshi uses both under `ts`-like names. */
function epochMs(n: number): number {
  return n < 100_000_000_000 ? n * 1000 : n;
}

// ---- V2 order create ----------------------------------------------------------------------

export interface KalshiOrderCreated {
  readonly orderId: string;
  readonly clientOrderId: string | null;
  readonly fillCount: Centis;
  /** For IOC orders, what is left after the cancel. */
  readonly remainingCount: Centis;
  readonly averageFillPrice: Micros | null;
  /** Average fee per contract. */
  readonly averageFeePaid: Micros | null;
  readonly venueTs: number | null;
}

const orderCreatedSchema = z
  .object({
    order_id: z.string().min(1),
    client_order_id: nullable(z.string()),
    fill_count: countField,
    remaining_count: countField,
    average_fill_price: nullable(averagePriceField),
    average_fee_paid: nullable(averagePriceField),
    ts_ms: nullable(epochField),
  })
  .transform(
    (o): KalshiOrderCreated => ({
      orderId: o.order_id,
      clientOrderId: o.client_order_id,
      fillCount: o.fill_count,
      remainingCount: o.remaining_count,
      averageFillPrice: o.average_fill_price,
      averageFeePaid: o.average_fee_paid,
      venueTs: o.ts_ms,
    }),
  );

/** The response of `POST /portfolio/events/orders` (V2 create). */
export function parseKalshiOrderCreated(input: unknown): KalshiResult<KalshiOrderCreated> {
  return runSchema(orderCreatedSchema, input, 'order_created');
}

// ---- order object -------------------------------------------------------------------------

export type KalshiOrderStatus = 'resting' | 'canceled' | 'executed';

export interface KalshiOrder extends Direction {
  readonly orderId: string;
  readonly clientOrderId: string | null;
  readonly ticker: string;
  readonly status: KalshiOrderStatus;
  readonly orderType: 'limit' | 'market' | null;
  readonly yesPrice: Micros | null;
  readonly noPrice: Micros | null;
  readonly fillCount: Centis;
  readonly remainingCount: Centis;
  readonly initialCount: Centis | null;
  readonly takerFillCost: Micros | null;
  readonly makerFillCost: Micros | null;
  readonly takerFees: Micros | null;
  readonly makerFees: Micros | null;
  /** Epoch ms. */
  readonly createdTs: number | null;
  readonly lastUpdateTs: number | null;
  readonly expirationTs: number | null;
  readonly exchangeIndex: number | null;
  readonly subaccount: number | null;
}

export const orderObjectSchema = z
  .object({
    order_id: z.string().min(1),
    client_order_id: nullable(z.string()),
    ticker: tickerField,
    status: z.enum(['resting', 'canceled', 'executed']),
    type: nullable(z.enum(['limit', 'market'])),
    ...directionFields,
    yes_price_dollars: nullable(priceField),
    no_price_dollars: nullable(priceField),
    fill_count_fp: countField,
    remaining_count_fp: countField,
    initial_count_fp: nullable(countField),
    taker_fill_cost_dollars: nullable(nonNegativeDollarsField),
    maker_fill_cost_dollars: nullable(nonNegativeDollarsField),
    taker_fees_dollars: nullable(nonNegativeDollarsField),
    maker_fees_dollars: nullable(nonNegativeDollarsField),
    created_time: nullable(isoTimeField),
    created_ts_ms: nullable(epochField),
    last_update_time: nullable(isoTimeField),
    expiration_time: nullable(isoTimeField),
    exchange_index: nullable(wholeField),
    subaccount_number: nullable(wholeField),
  })
  .transform((o): KalshiOrder => {
    const yesPrice =
      o.yes_price_dollars ?? (o.no_price_dollars === null ? null : complement(o.no_price_dollars));
    return {
      orderId: o.order_id,
      clientOrderId: o.client_order_id,
      ticker: o.ticker,
      status: o.status,
      orderType: o.type,
      ...direction(o),
      yesPrice,
      noPrice: o.no_price_dollars ?? (yesPrice === null ? null : complement(yesPrice)),
      fillCount: o.fill_count_fp,
      remainingCount: o.remaining_count_fp,
      initialCount: o.initial_count_fp,
      takerFillCost: o.taker_fill_cost_dollars,
      makerFillCost: o.maker_fill_cost_dollars,
      takerFees: o.taker_fees_dollars,
      makerFees: o.maker_fees_dollars,
      createdTs: o.created_ts_ms ?? o.created_time,
      lastUpdateTs: o.last_update_time,
      expirationTs: o.expiration_time,
      exchangeIndex: o.exchange_index,
      subaccount: o.subaccount_number,
    };
  });

/** A bare order object (REST `{order}` contents, or a `user_order` WebSocket `msg`). */
export function parseKalshiOrder(input: unknown): KalshiResult<KalshiOrder> {
  return runSchema(orderObjectSchema, input, 'order');
}

/** `GET /portfolio/orders/{order_id}`: `{ "order": { … } }`. */
export function parseKalshiOrderResponse(input: unknown): KalshiResult<KalshiOrder> {
  return runSchema(
    z.object({ order: orderObjectSchema }).transform((r) => r.order),
    input,
    'order',
  );
}

/** `GET /portfolio/orders`: `{ "orders": [ … ], "cursor": "…" }`. */
export function parseKalshiOrdersPage(input: unknown): KalshiResult<KalshiPage<KalshiOrder>> {
  return parseItems({ input, key: 'orders', payload: 'orders', parseItem: parseKalshiOrder });
}

// ---- fills --------------------------------------------------------------------------------

export interface KalshiFill extends Direction {
  /** `fill_id` (REST), else the `trade_id` (WebSocket fills carry no fill id). */
  readonly fillId: string;
  readonly tradeId: string | null;
  readonly orderId: string;
  readonly clientOrderId: string | null;
  readonly ticker: string;
  readonly yesPrice: Micros;
  readonly noPrice: Micros;
  readonly count: Centis;
  readonly liquidity: 'taker' | 'maker';
  /** The fee of this fill, rounded up to $0.0001 by the venue; null where not sent. */
  readonly fee: Micros | null;
  /** Epoch ms. */
  readonly venueTs: number;
  readonly exchangeIndex: number | null;
  /** Position after the fill (WebSocket only). */
  readonly postPosition: Centis | null;
  readonly subaccount: number | null;
}

export const fillObjectSchema = z
  .object({
    fill_id: nullable(z.string().min(1)),
    trade_id: nullable(z.string().min(1)),
    order_id: z.string().min(1),
    client_order_id: nullable(z.string()),
    market_ticker: nullable(tickerField),
    ticker: nullable(tickerField),
    ...directionFields,
    yes_price_dollars: nullable(priceField),
    no_price_dollars: nullable(priceField),
    count_fp: countField,
    is_taker: z.boolean(),
    fee_cost: nullable(nonNegativeDollarsField),
    ts_ms: nullable(epochField),
    ts: nullable(epochField),
    created_time: nullable(isoTimeField),
    exchange_index: nullable(wholeField),
    post_position_fp: nullable(signedCountField),
    subaccount: nullable(wholeField),
    subaccount_number: nullable(wholeField),
  })
  .superRefine((f, ctx) => {
    const missing = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (f.fill_id === null && f.trade_id === null) missing('fill_id', 'a fill needs fill_id or trade_id');
    if (f.market_ticker === null && f.ticker === null)
      missing('market_ticker', 'a fill needs market_ticker or ticker');
    if (f.yes_price_dollars === null && f.no_price_dollars === null)
      missing('yes_price_dollars', 'a fill needs yes_price_dollars or no_price_dollars');
    if (f.ts_ms === null && f.ts === null && f.created_time === null)
      missing('ts_ms', 'a fill needs ts_ms, ts or created_time');
  })
  .transform((f): KalshiFill => {
    const yesPrice = f.yes_price_dollars ?? complement(f.no_price_dollars as Micros);
    return {
      fillId: (f.fill_id ?? f.trade_id) as string,
      tradeId: f.trade_id,
      orderId: f.order_id,
      clientOrderId: f.client_order_id,
      ticker: (f.market_ticker ?? f.ticker) as string,
      ...direction(f),
      yesPrice,
      noPrice: f.no_price_dollars ?? complement(yesPrice),
      count: f.count_fp,
      liquidity: f.is_taker ? 'taker' : 'maker',
      fee: f.fee_cost,
      venueTs: f.ts_ms ?? (f.ts === null ? (f.created_time as number) : epochMs(f.ts)),
      exchangeIndex: f.exchange_index,
      postPosition: f.post_position_fp,
      subaccount: f.subaccount ?? f.subaccount_number,
    };
  });

/** A bare fill object (REST list item, or a `fill` WebSocket `msg`). */
export function parseKalshiFill(input: unknown): KalshiResult<KalshiFill> {
  return runSchema(fillObjectSchema, input, 'fill');
}

/** `GET /portfolio/fills`: `{ "fills": [ … ], "cursor": "…" }`. */
export function parseKalshiFillsPage(input: unknown): KalshiResult<KalshiPage<KalshiFill>> {
  return parseItems({ input, key: 'fills', payload: 'fills', parseItem: parseKalshiFill });
}

// ---- positions ----------------------------------------------------------------------------

export interface KalshiMarketPosition {
  readonly ticker: string;
  /** Signed: positive YES contracts, negative NO contracts. */
  readonly position: Centis;
  readonly marketExposure: Micros | null;
  readonly positionCost: Micros | null;
  readonly realizedPnl: Micros | null;
  readonly feesPaid: Micros | null;
  /** Fees in the cost of the open position (WebSocket). */
  readonly positionFeeCost: Micros | null;
  readonly totalTraded: Micros | null;
  readonly volume: Centis | null;
  readonly lastUpdatedTs: number | null;
}

export const marketPositionSchema = z
  .object({
    ticker: nullable(tickerField),
    market_ticker: nullable(tickerField),
    position_fp: signedCountField,
    market_exposure_dollars: nullable(dollarsField),
    position_cost_dollars: nullable(dollarsField),
    realized_pnl_dollars: nullable(dollarsField),
    fees_paid_dollars: nullable(nonNegativeDollarsField),
    position_fee_cost_dollars: nullable(nonNegativeDollarsField),
    total_traded_dollars: nullable(nonNegativeDollarsField),
    volume_fp: nullable(countField),
    last_updated_ts: nullable(z.union([isoTimeField, epochField.transform(epochMs)])),
  })
  .refine((p) => p.ticker !== null || p.market_ticker !== null, {
    path: ['ticker'],
    message: 'a position needs ticker or market_ticker',
  })
  .transform(
    (p): KalshiMarketPosition => ({
      ticker: (p.ticker ?? p.market_ticker) as string,
      position: p.position_fp,
      marketExposure: p.market_exposure_dollars,
      positionCost: p.position_cost_dollars,
      realizedPnl: p.realized_pnl_dollars,
      feesPaid: p.fees_paid_dollars,
      positionFeeCost: p.position_fee_cost_dollars,
      totalTraded: p.total_traded_dollars,
      volume: p.volume_fp,
      lastUpdatedTs: p.last_updated_ts,
    }),
  );

/** `GET /portfolio/positions`: market positions (event positions are not read). */
export function parseKalshiPositionsPage(input: unknown): KalshiResult<KalshiPage<KalshiMarketPosition>> {
  return parseItems({
    input,
    key: 'market_positions',
    payload: 'positions',
    parseItem: (item) => runSchema(marketPositionSchema, item, 'position'),
  });
}

// ---- balance ------------------------------------------------------------------------------

export interface KalshiBalance {
  readonly balance: Micros;
  readonly portfolioValue: Micros | null;
  readonly updatedTs: number | null;
  /** Collateral per exchange shard (venues.md §2.9). */
  readonly byExchange: readonly { readonly exchangeIndex: number; readonly balance: Micros }[];
}

/** Integer cents, the one unit balances still use, to micro-dollars. */
const centsField = z
  .number()
  .int()
  .refine((c) => Number.isSafeInteger(c * 10_000), { message: 'cents out of range' })
  .transform((c) => (c * 10_000) as Micros);

const balanceSchema = z
  .object({
    balance: centsField,
    balance_dollars: nullable(dollarsField),
    portfolio_value: nullable(centsField),
    updated_ts: nullable(epochField.transform(epochMs)),
    balance_breakdown: nullable(z.array(z.object({ exchange_index: wholeField, balance: centsField }))),
  })
  .transform(
    (b): KalshiBalance => ({
      // The dollar string, where sent, carries sub-cent precision the cents field rounds away.
      balance: b.balance_dollars ?? b.balance,
      portfolioValue: b.portfolio_value,
      updatedTs: b.updated_ts,
      byExchange: (b.balance_breakdown ?? []).map((s) => ({
        exchangeIndex: s.exchange_index,
        balance: s.balance,
      })),
    }),
  );

/** `GET /portfolio/balance`. */
export function parseKalshiBalance(input: unknown): KalshiResult<KalshiBalance> {
  return runSchema(balanceSchema, input, 'balance');
}
