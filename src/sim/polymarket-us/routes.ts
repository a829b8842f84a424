/**
 * The REST routes of the Polymarket US simulator, as pure functions of a parsed request: public
 * market data (what the gateway host serves) and the authenticated trading and portfolio paths
 * (what the API host serves), with the venue's paths and shapes (polymarket-us.md §3, §5, §6).
 */
import type { Micros } from '../../core/money.js';
import { amountToMicros } from '../../venues/polymarket-us/amounts.js';
import { PMUS_INTENTS, type PmusIntent } from '../../venues/polymarket-us/parse.js';
import type { JsonReply } from '../http-json.js';
import type { SimPmusExchange } from './exchange.js';
import {
  wireBbo,
  wireExecution,
  wireMarket,
  wireMarketData,
  wireOrder,
  wirePositions,
  wireTradeActivities,
} from './wire.js';

export interface SimPmusRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export const badRequest = (message: string): JsonReply => ({ status: 400, body: { code: 3, message } });
const notFound = (message: string): JsonReply => ({ status: 404, body: { code: 5, message } });
const ok = (body: unknown): JsonReply => ({ status: 200, body });

/** Paths that need a signed request (the API host's). */
export function isAuthenticatedPath(path: string): boolean {
  return /^\/v1\/(orders|order|portfolio|account)(\/|$)/.test(path);
}

export function handlePublic(
  exchange: SimPmusExchange,
  req: SimPmusRequest,
  nowMs: number,
): JsonReply | null {
  if (req.method !== 'GET') return null;
  if (req.path === '/v1/markets') {
    const limit = Math.min(Number(req.query.get('limit') ?? 100) || 100, 1000);
    const offset = Number(req.query.get('offset') ?? 0) || 0;
    const slugs = req.query.getAll('slug');
    const active = req.query.get('active');
    const all = [...exchange.markets.values()]
      .filter((m) => slugs.length === 0 || slugs.includes(m.slug))
      .filter((m) => active === null || (active === 'true') === (m.state === 'MARKET_STATE_OPEN'));
    return ok({ markets: all.slice(offset, offset + limit).map(wireMarket) });
  }
  let m = /^\/v1\/market\/slug\/([^/]+)$/.exec(req.path);
  if (m) {
    const market = exchange.markets.get(decodeURIComponent(m[1] as string));
    return market ? ok({ market: wireMarket(market) }) : notFound('market not found');
  }
  m = /^\/v1\/markets\/([^/]+)\/(book|bbo|settlement)$/.exec(req.path);
  if (m) {
    const market = exchange.markets.get(decodeURIComponent(m[1] as string));
    if (!market) return notFound('market not found');
    if (m[2] === 'book') return ok({ marketData: wireMarketData(market, nowMs) });
    if (m[2] === 'bbo') return ok({ marketData: wireBbo(market) });
    if (market.settlement === null) return notFound('market not settled');
    return ok({ slug: market.slug, settlement: market.settlement / 1_000_000 });
  }
  return null;
}

const TIFS = new Set([
  'TIME_IN_FORCE_DAY',
  'TIME_IN_FORCE_GOOD_TILL_CANCEL',
  'TIME_IN_FORCE_GOOD_TILL_DATE',
  'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
  'TIME_IN_FORCE_FILL_OR_KILL',
]);

function intentOf(b: Record<string, unknown>): PmusIntent | string {
  // outcomeSide + action wins over intent when both are set, as the venue documents.
  if (b.outcomeSide !== undefined || b.action !== undefined) {
    const yes = b.outcomeSide === 'OUTCOME_SIDE_YES';
    const no = b.outcomeSide === 'OUTCOME_SIDE_NO';
    const buy = b.action === 'ORDER_ACTION_BUY';
    const sell = b.action === 'ORDER_ACTION_SELL';
    if (!(yes || no) || !(buy || sell)) return 'outcomeSide and action must both be set';
    return `ORDER_INTENT_${buy ? 'BUY' : 'SELL'}_${yes ? 'LONG' : 'SHORT'}`;
  }
  if (typeof b.intent === 'string' && (PMUS_INTENTS as readonly string[]).includes(b.intent)) return b.intent;
  return `intent must be one of ${PMUS_INTENTS.join(', ')}`;
}

