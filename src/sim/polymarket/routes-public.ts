/**
 * The simulator's public CLOB routes (venues.md §3.3, clob-client-v2 `endpoints.ts`); Gamma's
 * are in routes-gamma.ts. Pure: the server passes the clock and the book hasher.
 */
import type { PolySimExchange } from './exchange.js';
import { decimalText, type SimPolyMarket } from './market.js';
import { bookSummary } from './wire.js';
import { clobMarketJson, clobMarketSummary } from './wire-markets.js';

export interface RouteReply {
  readonly status: number;
  readonly body: unknown;
}

export const ok = (body: unknown): RouteReply => ({ status: 200, body });
export const err = (status: number, error: string): RouteReply => ({ status, body: { error } });

export interface PublicContext {
  readonly exchange: PolySimExchange;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly nowMs: number;
  /**
   * What `/time` answers, epoch ms: the clock signed timestamps are checked against (the
   * server's `authNow`), since clients read it to sign; `nowMs` when absent.
   */
  readonly serverTimeMs?: number;
  /** The CLOB's order version (`GET /version`): 2 signs for the V2 exchanges, 3 for ExchangeV3. */
  readonly clobVersion: 2 | 3;
  /** Fills a book summary's `hash` (SHA-1 of its JSON with `hash: ""`) and returns it. */
  readonly hashBook: (summary: ReturnType<typeof bookSummary>) => ReturnType<typeof bookSummary>;
}

function token(ctx: PublicContext, id: string | null): { market: SimPolyMarket; index: 0 | 1 } | RouteReply {
  if (!id || !/^\d{1,78}$/.test(id)) return err(400, 'Invalid token id');
  const info = ctx.exchange.tokenInfo(id);
  return info ?? err(404, 'No orderbook exists for the requested token id');
}
const isReply = (x: unknown): x is RouteReply => typeof x === 'object' && x !== null && 'status' in x;

/** A public CLOB route's answer, or null when the path is not one. */
export function handlePublic(ctx: PublicContext): RouteReply | null {
  const { method, path, query, exchange } = ctx;
  if (method === 'GET' && path === '/') return ok('OK');
  if (method === 'GET' && path === '/ok') return ok('OK');
  if (method === 'GET' && path === '/time') return ok(Math.floor((ctx.serverTimeMs ?? ctx.nowMs) / 1000));
  if (method === 'GET' && path === '/version') return ok({ version: ctx.clobVersion });

  if (method === 'GET' && path === '/book') {
    const t = token(ctx, query.get('token_id'));
    return isReply(t) ? t : ok(ctx.hashBook(bookSummary(t.market, t.index)));
  }
  if (method === 'POST' && path === '/books') {
    if (!Array.isArray(ctx.body)) return err(400, 'Invalid payload');
    if (ctx.body.length > 500) return err(400, 'Payload exceeds the limit');
    const out = [];
    for (const item of ctx.body) {
      const id =
        typeof item === 'object' && item !== null ? (item as { token_id?: unknown }).token_id : undefined;
      const t = token(ctx, typeof id === 'string' ? id : null);
      if (isReply(t)) {
        if (t.status === 400) return err(400, 'Invalid payload');
        continue;
      }
      out.push(ctx.hashBook(bookSummary(t.market, t.index)));
    }
    return ok(out);
  }
  if (method === 'GET' && path === '/tick-size') {
    const t = token(ctx, query.get('token_id'));
    return isReply(t) ? t : ok({ minimum_tick_size: Number(t.market.tickSize) });
  }
  if (method === 'GET' && path === '/neg-risk') {
    const t = token(ctx, query.get('token_id'));
    return isReply(t) ? t : ok({ neg_risk: t.market.spec.negRisk });
  }
  if (method === 'GET' && path === '/fee-rate') {
    const t = token(ctx, query.get('token_id'));
    return isReply(t) ? t : ok({ base_fee: Math.round(t.market.spec.fee.ratePpm / 100) });
  }
  if (method === 'GET' && path === '/midpoint') {
    const t = token(ctx, query.get('token_id'));
    if (isReply(t)) return t;
    const bid = t.market.book.bestBid();
    const ask = t.market.book.bestAsk();
    if (bid === null || ask === null) return err(404, 'No orderbook exists for the requested token id');
    const mid = Math.round((bid + ask) / 2);
    return ok({ mid: decimalText(t.index === 0 ? mid : 1_000_000 - mid) });
  }
  if (method === 'GET' && path === '/last-trade-price') {
    const t = token(ctx, query.get('token_id'));
    if (isReply(t)) return t;
    const last = t.market.lastTradePrice;
    return ok({
      price: last === null ? '0.5' : decimalText(t.index === 0 ? last : 1_000_000 - last),
      side: '',
    });
  }
  if (method === 'GET' && path.startsWith('/markets-by-token/')) {
    const t = token(ctx, path.slice('/markets-by-token/'.length));
    return isReply(t)
      ? t
      : ok({
          condition_id: t.market.spec.conditionId,
          primary_token_id: t.market.spec.tokenIds[0],
          secondary_token_id: t.market.spec.tokenIds[1],
        });
  }
  if (method === 'GET' && path.startsWith('/clob-markets/')) {
    const market = exchange.markets.get(path.slice('/clob-markets/'.length));
    return market ? ok(clobMarketJson(market)) : err(404, 'market not found');
  }
  if (method === 'GET' && (path === '/markets' || path === '/sampling-markets')) {
    // One page holds every simulated market, so the cursor always ends.
    const data = [...exchange.markets.values()].map(clobMarketSummary);
    return ok({ limit: data.length, count: data.length, next_cursor: 'LTE=', data });
  }
  if (method === 'GET' && path.startsWith('/markets/')) {
    const market = exchange.markets.get(path.slice('/markets/'.length));
    return market ? ok(clobMarketSummary(market)) : err(404, 'market not found');
  }
  return null;
}
