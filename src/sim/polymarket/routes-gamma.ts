/**
 * The simulated Gamma API (venues.md §3.2, matching.md §3): `GET /events`, `/events/slug/{slug}`,
 * `/events/{id}`, `/markets`, `/markets/slug/{slug}`, `/markets/{id}`, `/sports`, `/teams`, with
 * the filters a client uses:
 * - `/events`: `tag_id`, `active`, `closed`, `archived`, `slug`, `id`, `series_id`,
 *   `order` (`startTime`, `endDate`, `id`) with `ascending`, `limit`, `offset`;
 * - `/markets`: `id`, `slug`, `clob_token_ids`, `condition_ids`, `tag_id`, `active`, `closed`,
 *   `limit`, `offset`;
 * - `/teams`: `league`, `name`, `abbreviation`, `order` (`id`, `name`), `ascending`, `limit`,
 *   `offset`.
 * A list filter takes the parameter repeated or comma-separated. A malformed parameter is a 400
 * naming it. Pure.
 */
import type { PolySimExchange } from './exchange.js';
import type { SimGammaTeam } from './games.js';
import { GAMMA_SPORTS, sportJson } from './gamma-sports.js';
import type { SimPolyEventSpec, SimPolyMarket } from './market.js';
import { err, ok, type RouteReply } from './routes-public.js';
import { gammaEventJson, gammaMarketId, gammaMarketJson, gammaTeamJson } from './wire-markets.js';

export interface GammaContext {
  readonly exchange: PolySimExchange;
  readonly teams: () => readonly SimGammaTeam[];
  readonly method: string;
  /** Below `/gamma`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Called for an object that could not be written out (skipped, never a 500 for the rest). */
  readonly onBroken: (what: string, error: unknown) => void;
}

class BadParam extends Error {}

