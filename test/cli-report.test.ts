/** `arbees report` on a real stored run: a one-game backtest into a PGlite directory, then its days reported. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runArbees } from './support/cli-run.js';

function arbees(args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ARBEES_') && k !== 'DATABASE_URL'),
  );
  return runArbees(args, { env });
}

describe('arbees report', () => {
  it("reports a stored run's day, keeps one validation row a day, and weighs the decision matrix", async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'arbees-report-')), 'pglite');
    const bad = await arbees(['report', '--day', '2020-02-30', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--day: the day "2020-02-30" is not a date of the calendar');

    const run = await arbees([
      'run',
      '--mode',
      'backtest',
      '--games',
      '2020_16_MIN_NO',
      '--run-id',
      'acct',
      '--db',
      db,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const runReport = JSON.parse(run.stdout).report;

    // Kick-off 2020-12-25 21:30 UTC, final after midnight: the game spans two UTC days.
    const first = await arbees(['report', '--day', '2020-12-25', '--db', db, '--json']);
    expect(first.stderr).toBe('');
    const made = JSON.parse(first.stdout);
    expect(made.report.runId).toBe('acct');
    expect(made.report.trades.count).toBeGreaterThan(0);
    expect(made.report.trades.wins + made.report.trades.losses).toBeLessThanOrEqual(made.report.trades.count);
    expect(made.report.pnl.fills).toBeGreaterThan(0);
    // A backtest watches every play: nothing unwatched once the half-time break is left out.
    expect(made.report.uptime).toMatchObject({ gamesLive: 1, uptimePpm: 1_000_000 });
    expect(made.report.uptime.breakMinutes).toBeGreaterThan(0);
    expect(made.report.calibration.signals).toBeGreaterThan(0);
    expect(made.table.rows).toHaveLength(1);
    expect(made.table.matrix).toMatchObject({ decision: 'stay local', inputs: { daysConsidered: 1 } });

    const text = await arbees(['report', '--day', '2020-12-26', '--run', 'acct', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Daily report of acct, 2020-12-26 (UTC)');
    expect(text.stdout).toMatch(/2020-12-26 +100\.0%/);
    expect(text.stdout).toContain('only 2 of the 14 days needed are in the validation table');

    // Made again with a lower bar, the day's row is replaced, not added; the two days' P&L is the run's.
    const again = JSON.parse(
      (
        await arbees([
          'report',
          '--day',
          '2020-12-25',
          '--db',
          db,
          '--json',
          '--set',
          'ARBEES_AWS_DECISION_DAYS=2',
        ])
      ).stdout,
    );
    expect(again.table.rows.map((r: { day: string }) => r.day)).toEqual(['2020-12-26', '2020-12-25']);
    expect(again.table.matrix.decision).toBe('deploy to AWS');
    const total = again.table.rows.reduce((s: number, r: { pnl: number }) => s + r.pnl, 0);
    expect(total).toBe(runReport.pnl.realizedAfterFeesMicros);
  }, 300_000); // five processes, each opening an embedded database: a bound, not a timing claim
});
