/**
 * The daily report as a composition: the day's stored records and the run's ledger in, the pure
 * report (portfolio/daily-report.ts) out; `makeDailyReport` also stores the day's row of the
 * validation table, and both read the table back with the AWS decision matrix on it.
 */
import { configSchema } from '../config/schema.js';
import type { RunId } from '../core/ids.js';
import type { Micros } from '../core/money.js';
import {
  buildDailyReport,
  type DailyReport,
  utcDayBounds,
  type ValidationRow,
  validationRowOf,
} from '../portfolio/daily-report.js';
import {
  type DecisionMatrixResult,
  type DecisionThresholds,
  evaluateDecisionMatrix,
} from '../portfolio/decision-matrix.js';
import { MINUTE_MS } from '../portfolio/uptime.js';
import type { Store } from '../store/port.js';

export interface ReportSettings {
  readonly ARBEES_REPORT_WATCH_MINUTES: number;
  readonly ARBEES_AWS_DECISION_DAYS: number;
  readonly ARBEES_AWS_MIN_DAILY_PROFIT: Micros;
  readonly ARBEES_AWS_MIN_UPTIME_PCT: number;
}

/** The report settings at their schema defaults, for an API mounted without a configuration. */
export function defaultReportSettings(): ReportSettings {
  const shape = configSchema.pick({
    ARBEES_REPORT_WATCH_MINUTES: true,
    ARBEES_AWS_DECISION_DAYS: true,
    ARBEES_AWS_MIN_DAILY_PROFIT: true,
    ARBEES_AWS_MIN_UPTIME_PCT: true,
  });
  return shape.parse({});
}

export const thresholdsOf = (s: ReportSettings): DecisionThresholds => ({
  days: s.ARBEES_AWS_DECISION_DAYS,
  minDailyProfit: s.ARBEES_AWS_MIN_DAILY_PROFIT,
  minUptimePpm: Math.round(s.ARBEES_AWS_MIN_UPTIME_PCT * 10_000),
});

/** The report of one UTC day, from the store; writes nothing. */
export async function readDailyReport(opts: {
  store: Store;
  runId: RunId;
  day: string;
  settings: ReportSettings;
}): Promise<DailyReport> {
  const { fromTs, toTs } = utcDayBounds(opts.day);
  const watch = opts.settings.ARBEES_REPORT_WATCH_MINUTES;
  const [ledger, fills, records] = await Promise.all([
    opts.store.listLedger(opts.runId),
    opts.store.listFills(opts.runId),
    opts.store.dayRecords(opts.runId, { fromTs, toTs, lookbackMs: watch * MINUTE_MS }),
  ]);
  return buildDailyReport({
    runId: opts.runId,
    day: opts.day,
    ledger,
    fills,
    records,
    watchWindowMinutes: watch,
  });
}

export interface ValidationTable {
  /** Newest day first. */
  readonly rows: readonly (ValidationRow & { readonly madeTs: number })[];
  readonly matrix: DecisionMatrixResult;
}

/** The run's validation table (newest first, at most `limit` rows) and the decision matrix on it. */
export async function readValidationTable(opts: {
  store: Store;
  runId: RunId;
  settings: ReportSettings;
  limit?: number;
}): Promise<ValidationTable> {
  const thresholds = thresholdsOf(opts.settings);
  const stored = await opts.store.listDailyValidation(opts.runId, {
    limit: Math.max(opts.limit ?? thresholds.days, thresholds.days),
  });
  const rows = stored.map((s) => ({ ...s.row, madeTs: s.madeTs }));
  return {
    rows: rows.slice(0, opts.limit ?? rows.length),
    matrix: evaluateDecisionMatrix(rows, thresholds),
  };
}

/** Makes a day's report, stores its validation row (replacing the day's earlier one), and reads the table back. */
export async function makeDailyReport(opts: {
  store: Store;
  runId: RunId;
  day: string;
  settings: ReportSettings;
  /** When the report is made, epoch ms (the clock's now). */
  nowTs: number;
}): Promise<{ report: DailyReport; table: ValidationTable }> {
  const report = await readDailyReport(opts);
  await opts.store.saveDailyReport(opts.runId, {
    row: validationRowOf(report),
    madeTs: opts.nowTs,
    report,
  });
  return { report, table: await readValidationTable(opts) };
}
