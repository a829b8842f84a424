/**
 * The simulator's admin API, `POST /sim/*`, for tests, the CLI and the simulated world:
 * accounts and keys, games listed as Kalshi lists them, bare markets, maker quotes, faults, the
 * exchange's status, and one route per lifecycle transition of a market or of a whole event
 * (`/sim/markets/{ticker}/{open|pause|resume|close|determine|finalize|settle}`,
 * `/sim/events/{ticker}/{open|pause|resume|close|determine|finalize}`), plus `/sim/advance` to
 * make the timed transitions now. Every body is validated before anything changes. Pure.
 */
import type { FeeSchedule } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';
import { adminSchemas } from './admin-schemas.js';
import type { KalshiSimExchange } from './exchange.js';
import type { SimRefusal } from './exchange-types.js';
import { LIFECYCLE_TRANSITIONS, type LifecycleTransition, type MarketDetermination } from './lifecycle.js';
import { buildKalshiGameListing, KalshiListingError } from './listing.js';
import { placeMakerQuotes } from './maker.js';
import { badRequest, describe, fail, ok, type RouteReply } from './route-helpers.js';
import type { Scenario, ScenarioQueue } from './scenarios.js';

/** What the admin API acts on. */
export interface AdminTarget {
  readonly exchange: KalshiSimExchange;
  readonly scenarios: ScenarioQueue;
  registerKey(opts: { keyId: string; accountId: string; publicKeyPem: string }): void;
}

export interface AdminRequest {
  readonly server: AdminTarget;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly now: number;
}

const TRANSITION_ROUTE = /^\/sim\/(markets|events)\/([^/]+)\/([a-z]+)$/;
const refused = (r: SimRefusal) => fail(r.status, r.code, r.message);

export function handleAdmin(req: AdminRequest): RouteReply {
  const { server, method, path, body, now } = req;
  if (method !== 'POST') return fail(404, 'not_found', `no admin endpoint ${method} ${path}`, true);
  const ex = server.exchange;
  switch (path) {
    case '/sim/accounts':
      return addAccount(server, body);
    case '/sim/markets':
      return addMarket(ex, body);
    case '/sim/games':
      return listGame(ex, body, now);
    case '/sim/quotes':
      return addQuotes(ex, body, now);
    case '/sim/scenarios':
      return addScenario(server.scenarios, body);
    case '/sim/advance':
      ex.lifecycle.advance(now);
      return ok({ advanced_to: new Date(now).toISOString() });
    case '/sim/exchange/status': {
      const p = adminSchemas.exchangeStatus.safeParse(body);
      if (!p.success) return badRequest(describe(p.error));
      if (p.data.exchange_active !== undefined) ex.exchangeActive = p.data.exchange_active;
      if (p.data.trading_active !== undefined) ex.tradingActive = p.data.trading_active;
      return ok({ exchange_active: ex.exchangeActive, trading_active: ex.tradingActive });
    }
  }
  const m = TRANSITION_ROUTE.exec(path);
  if (m)
    return transition(
      ex,
      m[1] as 'markets' | 'events',
      decodeSegment(m[2] as string),
      m[3] as string,
      body,
      now,
    );
  return fail(404, 'not_found', `no admin endpoint ${method} ${path}`, true);
}

function transition(
  ex: KalshiSimExchange,
  scope: 'markets' | 'events',
  ticker: string | null,
  action: string,
  body: unknown,
  now: number,
): RouteReply {
  if (ticker === null) return badRequest('the ticker in the path is not valid URL encoding');
  const known = [...LIFECYCLE_TRANSITIONS, ...(scope === 'markets' ? ['settle'] : [])];
  if (!known.includes(action))
    return fail(
      404,
      'not_found',
      `no admin action ${action} on ${scope}; actions: ${known.join(', ')}`,
      true,
    );
  let refusal: SimRefusal | null;
  if (scope === 'events' && action === 'determine') {
    const p = adminSchemas.gameOutcome.safeParse(body);
    if (!p.success) return badRequest(describe(p.error));
    const outcome =
      p.data.outcome === 'tie' ? ({ kind: 'tie' } as const) : { kind: 'team' as const, code: p.data.team };
    refusal = ex.lifecycle.determineGame(ticker, outcome, now);
  } else if (scope === 'events') {
    refusal = ex.lifecycle.eventTransition(ticker, action as Exclude<LifecycleTransition, 'determine'>, now);
  } else if (action === 'determine' || action === 'settle') {
    const p = adminSchemas.determination.safeParse(body);
    if (!p.success) return badRequest(describe(p.error));
    const d: MarketDetermination =
      'result' in p.data
        ? { kind: 'result', result: p.data.result }
        : { kind: 'value', value: p.data.settlement_value_dollars as Micros };
    refusal =
      action === 'settle' ? ex.lifecycle.settleNow(ticker, d, now) : ex.lifecycle.determine(ticker, d, now);
  } else {
    refusal = ex.lifecycle[action as Exclude<LifecycleTransition, 'determine'>](ticker, now);
  }
  if (refusal) return refused(refusal);
  const markets = scope === 'events' ? ex.lifecycle.eventMarkets(ticker) : [ex.markets.get(ticker)];
  return ok({ markets: markets.flatMap((mk) => (mk ? [{ ticker: mk.ticker, status: mk.status }] : [])) });
}

