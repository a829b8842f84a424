/**
 * The end-of-run report: what was traded, how it went, and how good the model's probabilities
 * were on the plays replayed. Pure: built from counts, closed positions, the bankroll curve and
 * the model's predictions; the same inputs give the same report, byte for byte.
 */
import type { DenialReason } from '../core/events.js';
import type { Micros } from '../core/money.js';
import { brierScore, logLoss } from '../sports/metrics.js';
import type { RunStatistics } from './game-statistics.js';
import type { BankrollPoint } from './projector.js';

export interface ModelPrediction {
  readonly homeProb: number;
  /** 1 if the home team won. */
  readonly homeWon: number;
}

/** One league's share of a run: its games, fills, closed positions and scored plays. */
export interface LeagueInputs {
  readonly league: string;
  readonly games: number;
  readonly gamesFinal: number;
  readonly fills: number;
  readonly contractsCentis: number;
  readonly fees: Micros;
  readonly closedPnls: readonly number[];
  readonly predictions: readonly ModelPrediction[];
  /** Our home probability beside another source's (ESPN's), on the plays that have one. */
  readonly reference: ReadonlyArray<{
    readonly ours: number;
    readonly theirs: number;
    readonly homeWon: number;
  }>;
}

export interface LeagueReport {
  readonly league: string;
  readonly games: number;
  readonly final: number;
  readonly fills: number;
  readonly contracts: number;
  readonly feesMicros: number;
  readonly positionsSettled: number;
  readonly realizedAfterFeesMicros: number;
  readonly model: { readonly plays: number; readonly brier: number | null; readonly logLoss: number | null };
  /** Present when the replayed data carries ESPN's own win probability for the plays. */
  readonly espn?: {
    readonly plays: number;
    /** Mean |our home probability - ESPN's| over those plays. */
    readonly meanAbsDifference: number;
    readonly maxAbsDifference: number;
    readonly ourBrier: number;
    readonly espnBrier: number;
  };
}

export interface ReportInputs {
  readonly mode: string;
  readonly simulatedMarkets: boolean;
  readonly games: number;
  readonly gamesFinal: number;
  readonly plays: number;
  readonly signals: number;
  readonly approved: number;
  readonly denied: number;
  readonly denials: Readonly<Partial<Record<DenialReason, number>>>;
  readonly orders: number;
  readonly ordersFilled: number;
  readonly ordersPartial: number;
  readonly ordersUnfilled: number;
  readonly ordersRejected: number;
  readonly fills: number;
  readonly contractsCentis: number;
  readonly fees: Micros;
  /** Realized P&L (fees included) of each settled or closed position. */
  readonly closedPnls: readonly number[];
  readonly openPositions: number;
  readonly startingBankroll: Micros;
  readonly endingEquity: Micros;
  readonly maxDrawdown: Micros;
  readonly curve: readonly BankrollPoint[];
  readonly predictions: readonly ModelPrediction[];
  /** Per league, in a fixed order; absent in reports built before leagues were kept. */
  readonly leagues?: readonly LeagueInputs[];
  readonly ledgerImbalance: number;
  readonly ledgerTransactions: number;
  readonly illegalTransitions: number;
  readonly alerts: Readonly<Record<string, number>>;
  readonly stateChanges: ReadonlyArray<{ ts: number; scope: string; state: string; reason: string }>;
  /** Intervals by bootstrap over games (game-statistics.ts); absent in reports built before. */
  readonly statistics?: RunStatistics;
}

