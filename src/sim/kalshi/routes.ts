/**
 * The simulator's endpoints as functions from a parsed request to a reply, so the HTTP layer
 * only reads bytes, checks auth and injects faults. Malformed input gets a 400 in Kalshi's
 * error shape, and `counted` marks it for the server's bad-request counter.
 */
import { z } from 'zod';
import type { FeeSchedule } from '../../core/instruments.js';
import { type Centis, type Micros, parseContracts, parseDollars } from '../../core/money.js';
import type { KalshiSimExchange, SimMarket } from './exchange.js';
import { placeMakerQuotes } from './maker.js';
import type { Scenario, ScenarioQueue } from './scenarios.js';
import {
  balanceJson,
  errorJson,
  fillJson,
  marketJson,
  orderbookJson,
  orderCreatedJson,
  orderJson,
  page,
  positionsJson,
} from './wire.js';

export interface RouteReply {
  readonly status: number;
  readonly body: unknown;
  /** A malformed request, counted by the server. */
  readonly counted?: boolean;
}

const ok = (body: unknown, status = 200): RouteReply => ({ status, body });
const fail = (status: number, code: string, message: string, counted = false): RouteReply => ({
  status,
  body: errorJson(code, message),
  counted,
});
const badRequest = (message: string) => fail(400, 'bad_request', message, true);

const money = (parse: (s: unknown) => number) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    try {
      return parse(typeof v === 'number' ? String(v) : v);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

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

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

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
  const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  const limit = Math.min(Math.max(Number(query.get('limit') ?? 100) || 100, 1), 1000);
  const cursor = query.get('cursor');
  const route = `${method} /${parts.map((p, i) => (i > 0 && isParam(parts, i) ? ':' : p)).join('/')}`;

  switch (route) {
    case 'GET /markets': {
      const markets = [...ex.markets.values()].filter(
        (m) =>
          (!query.get('series_ticker') || m.seriesTicker === query.get('series_ticker')) &&
          (!query.get('event_ticker') || m.eventTicker === query.get('event_ticker')) &&
          (!query.get('status') || statusMatches(m.status, query.get('status') as string)),
      );
      const p = page(markets, cursor, limit);
      return ok({ markets: p.slice.map(marketJson), cursor: p.cursor });
    }
    case 'GET /markets/:': {
      const m = ex.markets.get(parts[1] as string);
      return m ? ok({ market: marketJson(m) }) : fail(404, 'not_found', `no market ${parts[1]}`);
    }
    case 'GET /markets/:/orderbook': {
      const m = ex.markets.get(parts[1] as string);
      const depth = Number(query.get('depth') ?? 0);
      if (!Number.isInteger(depth) || depth < 0 || depth > 100) return badRequest('depth must be 0-100');
      return m ? ok(orderbookJson(m, depth)) : fail(404, 'not_found', `no market ${parts[1]}`);
    }
    case 'GET /events': {
      const series = query.get('series_ticker');
      const status = query.get('status');
      const nested = query.get('with_nested_markets') === 'true';
      const events = eventsOf(ex).filter(
        (e) =>
          (!series || e.seriesTicker === series) &&
          (!status || e.markets.some((m) => statusMatches(m.status, status))),
      );
      const p = page(events, cursor, Math.min(limit, 200));
      return ok({ events: p.slice.map((e) => eventJson(e, nested)), cursor: p.cursor });
    }
    case 'GET /events/:': {
      const event = eventsOf(ex).find((e) => e.eventTicker === parts[1]);
      if (!event) return fail(404, 'not_found', `no event ${parts[1]}`);
      // Kalshi answers a single event with its markets beside it.
      return ok({ event: eventJson(event, false), markets: event.markets.map(marketJson) });
    }
    case 'GET /series/:': {
      const market = [...ex.markets.values()].find((m) => m.seriesTicker === parts[1]);
      if (!market) return fail(404, 'not_found', `no series ${parts[1]}`);
      return ok({
        series: { ticker: parts[1], title: parts[1], exchange_index: 0, ...feeTerms(market.fees) },
      });
    }
  }

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
      const orders = [...ex.orders.values()].filter(
        (o) =>
          o.accountId === accountId &&
          (!query.get('ticker') || o.ticker === query.get('ticker')) &&
          (!query.get('status') || o.status === query.get('status')),
      );
      const p = page(orders, cursor, limit);
      return ok({ orders: p.slice.map(orderJson), cursor: p.cursor });
    }
    case 'GET /portfolio/fills': {
      const fills = ex.fills.filter(
        (f) =>
          f.accountId === accountId &&
          (!query.get('ticker') || f.ticker === query.get('ticker')) &&
          (!query.get('order_id') || f.orderId === query.get('order_id')),
      );
      const p = page(fills, cursor, limit);
      return ok({ fills: p.slice.map(fillJson), cursor: p.cursor });
    }
    case 'GET /portfolio/positions':
      return ok(positionsJson(account));
    case 'GET /portfolio/balance':
      return ok(balanceJson(account, req.now));
  }
  return fail(404, 'not_found', `no endpoint ${method} ${req.path}`);
}

