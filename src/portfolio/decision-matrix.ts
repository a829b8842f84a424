/**
 * The AWS decision matrix (seed 000, "Phase 0"): on the last days of the daily validation table,
 * is the strategy proven locally (profitable and watched), so that it is worth paying for AWS?
 * The seeds give no thresholds; these are settings (docs/reports.md). Pure.
 */
import type { Micros } from '../core/money.js';
import type { ValidationRow } from './daily-report.js';

export type AwsDecision = 'deploy to AWS' | 'stay local' | 'fix uptime first';

export interface DecisionThresholds {
  /** How many of the newest days are weighed (14). */
  readonly days: number;
  /** Mean daily P&L needed to call the strategy profitable, micro-dollars. */
  readonly minDailyProfit: Micros;
  /** Mean uptime needed before the P&L is trusted, ppm. */
  readonly minUptimePpm: number;
}

export interface DecisionMatrixResult {
  readonly decision: AwsDecision;
  /** Why, in a sentence naming the inputs. */
  readonly reason: string;
  readonly inputs: {
    /** Days weighed: rows of the table, newest first, at most `thresholds.days`. */
    readonly daysConsidered: number;
    readonly firstDay: string | null;
    readonly lastDay: string | null;
    readonly totalPnl: Micros;
    /** Mean P&L a day over the days weighed. */
    readonly meanDailyPnl: Micros;
    readonly profitableDays: number;
    /** Mean uptime of the days that had live games, ppm; null when none had. */
    readonly meanUptimePpm: number | null;
    readonly daysWithUptime: number;
    readonly trades: number;
    readonly issues: number;
    readonly interventions: number;
  };
  readonly thresholds: DecisionThresholds;
}

/**
 * Uptime first: a run that was not watching cannot vouch for its P&L. Then a full window
 * (`days` days) with a mean daily P&L at or above the threshold earns AWS; anything less stays
 * local.
 */
export function evaluateDecisionMatrix(
  table: readonly ValidationRow[],
  thresholds: DecisionThresholds,
): DecisionMatrixResult {
  const rows = [...table]
    .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0))
    .slice(0, thresholds.days);
  const totalPnl = rows.reduce((s, r) => s + r.pnl, 0);
  const withUptime = rows.filter((r) => r.uptimePpm !== null);
  const meanUptimePpm =
    withUptime.length === 0
      ? null
      : Math.round(withUptime.reduce((s, r) => s + (r.uptimePpm ?? 0), 0) / withUptime.length);
  const meanDailyPnl = rows.length === 0 ? 0 : Math.round(totalPnl / rows.length);
  const inputs: DecisionMatrixResult['inputs'] = {
    daysConsidered: rows.length,
    firstDay: rows.at(-1)?.day ?? null,
    lastDay: rows[0]?.day ?? null,
    totalPnl: totalPnl as Micros,
    meanDailyPnl: meanDailyPnl as Micros,
    profitableDays: rows.filter((r) => r.pnl > 0).length,
    meanUptimePpm,
    daysWithUptime: withUptime.length,
    trades: rows.reduce((s, r) => s + r.trades, 0),
    issues: rows.reduce((s, r) => s + r.issues, 0),
    interventions: rows.reduce((s, r) => s + r.interventions, 0),
  };
  const pct = (ppm: number) => `${(ppm / 10_000).toFixed(1)}%`;
  const usd = (m: number) => `$${(m / 1_000_000).toFixed(2)}`;
  const verdict = (decision: AwsDecision, reason: string): DecisionMatrixResult => ({
    decision,
    reason,
    inputs,
    thresholds,
  });
  if (meanUptimePpm !== null && meanUptimePpm < thresholds.minUptimePpm)
    return verdict(
      'fix uptime first',
      `mean uptime ${pct(meanUptimePpm)} over ${withUptime.length} day(s) is under ${pct(thresholds.minUptimePpm)}: the P&L of a run that was not watching proves little`,
    );
  if (rows.length < thresholds.days)
    return verdict(
      'stay local',
      `only ${rows.length} of the ${thresholds.days} days needed are in the validation table`,
    );
  if (meanUptimePpm === null)
    return verdict('stay local', `no live games in the last ${rows.length} days: uptime is unmeasured`);
  if (meanDailyPnl < thresholds.minDailyProfit)
    return verdict(
      'stay local',
      `mean daily P&L ${usd(meanDailyPnl)} is under ${usd(thresholds.minDailyProfit)} with uptime ${pct(meanUptimePpm)}`,
    );
  return verdict(
    'deploy to AWS',
    `mean daily P&L ${usd(meanDailyPnl)} (at least ${usd(thresholds.minDailyProfit)}) with uptime ${pct(meanUptimePpm)} (at least ${pct(thresholds.minUptimePpm)}) over ${rows.length} days`,
  );
}
