import { describe, expect, it } from 'vitest';
import { type Micros, micros } from '../core/money.js';
import { evaluateDecisionMatrix } from './decision-matrix.js';

const usd = (d: number) => micros(Math.round(d * 1_000_000));

describe('the AWS decision matrix on the validation table', () => {
  const thresholds = { days: 14, minDailyProfit: usd(5), minUptimePpm: 950_000 };
  const days = (n: number, pnl: number, uptimePpm: number | null) =>
    Array.from({ length: n }, (_, i) => ({
      day: `2026-11-${String(i + 1).padStart(2, '0')}`,
      uptimePpm,
      trades: 4,
      wins: 3,
      losses: 1,
      pnl: usd(pnl) as Micros,
      issues: 0,
      interventions: 0,
    }));

  it('deploys a profitable, watched fortnight to AWS, weighing only the newest days', () => {
    const old = { ...days(1, -500, 500_000)[0]!, day: '2026-10-01' };
    const r = evaluateDecisionMatrix([old, ...days(14, 6, 990_000)], thresholds);
    expect(r.decision).toBe('deploy to AWS');
    expect(r.inputs).toMatchObject({
      daysConsidered: 14,
      firstDay: '2026-11-01',
      lastDay: '2026-11-14',
      meanDailyPnl: 6_000_000,
      meanUptimePpm: 990_000,
      profitableDays: 14,
      trades: 56,
    });
  });

  it('stays local below the profit threshold or without a full window, and fixes uptime first', () => {
    expect(evaluateDecisionMatrix(days(14, 4, 990_000), thresholds)).toMatchObject({
      decision: 'stay local',
      reason: 'mean daily P&L $4.00 is under $5.00 with uptime 99.0%',
    });
    expect(evaluateDecisionMatrix(days(10, 50, 990_000), thresholds).reason).toBe(
      'only 10 of the 14 days needed are in the validation table',
    );
    const flaky = evaluateDecisionMatrix(days(14, 50, 800_000), thresholds);
    expect(flaky.decision).toBe('fix uptime first');
    expect(flaky.reason).toMatch(/mean uptime 80.0% over 14 day\(s\) is under 95.0%/);
    expect(evaluateDecisionMatrix([], thresholds)).toMatchObject({ decision: 'stay local' });
    expect(evaluateDecisionMatrix(days(14, 50, null), thresholds)).toMatchObject({
      decision: 'stay local',
      reason: 'no live games in the last 14 days: uptime is unmeasured',
    });
  });
});
