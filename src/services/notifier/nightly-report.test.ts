/** The nightly report: made and sent when a UTC day ends on the run's clock, retried when the store fails. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { asRunId } from '../../core/ids.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/port.js';
import { FIXTURE_DAY, storeTradingDay } from '../../store/testing/daily-fixture.js';
import { T0 } from '../../store/testing/fixtures.js';
import { defaultReportSettings } from '../daily-report.js';
import { silentLogger } from '../logger.js';
import type { Channel } from './channels.js';
import { startNightlyReports } from './nightly-report.js';
import type { Notice } from './notices.js';
import { noticeSender } from './notifier.js';

const RUN = asRunId('nightly-run');
const NEXT_DAY = Date.UTC(2019, 8, 9);

describe('the nightly report', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId: RUN, mode: 'paper', startedTs: T0, config: {} });
    await storeTradingDay(store, RUN);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('sends the day that ended once through the channels, with its validation row stored, and retries a failure', async () => {
    const clock = new SimulatedClock(T0 + 3_600_000);
    const got: Notice[] = [];
    const channel: Channel = { name: 'webhook', send: async (n) => void got.push(n) };
    const send = noticeSender({
      clock,
      channels: [channel],
      kinds: ['daily-report'],
      perMinute: 20,
      log: silentLogger,
    });
    // The first look at the ledger fails, as a store away for a moment would.
    let failures = 1;
    const flaky: Store = Object.create(store, {
      listLedger: {
        value: (runId: typeof RUN) =>
          failures-- > 0 ? Promise.reject(new Error('connection reset')) : store.listLedger(runId),
      },
    });
    const nightly = startNightlyReports({
      store: flaky,
      runId: RUN,
      clock,
      settings: defaultReportSettings(),
      send,
      log: silentLogger,
      everyMs: 0,
    });
    await nightly.check();
    expect(got).toEqual([]); // the day has not ended

    clock.set(NEXT_DAY + 60_000);
    await nightly.check();
    expect(got).toEqual([]); // the store failed: nothing sent, nothing lost
    expect(await store.getDailyReport(RUN, FIXTURE_DAY)).toBeNull();

    await nightly.check();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      kind: 'daily-report',
      severity: 'warning',
      key: `daily-report:${RUN}:${FIXTURE_DAY}`,
    });
    expect(got[0]?.text).toContain(
      `daily report ${FIXTURE_DAY} (${RUN}): 1 trades, 1 won, 0 lost (win rate 100.0%)`,
    );
    expect(got[0]?.text).toContain('P&L $3.97 after fees of $0.43');
    expect(got[0]?.text).toContain(
      'uptime 66.7%; 2 issues, 1 manual interventions; Brier 0.1444 on 1 signals',
    );
    expect(got[0]?.text).toContain('AWS: fix uptime first');
    expect((await store.getDailyReport(RUN, FIXTURE_DAY))?.row).toMatchObject({ trades: 1, pnl: 3_970_000 });

    await nightly.check();
    clock.set(NEXT_DAY + 3_600_000);
    await nightly.check();
    expect(got).toHaveLength(1); // once a day
    nightly.stop();
  });
});
