/**
 * The Polymarket simulator's `/sim/*` admin API (unauthenticated; for tests, the CLI and the
 * simulated world): games through their life, markets and events, funding, wallets,
 * resolution, tick-size changes, scenarios, a stale book, the geoblock answer, and dropping the
 * WebSocket clients. Every body is checked against its schema (admin-schemas.ts) before
 * anything changes: a bad call is a 400 naming the fields, and changes nothing.
 *
 * Games: `POST /sim/games` (a listing spec: listed at once if its listing time has come),
 * `GET /sim/games`, and `POST /sim/games/{slug}/list|start|close|cancel`,
 * `POST /sim/games/{slug}/resolve {"result":"home"|"away"|"draw"}`.
 */
import type { z } from 'zod';
import type { Micros } from '../../core/money.js';
import type { Scenario } from '../kalshi/scenarios.js';
import { POLYMARKET_LIKE, SimulatedMarketMaker } from '../market-maker.js';
import {
  allowanceSchema,
  conditionSchema,
  depositSchema,
  describeIssues,
  eventSpecSchema,
  gameResultSchema,
  gameSpecSchema,
  geoblockSchema,
  makerSchema,
  marketSpecSchema,
  resolveSchema,
  scenarioSchema,
  splitSchema,
  staleBookSchema,
  tickSizeSchema,
  walletSchema,
} from './admin-schemas.js';
import type { PolySimExchange } from './exchange.js';
import type { PolySimGames, SimGame } from './games.js';
import { requotePolyMaker } from './maker.js';
import { err, ok, type RouteReply } from './routes-public.js';
import type { SimWallet } from './verify-order.js';

/** What `GET /api/geoblock` answers (venues.md §3.10). */
export interface GeoblockAnswer {
  blocked: boolean;
  country: string;
  region: string;
}

export interface AdminTarget {
  readonly exchange: PolySimExchange;
  readonly games: PolySimGames;
  readonly wallets: Map<string, SimWallet>;
  readonly scenarios: { add(s: Scenario): void; clear(): void };
  readonly stats: object;
  /** The scripted maker's wallet and its belief model, one per market. */
  readonly makerAccount: string;
  readonly makers: Map<string, SimulatedMarketMaker>;
  readonly geoblock: GeoblockAnswer;
  /** Closes every WebSocket client (a venue-side drop). */
  dropWebSockets(): number;
}

interface AdminRequest {
  readonly target: AdminTarget;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly nowMs: number;
}

/** The body checked against `schema`; throws naming every bad field (answered 400, nothing changed). */
function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new Error(`invalid body: ${describeIssues(r.error)}`);
  return r.data;
}

export function gameJson(game: SimGame) {
  const { event, markets, listedAtMs } = game.listing;
  return {
    slug: event.slug,
    eventId: event.id,
    gameId: event.gameId,
    title: event.title,
    phase: game.phase,
    result: game.result,
    listedAtMs,
    startTimeMs: event.startTimeMs,
    markets: markets.map(({ spec }) => ({
      conditionId: spec.conditionId,
      slug: spec.slug,
      question: spec.question,
      outcomes: spec.outcomes,
      tokenIds: spec.tokenIds,
    })),
  };
}

export function handleAdmin(req: AdminRequest): RouteReply {
  try {
    return route(req) ?? err(404, 'no such admin path');
  } catch (error) {
    // A refused change (an unknown market, a backwards transition): the state is as it was.
    return err(400, error instanceof Error ? error.message : String(error));
  }
}