export interface RunReport {
  readonly mode: string;
  readonly simulatedMarkets: boolean;
  readonly games: { readonly replayed: number; readonly final: number; readonly plays: number };
  readonly signals: {
    readonly raised: number;
    readonly approved: number;
    readonly denied: number;
    readonly denials: Record<string, number>;
  };
  readonly orders: {
    readonly sent: number;
    readonly filled: number;
    readonly partiallyFilled: number;
    readonly unfilled: number;
    readonly rejected: number;
    readonly illegalTransitions: number;
  };
  readonly fills: { readonly count: number; readonly contracts: number; readonly feesMicros: number };
  readonly positions: {
    readonly settled: number;
    readonly won: number;
    readonly lost: number;
    readonly winRatePct: number | null;
    readonly stillOpen: number;
  };
  readonly pnl: {
    readonly realizedAfterFeesMicros: number;
    readonly feesMicros: number;
    readonly startingBankrollMicros: number;
    readonly endingEquityMicros: number;
    readonly returnPct: number;
    readonly maxDrawdownMicros: number;
    readonly maxDrawdownPct: number;
  };
  /** How sure the result is: intervals by bootstrap over games; absent in older stored reports. */
  readonly statistics?: RunStatistics;
  readonly bankrollCurve: {
    readonly points: number;
    readonly minMicros: number;
    readonly maxMicros: number;
    readonly sampled: ReadonlyArray<{ readonly ts: string; readonly equityMicros: number }>;
  };
  readonly model: { readonly plays: number; readonly brier: number | null; readonly logLoss: number | null };
  readonly leagues: readonly LeagueReport[];
  readonly ledger: { readonly transactions: number; readonly imbalanceMicros: number };
  readonly risk: {
    readonly alerts: Readonly<Record<string, number>>;
    readonly stateChanges: number;
    /** The last few trading-state changes, oldest first. */
    readonly recentStateChanges: ReadonlyArray<{
      readonly ts: string;
      readonly scope: string;
      readonly state: string;
      readonly reason: string;
    }>;
  };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Up to `n` evenly spaced points of the curve, always with the first and the last. */
function sample(curve: readonly BankrollPoint[], n: number): BankrollPoint[] {
  if (curve.length <= n) return [...curve];
  const out: BankrollPoint[] = [];
  for (let i = 0; i < n; i++) out.push(curve[Math.round((i * (curve.length - 1)) / (n - 1))]!);
  return out;
}

export function buildRunReport(x: ReportInputs): RunReport {
  const won = x.closedPnls.filter((pnl) => pnl > 0).length;
  const lost = x.closedPnls.length - won;
  const realized = x.closedPnls.reduce((s, pnl) => s + pnl, 0);
  const peak = x.curve.reduce((m, p) => Math.max(m, p.equity), x.startingBankroll as number);
  const preds = x.predictions.map((p) => p.homeProb);
  const outcomes = x.predictions.map((p) => p.homeWon);
  const denials: Record<string, number> = {};
  for (const key of Object.keys(x.denials).sort()) denials[key] = x.denials[key as DenialReason] ?? 0;
  return {
    mode: x.mode,
    simulatedMarkets: x.simulatedMarkets,
    games: { replayed: x.games, final: x.gamesFinal, plays: x.plays },
    signals: { raised: x.signals, approved: x.approved, denied: x.denied, denials },
    orders: {
      sent: x.orders,
      filled: x.ordersFilled,
      partiallyFilled: x.ordersPartial,
      unfilled: x.ordersUnfilled,
      rejected: x.ordersRejected,
      illegalTransitions: x.illegalTransitions,
    },
    fills: { count: x.fills, contracts: x.contractsCentis / 100, feesMicros: x.fees },
    positions: {
      settled: x.closedPnls.length,
      won,
      lost,
      winRatePct: x.closedPnls.length > 0 ? round((100 * won) / x.closedPnls.length, 1) : null,
      stillOpen: x.openPositions,
    },
    pnl: {
      realizedAfterFeesMicros: realized,
      feesMicros: x.fees,
      startingBankrollMicros: x.startingBankroll,
      endingEquityMicros: x.endingEquity,
      returnPct:
        x.startingBankroll > 0
          ? round((100 * (x.endingEquity - x.startingBankroll)) / x.startingBankroll, 2)
          : 0,
      maxDrawdownMicros: x.maxDrawdown,
      maxDrawdownPct: peak > 0 ? round((100 * x.maxDrawdown) / peak, 2) : 0,
    },
    ...(x.statistics ? { statistics: x.statistics } : {}),
    bankrollCurve: {
      points: x.curve.length,
      minMicros: x.curve.reduce((m, p) => Math.min(m, p.equity), x.startingBankroll as number),
      maxMicros: peak,
      sampled: sample(x.curve, 8).map((p) => ({ ts: new Date(p.ts).toISOString(), equityMicros: p.equity })),
    },
    model: {
      plays: preds.length,
      brier: preds.length > 0 ? round(brierScore(preds, outcomes), 5) : null,
      logLoss: preds.length > 0 ? round(logLoss(preds, outcomes), 5) : null,
    },
    leagues: (x.leagues ?? []).map(leagueReport),
    ledger: { transactions: x.ledgerTransactions, imbalanceMicros: x.ledgerImbalance },
    risk: {
      alerts: Object.fromEntries(Object.entries(x.alerts).sort(([a], [b]) => (a < b ? -1 : 1))),
      stateChanges: x.stateChanges.length,
      recentStateChanges: x.stateChanges.slice(-8).map((c) => ({ ...c, ts: new Date(c.ts).toISOString() })),
    },
  };
}

function modelScores(predictions: readonly ModelPrediction[]): RunReport['model'] {
  const preds = predictions.map((p) => p.homeProb);
  const outcomes = predictions.map((p) => p.homeWon);
  return {
    plays: preds.length,
    brier: preds.length > 0 ? round(brierScore(preds, outcomes), 5) : null,
    logLoss: preds.length > 0 ? round(logLoss(preds, outcomes), 5) : null,
  };
}

function leagueReport(x: LeagueInputs): LeagueReport {
  const ref = x.reference;
  const diffs = ref.map((r) => Math.abs(r.ours - r.theirs));
  return {
    league: x.league,
    games: x.games,
    final: x.gamesFinal,
    fills: x.fills,
    contracts: x.contractsCentis / 100,
    feesMicros: x.fees,
    positionsSettled: x.closedPnls.length,
    realizedAfterFeesMicros: x.closedPnls.reduce((s, pnl) => s + pnl, 0),
    model: modelScores(x.predictions),
    ...(ref.length > 0
      ? {
          espn: {
            plays: ref.length,
            meanAbsDifference: round(diffs.reduce((s, d) => s + d, 0) / diffs.length, 4),
            maxAbsDifference: round(Math.max(...diffs), 4),
            ourBrier: round(
              brierScore(
                ref.map((r) => r.ours),
                ref.map((r) => r.homeWon),
              ),
              5,
            ),
            espnBrier: round(
              brierScore(
                ref.map((r) => r.theirs),
                ref.map((r) => r.homeWon),
              ),
              5,
            ),
          },
        }
      : {}),
  };
}