/** Which path segments are parameters, per the routes above. */
function isParam(parts: readonly string[], i: number): boolean {
  if (parts[0] === 'markets' || parts[0] === 'series' || parts[0] === 'events') return i === 1;
  if (parts[0] === 'portfolio' && parts[1] === 'orders') return i === 2;
  if (parts[0] === 'portfolio' && parts[1] === 'events' && parts[2] === 'orders') return i === 3;
  return false;
}

interface SimEvent {
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly title: string;
  readonly markets: SimMarket[];
}

/** Events are not stored apart: an event is the markets that name it, in listing order. */
function eventsOf(ex: KalshiSimExchange): SimEvent[] {
  const byTicker = new Map<string, SimEvent>();
  for (const m of ex.markets.values()) {
    const event = byTicker.get(m.eventTicker);
    if (event) event.markets.push(m);
    else
      byTicker.set(m.eventTicker, {
        eventTicker: m.eventTicker,
        seriesTicker: m.seriesTicker,
        title: m.title,
        markets: [m],
      });
  }
  return [...byTicker.values()];
}

function eventJson(e: SimEvent, nested: boolean) {
  return {
    event_ticker: e.eventTicker,
    series_ticker: e.seriesTicker,
    title: e.title,
    mutually_exclusive: true,
    ...(nested ? { markets: e.markets.map(marketJson) } : {}),
  };
}

function statusMatches(status: string, filter: string): boolean {
  // The filter uses the query vocabulary (open/closed/settled), the object the lifecycle one.
  const asFilter = status === 'active' ? 'open' : status === 'finalized' ? 'settled' : status;
  return filter.split(',').includes(asFilter);
}

function feeTerms(fees: FeeSchedule) {
  if (fees.kind !== 'kalshi_quadratic') return { fee_type: 'quadratic', fee_multiplier: '1' };
  const feeType = !fees.makerFees
    ? 'quadratic'
    : fees.makerSharePpm === 500_000
      ? 'quadratic_with_combo_maker_fees'
      : 'quadratic_with_maker_fees';
  return { fee_type: feeType, fee_multiplier: String(fees.multiplierPpm / 1_000_000) };
}

/** What the admin API acts on. */
export interface AdminTarget {
  readonly exchange: KalshiSimExchange;
  readonly scenarios: ScenarioQueue;
  registerKey(opts: { keyId: string; accountId: string; publicKeyPem: string }): void;
}

const adminSchemas = {
  account: z.object({
    account_id: z.string().min(1),
    balance_dollars: money(parseDollars),
    key_id: z.string().min(1).optional(),
    public_key_pem: z.string().min(1).optional(),
  }),
  market: z.object({
    ticker: z.string().min(1),
    event_ticker: z.string().min(1),
    series_ticker: z.string().min(1),
    title: z.string().optional(),
    close_time_ms: z.number().int().positive(),
    fee_multiplier_ppm: z.number().int().nonnegative().default(1_000_000),
    maker_fees: z.boolean().default(false),
  }),
  settle: z.object({ result: z.enum(['yes', 'no']) }),
  quotes: z.object({
    account_id: z.string().min(1),
    ticker: z.string().min(1),
    /** [price_dollars, count_fp] pairs, as Kalshi writes levels. */
    yes_bids: z.array(z.tuple([money(parseDollars), money(parseContracts)])).default([]),
    yes_asks: z.array(z.tuple([money(parseDollars), money(parseContracts)])).default([]),
  }),
  scenario: z.object({
    method: z.string().optional(),
    path_prefix: z.string().optional(),
    times: z.number().int().positive().default(1),
    effect: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('latency'), ms: z.number().int().nonnegative() }),
      z.object({
        kind: z.literal('server_error'),
        status: z.union([z.literal(500), z.literal(502), z.literal(503)]),
      }),
      z.object({ kind: z.literal('rate_limit') }),
      z.object({
        kind: z.literal('execute_then_hang'),
        answer_after_ms: z.number().int().nonnegative().nullable(),
      }),
    ]),
  }),
};

