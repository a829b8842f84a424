/**
 * The simulator's public market-data endpoints (no signature needed): exchange status, series,
 * events and markets with Kalshi's filters, and order books. `status` filters use the query
 * vocabulary (`unopened|open|paused|closed|settled`, one value; events have no `paused`) mapped
 * onto lifecycle statuses as documented; an event matches when any of its markets does. Pure.
 */
import type { KalshiSimExchange } from './exchange.js';
import type { SimMarket } from './exchange-types.js';
import {
  EVENT_STATUS_FILTERS,
  MARKET_STATUS_FILTERS,
  type MarketStatusFilter,
  statusMatchesFilter,
} from './lifecycle.js';
import { badRequest, fail, ok, type RouteReply } from './route-helpers.js';
import { marketJson, orderbookJson, page } from './wire.js';
import { bareSeries, eventJson, exchangeStatusJson, type SimEventView, seriesJson } from './wire-listing.js';

export interface PublicRouteRequest {
  readonly req: { readonly exchange: KalshiSimExchange; readonly query: URLSearchParams };
  /** `GET /markets/:` style: the method and the path with its parameters as `:`. */
  readonly route: string;
  readonly parts: readonly string[];
  readonly limit: number;
  readonly cursor: string | null;
}

/** The reply, or null when the route is not a public one. */
export function publicRoute({ req, route, parts, limit, cursor }: PublicRouteRequest): RouteReply | null {
  const { exchange: ex, query } = req;
  switch (route) {
    case 'GET /exchange/status':
      return ok(exchangeStatusJson({ exchangeActive: ex.exchangeActive, tradingActive: ex.tradingActive }));
    case 'GET /series': {
      const category = query.get('category');
      const tags = listParam(query.get('tags'));
      const series = allSeries(ex).filter(
        (s) => (!category || s.category === category) && (!tags || s.tags.some((t) => tags.includes(t))),
      );
      const withMetadata = query.get('include_product_metadata') === 'true';
      return ok({ series: series.map((s) => seriesJson(s, withMetadata)) });
    }
    case 'GET /series/:': {
      const series = allSeries(ex).find((s) => s.ticker === parts[1]);
      return series
        ? ok({ series: seriesJson(series, true) })
        : fail(404, 'not_found', `no series ${parts[1]}`);
    }
    case 'GET /markets': {
      const status = statusFilter(query.get('status'), MARKET_STATUS_FILTERS);
      if (status === 'invalid') return badStatus(MARKET_STATUS_FILTERS);
      const tickers = listParam(query.get('tickers'));
      const closeTs = closeTsRange(query);
      if (closeTs === 'invalid') return badRequest('min_close_ts and max_close_ts must be Unix seconds');
      const markets = [...ex.markets.values()].filter(
        (m) =>
          (!query.get('series_ticker') || m.seriesTicker === query.get('series_ticker')) &&
          (!query.get('event_ticker') || m.eventTicker === query.get('event_ticker')) &&
          (!tickers || tickers.includes(m.ticker)) &&
          (!status || statusMatchesFilter(m.status, status)) &&
          m.closeTimeMs > closeTs.min &&
          m.closeTimeMs < closeTs.max,
      );
      const p = page(markets, cursor, limit);
      return ok({ cursor: p.cursor, markets: p.slice.map(marketJson) });
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
      const status = statusFilter(query.get('status'), EVENT_STATUS_FILTERS);
      if (status === 'invalid') return badStatus(EVENT_STATUS_FILTERS);
      const series = query.get('series_ticker');
      const tickers = listParam(query.get('tickers'));
      const minCloseTs = closeTsRange(query);
      if (minCloseTs === 'invalid') return badRequest('min_close_ts must be Unix seconds');
      const nested = query.get('with_nested_markets') === 'true';
      const events = eventsOf(ex).filter(
        (e) =>
          (!series || e.seriesTicker === series) &&
          (!tickers || tickers.includes(e.eventTicker)) &&
          (!status || e.markets.some((m) => statusMatchesFilter(m.status, status))) &&
          e.markets.some((m) => m.closeTimeMs > minCloseTs.min),
      );
      // Events page 200 at a time unless asked (markets default to 100).
      const p = page(events, cursor, query.get('limit') ? Math.min(limit, 200) : 200);
      return ok({ cursor: p.cursor, events: p.slice.map((e) => eventJson(e, nested)), milestones: [] });
    }
    case 'GET /events/:': {
      const event = eventsOf(ex).find((e) => e.eventTicker === parts[1]);
      if (!event) return fail(404, 'not_found', `no event ${parts[1]}`);
      // As the real capture: nested, the markets are inside the event and the top-level list is
      // empty; otherwise they stand beside it.
      const nested = query.get('with_nested_markets') === 'true';
      return ok({ event: eventJson(event, nested), markets: nested ? [] : event.markets.map(marketJson) });
    }
  }
  return null;
}

/** Listed series, then the made-up series of bare markets, once each. */
function allSeries(ex: KalshiSimExchange) {
  const series = new Map(ex.series);
  for (const m of ex.markets.values())
    if (!series.has(m.seriesTicker)) series.set(m.seriesTicker, bareSeries(m));
  return [...series.values()];
}

/** Events are the markets that name them, in listing order, with their listing if listed. */
function eventsOf(ex: KalshiSimExchange): SimEventView[] {
  const byTicker = new Map<string, { view: SimEventView; markets: SimMarket[] }>();
  for (const m of ex.markets.values()) {
    const known = byTicker.get(m.eventTicker);
    if (known) {
      known.markets.push(m);
      continue;
    }
    const markets = [m];
    byTicker.set(m.eventTicker, {
      view: {
        eventTicker: m.eventTicker,
        seriesTicker: m.seriesTicker,
        listing: ex.events.get(m.eventTicker) ?? null,
        markets,
      },
      markets,
    });
  }
  return [...byTicker.values()].map((e) => e.view);
}

function statusFilter<F extends MarketStatusFilter>(
  value: string | null,
  allowed: readonly F[],
): F | null | 'invalid' {
  if (value === null || value === '') return null;
  return (allowed as readonly string[]).includes(value) ? (value as F) : 'invalid';
}

const badStatus = (allowed: readonly string[]) =>
  badRequest(`status must be one of ${allowed.join(', ')} (one value)`);

/** A comma-separated list, or null when absent. */
function listParam(value: string | null): string[] | null {
  if (value === null || value === '') return null;
  return value.split(',').filter(Boolean);
}

/** The open interval of close times asked for, in epoch ms. */
function closeTsRange(query: URLSearchParams): { min: number; max: number } | 'invalid' {
  const seconds = (name: string, fallback: number) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    return /^\d{1,12}$/.test(raw) ? Number(raw) * 1000 : Number.NaN;
  };
  const min = seconds('min_close_ts', Number.NEGATIVE_INFINITY);
  const max = seconds('max_close_ts', Number.POSITIVE_INFINITY);
  return Number.isNaN(min) || Number.isNaN(max) ? 'invalid' : { min, max };
}
