/**
 * The API over real HTTP and WebSocket on the service runner's server, against PGlite and the
 * in-memory bus: authentication (401, 403), every read, 400 naming the field, control actions
 * reaching a running risk engine and their audit trail, live updates, the rate limit, and the
 * OpenAPI document validated and listing every route.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MemoryBus } from '../bus/memory-bus.js';
import { LiveClock } from '../core/clock.js';
import { asEventId } from '../core/ids.js';
import type { PortfolioRuleLimits } from '../risk/portfolio-rules.js';
import type { RiskLimits } from '../risk/pre-trade.js';
import { RiskEngine } from '../risk/risk-engine.js';
import { startRiskService } from '../services/risk.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import {
  fill,
  GAME,
  gameState,
  INSTRUMENT,
  intent,
  market,
  orderLifecycle,
  position,
  quote,
  T0,
} from '../store/testing/fixtures.js';
import { firstOperatorToken, serveApi } from './standalone.js';
import {
  bankroll,
  decision,
  type Harness,
  harnessOptions,
  liveClient,
  OTHER_RUN,
  RUN,
  reconciled,
  signal,
  startHarness,
} from './testing/harness.js';
import { createApiToken } from './tokens.js';

const LIMITS = {} as RiskLimits;
const RULES = {} as PortfolioRuleLimits;

describe('the API (Fastify, zod, bearer tokens) on PGlite', () => {
  let store: Store;
  let bus: MemoryBus;
  let h: Harness;
  let engine: RiskEngine;
  let viewer: string;
  let operator: string;
  let closeRisk: () => Promise<void>;

  const call = async (
    path: string,
    init: { token?: string | null; method?: string; body?: unknown } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${h.base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      // biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON bodies loosely
      body: (text ? JSON.parse(text) : null) as Record<string, any>,
    };
  };
  const read = (path: string) => call(path, { token: viewer });

  beforeAll(async () => {
    store = await openStore({ pglite: 'memory' });
    bus = new MemoryBus();
    await store.startRun({ runId: RUN, mode: 'paper', startedTs: T0, config: {} });
    await store.startRun({ runId: OTHER_RUN, mode: 'replay', startedTs: T0 - 1000, config: {} });
    const done = intent(2);
    await store.saveOrderIntent(RUN, intent(1));
    await store.saveOrderIntent(RUN, done);
    await store.recordOrderEvents(RUN, orderLifecycle(done.clientOrderId, done.ts));
    await store.recordFills(RUN, [
      fill(1, done.clientOrderId, done.ts),
      fill(2, done.clientOrderId, done.ts + 5),
    ]);
    await store.recordSignals(RUN, [signal(1), signal(2), signal(3)]);
    await store.recordRiskDecisions(RUN, [decision(1, true), decision(2, false)]);
    await store.recordBankroll(RUN, [
      bankroll(1, 1_000_000_000),
      bankroll(2, 1_002_500_000),
      bankroll(3, 999_000_000),
    ]);
    await store.recordTradingStates(RUN, [reconciled(10, 'HALTED'), reconciled(20, 'ACTIVE')]);
    await store.recordGames(RUN, [
      {
        type: 'GameScheduled',
        id: asEventId('sched:1'),
        ts: T0 - 86_400_000,
        gameId: GAME,
        sport: 'nfl',
        homeTeam: 'NE',
        awayTeam: 'PIT',
        startTs: T0,
        homeSpread: 5.5,
        season: 2019,
        week: 1,
        seasonType: 'REG',
      },
    ]);
    await store.recordMarkets(RUN, [market()]);
    await store.recordGameStates(RUN, [gameState(1, T0 + 1_000), gameState(2, T0 + 2_000)]);
    await store.recordQuotes(RUN, [quote(1, T0 + 1_000), quote(2, T0 + 2_000)]);
    const clock = new LiveClock();
    viewer = (await createApiToken({ store, clock, name: 'vera', role: 'viewer' })).secret;
    operator = (await createApiToken({ store, clock, name: 'otto', role: 'operator' })).secret;
    engine = new RiskEngine(LIMITS, RULES);
    const risk = startRiskService({ bus, clock, engine });
    closeRisk = () => risk.close();
    h = await startHarness(store, bus);
  });
  afterAll(async () => {
    await h?.api.close();
    await h?.http.close();
    await closeRisk?.();
    await bus?.close();
    await store?.close();
  });

  it('serves a valid OpenAPI 3 document listing every route, without a token', async () => {
    const doc = await call('/api/openapi.json');
    expect(doc.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(doc.body as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const documented = new Set(
      Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const routes = h.api.app
      .printRoutes({ commonPrefix: false, method: 'GET' })
      .split('\n')
      .filter((l) => l.includes('/api'));
    expect(routes.length).toBeGreaterThan(0);
    const expected = [
      'GET /api/whoami',
      'GET /api/runs',
      'GET /api/runs/{runId}',
      'GET /api/status',
      'GET /api/positions',
      'GET /api/orders',
      'GET /api/fills',
      'GET /api/pnl',
      'GET /api/pnl/curve',
      'GET /api/signals',
      'GET /api/reconciliation',
      'GET /api/games',
      'GET /api/games/{gameId}/history',
      'GET /api/risk/decisions',
      'POST /api/control/{action}',
      'POST /api/control/cancel-all',
      'POST /api/control/flatten',
      'GET /api/control/actions',
      'GET /api/openapi.json',
      'POST /api/mcp',
      'GET /api/reports/daily/{day}',
      'GET /api/reports/validation',
      'GET /api/reports/decision',
    ];
    for (const route of expected) expect(documented, route).toContain(route);
    expect(documented.size).toBe(expected.length);
  });

  it('refuses every route without a valid token (401), and counts it', async () => {
    const doc = (await call('/api/openapi.json')).body;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      if (path === '/api/openapi.json') continue;
      const concrete = path.replace('{runId}', RUN).replace('{action}', 'halt').replace('{gameId}', GAME);
      for (const method of Object.keys(ops)) {
        const none = await call(concrete, {
          method: method.toUpperCase(),
          ...(method === 'post' ? { body: { reason: 'x' } } : {}),
        });
        expect(none.status, `${method} ${path}`).toBe(401);
        expect(none.headers.get('www-authenticate')).toBe('Bearer');
        const bad = await call(concrete, { method: method.toUpperCase(), token: 'arb_not-a-token' });
        expect(bad.status, `${method} ${path} with a bad token`).toBe(401);
        expect(bad.body.error).toMatch(/not valid/);
      }
    }
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toMatch(/arbees_api_auth_refused_total\{route="\/api\/status",status="401"\} 2/);
  });

  it('a revoked token is refused', async () => {
    const t = await createApiToken({ store, clock: new LiveClock(), name: 'gone', role: 'operator' });
    expect((await call('/api/whoami', { token: t.secret })).body).toMatchObject({
      name: 'gone',
      role: 'operator',
    });
    expect(await store.revokeApiToken(t.token.tokenId, Date.now())).toBe(true);
    expect((await call('/api/whoami', { token: t.secret })).status).toBe(401);
    const listed = await store.listApiTokens();
    expect(listed.find((x) => x.tokenId === t.token.tokenId)?.revokedTs).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(t.secret);
  });

  it('answers every read from the store', async () => {
    expect((await read('/api/whoami')).body).toEqual({
      tokenId: expect.stringMatching(/^tok_/),
      name: 'vera',
      role: 'viewer',
      runId: RUN,
    });
    const runs = await read('/api/runs?limit=5');
    expect(runs.status).toBe(200);
    expect(runs.body.runs.map((r: { runId: string }) => r.runId)).toEqual([RUN, OTHER_RUN]);
    expect((await read(`/api/runs/${RUN}`)).body).toMatchObject({
      runId: RUN,
      mode: 'paper',
      status: 'running',
    });
    const missing = await read('/api/runs/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('no run "nope"');

    const status = await read('/api/status');
    expect(status.body.run).toEqual({
      runId: RUN,
      mode: 'paper',
      status: 'running',
      startedTs: T0,
      endedTs: null,
    });
    expect(status.body.tradingStates).toContainEqual(
      expect.objectContaining({ scope: 'reconciliation', state: 'ACTIVE', origin: 'reconciler' }),
    );
    expect((await read(`/api/status?run=${OTHER_RUN}`)).body.tradingStates).toEqual([]);

    const orders = await read('/api/orders?status=done');
    expect(orders.body.orders.map((o: { status: string }) => o.status)).toEqual(['OrderFilled']);
    expect(
      (await read('/api/orders?status=open')).body.orders.map((o: { status: string }) => o.status),
    ).toEqual(['Intent']);
    const fills = await read('/api/fills?limit=1');
    expect(fills.body.fills.map((f: { fillId: string }) => f.fillId)).toEqual(['kalshi-fill-2']);
    expect((await read('/api/positions')).body).toEqual({ positions: [] });

    const pnl = await read('/api/pnl');
    expect(pnl.body).toMatchObject({ runId: RUN, units: 'micro-dollars', bankroll: { equity: 999_000_000 } });
    const curve = await read('/api/pnl/curve?limit=2');
    expect(curve.body.points.map((p: { equity: number }) => p.equity)).toEqual([1_002_500_000, 999_000_000]);
    expect((await read(`/api/pnl?run=${OTHER_RUN}`)).status).toBe(404);

    const signals = await read('/api/signals');
    expect(signals.body.signals.map((s: { signalId: string }) => s.signalId)).toEqual([
      'sig:3',
      'sig:2',
      'sig:1',
    ]);
    const denied = await read('/api/signals?decision=denied');
    expect(denied.body.signals).toHaveLength(1);
    expect(denied.body.signals[0]).toMatchObject({
      signalId: 'sig:2',
      edgePpm: 43_000,
      decision: { approved: false, reasons: ['EDGE_BELOW_MINIMUM'], inputs: { minEdgePpm: 50_000 } },
    });
    expect((await read('/api/signals?decision=undecided')).body.signals[0].decision).toBeNull();

    const games = await read('/api/games');
    expect(games.status).toBe(200);
    expect(games.body.games).toEqual([
      expect.objectContaining({
        gameId: GAME,
        homeTeam: 'NE',
        awayTeam: 'PIT',
        startTs: T0,
        final: null,
        state: expect.objectContaining({ ts: T0 + 2_000, status: 'in', period: 3, clockSeconds: 898 }),
        markets: [
          {
            instrumentId: INSTRUMENT,
            venue: 'kalshi',
            outcome: 'home_win',
            simulated: true,
            settledResult: null,
            quote: { ts: T0 + 2_000, bestBid: 550_000, bestBidQty: 1_002, bestAsk: 570_000, bestAskQty: 800 },
            lastSignal: { ts: T0 + 3, side: 'yes', modelProbPpm: 620_000, edgePpm: 43_000, price: 560_000 },
          },
        ],
      }),
    ]);
    expect((await read('/api/games?game=other')).body.games).toEqual([]);
    expect((await read(`/api/games?run=${OTHER_RUN}`)).body.games).toEqual([]);

    // The chart's history: the last quote and signal of each market per bucket, oldest first.
    const history = await read(`/api/games/${GAME}/history?bucket=1`);
    expect(history.status).toBe(200);
    expect(history.body).toEqual({
      runId: RUN,
      gameId: GAME,
      quotes: [
        { instrumentId: INSTRUMENT, ts: T0 + 1_000, bestBid: 550_000, bestAsk: 570_000 },
        { instrumentId: INSTRUMENT, ts: T0 + 2_000, bestBid: 550_000, bestAsk: 570_000 },
      ],
      signals: [
        { instrumentId: INSTRUMENT, ts: T0 + 3, side: 'yes', modelProbPpm: 620_000, edgePpm: 43_000 },
      ],
    });
    expect((await read(`/api/games/${GAME}/history?bucket=3600`)).body.quotes).toHaveLength(1);
    expect((await read('/api/games/nope/history')).body).toMatchObject({ quotes: [], signals: [] });
    expect((await read(`/api/games/${GAME}/history?bucket=0`)).body.field).toBe('bucket');

    const decisions = await read('/api/risk/decisions?approved=false');
    expect(decisions.body.decisions).toEqual([
      expect.objectContaining({
        signalId: 'sig:2',
        approved: false,
        reasons: ['EDGE_BELOW_MINIMUM'],
        inputs: { cash: 1_000_000_000, minEdgePpm: 50_000 },
      }),
    ]);
    expect((await read('/api/risk/decisions')).body.decisions).toHaveLength(2);
    expect((await read('/api/risk/decisions?approved=maybe')).body.field).toBe('approved');

    const rec = await read('/api/reconciliation');
    expect(rec.body.current).toMatchObject({
      state: 'ACTIVE',
      reason: 'reconciliation pass 20: ledger and venues agree',
    });
    expect(rec.body.passes.map((p: { state: string }) => p.state)).toEqual(['ACTIVE', 'HALTED']);
  });

  it('refuses a bad request with 400 naming the field, and counts it', async () => {
    const cases: [string, string, string][] = [
      ['/api/orders?limit=0', 'limit', 'limit: must be at least 1'],
      ['/api/orders?limit=ten', 'limit', 'limit: must be a whole number'],
      ['/api/orders?status=maybe', 'status', 'status: '],
      ['/api/fills?colour=red', 'colour', 'unknown query parameter(s) "colour"'],
      [`/api/pnl?run=${encodeURIComponent('a b')}`, 'run', 'run: must be 1-128'],
      ['/api/signals?decision=sometimes', 'decision', 'decision: '],
      ['/api/runs/a%20b', 'runId', 'runId: must be 1-128'],
    ];
    for (const [path, field, error] of cases) {
      const r = await read(path);
      expect(r.status, path).toBe(400);
      expect(r.body.field, path).toBe(field);
      expect(r.body.error, path).toContain(error);
    }
    const control = async (body: unknown, action = 'halt') =>
      call(`/api/control/${action}`, { method: 'POST', token: operator, body });
    const noReason = await control({ scope: 'global' });
    expect([noReason.status, noReason.body.field]).toEqual([400, 'reason']);
    const blank = await control({ reason: '   ' });
    expect([blank.status, blank.body.field, blank.body.error]).toEqual([
      400,
      'reason',
      'reason: is required: say why, it is kept with the state',
    ]);
    const badScope = await control({ scope: 'everything', reason: 'x' });
    expect([badScope.status, badScope.body.field]).toEqual([400, 'scope']);
    const badAction = await control({ reason: 'x' }, 'explode');
    expect([badAction.status, badAction.body.field]).toEqual([400, 'action']);
    const extra = await control({ reason: 'x', force: true });
    expect([extra.status, extra.body.error]).toEqual([400, 'unknown field(s) "force"']);
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toMatch(/arbees_api_bad_requests_total\{route="orders"\} 3/);
    const post = await call('/api/runs', { method: 'POST', token: viewer });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('lets a viewer read but not control (403), and counts it', async () => {
    const r = await call('/api/control/halt', {
      method: 'POST',
      token: viewer,
      body: { reason: 'viewer tries' },
    });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/viewer role may not/);
    expect(await store.listControlActions(RUN, { limit: 10 })).toEqual([]);
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toMatch(
      /arbees_api_auth_refused_total\{route="\/api\/control\/:action",status="403"\} 1/,
    );
  });

  it('halts, reduces and resumes through the bus a running risk engine obeys, each action audited', async () => {
    const ws = await liveClient(h.base, operator);
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['risk'] }));
    expect(await ws.next()).toEqual({ type: 'subscribed', topics: ['risk'] });

    const halt = await call('/api/control/halt', {
      method: 'POST',
      token: operator,
      body: { scope: 'venue:kalshi', reason: 'kalshi feed looks wrong' },
    });
    expect(halt.status).toBe(202);
    expect(halt.body.state).toMatchObject({ scope: 'venue:kalshi', state: 'HALTED', origin: 'operator' });
    await bus.idle();
    expect(engine.states.get('venue:kalshi')).toMatchObject({ state: 'HALTED', origin: 'operator' });
    const live = await ws.next();
    expect(live).toMatchObject({
      type: 'event',
      topic: 'risk',
      event: { type: 'TradingStateChanged', scope: 'venue:kalshi', state: 'HALTED' },
    });

    await call('/api/control/reduce', { method: 'POST', token: operator, body: { reason: 'wind down' } });
    await bus.idle();
    expect(engine.states.get('global')?.state).toBe('REDUCING');
    await call('/api/control/resume', {
      method: 'POST',
      token: operator,
      body: { scope: 'venue:kalshi', reason: 'feed fixed' },
    });
    await bus.idle();
    expect(engine.states.effective(['venue:kalshi']).state).toBe('ACTIVE');
    ws.close();

    const status = await read('/api/status');
    expect(status.body.tradingStates).toContainEqual(
      expect.objectContaining({
        scope: 'venue:kalshi',
        state: 'ACTIVE',
        origin: 'operator',
        reason: 'feed fixed (by otto)',
      }),
    );
    const audit = await read('/api/control/actions');
    expect(audit.status).toBe(200);
    expect(
      audit.body.actions.map((a: { action: string; scope: string; reason: string }) => [
        a.action,
        a.scope,
        a.reason,
      ]),
    ).toEqual([
      ['resume', 'venue:kalshi', 'feed fixed'],
      ['reduce', 'global', 'wind down'],
      ['halt', 'venue:kalshi', 'kalshi feed looks wrong'],
    ]);
    for (const a of audit.body.actions) {
      expect(a.actor).toMatch(/^otto \(tok_[0-9a-f]+\)$/);
      expect(a.ts).toBeGreaterThan(T0);
      expect(a.eventId).toMatch(/^operator:/);
    }
    // Another run in the store: recorded for it, not published to this deployment's services.
    const other = await call('/api/control/halt', {
      method: 'POST',
      token: operator,
      body: { run: OTHER_RUN, reason: 'old replay' },
    });
    expect(other.status).toBe(202);
    await bus.idle();
    expect(engine.states.get('global')?.state).toBe('REDUCING');
    expect((await read(`/api/control/actions?run=${OTHER_RUN}`)).body.actions).toHaveLength(1);
    const unknownRun = await call('/api/control/halt', {
      method: 'POST',
      token: operator,
      body: { run: 'ghost', reason: 'x' },
    });
    expect([unknownRun.status, unknownRun.body.field]).toEqual([404, 'run']);
  });

  it('cancels every resting order in a scope through the bus, audited, trading state untouched', async () => {
    const heard: { type: string; id: string; scope?: string; reason?: string }[] = [];
    bus.subscribe({
      group: 'cancel-all-test',
      consumer: 't',
      topics: ['risk'],
      handler: (e) => void heard.push(e),
    });
    const cancelAll = (token: string, body: unknown) =>
      call('/api/control/cancel-all', { method: 'POST', token, body });
    expect((await cancelAll(viewer, { reason: 'viewer tries' })).status).toBe(403);
    const badScope = await cancelAll(operator, { scope: 'strategy:edge', reason: 'x' });
    expect([badScope.status, badScope.body.field, badScope.body.error]).toEqual([
      400,
      'scope',
      'scope: must be global or venue:<name>',
    ]);
    expect((await cancelAll(operator, { scope: 'global' })).body.field).toBe('reason');

    const r = await cancelAll(operator, { scope: 'venue:polymarket', reason: 'stale quotes' });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      runId: RUN,
      published: true,
      action: { action: 'cancel-all', scope: 'venue:polymarket', reason: 'stale quotes' },
    });
    await bus.idle();
    expect(heard.filter((e) => e.type === 'CancelAllRequested')).toEqual([
      expect.objectContaining({
        id: r.body.action.eventId,
        scope: 'venue:polymarket',
        reason: 'stale quotes (by otto)',
      }),
    ]);
    expect(heard.filter((e) => e.type === 'TradingStateChanged')).toEqual([]);
    const audit = await read('/api/control/actions?limit=1');
    expect(audit.body.actions[0]).toMatchObject({ action: 'cancel-all', scope: 'venue:polymarket' });
    expect(audit.body.actions[0].actor).toMatch(/^otto \(tok_/);
  });

  it('flattens a position: an IOC sell of all of it at the bid less the slippage, audited', async () => {
    const heard: { type: string; id: string }[] = [];
    bus.subscribe({
      group: 'flatten-test',
      consumer: 't',
      topics: ['orders'],
      handler: (e) => void heard.push(e),
    });
    const flatten = (token: string, body: unknown) =>
      call('/api/control/flatten', { method: 'POST', token, body });
    const body = { instrumentId: INSTRUMENT, side: 'yes', maxSlippage: 25_000, reason: 'game over for us' };
    const none = await flatten(operator, body);
    expect([none.status, none.body.field, none.body.error]).toEqual([
      409,
      'instrumentId',
      `no open yes position in ${INSTRUMENT}`,
    ]);
    await store.upsertPositions(RUN, [position(1_500, T0 + 5_000, 'pos:flatten')]);
    expect((await flatten(viewer, body)).status).toBe(403);
    const bad = await flatten(operator, { ...body, maxSlippage: -1 });
    expect([bad.status, bad.body.field]).toEqual([400, 'maxSlippage']);

    const r = await flatten(operator, body);
    expect(r.status).toBe(202);
    // The yes bid is 55¢: at most 2.5¢ under it, in whole cents, is 52¢.
    expect(r.body).toMatchObject({
      bid: 550_000,
      published: true,
      intent: {
        instrumentId: INSTRUMENT,
        venue: 'kalshi',
        gameId: GAME,
        side: 'yes',
        action: 'sell',
        qty: 1_500,
        limitPrice: 520_000,
        tif: 'IOC',
        purpose: 'exit',
      },
      action: { action: 'flatten', scope: `${INSTRUMENT} yes`, reason: 'game over for us' },
    });
    await bus.idle();
    expect(heard.filter((e) => e.type === 'OrderIntent').map((e) => e.id)).toEqual([r.body.action.eventId]);
    expect((await read('/api/control/actions?limit=1')).body.actions[0]).toMatchObject({ action: 'flatten' });
    // The no side of the same market: no position there.
    expect((await flatten(operator, { ...body, side: 'no' })).status).toBe(409);
  });

  it('live updates: a bad token is closed, a malformed message gets an error naming the field', async () => {
    const refused = new WebSocket(`${h.base.replace('http', 'ws')}/api/ws`);
    const code = await new Promise<number>((resolve) => {
      refused.on('open', () => refused.send(JSON.stringify({ type: 'auth', token: 'arb_nope' })));
      refused.on('close', (c) => resolve(c));
    });
    expect(code).toBe(1008);

    const ws = await liveClient(h.base, viewer);
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['weather'] }));
    expect(await ws.next()).toMatchObject({ type: 'error', field: 'topics.0' });
    ws.send('not json');
    expect(await ws.next()).toEqual({ type: 'error', error: 'the message is not JSON' });
    ws.send(JSON.stringify({ type: 'ping', id: 'p1' }));
    expect(await ws.next()).toEqual({ type: 'pong', id: 'p1' });
    ws.close();

    const plain = await fetch(`${h.base}/api/ws`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(plain.status).toBe(404);
  });
});

describe('the control rate limit', () => {
  it('refuses control requests past the limit per token with 429', async () => {
    const store = await openStore({ pglite: 'memory' });
    const bus = new MemoryBus();
    await store.startRun({ runId: RUN, mode: 'paper', startedTs: T0, config: {} });
    const op = (await createApiToken({ store, clock: new LiveClock(), name: 'fast', role: 'operator' }))
      .secret;
    const h = await startHarness(store, bus, { controlPerMinute: 2 });
    try {
      const statuses: number[] = [];
      let last: Record<string, unknown> = {};
      for (let i = 0; i < 3; i += 1) {
        const res = await fetch(`${h.base}/api/control/halt`, {
          method: 'POST',
          headers: { authorization: `Bearer ${op}`, 'content-type': 'application/json' },
          body: JSON.stringify({ reason: `try ${i}` }),
        });
        statuses.push(res.status);
        last = (await res.json()) as Record<string, unknown>;
      }
      expect(statuses).toEqual([202, 202, 429]);
      expect(String(last.error)).toMatch(/^too many control requests: at most 2 a minute/);
      expect(await store.listControlActions(RUN, { limit: 10 })).toHaveLength(2);
    } finally {
      await h.api.close();
      await h.http.close();
      await bus.close();
      await store.close();
    }
  });
});

describe('the API on a server of its own (the one-process shape)', () => {
  it('binds loopback, gives a fresh store one operator token, once, and serves with it', async () => {
    const store = await openStore({ pglite: 'memory' });
    const clock = new LiveClock();
    await store.startRun({ runId: RUN, mode: 'replay', startedTs: T0, config: {} });
    const first = await firstOperatorToken(store, clock);
    expect(first).toMatch(/^arb_/);
    expect(await firstOperatorToken(store, clock)).toBeNull();
    const served = await serveApi({ ...harnessOptions(store, null), port: 0 });
    try {
      expect(served.url).toBe(`http://127.0.0.1:${served.port}`);
      const who = await fetch(`${served.url}/api/whoami`, { headers: { authorization: `Bearer ${first}` } });
      expect(await who.json()).toMatchObject({ name: 'first-operator', role: 'operator', runId: RUN });
      expect((await fetch(`${served.url}/elsewhere`)).status).toBe(404);
      expect((await fetch(`${served.url}/api/status`)).status).toBe(401);
    } finally {
      await served.close();
      await store.close();
    }
  });
});
