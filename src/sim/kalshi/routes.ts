/**
 * The simulator's endpoints as functions from a parsed request to a reply, so the HTTP layer
 * only reads bytes, checks auth and injects faults. Malformed input gets a 400 in Kalshi's
 * error shape, and `counted` marks it for the server's bad-request counter.
 */
import { z } from 'zod';
import { type Centis, type Micros, parseContracts, parseDollars } from '../../core/money.js';
import type { KalshiSimExchange } from './exchange.js';
import {
  badRequest,
  describe,
  fail,
  KALSHI_SIM_API_ROOT,
  money,
  notFound,
  ok,
  type RouteReply,
} from './route-helpers.js';
import { publicRoute } from './routes-public.js';
import { balanceJson, fillJson, orderCreatedJson, orderJson, page, positionsJson } from './wire.js';

export type { RouteReply } from './route-helpers.js';

const createOrderSchema = z.object({
  ticker: z.string().min(1),
  client_order_id: z.string().max(128).optional(),
  side: z.enum(['bid', 'ask']),
  count: money(parseContracts),
  price: money(parseDollars),
  time_in_force: z.enum(['fill_or_kill', 'good_till_canceled', 'immediate_or_cancel']),
  self_trade_prevention_type: z.enum(['taker_at_cross', 'maker']),
  post_only: z.boolean().optional(),
  reduce_only: z.boolean().optional(),
  cancel_order_on_pause: z.boolean().optional(),
  expiration_time: z.number().int().positive().optional(),
  subaccount: z.number().int().nonnegative().optional(),
  exchange_index: z.number().int().optional(),
  order_group_id: z.string().optional(),
});

export interface TradeApiRequest {
  readonly exchange: KalshiSimExchange;
  readonly method: string;
  /** Path below /trade-api/v2. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The authenticated account, for /portfolio/*. */
  readonly accountId: string | null;
  readonly now: number;
}

export function handleTradeApi(req: TradeApiRequest): RouteReply {
  const { exchange: ex, method, query } = req;
  const parts = pathParts(req.path);
  if (!parts) return badRequest(`path ${req.path} is not valid URL encoding`);
  const limit = Math.min(Math.max(Number(query.get('limit') ?? 100) || 100, 1), 1000);
  const cursor = query.get('cursor');
  const route = `${method} /${parts.map((p, i) => (i > 0 && isParam(parts, i) ? ':' : p)).join('/')}`;

  const publicReply = publicRoute({ req, route, parts, limit, cursor });
  if (publicReply) return publicReply;
  if (parts[0] !== 'portfolio') return notFound(method, `${KALSHI_SIM_API_ROOT}${req.path}`);

  const accountId = req.accountId as string;
  const account = ex.accounts.get(accountId);
  if (!account) return fail(404, 'not_found', 'no account for this key');
  switch (route) {
    case 'POST /portfolio/events/orders': {
      const parsed = createOrderSchema.safeParse(req.body);
      if (!parsed.success) return badRequest(describe(parsed.error));
      const b = parsed.data;
      const result = ex.createOrder(
        {
          accountId,
          ticker: b.ticker,
          clientOrderId: b.client_order_id ?? '',
          side: b.side,
          price: b.price as Micros,
          count: b.count as Centis,
          timeInForce: b.time_in_force,
          selfTradePrevention: b.self_trade_prevention_type,
          postOnly: b.post_only ?? false,
          expirationTime: b.expiration_time ?? null,
        },
        req.now,
      );
      if (!result.ok) return fail(result.refusal.status, result.refusal.code, result.refusal.message);
      return ok(orderCreatedJson(result.order, result.fills, req.now), 201);
    }
    case 'DELETE /portfolio/events/orders/:': {
      const before = ex.orders.get(parts[3] as string)?.remainingCount ?? 0;
      const result = ex.cancelOrder(accountId, parts[3] as string, req.now);
      if ('code' in result) return fail(result.status, result.code, result.message);
      return ok({
        order_id: result.orderId,
        client_order_id: result.clientOrderId,
        reduced_by: (before / 100).toFixed(2),
        ts_ms: req.now,
      });
    }
    case 'GET /portfolio/orders/:': {
      ex.expire(req.now);
      const o = ex.orders.get(parts[2] as string);
      return o && o.accountId === accountId
        ? ok({ order: orderJson(o) })
        : fail(404, 'not_found', `no order ${parts[2]}`);
    }
    case 'GET /portfolio/orders': {
      ex.expire(req.now);
      const orders = [...ex.ordersOf(accountId)].filter(
        (o) =>
          (!query.get('ticker') || o.ticker === query.get('ticker')) &&
          (!query.get('status') || o.status === query.get('status')),
      );
      const p = page(orders, cursor, limit);
      return ok({ orders: p.slice.map(orderJson), cursor: p.cursor });
    }
    case 'GET /portfolio/fills': {
      const since = secondsParam(query.get('min_ts'));
      const until = secondsParam(query.get('max_ts'));
      if (since === 'invalid' || until === 'invalid')
        return fail(400, 'invalid_parameters', 'min_ts and max_ts are unix seconds');
      const fills = ex
        .fillsOf(accountId)
        .filter(
          (f) =>
            (!query.get('ticker') || f.ticker === query.get('ticker')) &&
            (!query.get('order_id') || f.orderId === query.get('order_id')) &&
            (since === null || f.tsMs >= since * 1000) &&
            (until === null || f.tsMs <= until * 1000),
        );
      const p = page(fills, cursor, limit);
      return ok({ fills: p.slice.map(fillJson), cursor: p.cursor });
    }
    case 'GET /portfolio/positions':
      return ok(positionsJson(account));
    case 'GET /portfolio/balance':
      return ok(balanceJson(account, req.now));
  }
  return notFound(method, `${KALSHI_SIM_API_ROOT}${req.path}`);
}

/** A unix-seconds query value: null when absent, 'invalid' when not a whole number. */
function secondsParam(value: string | null): number | null | 'invalid' {
  if (value === null || value === '') return null;
  return /^\d+$/.test(value) ? Number(value) : 'invalid';
}

/** The decoded path segments; null when a segment is not valid percent-encoding. */
function pathParts(path: string): string[] | null {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}

/** Which path segments are parameters, per the routes above. */
function isParam(parts: readonly string[], i: number): boolean {
  if (parts[0] === 'markets' || parts[0] === 'series' || parts[0] === 'events') return i === 1;
  if (parts[0] === 'portfolio' && parts[1] === 'orders') return i === 2;
  if (parts[0] === 'portfolio' && parts[1] === 'events' && parts[2] === 'orders') return i === 3;
  return false;
}