function params(query: URLSearchParams) {
  const list = (name: string): string[] =>
    query
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  const flag = (name: string): boolean | null => {
    const v = query.get(name);
    if (v === null) return null;
    if (v !== 'true' && v !== 'false')
      throw new BadParam(`${name} must be true or false, got ${JSON.stringify(v)}`);
    return v === 'true';
  };
  const whole = (name: string, fallback: number): number => {
    const v = query.get(name);
    if (v === null) return fallback;
    if (!/^\d{1,9}$/.test(v)) throw new BadParam(`${name} must be a whole number, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const page = <T>(items: T[]): T[] => {
    const offset = whole('offset', 0);
    return items.slice(offset, offset + whole('limit', 100));
  };
  return { list, flag, page, text: (name: string) => query.get(name) };
}

/** Maps and drops what fails to serialise, reporting it: one bad object never breaks a listing. */
function each<T, U>(items: readonly T[], what: (x: T) => string, f: (x: T) => U, ctx: GammaContext): U[] {
  const out: U[] = [];
  for (const item of items) {
    try {
      out.push(f(item));
    } catch (error) {
      ctx.onBroken(what(item), error);
    }
  }
  return out;
}

export function handleGamma(ctx: GammaContext): RouteReply {
  if (ctx.method !== 'GET') return err(405, 'method not allowed');
  try {
    return route(ctx);
  } catch (error) {
    if (error instanceof BadParam) return err(400, error.message);
    throw error;
  }
}

function route(ctx: GammaContext): RouteReply {
  const { exchange, path } = ctx;
  const p = params(ctx.query);
  const markets = [...exchange.markets.values()];
  const events = [...exchange.events.values()];
  const marketsOf = (eventId: string) => markets.filter((m) => m.spec.eventId === eventId);
  const eventOf = (m: SimPolyMarket) => exchange.events.get(m.spec.eventId);
  const marketOut = (m: SimPolyMarket) => gammaMarketJson(m, eventOf(m));
  const eventOut = (e: SimPolyEventSpec) => gammaEventJson(e, marketsOf(e.id));
  const hasTag = (e: SimPolyEventSpec | undefined, tag: string | null) =>
    tag === null || (e?.tags ?? []).some((t) => t.id === tag);

  if (path === '/sports') return ok(Object.values(GAMMA_SPORTS).map(sportJson));
  if (path === '/teams') return ok(teams(ctx, p));

  if (path === '/markets') {
    const ids = p.list('id');
    const slugs = p.list('slug');
    const tokens = p.list('clob_token_ids');
    const conditions = p.list('condition_ids');
    const closed = p.flag('closed');
    const active = p.flag('active');
    const tag = p.text('tag_id');
    const selected = markets.filter(
      (m) =>
        (ids.length === 0 || ids.includes(gammaMarketId(m.spec))) &&
        (slugs.length === 0 || slugs.includes(m.spec.slug)) &&
        (tokens.length === 0 || m.spec.tokenIds.some((t) => tokens.includes(t))) &&
        (conditions.length === 0 || conditions.includes(m.spec.conditionId)) &&
        (closed === null || closed === (m.status === 'resolved')) &&
        // Gamma keeps a market active after it resolves; only an archived one is not.
        (active === null || active) &&
        hasTag(eventOf(m), tag),
    );
    return ok(each(p.page(selected), (m) => `market ${m.spec.conditionId}`, marketOut, ctx));
  }
  if (path.startsWith('/markets/slug/')) {
    const m = markets.find((x) => x.spec.slug === path.slice('/markets/slug/'.length));
    return m ? ok(marketOut(m)) : err(404, 'market not found');
  }
  if (path.startsWith('/markets/')) {
    const m = markets.find((x) => gammaMarketId(x.spec) === path.slice('/markets/'.length));
    return m ? ok(marketOut(m)) : err(404, 'market not found');
  }

  if (path === '/events') {
    const ids = p.list('id');
    const slugs = p.list('slug');
    const series = p.list('series_id');
    const tag = p.text('tag_id');
    const closed = p.flag('closed');
    const active = p.flag('active');
    const archived = p.flag('archived');
    const selected = events.filter((e) => {
      const ms = marketsOf(e.id);
      const isClosed = ms.length > 0 && ms.every((m) => m.status === 'resolved');
      return (
        (ids.length === 0 || ids.includes(e.id)) &&
        (slugs.length === 0 || slugs.includes(e.slug)) &&
        (series.length === 0 || (e.series !== undefined && series.includes(e.series.id))) &&
        hasTag(e, tag) &&
        (closed === null || closed === isClosed) &&
        (active === null || active) &&
        (archived === null || !archived)
      );
    });
    return ok(each(p.page(orderEvents(selected, p)), (e) => `event ${e.slug}`, eventOut, ctx));
  }
  if (path.startsWith('/events/slug/')) {
    const e = events.find((x) => x.slug === path.slice('/events/slug/'.length));
    return e ? ok(eventOut(e)) : err(404, 'event not found');
  }
  if (path.startsWith('/events/')) {
    const e = exchange.events.get(path.slice('/events/'.length));
    return e ? ok(eventOut(e)) : err(404, 'event not found');
  }
  return err(404, 'no such path');
}

function orderEvents(events: SimPolyEventSpec[], p: ReturnType<typeof params>): SimPolyEventSpec[] {
  const order = p.text('order');
  if (order === null) return events;
  const key: Record<string, (e: SimPolyEventSpec) => number> = {
    startTime: (e) => e.startTimeMs,
    endDate: (e) => e.startTimeMs,
    id: (e) => Number(e.id),
  };
  const by = key[order];
  if (!by)
    throw new BadParam(`order must be one of ${Object.keys(key).join(', ')}, got ${JSON.stringify(order)}`);
  const sign = p.flag('ascending') === false ? -1 : 1;
  return [...events].sort((a, b) => sign * (by(a) - by(b)));
}

function teams(ctx: GammaContext, p: ReturnType<typeof params>) {
  const leagues = p.list('league').map((l) => l.toLowerCase());
  const names = p.list('name').map((n) => n.toLowerCase());
  const abbreviations = p.list('abbreviation').map((a) => a.toLowerCase());
  const order = p.text('order') ?? 'id';
  if (order !== 'id' && order !== 'name')
    throw new BadParam(`order must be id or name, got ${JSON.stringify(order)}`);
  const sign = p.flag('ascending') === false ? -1 : 1;
  const selected = ctx
    .teams()
    .filter(
      (t) =>
        (leagues.length === 0 || leagues.includes(t.league)) &&
        (names.length === 0 || names.includes(t.name.toLowerCase())) &&
        (abbreviations.length === 0 || abbreviations.includes(t.abbreviation.toLowerCase())),
    )
    .sort((a, b) => sign * (order === 'id' ? a.id - b.id : a.name.localeCompare(b.name)));
  return each(
    p.page(selected),
    (t) => `team ${t.league}:${t.abbreviation}`,
    (t) => gammaTeamJson(t, t.sinceMs),
    ctx,
  );
}
