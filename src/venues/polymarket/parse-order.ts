/**
 * Order-entry payloads (venues.md §3.3, §3.6): the `POST /order` response, order objects
 * (`/data/order/{id}`, user-channel `order`) and trade objects (`/data/trades`, user-channel
 * `trade`). Pure: no Node API; never throws.
 */
import { z } from 'zod';
import type { Micros } from '../../core/money.js';
import type { PolymarketResult } from './errors.js';
import { fieldError, type MicroShares, priceField, readSize, runSchema, sizeField } from './parse-fields.js';

/** Amounts in the post-order response are decimal strings; absent or empty means none. */
const optionalSize = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v, ctx): MicroShares | null => {
    if (v === undefined || v === null || v === '') return null;
    const r = readSize(String(v));
    if (typeof r === 'string') {
      ctx.addIssue({ code: 'custom', message: r });
      return z.NEVER;
    }
    return r;
  });

const postOrderResponseSchema = z.object({
  success: z.boolean(),
  errorMsg: z.string().nullish(),
  orderID: z.string().nullish(),
  transactionsHashes: z.array(z.string()).nullish(),
  tradeIDs: z.array(z.string()).nullish(),
  status: z.string().nullish(),
  takingAmount: optionalSize,
  makingAmount: optionalSize,
});

export type PostOrderStatus = 'live' | 'matched' | 'delayed' | 'unmatched';

export interface PostOrderResponse {
  readonly success: boolean;
  readonly errorMsg: string | null;
  readonly orderId: string | null;
  /** null when the venue sent a status outside live/matched/delayed/unmatched (kept in rawStatus). */
  readonly status: PostOrderStatus | null;
  readonly rawStatus: string | null;
  readonly tradeIds: readonly string[];
  readonly transactionHashes: readonly string[];
  readonly takingAmount: MicroShares | null;
  readonly makingAmount: MicroShares | null;
}

const POST_STATUSES: readonly string[] = ['live', 'matched', 'delayed', 'unmatched'];

export function parsePostOrderResponse(input: unknown): PolymarketResult<PostOrderResponse> {
  const r = runSchema(postOrderResponseSchema, input, 'post-order');
  if (!r.ok) return r;
  const v = r.value;
  const raw = v.status ?? null;
  const lower = raw?.toLowerCase() ?? null;
  if (v.success && !v.orderID)
    return fieldError('post-order', 'orderID', v.orderID, 'a successful order needs an id');
  return {
    ok: true,
    value: {
      success: v.success,
      errorMsg: v.errorMsg || null,
      orderId: v.orderID || null,
      status: lower !== null && POST_STATUSES.includes(lower) ? (lower as PostOrderStatus) : null,
      rawStatus: raw,
      tradeIds: v.tradeIDs ?? [],
      transactionHashes: v.transactionsHashes ?? [],
      takingAmount: v.takingAmount,
      makingAmount: v.makingAmount,
    },
  };
}

const epochish = z
  .union([z.string().regex(/^\d{1,16}$/, 'not epoch digits'), z.number().int().nonnegative()])
  .transform(Number);

const orderSchema = z.object({
  id: z.string().min(1),
  asset_id: z.string().regex(/^\d{1,78}$/, 'not a decimal token id'),
  market: z.string(),
  side: z.enum(['BUY', 'SELL']),
  price: priceField,
  original_size: sizeField,
  size_matched: sizeField,
  status: z.string(),
  outcome: z.string().nullish(),
  owner: z.string().nullish(),
  order_type: z.string().nullish(),
  type: z.string().nullish(),
  associate_trades: z.array(z.string()).nullish(),
  created_at: epochish.nullish(),
  timestamp: epochish.nullish(),
});

