/**
 * The end-of-run report: what was traded, how it went, and how good the model's probabilities
 * were on the plays replayed. Pure: built from counts, closed positions, the bankroll curve and
 * the model's predictions; the same inputs give the same report, byte for byte.
 */
import type { DenialReason } from '../core/events.js';
import type { Micros } from '../core/money.js';
import { brierScore, logLoss } from '../sports/metrics.js';
import type { BankrollPoint } from './projector.js';

export interface ModelPrediction {
  readonly homeProb: number;
  /** 1 if the home team won. */
  readonly homeWon: number;
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
  readonly ledgerImbalance: number;
  readonly ledgerTransactions: number;
  readonly illegalTransitions: number;
  readonly alerts: Readonly<Record<string, number>>;
  readonly stateChanges: ReadonlyArray<{ ts: number; scope: string; state: string; reason: string }>;
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
  readonly bankrollCurve: {
    readonly points: number;
    readonly minMicros: number;
    readonly maxMicros: number;
    readonly sampled: ReadonlyArray<{ readonly ts: string; readonly equityMicros: number }>;
  };
  readonly model: { readonly plays: number; readonly brier: number | null; readonly logLoss: number | null };
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
    ledger: { transactions: x.ledgerTransactions, imbalanceMicros: x.ledgerImbalance },
    risk: {
      alerts: Object.fromEntries(Object.entries(x.alerts).sort(([a], [b]) => (a < b ? -1 : 1))),
      stateChanges: x.stateChanges.length,
      recentStateChanges: x.stateChanges.slice(-8).map((c) => ({ ...c, ts: new Date(c.ts).toISOString() })),
    },
  };
}
