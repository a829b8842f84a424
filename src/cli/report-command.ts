/**
 * `arbees report --day YYYY-MM-DD`: makes a UTC day's report of a run (the latest by default),
 * stores its row of the daily validation table (replacing the day's earlier one), and prints the
 * report, the table and the AWS decision matrix. With PGlite the store directory must not be
 * held by a running process.
 */
import { loadConfig } from '../config/load.js';
import { LiveClock } from '../core/clock.js';
import { asRunId } from '../core/ids.js';
import { ReportDayError, utcDayBounds } from '../portfolio/daily-report.js';
import { LedgerReplayError } from '../portfolio/replay-ledger.js';
import { makeDailyReport } from '../services/daily-report.js';
import { openStore } from '../store/open.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';
import { renderDailyReport, renderValidationTable } from './report-render.js';

export interface ReportFlags {
  day?: string;
  run?: string;
  db?: string;
  json?: boolean;
  set?: string[];
}

export async function reportCommand(flags: ReportFlags): Promise<number> {
  if (!flags.day) throw new UserError('--day is required: the UTC day to report, YYYY-MM-DD');
  const day = flags.day;
  try {
    utcDayBounds(day);
  } catch (error) {
    if (error instanceof ReportDayError) throw new UserError(`--day: ${error.message}`);
    throw error;
  }
  const config = loadConfig({ overrides: overridesFromSet(flags.set) });
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    pglite: flags.db ?? config.ARBEES_PGLITE_DIR,
    ...(config.ARBEES_DB_SCHEMA ? { schema: config.ARBEES_DB_SCHEMA } : {}),
  });
  try {
    const runId = flags.run ? asRunId(flags.run) : (await store.listRuns({ limit: 1 }))[0]?.runId;
    if (!runId) throw new UserError('no run in the store to report on (arbees run makes one)');
    if (!(await store.getRun(runId))) throw new UserError(`--run: no run "${runId}" in the store`);
    const made = await makeDailyReport({
      store,
      runId,
      day,
      settings: config,
      nowTs: new LiveClock().now(),
    }).catch((error: unknown) => {
      if (error instanceof LedgerReplayError)
        throw new UserError(`the run's stored ledger cannot be replayed: ${error.message}`);
      throw error;
    });
    if (flags.json) process.stdout.write(`${JSON.stringify(made)}\n`);
    else process.stdout.write(`${renderDailyReport(made.report)}\n${renderValidationTable(made.table)}`);
    return 0;
  } finally {
    await store.close();
  }
}
