/**
 * Every service of this build as a real process against the real Redis and PostgreSQL: alive,
 * ready, its metrics exposed, exit 0 after draining on SIGTERM; then what each one is for:
 * execution resolves an order left open by an earlier process (asked again before it counts as
 * never received), position-tracker books the
 * deposits and releases trading, analytics serves its report, api answers reads with a token,
 * refuses bad requests with 400, and publishes an operator's halt on the bus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiToken } from '../src/api/tokens.js';
import { LiveClock } from '../src/core/clock.js';
import { asRunId } from '../src/core/ids.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';
import { fill, intent, orderLifecycle } from '../src/store/testing/fixtures.js';
import { createTestSchema } from '../src/store/testing/harness.js';
import {
  deleteRedisKeys,
  eventually,
  readyStatus,
  type ServiceProcess,
  startServiceProcess,
} from './support/service-process.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';
const RUN = 'svc-each';

describe.skipIf(!databaseUrl || !redisUrl)('each service as a process', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let store: Store;
  const prefix = `svc-each-${Math.random().toString(36).slice(2, 8)}:`;
  const env = () => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ARBEES_DB_SCHEMA: schema.schema,
    ARBEES_BUS_PREFIX: prefix,
    ARBEES_RUN_ID: RUN,
    ARBEES_MODE: 'replay',
  });
  const started: ServiceProcess[] = [];
  const start = async (name: string) => {
    const svc = await startServiceProcess({ name, instance: `${name}-t1`, env: env() });
    started.push(svc);
    expect((await fetch(`${svc.baseUrl}/healthz`)).status).toBe(200);
    await eventually(
      async () => ((await readyStatus(svc.baseUrl)) === 200 ? true : undefined),
      `${name} ready`,
    );
    return svc;
  };
  const json = async (url: string, token?: string) => {
    const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
    store = await openStore({ databaseUrl, schema: schema.schema });
  });
  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await store?.close();
    await schema?.drop();
    await deleteRedisKeys(redisUrl, prefix);
  });

  it('execution resolves an order an earlier process left open, then drains', async () => {
    const runId = asRunId(RUN);
    await store.startRun({ runId, mode: 'paper', startedTs: Date.now(), config: {} });
    // Journaled long ago and never answered: the (new) paper venue has no record of it.
    const stale = intent(1, Date.now() - 10 * 60_000);
    await store.saveOrderIntent(runId, stale);
    const svc = await start('execution');
    // Unresolved first; rejected once the follow-ups (1, 2, 4 s) hear "no record" three times.
    const order = await eventually(async () => {
      const o = await store.getOrder(runId, stale.clientOrderId);
      return o === null || o.status === 'OrderUnresolved' ? undefined : o;
    }, 'the stale order resolved');
    expect(order?.status).toBe('OrderRejected');
    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/arbees_orders_total\{venue="kalshi",status="rejected"[^}]*\} 1/);
    expect(metrics).toContain('arbees_bus_lag_entries{group="execution",topic="orders"');
    expect(await svc.stop()).toBe(0);
  });

  it('position-tracker books the deposits, runs a reconciliation pass, then drains', async () => {
    const svc = await start('position-tracker');
    const runId = asRunId(RUN);
    const states = await store.latestTradingStates(runId);
    // The archiver (analytics) stores trading states; here only the bankroll is checked.
    expect(states).toBeDefined();
    const bankroll = await eventually(
      async () => (await store.latestBankroll(runId)) ?? undefined,
      'a bankroll',
    );
    expect(bankroll.cash).toBe(10_000_000_000);
    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/arbees_reconciliation_runs_total\{result="ok"[^}]*\} 1/);
    expect(metrics).toMatch(/arbees_bankroll_dollars\{kind="cash"[^}]*\} 10000/);
    expect(await svc.stop()).toBe(0);
  });

  it('analytics serves the run report and drains', async () => {
    const svc = await start('analytics');
    const r = await json(`${svc.baseUrl}/report`);
    expect(r.status).toBe(200);
    expect(r.body.runId).toBe(RUN);
    expect(r.body.report).toBeTypeOf('object');
    expect(await svc.stop()).toBe(0);
  });

  it('api answers reads with a token, refuses bad requests with 400, and halts through the bus', async () => {
    const runId = asRunId(RUN);
    const filled = intent(2);
    await store.saveOrderIntent(runId, filled);
    await store.recordOrderEvents(runId, orderLifecycle(filled.clientOrderId, filled.ts));
    await store.recordFills(runId, [fill(1, filled.clientOrderId, filled.ts)]);
    const clock = new LiveClock();
    const viewer = (await createApiToken({ store, clock, name: 'svc-viewer', role: 'viewer' })).secret;
    const operator = (await createApiToken({ store, clock, name: 'svc-operator', role: 'operator' })).secret;
    const svc = await start('api');
    const base = `${svc.baseUrl}/api`;
    const get = (url: string, token = viewer) => json(url, token);

    expect((await fetch(`${base}/runs`)).status).toBe(401);
    const runs = await get(`${base}/runs`);
    expect(runs.status).toBe(200);
    expect((runs.body.runs as { runId: string }[]).map((r) => r.runId)).toContain(RUN);
    expect((await get(`${base}/runs/${RUN}`)).body.runId).toBe(RUN);
    expect((await get(`${base}/runs/nope`)).status).toBe(404);

    const status = await get(`${base}/status`);
    expect(status.status).toBe(200);
    expect(status.body.tradingStates).toBeInstanceOf(Array);

    const orders = await get(`${base}/orders?status=done&limit=10`);
    expect(orders.status).toBe(200);
    const done = orders.body.orders as { intent: { clientOrderId: string }; status: string }[];
    expect(done.map((o) => [o.intent.clientOrderId, o.status])).toEqual(
      expect.arrayContaining([
        [filled.clientOrderId, 'OrderFilled'],
        [intent(1).clientOrderId, 'OrderRejected'],
      ]),
    );
    const fills = await get(`${base}/fills?run=${RUN}`);
    expect((fills.body.fills as unknown[]).length).toBe(1);
    expect((await get(`${base}/positions`)).status).toBe(200);
    const pnl = await get(`${base}/pnl`);
    expect(pnl.status).toBe(200);
    expect(pnl.body.units).toBe('micro-dollars');

    const badLimit = await get(`${base}/orders?limit=0`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toEqual({ error: 'limit: must be at least 1', field: 'limit' });
    const badStatus = await get(`${base}/orders?status=maybe`);
    expect(badStatus.status).toBe(400);
    expect(String(badStatus.body.error)).toMatch(/^status: /);
    const unknown = await get(`${base}/fills?colour=red`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unknown query parameter(s) "colour"');
    const badRun = await get(`${base}/pnl?run=${encodeURIComponent('a b')}`);
    expect(badRun.status).toBe(400);
    const post = await fetch(`${base}/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(post.status).toBe(405);
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);

    // A halt asked of the api process goes on the Redis bus: its own live feed hears it back.
    const live = new WebSocket(`${svc.baseUrl.replace('http', 'ws')}/api/ws`, {
      headers: { authorization: `Bearer ${operator}` },
    });
    let subscribed: () => void = () => {};
    const isSubscribed = new Promise<void>((resolve) => {
      subscribed = resolve;
    });
    const heard = new Promise<Record<string, unknown>>((resolve) => {
      live.on('message', (data) => {
        const m = JSON.parse(String(data)) as Record<string, unknown>;
        if (m.type === 'ready') live.send(JSON.stringify({ type: 'subscribe', topics: ['risk'] }));
        if (m.type === 'subscribed') subscribed();
        if (m.type === 'event') resolve(m.event as Record<string, unknown>);
      });
    });
    await isSubscribed;
    const forbidden = await fetch(`${base}/control/halt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'viewer tries' }),
    });
    expect(forbidden.status).toBe(403);
    const halt = await fetch(`${base}/control/halt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'venue:kalshi', reason: 'services test' }),
    });
    expect(halt.status).toBe(202);
    expect(await heard).toMatchObject({
      type: 'TradingStateChanged',
      scope: 'venue:kalshi',
      state: 'HALTED',
    });
    live.close();
    const states = await store.latestTradingStates(runId);
    expect(states.find((s) => s.scope === 'venue:kalshi')).toMatchObject({
      state: 'HALTED',
      origin: 'operator',
    });
    const audit = await store.listControlActions(runId, { limit: 5 });
    expect(audit.map((a) => [a.action, a.scope, a.reason])).toEqual([
      ['halt', 'venue:kalshi', 'services test'],
    ]);

    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/arbees_api_bad_requests_total\{route="orders"[^}]*\} 2/);
    expect(metrics).toMatch(/arbees_api_auth_refused_total\{route="\/api\/runs",status="401"[^}]*\} 1/);
    expect(await svc.stop()).toBe(0);
  });
});