function route(req: AdminRequest): RouteReply | null {
  const { target, method, path, body, nowMs } = req;
  const { exchange } = target;
  if (path === '/sim/games' || path.startsWith('/sim/games/')) return routeGames(req);
  if (method === 'GET' && path === '/sim/state') {
    const accounts = [...exchange.accounts.values()].map((a) => ({
      account: a.accountId,
      collateral: a.collateral,
      available: exchange.available(a),
      fees_paid: a.feesPaid,
      shares: Object.fromEntries(a.shares),
    }));
    return ok({
      stats: target.stats,
      accounts,
      trades: exchange.trades.length,
      markets: exchange.markets.size,
    });
  }
  if (method === 'DELETE' && path === '/sim/scenarios') {
    target.scenarios.clear();
    return ok({});
  }
  if (method === 'POST' && path === '/sim/ws/drop') return ok({ dropped: target.dropWebSockets() });
  if (method !== 'POST') return null;
  switch (path) {
    case '/sim/events': {
      const b = parse(eventSpecSchema, body);
      if (exchange.events.has(b.id)) return err(400, `event ${b.id} already exists`);
      exchange.addEvent(b);
      return ok({ id: b.id });
    }
    case '/sim/markets': {
      const b = parse(marketSpecSchema, body);
      exchange.addMarket(b, nowMs);
      return ok({ conditionId: b.conditionId });
    }
    case '/sim/deposit': {
      const b = parse(depositSchema, body);
      exchange.deposit(b.account, b.amount as Micros);
      return ok({ account: b.account.toLowerCase() });
    }
    case '/sim/split': {
      const b = parse(splitSchema, body);
      exchange.split(b.account, b.conditionId, b.size);
      return ok({});
    }
    case '/sim/wallets': {
      const b = parse(walletSchema, body);
      target.wallets.set(b.wallet.toLowerCase(), {
        owner: b.owner.toLowerCase(),
        signatureType: b.signatureType,
      });
      return ok({});
    }
    case '/sim/resolve': {
      const b = parse(resolveSchema, body);
      exchange.resolve(b.conditionId, b.winner === '50-50' ? { kind: 'split' } : b.winner, nowMs);
      return ok({});
    }
    case '/sim/allowance': {
      const b = parse(allowanceSchema, body);
      const id = b.account.toLowerCase();
      if (b.approved) exchange.withoutAllowance.delete(id);
      else exchange.withoutAllowance.add(id);
      return ok({});
    }
    case '/sim/close': {
      const b = parse(conditionSchema, body);
      exchange.close(b.conditionId, nowMs);
      return ok({});
    }
    case '/sim/tick-size': {
      const b = parse(tickSizeSchema, body);
      exchange.setTickSize(b.conditionId, b.tickSize);
      return ok({});
    }
    case '/sim/stale-book': {
      const b = parse(staleBookSchema, body);
      const market = exchange.markets.get(b.conditionId);
      if (!market) return err(404, 'no such market');
      // `/book` and the feed's snapshots keep showing the book as it is now, until released.
      market.frozenBook = b.stale === false ? null : { ...market.book.levels(), atMs: market.bookChangedMs };
      return ok({ stale: market.frozenBook !== null });
    }
    case '/sim/scenarios': {
      const b = parse(scenarioSchema, body);
      target.scenarios.add(b);
      return ok({});
    }
    case '/sim/maker':
      return requote(target, body, nowMs);
    case '/sim/geoblock': {
      const b = parse(geoblockSchema, body);
      // A blocked answer names a blocked country unless told which (the US is on the venue's list).
      target.geoblock.blocked = b.blocked;
      target.geoblock.country = b.country ?? (b.blocked ? 'US' : 'IE');
      target.geoblock.region = b.region ?? (b.blocked ? 'NY' : 'D');
      return ok({ ...target.geoblock });
    }
  }
  return null;
}

/** Re-quotes the scripted maker around a belief (probability of token 0), with its own noise. */
function requote(target: AdminTarget, body: unknown, nowMs: number): RouteReply {
  const b = parse(makerSchema, body);
  if (!target.exchange.markets.has(b.conditionId)) return err(404, `no market ${b.conditionId}`);
  let maker = target.makers.get(b.conditionId);
  if (!maker) {
    maker = new SimulatedMarketMaker(POLYMARKET_LIKE, b.seed ?? 1);
    target.makers.set(b.conditionId, maker);
  }
  const quote = maker.reprice(b.belief);
  const refusals = requotePolyMaker(
    target.exchange,
    { account: target.makerAccount, conditionId: b.conditionId, quote },
    nowMs,
  );
  return ok({ belief: quote.belief, bids: quote.bids.length, asks: quote.asks.length, refusals });
}

function routeGames(req: AdminRequest): RouteReply | null {
  const { target, method, path, body, nowMs } = req;
  const { games } = target;
  if (path === '/sim/games') {
    if (method === 'GET') return ok(games.all().map(gameJson));
    if (method !== 'POST') return null;
    const b = parse(gameSpecSchema, body);
    return ok(gameJson(games.schedule(b, nowMs)));
  }
  const m = /^\/sim\/games\/([^/]+)\/(list|start|close|resolve|cancel)$/.exec(path);
  if (!m || method !== 'POST') return null;
  const slug = decodeURIComponent(m[1] ?? '');
  if (!games.all().some((g) => g.listing.event.slug === slug)) return err(404, `no game ${slug}`);
  switch (m[2]) {
    case 'list':
      return ok(gameJson(games.list(slug, nowMs)));
    case 'start':
      return ok(gameJson(games.start(slug, nowMs)));
    case 'close':
      return ok(gameJson(games.close(slug, nowMs)));
    case 'cancel':
      return ok(gameJson(games.cancel(slug, nowMs)));
    default: {
      const b = parse(gameResultSchema, body);
      return ok(gameJson(games.resolve(slug, b.result, nowMs)));
    }
  }
}
