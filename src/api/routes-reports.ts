/**
 * The daily reports' read routes (docs/reports.md): a day's report, made afresh from the store
 * (reading writes nothing; `arbees report` stores a day's validation row), the daily validation
 * table and the AWS decision matrix on it. A viewer or operator token may call them.
 */
import { asRunId, type RunId } from '../core/ids.js';
import { LedgerReplayError } from '../portfolio/replay-ledger.js';
import {
  defaultReportSettings,
  type ReportSettings,
  readDailyReport,
  readValidationTable,
} from '../services/daily-report.js';
import {
  DailyReportParams,
  DailyReportQuery,
  DailyReportResponse,
  DecisionQuery,
  DecisionResponse,
  ErrorBody,
  ValidationQuery,
  ValidationResponse,
} from './contract.js';
import type { ApiOptions, ZodApp } from './types.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } as const;

export function registerReportRoutes(app: ZodApp, opts: ApiOptions): void {
  const { store } = opts;
  const settings: ReportSettings = opts.reportSettings ?? defaultReportSettings();
  const runOf = (q: { run?: string | undefined }): RunId => (q.run ? asRunId(q.run) : opts.runId);
  const read = (summary: string) => ({ summary, tags: ['reports'] });
  const noRun = (runId: RunId) => ({ error: `no run "${runId}"`, field: 'run' });

  app.get(
    '/api/reports/daily/:day',
    {
      schema: {
        ...read(
          "A UTC day's report: trades, wins, losses, P&L after fees, fees, drawdown, uptime, issues, manual interventions, best and worst trades, calibration",
        ),
        params: DailyReportParams,
        querystring: DailyReportQuery,
        response: { 200: DailyReportResponse, ...errors },
      },
    },
    async (req, reply) => {
      const runId = runOf(req.query);
      if (!(await store.getRun(runId))) return reply.code(404).send(noRun(runId));
      let report: Awaited<ReturnType<typeof readDailyReport>>;
      try {
        report = await readDailyReport({ store, runId, day: req.params.day, settings });
      } catch (error) {
        // A running run's ledger may name a fill the archiver has not stored yet: say so, not 500.
        if (error instanceof LedgerReplayError)
          return reply
            .code(409)
            .send({ error: `the run's stored ledger cannot be replayed yet: ${error.message}` });
        throw error;
      }
      const stored = await store.getDailyReport(runId, req.params.day);
      // The report's lists are readonly; the response's are plain.
      const view = {
        ...report,
        trades: { ...report.trades, list: [...report.trades.list] },
        issues: { ...report.issues, list: [...report.issues.list] },
        interventions: { ...report.interventions, list: [...report.interventions.list] },
      };
      return { report: view, storedTs: stored?.madeTs ?? null };
    },
  );

  app.get(
    '/api/reports/validation',
    {
      schema: {
        ...read('The daily validation table, newest day first, with the AWS decision matrix on it'),
        querystring: ValidationQuery,
        response: { 200: ValidationResponse, ...errors },
      },
    },
    async (req) => {
      const runId = runOf(req.query);
      const table = await readValidationTable({ store, runId, settings, limit: req.query.limit });
      return { runId, rows: [...table.rows], matrix: table.matrix };
    },
  );

  app.get(
    '/api/reports/decision',
    {
      schema: {
        ...read(
          'The AWS decision matrix on the newest days of the validation table: deploy to AWS, stay local or fix uptime first, with its inputs and thresholds',
        ),
        querystring: DecisionQuery,
        response: { 200: DecisionResponse, ...errors },
      },
    },
    async (req) => {
      const runId = runOf(req.query);
      const table = await readValidationTable({ store, runId, settings });
      return { runId, matrix: table.matrix };
    },
  );
}
