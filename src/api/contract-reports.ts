/**
 * The daily reports' part of the API contract (contract.ts re-exports it): a day's report, the
 * daily validation table and the AWS decision matrix. Definitions: docs/reports.md.
 */
import { z } from 'zod';
import { epochMs, limit, micros, ppm, run } from './contract-common.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A UTC day, YYYY-MM-DD, that is on the calendar. */
export const dayText = z
  .string()
  .regex(DAY, 'must be a date YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'must be a date of the calendar')
  .describe('A UTC day, YYYY-MM-DD');

const ppmOrNull = ppm.nullable();

export const TradeReportView = z
  .object({
    instrumentId: z.string(),
    gameId: z.string(),
    venue: z.string(),
    side: z.string(),
    pnl: micros.describe('Realized P&L from opening to close, fees included, micro-dollars'),
    closedTs: epochMs,
  })
  .meta({ id: 'ReportTrade' });

export const DailyReportView = z
  .object({
    runId: z.string(),
    day: z.string(),
    fromTs: epochMs,
    toTs: epochMs,
    trades: z.object({
      count: z.number().int().describe('Positions closed (sold out or settled) during the day'),
      wins: z.number().int(),
      losses: z.number().int(),
      scratches: z.number().int().describe('Closed at exactly zero'),
      winRatePpm: ppmOrNull.describe('wins / count; null without trades'),
      best: TradeReportView.nullable(),
      worst: TradeReportView.nullable(),
      list: z.array(TradeReportView),
    }),
    pnl: z.object({
      realizedAfterFees: micros.describe('Realized P&L booked during the day, fees included'),
      feesPaid: micros.describe("Fees of the day's fills"),
      fills: z.number().int(),
    }),
    drawdown: z.object({
      maxDrawdown: micros.describe('Largest fall of equity from its running peak within the day'),
      maxDrawdownPpm: ppmOrNull,
      openingEquity: micros.nullable(),
      closingEquity: micros.nullable(),
      snapshots: z.number().int(),
    }),
    uptime: z.object({
      liveMinutes: z.number().int().describe('Live game-minutes of the day, breaks in play left out'),
      watchedMinutes: z.number().int(),
      uptimePpm: ppmOrNull.describe('watchedMinutes / liveMinutes; null when no game was live'),
      gamesLive: z.number().int(),
      gamesUnseen: z.number().int().describe('Games scheduled during the day with nothing stored about them'),
      breakMinutes: z.number().int(),
      watchWindowMinutes: z.number().int(),
    }),
    issues: z.object({
      count: z.number().int(),
      list: z.array(
        z.object({
          ts: epochMs,
          kind: z.enum(['halt', 'reduce', 'rejected-order']),
          subject: z.string().describe('The scope, or the client order id'),
          origin: z.string(),
          reason: z.string(),
        }),
      ),
    }),
    interventions: z.object({
      count: z.number().int(),
      list: z.array(
        z.object({
          ts: epochMs,
          actor: z.string(),
          action: z.string(),
          scope: z.string(),
          reason: z.string(),
          eventId: z.string().nullable(),
        }),
      ),
    }),
    calibration: z.object({
      signals: z.number().int().describe('Signals of the day on markets that have settled'),
      brierPpm: ppmOrNull.describe("Brier score of the model's probability against the settlement"),
    }),
  })
  .meta({ id: 'DailyReport' });
export type DailyReportView = z.infer<typeof DailyReportView>;

export const DailyReportParams = z.strictObject({ day: dayText });
export const DailyReportQuery = z.strictObject({ run });
export const DailyReportResponse = z.object({
  report: DailyReportView,
  storedTs: epochMs
    .nullable()
    .describe("When the day's validation row was last made (arbees report); null: never"),
});
export type DailyReportResponse = z.infer<typeof DailyReportResponse>;

export const ValidationRowView = z
  .object({
    day: z.string(),
    uptimePpm: ppmOrNull,
    trades: z.number().int(),
    wins: z.number().int(),
    losses: z.number().int(),
    pnl: micros,
    issues: z.number().int(),
    interventions: z.number().int(),
    madeTs: epochMs,
  })
  .meta({ id: 'ValidationRow' });

export const DecisionMatrixView = z
  .object({
    decision: z.enum(['deploy to AWS', 'stay local', 'fix uptime first']),
    reason: z.string(),
    inputs: z.object({
      daysConsidered: z.number().int(),
      firstDay: z.string().nullable(),
      lastDay: z.string().nullable(),
      totalPnl: micros,
      meanDailyPnl: micros,
      profitableDays: z.number().int(),
      meanUptimePpm: ppmOrNull,
      daysWithUptime: z.number().int(),
      trades: z.number().int(),
      issues: z.number().int(),
      interventions: z.number().int(),
    }),
    thresholds: z.object({
      days: z.number().int(),
      minDailyProfit: micros,
      minUptimePpm: ppm,
    }),
  })
  .meta({ id: 'DecisionMatrix' });
export type DecisionMatrixView = z.infer<typeof DecisionMatrixView>;

export const ValidationQuery = z.strictObject({ run, limit: limit(60) });
export const ValidationResponse = z.object({
  runId: z.string(),
  rows: z.array(ValidationRowView).describe('Newest day first'),
  matrix: DecisionMatrixView.describe('The decision matrix on the newest days of the table'),
});
export type ValidationResponse = z.infer<typeof ValidationResponse>;
export const DecisionQuery = z.strictObject({ run });
export const DecisionResponse = z.object({ runId: z.string(), matrix: DecisionMatrixView });
export type DecisionResponse = z.infer<typeof DecisionResponse>;
