/**
 * The daily reports' routes on a stored trading day (PGlite): auth (401), 400 naming the field,
 * 404 for an unknown run, and the report, the validation table and the decision matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClock } from '../core/clock.js';
import { asEventId, asLedgerTxId, asRunId } from '../core/ids.js';
import { micros } from '../core/money.js';
import { defaultReportSettings, makeDailyReport } from '../services/daily-report.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { FIXTURE_DAY, FIXTURE_EXPECTED, storeTradingDay } from '../store/testing/daily-fixture.js';
import { T0 } from '../store/testing/fixtures.js';
import { type ApiServer, buildApi } from './server.js';
import { harnessOptions, RUN } from './testing/harness.js';
import { createApiToken } from './tokens.js';

describe('the daily reports in the API', () => {
  let store: Store;
  let api: ApiServer;
  let viewer: string;
  const get = async (url: string, token: string | null = viewer) => {
    const res = await api.app.inject({
      method: 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    // biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON bodies loosely
    return { status: res.statusCode, body: res.json() as Record<string, any> };
  };

  beforeAll(async () => {
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId: RUN, mode: 'paper', startedTs: T0 - 3_600_000, config: {} });
    await storeTradingDay(store, RUN);
    viewer = (await createApiToken({ store, clock: new LiveClock(), name: 'vera', role: 'viewer' })).secret;
    api = await buildApi(harnessOptions(store, null));
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('refuses the reports without a token (401)', async () => {
    for (const url of [
      `/api/reports/daily/${FIXTURE_DAY}`,
      '/api/reports/validation',
      '/api/reports/decision',
    ])
      expect((await get(url, null)).status, url).toBe(401);
  });

  it('answers 400 naming the field for a malformed or impossible day, a bad limit, an unknown parameter', async () => {
    const malformed = await get('/api/reports/daily/2019-9-8');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ field: 'day' });
    expect(malformed.body.error).toContain('YYYY-MM-DD');
    const impossible = await get('/api/reports/daily/2019-02-30');
    expect(impossible.body).toMatchObject({ field: 'day' });
    expect(impossible.body.error).toContain('calendar');
    expect((await get('/api/reports/validation?limit=0')).body).toMatchObject({ field: 'limit' });
    const unknown = await get('/api/reports/decision?days=3');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('days');
    const noRun = await get(`/api/reports/daily/${FIXTURE_DAY}?run=nope`);
    expect(noRun).toMatchObject({ status: 404, body: { field: 'run' } });
  });

  it("answers 409, not 500, while a run's ledger names a fill not stored yet", async () => {
    const broken = asRunId('api-broken-run');
    await store.startRun({ runId: broken, mode: 'paper', startedTs: T0, config: {} });
    await store.recordLedger(broken, [
      {
        type: 'LedgerPosted',
        id: asEventId('broken-tx'),
        ts: T0,
        txId: asLedgerTxId('tx-1'),
        kind: 'trade',
        postings: [
          { account: 'assets:cash:kalshi', amount: micros(-10) },
          { account: 'assets:positions:kalshi:X:yes', amount: micros(10) },
        ],
        ref: 'fill-not-yet-stored',
        memo: '',
      },
    ]);
    const r = await get(`/api/reports/daily/${FIXTURE_DAY}?run=${broken}`);
    expect(r.status).toBe(409);
    expect(r.body.error).toContain(
      'books fill "fill-not-yet-stored", which is not among the run\'s stored fills',
    );
  });

  it("makes a day's report from the store without storing it", async () => {
    const { status, body } = await get(`/api/reports/daily/${FIXTURE_DAY}`);
    expect(status).toBe(200);
    expect(body.storedTs).toBeNull();
    const r = body.report;
    expect(r.trades).toMatchObject({
      count: FIXTURE_EXPECTED.trades,
      wins: FIXTURE_EXPECTED.wins,
      losses: 0,
    });
    expect(r.pnl).toEqual({
      realizedAfterFees: FIXTURE_EXPECTED.pnl,
      feesPaid: FIXTURE_EXPECTED.fees,
      fills: 1,
    });
    expect(r.uptime).toMatchObject({
      liveMinutes: FIXTURE_EXPECTED.liveMinutes,
      watchedMinutes: FIXTURE_EXPECTED.watchedMinutes,
      gamesLive: 1,
    });
    expect(r.issues.count).toBe(FIXTURE_EXPECTED.issues);
    expect(r.interventions.count).toBe(FIXTURE_EXPECTED.interventions);
    expect(r.calibration).toEqual({ signals: 1, brierPpm: FIXTURE_EXPECTED.brierPpm });
    expect(r.drawdown.maxDrawdown).toBe(FIXTURE_EXPECTED.maxDrawdown);
    expect((await get('/api/reports/validation')).body.rows).toEqual([]);
  });

  it('lists the validation table newest first with the decision matrix and its inputs', async () => {
    await makeDailyReport({
      store,
      runId: asRunId(RUN),
      day: FIXTURE_DAY,
      settings: defaultReportSettings(),
      nowTs: T0 + 86_400_000,
    });
    const table = await get('/api/reports/validation');
    expect(table.status).toBe(200);
    expect(table.body.rows).toEqual([
      {
        day: FIXTURE_DAY,
        uptimePpm: 666_667,
        trades: 1,
        wins: 1,
        losses: 0,
        pnl: FIXTURE_EXPECTED.pnl,
        issues: FIXTURE_EXPECTED.issues,
        interventions: FIXTURE_EXPECTED.interventions,
        madeTs: T0 + 86_400_000,
      },
    ]);
    // 40 of 60 live minutes watched: under the 95 % the matrix asks before it trusts the P&L.
    const decision = await get('/api/reports/decision');
    expect(decision.body.matrix).toMatchObject({
      decision: 'fix uptime first',
      inputs: { daysConsidered: 1, meanUptimePpm: 666_667, totalPnl: FIXTURE_EXPECTED.pnl },
      thresholds: { days: 14, minDailyProfit: 5_000_000, minUptimePpm: 950_000 },
    });
    expect(table.body.matrix).toEqual(decision.body.matrix);
    expect((await get(`/api/reports/daily/${FIXTURE_DAY}`)).body.storedTs).toBe(T0 + 86_400_000);
    const doc = await api.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/reports/daily/{day}',
        '/api/reports/validation',
        '/api/reports/decision',
      ]),
    );
  });
});
