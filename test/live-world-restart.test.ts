/**
 * Live mode end to end against the simulated world, with the world's credentials: real orders
 * through the Kalshi and Polymarket adapters into the simulators' matching engines. The process
 * is killed (SIGKILL) mid-game and started again under its run id; afterwards every fill the
 * venues gave is in the ledger exactly once, no order went to a venue twice, and the start-up
 * and closing reconciliations agree with both venues.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { resolveEndpoints } from '../src/config/endpoints.js';
import { loadConfig } from '../src/config/load.js';
import { LiveClock } from '../src/core/clock.js';
import { asEventId, asRunId } from '../src/core/ids.js';
import { kalshiHttp, loadKalshiKey, polymarketSettings } from '../src/services/venue-access.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';
import { createTestSchema } from '../src/store/testing/harness.js';
import { KalshiVenueClient } from '../src/venues/kalshi/client.js';
import { connectPolymarket } from '../src/venues/polymarket/connect.js';
import { cleanEnv, startArbees, startWorld, type WorldProcess } from './support/world-process.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const RUN = 'live-proof';

async function kalshiOrderCounts(http: ReturnType<typeof kalshiHttp>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const outcome = await http.request({
      method: 'GET',
      path: '/portfolio/orders',
      query: { limit: '200', cursor },
    });
    if (outcome.kind !== 'ok') throw new Error(`GET /portfolio/orders: ${JSON.stringify(outcome)}`);
    const body = outcome.body as { orders: { client_order_id: string | null }[]; cursor?: string };
    for (const o of body.orders)
      if (o.client_order_id) counts.set(o.client_order_id, (counts.get(o.client_order_id) ?? 0) + 1);
    cursor = body.cursor || undefined;
  } while (cursor);
  return counts;
}

describe.skipIf(!databaseUrl)('arbees run --mode live against arbees sim world', () => {
  let world: WorldProcess | null = null;
  let dropSchema: (() => Promise<void>) | null = null;
  let store: Store | null = null;
  afterAll(async () => {
    await store?.close();
    await world?.stop();
    await dropSchema?.();
  });

  it('trades through the adapters, survives a kill mid-game without a duplicate order or a lost fill, reconciles clean', async () => {
    world = await startWorld(['--games', '2020_17_MIA_BUF,nba', '--speed', '200', '--lead', '1']);
    const schema = await createTestSchema(databaseUrl);
    dropSchema = schema.drop;
    const env = {
      ...cleanEnv(),
      ...world.settings,
      PAPER_TRADING: '0',
      LIVE_TRADING_ACK: 'true',
      DATABASE_URL: databaseUrl,
      ARBEES_DB_SCHEMA: schema.schema,
      ARBEES_LOG_LEVEL: 'info',
    };
    const args = ['run', '--mode', 'live', '--until-idle', '--json', '--leagues', 'nfl,nba', '--run-id', RUN];
    store = await openStore({ databaseUrl, schema: schema.schema });
    const runId = asRunId(RUN);

    const first = startArbees(args, env);
    // Killed once it has traded a little: mid-game, with orders going on.
    let fillsBefore = 0;
    for (let i = 0; i < 1200 && first.child.exitCode === null; i++) {
      fillsBefore = (await store.listFills(runId).catch(() => [])).length;
      if (fillsBefore >= 5) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(first.child.exitCode, first.stderr().slice(-3000)).toBeNull();
    expect(fillsBefore).toBeGreaterThanOrEqual(5);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = startArbees(args, env);
    const code = await second.exited;
    expect(code, second.stderr().slice(-4000)).toBe(0);
    const out = JSON.parse(second.stdout()) as {
      completed: boolean;
      report: { ledger: { imbalanceMicros: number }; risk: { alerts: Record<string, number> } };
    };
    expect(out.completed).toBe(true);
    expect(out.report.ledger.imbalanceMicros).toBe(0);
    expect(out.report.risk.alerts.reconciler ?? 0).toBe(0);
    expect(second.stderr()).not.toMatch(/\[error\]/);

    // What the venues say, asked with the trader's own credentials.
    const config = loadConfig({ env: { ...world.settings, ARBEES_MODE: 'live' }, envFile: null });
    const endpoints = resolveEndpoints(config);
    const http = kalshiHttp({ endpoints: endpoints.kalshi!, key: await loadKalshiKey(config) });
    const kalshi = new KalshiVenueClient({ http });
    let n = 0;
    const polymarket = await connectPolymarket({
      config: polymarketSettings(endpoints.polymarket!, world.settings),
      env: world.settings,
      clock: new LiveClock(),
      nextId: () => asEventId(`test-${++n}`),
      sink: () => {},
      live: false,
    });
    polymarket.marketWs.close();
    try {
      const stored = await store.listFills(runId);
      expect(stored.length).toBeGreaterThan(fillsBefore);
      const ours = (venue: string) =>
        stored
          .filter((f) => f.venue === venue)
          .map((f) => f.fillId as string)
          .sort();
      // No lost fill and no fill booked twice: the ledger's fills are exactly the venues'.
      expect(ours('kalshi')).toEqual([...(await kalshi.account.fillIds())].map(String).sort());
      expect(ours('polymarket')).toEqual(
        [...(await polymarket.client.account!.fillIds())].map(String).sort(),
      );
      expect(new Set(stored.map((f) => f.fillId)).size).toBe(stored.length);
      // No order sent twice: one Kalshi order per client order id.
      const counts = await kalshiOrderCounts(http);
      expect(counts.size).toBeGreaterThan(0);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      // Reconciliation agrees at the end as at each start.
      const states = await store.latestTradingStates(runId);
      const reconciliation = states.find((s) => s.scope === 'reconciliation');
      expect(reconciliation?.state).toBe('ACTIVE');
      expect(states.filter((s) => s.origin === 'reconciler' && s.state === 'HALTED')).toEqual([]);
    } finally {
      polymarket.close();
    }
  }, 900_000);
});
