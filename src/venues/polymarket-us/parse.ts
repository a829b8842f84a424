/**
 * Polymarket US REST payloads (polymarket-us.md §5–6, orders and portfolio schemas) to typed
 * values with integer money: prices in micro-dollars (YES frame), quantities in centi-contracts.
 * Unknown fields are ignored; a missing or malformed field we need is a PmusParseError naming it.
 */
import { z } from 'zod';
import type { Centis, Micros } from '../../core/money.js';
import { runSchemaWith } from '../parse-error.js';
import { zCentis, zMicros } from './amounts.js';
import { type PmusResult, pmusParseError } from './errors.js';

export const PMUS_INTENTS = [
  'ORDER_INTENT_BUY_LONG',
  'ORDER_INTENT_SELL_LONG',
  'ORDER_INTENT_BUY_SHORT',
  'ORDER_INTENT_SELL_SHORT',
] as const;
export type PmusIntent = (typeof PMUS_INTENTS)[number];

export const PMUS_ORDER_STATES = [
  'ORDER_STATE_NEW',
  'ORDER_STATE_PARTIALLY_FILLED',
  'ORDER_STATE_FILLED',
  'ORDER_STATE_CANCELED',
  'ORDER_STATE_REPLACED',
  'ORDER_STATE_REJECTED',
  'ORDER_STATE_EXPIRED',
  'ORDER_STATE_PENDING_NEW',
  'ORDER_STATE_PENDING_REPLACE',
  'ORDER_STATE_PENDING_CANCEL',
  'ORDER_STATE_PENDING_RISK',
] as const;
export type PmusOrderState = (typeof PMUS_ORDER_STATES)[number];

const zTime = z
  .string()
  .refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO date-time')
  .transform((s) => Date.parse(s));

const zOrder = z.object({
  id: z.string().min(1),
  marketSlug: z.string().min(1),
  intent: z.enum(PMUS_INTENTS).optional(),
  state: z.enum(PMUS_ORDER_STATES),
  price: zMicros.optional(),
  quantity: zCentis,
  cumQuantity: zCentis.optional(),
  leavesQuantity: zCentis.optional(),
  tif: z.string().optional(),
  createTime: zTime.optional(),
  commissionNotionalTotalCollected: zMicros.optional(),
});
export type PmusOrder = z.output<typeof zOrder>;

export const zExecution = z.object({
  id: z.string().min(1),
  order: zOrder,
  type: z.string(),
  lastShares: zCentis.optional(),
  lastPx: zMicros.optional(),
  tradeId: z.string().optional(),
  aggressor: z.boolean().optional(),
  commissionNotionalCollected: zMicros.optional(),
  transactTime: zTime.optional(),
  orderRejectReason: z.string().optional(),
  text: z.string().optional(),
});
export type PmusExecution = z.output<typeof zExecution>;

const createOrderResponse = z.object({ id: z.string().min(1), executions: z.array(zExecution).optional() });
const getOrderResponse = z.object({ order: zOrder });
const openOrdersResponse = z.object({ orders: z.array(zOrder).default([]) });

const zPosition = z
  .object({
    netPosition: zCentis.optional(),
    netPositionDecimal: zCentis.optional(),
    expired: z.boolean().optional(),
  })
  .refine(
    (p) => p.netPosition !== undefined || p.netPositionDecimal !== undefined,
    'expected netPositionDecimal',
  );
const positionsResponse = z.object({
  positions: z.record(z.string(), zPosition).default({}),
  nextCursor: z.string().optional(),
  eof: z.boolean().optional(),
});

const balancesResponse = z.object({
  balances: z.array(
    z.object({ currentBalance: zMicros, currency: z.string(), buyingPower: zMicros.optional() }),
  ),
});

const zTrade = z.object({
  id: z.string().min(1),
  marketSlug: z.string().min(1),
  price: zMicros,
  qty: zCentis.optional(),
  qtyDecimal: zCentis.optional(),
  isAggressor: z.boolean().optional(),
  createTime: zTime.optional(),
  state: z.string().optional(),
});
const activitiesResponse = z.object({
  activities: z.array(z.object({ type: z.string(), trade: zTrade.optional() })).default([]),
  nextCursor: z.string().optional(),
  eof: z.boolean().optional(),
});

function run<T>(schema: z.ZodType<T>, input: unknown, payload: string): PmusResult<T> {
  return runSchemaWith({ schema, input, payload, error: pmusParseError });
}

export function parseCreateOrderResponse(input: unknown) {
  return run(createOrderResponse, input, 'create order');
}
export function parseGetOrderResponse(input: unknown) {
  return run(getOrderResponse, input, 'order');
}
export function parseOpenOrders(input: unknown) {
  return run(openOrdersResponse, input, 'open orders');
}

export interface PmusPositionsPage {
  /** Net YES contracts per market slug; negative is short (NO). */
  readonly positions: ReadonlyMap<string, Centis>;
  readonly nextCursor: string | null;
}
export function parsePositionsPage(input: unknown): PmusResult<PmusPositionsPage> {
  const r = run(positionsResponse, input, 'positions');
  if (!r.ok) return r;
  const positions = new Map<string, Centis>();
  for (const [slug, p] of Object.entries(r.value.positions)) {
    // Prefer the decimal form: the integer one is rounded (deprecated).
    positions.set(slug, (p.netPositionDecimal ?? p.netPosition ?? 0) as Centis);
  }
  const done = r.value.eof === true || !r.value.nextCursor;
  return { ok: true, value: { positions, nextCursor: done ? null : (r.value.nextCursor ?? null) } };
}

/** The USD balance: cash including what backs open orders. */
export function parseUsdBalance(input: unknown): PmusResult<Micros> {
  const r = run(balancesResponse, input, 'balances');
  if (!r.ok) return r;
  const usd = r.value.balances.find((b) => b.currency === 'USD');
  if (!usd)
    return {
      ok: false,
      error: pmusParseError({
        payload: 'balances',
        field: 'balances',
        value: input,
        reason: 'no USD balance',
      }),
    };
  return { ok: true, value: usd.currentBalance };
}

export interface PmusTrade {
  readonly tradeId: string;
  readonly marketSlug: string;
  readonly price: Micros;
  readonly qty: Centis;
  readonly aggressor: boolean | null;
  readonly ts: number | null;
}
export function parseTradesPage(
  input: unknown,
): PmusResult<{ trades: PmusTrade[]; nextCursor: string | null }> {
  const r = run(activitiesResponse, input, 'activities');
  if (!r.ok) return r;
  const trades: PmusTrade[] = [];
  for (const a of r.value.activities) {
    if (a.type !== 'ACTIVITY_TYPE_TRADE' || !a.trade) continue;
    const t = a.trade;
    trades.push({
      tradeId: t.id,
      marketSlug: t.marketSlug,
      price: t.price,
      qty: (t.qtyDecimal ?? t.qty ?? 0) as Centis,
      aggressor: t.isAggressor ?? null,
      ts: t.createTime ?? null,
    });
  }
  const done = r.value.eof === true || !r.value.nextCursor;
  return { ok: true, value: { trades, nextCursor: done ? null : (r.value.nextCursor ?? null) } };
}

/** One execution as the private channel's `orderSubscriptionUpdate` carries it. */
export function parseExecution(input: unknown) {
  return run(zExecution, input, 'ws:orderSubscriptionUpdate.execution');
}