export interface PolymarketOrder {
  readonly orderId: string;
  readonly tokenId: string;
  readonly market: string;
  readonly side: 'BUY' | 'SELL';
  readonly price: Micros;
  readonly originalSize: MicroShares;
  readonly sizeMatched: MicroShares;
  /** As sent: LIVE, MATCHED, DELAYED, UNMATCHED, CANCELED (case varies between REST and WS). */
  readonly status: string;
  /** User-channel event kind: PLACEMENT, UPDATE, CANCELLATION. */
  readonly eventKind: string | null;
  readonly tradeIds: readonly string[];
  readonly time: number | null;
}

export function parsePolymarketOrder(input: unknown): PolymarketResult<PolymarketOrder> {
  const r = runSchema(orderSchema, input, 'order');
  if (!r.ok) return r;
  const o = r.value;
  if (o.size_matched > o.original_size)
    return fieldError(
      'order',
      'size_matched',
      (input as Record<string, unknown>).size_matched,
      'exceeds original_size',
    );
  return {
    ok: true,
    value: {
      orderId: o.id,
      tokenId: o.asset_id,
      market: o.market,
      side: o.side,
      price: o.price,
      originalSize: o.original_size,
      sizeMatched: o.size_matched,
      status: o.status.toUpperCase(),
      eventKind: o.type ?? null,
      tradeIds: o.associate_trades ?? [],
      time: o.timestamp ?? o.created_at ?? null,
    },
  };
}

const makerOrderSchema = z.object({
  order_id: z.string(),
  asset_id: z.string(),
  matched_amount: sizeField,
  price: priceField,
  owner: z.string().nullish(),
  outcome: z.string().nullish(),
});

const tradeSchema = z.object({
  id: z.string().min(1),
  taker_order_id: z.string().nullish(),
  market: z.string(),
  asset_id: z.string().regex(/^\d{1,78}$/, 'not a decimal token id'),
  side: z.enum(['BUY', 'SELL']),
  size: sizeField,
  price: priceField,
  fee_rate_bps: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).nullish(),
  status: z.string(),
  // the docs spell it both ways
  matchtime: epochish.nullish(),
  match_time: epochish.nullish(),
  outcome: z.string().nullish(),
  trader_side: z.enum(['TAKER', 'MAKER']).nullish(),
  maker_orders: z.array(makerOrderSchema).nullish(),
});

export interface PolymarketTrade {
  readonly tradeId: string;
  readonly takerOrderId: string | null;
  readonly market: string;
  readonly tokenId: string;
  readonly side: 'BUY' | 'SELL';
  readonly size: MicroShares;
  readonly price: Micros;
  readonly feeRateBps: number | null;
  /** MATCHED, MINED, CONFIRMED, RETRYING, FAILED. */
  readonly status: string;
  readonly matchTime: number | null;
  readonly traderSide: 'TAKER' | 'MAKER' | null;
  readonly makerOrders: readonly {
    readonly orderId: string;
    readonly tokenId: string;
    readonly matchedAmount: MicroShares;
    readonly price: Micros;
    /** The API key that placed the maker order. */
    readonly owner: string | null;
  }[];
}

export function parsePolymarketTrade(input: unknown): PolymarketResult<PolymarketTrade> {
  const r = runSchema(tradeSchema, input, 'trade');
  if (!r.ok) return r;
  const t = r.value;
  return {
    ok: true,
    value: {
      tradeId: t.id,
      takerOrderId: t.taker_order_id ?? null,
      market: t.market,
      tokenId: t.asset_id,
      side: t.side,
      size: t.size,
      price: t.price,
      feeRateBps: t.fee_rate_bps === null || t.fee_rate_bps === undefined ? null : Number(t.fee_rate_bps),
      status: t.status.toUpperCase(),
      matchTime: t.matchtime ?? t.match_time ?? null,
      traderSide: t.trader_side ?? null,
      makerOrders: (t.maker_orders ?? []).map((m) => ({
        orderId: m.order_id,
        tokenId: m.asset_id,
        matchedAmount: m.matched_amount,
        price: m.price,
        owner: m.owner ?? null,
      })),
    },
  };
}