export function handleAdmin(req: {
  server: AdminTarget;
  method: string;
  path: string;
  body: unknown;
  now: number;
}): RouteReply {
  const { server, method, path, body } = req;
  const settleMatch = /^\/sim\/markets\/([^/]+)\/settle$/.exec(path);
  if (method === 'POST' && path === '/sim/accounts') {
    const p = adminSchemas.account.safeParse(body);
    if (!p.success) return badRequest(describe(p.error));
    server.exchange.deposit(p.data.account_id, p.data.balance_dollars as Micros);
    if (p.data.key_id && p.data.public_key_pem)
      server.registerKey({
        keyId: p.data.key_id,
        accountId: p.data.account_id,
        publicKeyPem: p.data.public_key_pem,
      });
    return ok({ account_id: p.data.account_id }, 201);
  }
  if (method === 'POST' && path === '/sim/markets') {
    const p = adminSchemas.market.safeParse(body);
    if (!p.success) return badRequest(describe(p.error));
    const m = p.data;
    server.exchange.addMarket({
      ticker: m.ticker,
      eventTicker: m.event_ticker,
      seriesTicker: m.series_ticker,
      ...(m.title === undefined ? {} : { title: m.title }),
      closeTimeMs: m.close_time_ms,
      fees: { kind: 'kalshi_quadratic', multiplierPpm: m.fee_multiplier_ppm, makerFees: m.maker_fees },
    });
    return ok({ ticker: m.ticker }, 201);
  }
  if (method === 'POST' && settleMatch) {
    const p = adminSchemas.settle.safeParse(body);
    if (!p.success) return badRequest(describe(p.error));
    const refusal = server.exchange.settle(
      decodeURIComponent(settleMatch[1] as string),
      p.data.result,
      req.now,
    );
    return refusal ? fail(refusal.status, refusal.code, refusal.message) : ok({ settled: true });
  }
  if (method === 'POST' && path === '/sim/quotes') {
    const p = adminSchemas.quotes.safeParse(body);
    if (!p.success) return badRequest(describe(p.error));
    const levels = (ls: [number, number][]) =>
      ls.map(([price, qty]) => [price as Micros, qty as Centis] as const);
    const refusals = placeMakerQuotes(
      server.exchange,
      {
        accountId: p.data.account_id,
        ticker: p.data.ticker,
        bids: levels(p.data.yes_bids),
        asks: levels(p.data.yes_asks),
      },
      req.now,
    );
    return refusals.length > 0
      ? fail(400, 'quotes_refused', refusals.map((r) => `${r.code}: ${r.message}`).join('; '))
      : ok({ placed: p.data.yes_bids.length + p.data.yes_asks.length }, 201);
  }
  if (method === 'POST' && path === '/sim/scenarios') {
    const p = adminSchemas.scenario.safeParse(body);
    if (!p.success) return badRequest(describe(p.error));
    const e = p.data.effect;
    const scenario: Scenario = {
      ...(p.data.method === undefined ? {} : { method: p.data.method }),
      ...(p.data.path_prefix === undefined ? {} : { pathPrefix: p.data.path_prefix }),
      times: p.data.times,
      effect: e.kind === 'execute_then_hang' ? { kind: e.kind, answerAfterMs: e.answer_after_ms } : e,
    };
    server.scenarios.add(scenario);
    return ok({ added: true }, 201);
  }
  return fail(404, 'not_found', `no admin endpoint ${method} ${path}`);
}
