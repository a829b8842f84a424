/** The daily reports' reads and the validation table every Store shows; called inside a describe() per backend. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asRunId, type Micros } from '../../core/index.js';
import type { SqlClient } from '../sql.js';
import { SqlStore } from '../sql-store.js';
import { FIXTURE_DAY, storeTradingDay } from './daily-fixture.js';
import { GAME, T0 } from './fixtures.js';

export function reportsBehaviour(open: () => Promise<SqlClient>): void {
  let store: SqlStore;
  const run = asRunId('run-reports');
  const dayStart = Date.UTC(2019, 8, 8);
  const minuteOf = (ts: number) => Math.floor(ts / 60_000);

  beforeAll(async () => {
    store = new SqlStore({ client: await open() });
    await store.migrate();
    await storeTradingDay(store, run);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("reads a day's records: bankroll, games' spans, activity minutes, states, rejections, actions, settled signals", async () => {
    const r = await store.dayRecords(run, {
      fromTs: dayStart,
      toTs: dayStart + 86_400_000,
      lookbackMs: 5 * 60_000,
    });
    expect(r.openingBankroll).toBeNull();
    // At cost (fees in the cost), the buy moves no equity; the settlement adds $3.97.
    expect(r.bankroll.map((b) => b.equity)).toEqual([1_000_000_000, 1_000_000_000, 1_003_970_000]);
    expect(r.games).toEqual([
      {
        gameId: GAME,
        sport: 'nfl',
        startTs: T0,
        firstLiveTs: T0,
        firstLiveClock: 3600,
        lastStateTs: T0 + 30 * 60_000,
        finalTs: T0 + 60 * 60_000,
      },
    ]);
    const minutes = r.activity.map((a) => a.minute - minuteOf(T0)).sort((a, b) => a - b);
    expect(minutes).toEqual([...Array.from({ length: 31 }, (_, i) => i), 45]);
    expect(r.clock).toHaveLength(31);
    expect(r.clock[30]).toEqual({ gameId: GAME, ts: T0 + 30 * 60_000, gameSecondsRemaining: 3570 });
    expect(r.tradingStates.map((s) => s.id)).toEqual(['day-rule-halt', 'day-operator-halt']);
    expect(r.rejectedOrders).toEqual([
      {
        ts: T0 + 15 * 60_000,
        clientOrderId: 'day-sig.L1',
        venue: 'kalshi',
        instrumentId: expect.any(String),
        reason: 'insufficient balance',
      },
    ]);
    expect(r.controlActions.map((a) => [a.action, a.actor, a.eventId])).toEqual([
      ['halt', 'alice (tok_1)', 'day-operator-halt'],
    ]);
    expect(r.settledSignals).toMatchObject([
      { signalId: 'day-sig', side: 'yes', modelProbPpm: 620_000, settledResult: 'yes' },
    ]);
    const next = await store.dayRecords(run, {
      fromTs: dayStart + 86_400_000,
      toTs: dayStart + 2 * 86_400_000,
      lookbackMs: 0,
    });
    expect(next.openingBankroll?.equity).toBe(1_003_970_000);
    expect(next.tradingStates.map((s) => s.id)).toEqual(['next-day-halt']);
    expect(next.activity).toEqual([]);
  });

  it('keeps one validation row per day, replaced when the day is made again, newest day first', async () => {
    const row = (day: string, pnl: number) => ({
      day,
      uptimePpm: 950_000,
      trades: 2,
      wins: 1,
      losses: 1,
      pnl: pnl as Micros,
      issues: 0,
      interventions: 1,
    });
    await store.saveDailyReport(run, { row: row('2019-09-08', 100), madeTs: T0, report: { first: true } });
    await store.saveDailyReport(run, { row: row('2019-09-09', 200), madeTs: T0, report: {} });
    await store.saveDailyReport(run, {
      row: { ...row('2019-09-08', -300), uptimePpm: null },
      madeTs: T0 + 1_000,
      report: { again: true },
    });
    const table = await store.listDailyValidation(run, { limit: 10 });
    expect(table.map((t) => [t.row.day, t.row.pnl, t.row.uptimePpm, t.madeTs])).toEqual([
      ['2019-09-09', 200, 950_000, T0],
      ['2019-09-08', -300, null, T0 + 1_000],
    ]);
    expect(table[0]?.report).toBeNull();
    expect((await store.getDailyReport(run, FIXTURE_DAY))?.report).toEqual({ again: true });
    expect(await store.getDailyReport(run, '2019-09-10')).toBeNull();
    expect(await store.listDailyValidation(asRunId('run-other'), { limit: 10 })).toEqual([]);
  });
}