function addAccount(server: AdminTarget, body: unknown): RouteReply {
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

function addMarket(ex: KalshiSimExchange, body: unknown): RouteReply {
  const p = adminSchemas.market.safeParse(body);
  if (!p.success) return badRequest(describe(p.error));
  const m = p.data;
  if (ex.markets.has(m.ticker)) return fail(409, 'already_exists', `market ${m.ticker} already exists`);
  if (ex.events.has(m.event_ticker))
    return fail(409, 'already_exists', `event ${m.event_ticker} is a listed game; list its markets with it`);
  ex.addMarket({
    ticker: m.ticker,
    eventTicker: m.event_ticker,
    seriesTicker: m.series_ticker,
    ...(m.title === undefined ? {} : { title: m.title }),
    closeTimeMs: m.close_time_ms,
    fees: { kind: 'kalshi_quadratic', multiplierPpm: m.fee_multiplier_ppm, makerFees: m.maker_fees },
  });
  return ok({ ticker: m.ticker }, 201);
}

function listGame(ex: KalshiSimExchange, body: unknown, now: number): RouteReply {
  const p = adminSchemas.game.safeParse(body);
  if (!p.success) return badRequest(describe(p.error));
  const g = p.data;
  const team = (t: typeof g.home) => ({
    code: t.code,
    name: t.name,
    eventName: t.event_name,
    ...(t.target_id === undefined ? {} : { targetId: t.target_id }),
  });
  const fees: FeeSchedule | undefined =
    g.fee_multiplier === undefined && g.maker_fees === undefined
      ? undefined
      : {
          kind: 'kalshi_quadratic',
          multiplierPpm: Math.round((g.fee_multiplier ?? 1) * 1_000_000),
          makerFees: g.maker_fees ?? true,
        };
  let built: ReturnType<typeof buildKalshiGameListing>;
  try {
    built = buildKalshiGameListing({
      league: g.league,
      startMs: g.start_time,
      away: team(g.away),
      home: team(g.home),
      listedMs: g.listed_time ?? now,
      ...(g.series_ticker === undefined ? {} : { seriesTicker: g.series_ticker }),
      ...(g.has_draw === undefined ? {} : { hasDraw: g.has_draw }),
      ...(g.start_time_in_ticker === undefined ? {} : { startTimeInTicker: g.start_time_in_ticker }),
      ...(g.competition === undefined ? {} : { competition: g.competition }),
      ...(g.postponement_window_hours === undefined
        ? {}
        : { postponementWindowMs: g.postponement_window_hours * 3_600_000 }),
      ...(g.open_time === undefined ? {} : { openMs: g.open_time }),
      ...(g.settlement_timer_seconds === undefined
        ? {}
        : { settlementTimerSeconds: g.settlement_timer_seconds }),
      ...(g.exchange_index === undefined ? {} : { exchangeIndex: g.exchange_index }),
      ...(fees === undefined ? {} : { fees }),
    });
  } catch (error) {
    if (error instanceof KalshiListingError) return badRequest(error.message);
    throw error;
  }
  const refusal = ex.lifecycle.listGame(built, now);
  if (refusal) return refused(refusal);
  return ok(
    {
      series_ticker: built.series.ticker,
      event_ticker: built.event.eventTicker,
      market_tickers: built.markets.map((m) => m.ticker),
    },
    201,
  );
}

function addQuotes(ex: KalshiSimExchange, body: unknown, now: number): RouteReply {
  const p = adminSchemas.quotes.safeParse(body);
  if (!p.success) return badRequest(describe(p.error));
  const levels = (ls: [number, number][]) =>
    ls.map(([price, qty]) => [price as Micros, qty as Centis] as const);
  const refusals = placeMakerQuotes(
    ex,
    {
      accountId: p.data.account_id,
      ticker: p.data.ticker,
      bids: levels(p.data.yes_bids),
      asks: levels(p.data.yes_asks),
    },
    now,
  );
  return refusals.length > 0
    ? fail(400, 'quotes_refused', refusals.map((r) => `${r.code}: ${r.message}`).join('; '))
    : ok({ placed: p.data.yes_bids.length + p.data.yes_asks.length }, 201);
}

function addScenario(scenarios: ScenarioQueue, body: unknown): RouteReply {
  const p = adminSchemas.scenario.safeParse(body);
  if (!p.success) return badRequest(describe(p.error));
  const e = p.data.effect;
  const scenario: Scenario = {
    ...(p.data.method === undefined ? {} : { method: p.data.method }),
    ...(p.data.path_prefix === undefined ? {} : { pathPrefix: p.data.path_prefix }),
    times: p.data.times,
    effect: e.kind === 'execute_then_hang' ? { kind: e.kind, answerAfterMs: e.answer_after_ms } : e,
  };
  scenarios.add(scenario);
  return ok({ added: true }, 201);
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