function createOrder(exchange: SimPmusExchange, accountId: string, body: unknown, nowMs: number): JsonReply {
  if (body === null || typeof body !== 'object') return badRequest('body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.marketSlug !== 'string' || b.marketSlug === '') return badRequest('marketSlug is required');
  const intent = intentOf(b);
  if (!intent.startsWith('ORDER_INTENT_')) return badRequest(intent);
  if ((b.type ?? 'ORDER_TYPE_LIMIT') !== 'ORDER_TYPE_LIMIT')
    return badRequest('the simulator takes ORDER_TYPE_LIMIT orders only');
  const price = amountToMicros(b.price);
  if (price === null) return badRequest('price must be an Amount {value, currency} for a limit order');
  if (typeof b.quantity !== 'number' || !Number.isFinite(b.quantity) || b.quantity <= 0)
    return badRequest('quantity must be a positive number of contracts');
  const qty = Math.round(b.quantity * 100);
  if (Math.abs(qty - b.quantity * 100) > 1e-6) return badRequest('quantity has more than 2 decimals');
  const tif = b.tif ?? 'TIME_IN_FORCE_GOOD_TILL_CANCEL';
  if (typeof tif !== 'string' || !TIFS.has(tif))
    return badRequest(`tif ${JSON.stringify(tif)} is not a TimeInForce`);
  const out = exchange.submit(
    accountId,
    {
      slug: b.marketSlug,
      intent: intent as PmusIntent,
      price: price as Micros,
      qty,
      tif,
      postOnly: b.participateDontInitiate === true,
    },
    nowMs,
  );
  if (out.kind === 'bad_request') return badRequest(out.message);
  return ok({
    id: out.order.id,
    ...(b.synchronousExecution === true
      ? { executions: out.executions.map((e) => wireExecution(e, exchange)) }
      : {}),
  });
}

function page<T>(
  items: readonly T[],
  query: URLSearchParams,
): { items: T[]; nextCursor?: string; eof: boolean } {
  const limit = Math.max(1, Math.min(Number(query.get('limit') ?? 100) || 100, 1000));
  const start = Number(query.get('cursor') ?? 0) || 0;
  const slice = items.slice(start, start + limit);
  const eof = start + limit >= items.length;
  return { items: slice, eof, ...(eof ? {} : { nextCursor: String(start + limit) }) };
}

export function handleTrading(
  exchange: SimPmusExchange,
  accountId: string,
  req: SimPmusRequest,
  nowMs: number,
): JsonReply {
  const { method, path } = req;
  if (method === 'POST' && path === '/v1/orders') return createOrder(exchange, accountId, req.body, nowMs);
  if (method === 'GET' && path === '/v1/orders/open') {
    const orders = exchange.openOrders(accountId, req.query.getAll('slugs'));
    return ok({ orders: orders.map((o) => wireOrder(o, o, exchange.markets.get(o.slug))) });
  }
  if (method === 'POST' && path === '/v1/orders/open/cancel') {
    const slugs = (req.body as { slugs?: unknown } | null)?.slugs;
    const list = Array.isArray(slugs) ? slugs.filter((s): s is string => typeof s === 'string') : [];
    const canceled = exchange
      .openOrders(accountId, list)
      .filter((o) => exchange.cancel(accountId, o.id, nowMs));
    return ok({ canceledOrderIds: canceled.map((o) => o.id) });
  }
  let m = /^\/v1\/order\/([^/]+)$/.exec(path);
  if (m && method === 'GET') {
    const order = exchange.orders.get(decodeURIComponent(m[1] as string));
    if (!order || order.accountId !== accountId) return notFound('order not found');
    return ok({ order: wireOrder(order, order, exchange.markets.get(order.slug)) });
  }
  m = /^\/v1\/order\/([^/]+)\/cancel$/.exec(path);
  if (m && method === 'POST') {
    const id = decodeURIComponent(m[1] as string);
    const order = exchange.orders.get(id);
    if (!order || order.accountId !== accountId) return notFound('order not found');
    if (!exchange.cancel(accountId, id, nowMs)) return badRequest(`order ${id} is not open (${order.state})`);
    return ok({});
  }
  if (method === 'GET' && path === '/v1/portfolio/positions') return ok(wirePositions(exchange, accountId));
  if (method === 'GET' && path === '/v1/portfolio/activities') {
    const types = req.query.getAll('types');
    const trades = types.length === 0 || types.includes('ACTIVITY_TYPE_TRADE');
    const all = trades ? wireTradeActivities(exchange, accountId, req.query.get('marketSlug')) : [];
    if (req.query.get('sortOrder') !== 'SORT_ORDER_ASCENDING') all.reverse();
    const p = page(all, req.query);
    return ok({ activities: p.items, eof: p.eof, ...(p.nextCursor ? { nextCursor: p.nextCursor } : {}) });
  }
  if (method === 'GET' && path === '/v1/account/balances') {
    const cash = exchange.account(accountId).cash;
    const reserved = cash - exchange.buyingPower(accountId);
    return ok({
      balances: [
        {
          currentBalance: cash / 1_000_000,
          currency: 'USD',
          buyingPower: (cash - reserved) / 1_000_000,
          openOrders: reserved / 1_000_000,
          unsettledFunds: 0,
        },
      ],
    });
  }
  return notFound(`no route ${method} ${path}`);
}
