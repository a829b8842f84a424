/**
 * The nightly report of one UTC day of a run (the seeds' "hot wash"), and its row of the daily
 * validation table. Pure: the run's stored ledger and fills, and the day's stored records, in;
 * the report out. Definitions are in docs/reports.md.
 */
import type { BankrollSnapshot, FillReceived, LedgerPosted, TradingStateChanged } from '../core/events.js';
import type { Micros } from '../core/money.js';
import { Portfolio } from './portfolio.js';
import { replayLedger } from './replay-ledger.js';
import {
  type GameActivityMinute,
  type GameClockPoint,
  type GameLiveSpan,
  measureUptime,
  type UptimeResult,
} from './uptime.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export class ReportDayError extends Error {
  override readonly name = 'ReportDayError';
}

/** The UTC bounds of a day written YYYY-MM-DD; anything else, or a date that does not exist, is refused naming it. */
export function utcDayBounds(day: string): { fromTs: number; toTs: number } {
  const m = DAY.exec(day);
  if (!m) throw new ReportDayError(`the day "${day}" is not a date of the form YYYY-MM-DD`);
  const fromTs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March; a real date formats back to itself.
  if (new Date(fromTs).toISOString().slice(0, 10) !== day)
    throw new ReportDayError(`the day "${day}" is not a date of the calendar`);
  return { fromTs, toTs: fromTs + DAY_MS };
}

/** The UTC day (YYYY-MM-DD) an epoch-ms time falls on. */
export const utcDayOf = (ts: number): string => new Date(ts).toISOString().slice(0, 10);

export interface RejectedOrderRecord {
  readonly ts: number;
  readonly clientOrderId: string;
  readonly venue: string;
  readonly instrumentId: string;
  readonly reason: string;
}

export interface InterventionRecord {
  readonly ts: number;
  readonly actor: string;
  readonly action: string;
  readonly scope: string;
  readonly reason: string;
  /** The TradingStateChanged (or other event) the action published, when it did. */
  readonly eventId: string | null;
}

/** A signal of the day whose market has settled: what the model said against what happened. */
export interface SettledSignalRecord {
  readonly signalId: string;
  readonly ts: number;
  readonly instrumentId: string;
  readonly side: 'yes' | 'no';
  readonly modelProbPpm: number;
  /** The side the market paid. */
  readonly settledResult: 'yes' | 'no';
}

/** What the store holds about one day of a run, beyond the run's ledger and fills. */
export interface DayRecords {
  /** The last bankroll snapshot before the day (its opening equity), or null. */
  readonly openingBankroll: BankrollSnapshot | null;
  /** The day's bankroll snapshots, oldest first. */
  readonly bankroll: readonly BankrollSnapshot[];
  readonly games: readonly GameLiveSpan[];
  readonly activity: readonly GameActivityMinute[];
  /** The day's stored game states (from the lookback before it): their clocks tell breaks in play. */
  readonly clock: readonly GameClockPoint[];
  /** The day's trading-state changes, oldest first. */
  readonly tradingStates: readonly TradingStateChanged[];
  readonly rejectedOrders: readonly RejectedOrderRecord[];
  /** The day's control actions (the API's audit trail), oldest first. */
  readonly controlActions: readonly InterventionRecord[];
  readonly settledSignals: readonly SettledSignalRecord[];
}

export interface DailyReportInput {
  readonly runId: string;
  readonly day: string;
  /** Every ledger transaction of the run and its fills: P&L needs the positions opened before the day. */
  readonly ledger: readonly LedgerPosted[];
  readonly fills: readonly FillReceived[];
  readonly records: DayRecords;
  /** Minutes without a stored state or quote of a live game after which the run counts as not watching it. */
  readonly watchWindowMinutes: number;
}

export interface TradeView {
  readonly instrumentId: string;
  readonly gameId: string;
  readonly venue: string;
  readonly side: string;
  /** Realized P&L from opening to close, fees included. */
  readonly pnl: Micros;
  readonly closedTs: number;
}

export interface IssueView {
  readonly ts: number;
  readonly kind: 'halt' | 'reduce' | 'rejected-order';
  /** The scope halted or reduced, or the order's client order id. */
  readonly subject: string;
  /** Who: a risk rule, execution, the reconciler; the venue for a rejected order. */
  readonly origin: string;
  readonly reason: string;
}

export interface DailyReport {
  readonly runId: string;
  readonly day: string;
  readonly fromTs: number;
  readonly toTs: number;
  readonly trades: {
    /** Positions closed (sold out or settled) during the day. */
    readonly count: number;
    readonly wins: number;
    readonly losses: number;
    /** Closed at exactly zero. */
    readonly scratches: number;
    /** wins / count, ppm; null without trades. */
    readonly winRatePpm: number | null;
    readonly best: TradeView | null;
    readonly worst: TradeView | null;
    readonly list: readonly TradeView[];
  };
  readonly pnl: {
    /** Realized P&L booked during the day (sales and settlements), fees included. */
    readonly realizedAfterFees: Micros;
    /** Fees of the day's fills. */
    readonly feesPaid: Micros;
    readonly fills: number;
  };
  readonly drawdown: {
    /** Largest fall of equity from its running peak within the day (from the opening equity). */
    readonly maxDrawdown: Micros;
    /** maxDrawdown as a share of the peak it fell from, ppm; null without snapshots. */
    readonly maxDrawdownPpm: number | null;
    readonly openingEquity: Micros | null;
    readonly closingEquity: Micros | null;
    readonly snapshots: number;
  };
  readonly uptime: UptimeResult & { readonly watchWindowMinutes: number };
  readonly issues: { readonly count: number; readonly list: readonly IssueView[] };
  readonly interventions: { readonly count: number; readonly list: readonly InterventionRecord[] };
  readonly calibration: {
    /** Signals of the day on markets that have settled. */
    readonly signals: number;
    /** Mean squared error of the model's probability against the outcome, ppm (0 perfect, 250000 a coin). */
    readonly brierPpm: number | null;
  };
}

/** One row of the daily validation table (seed 000). */
export interface ValidationRow {
  readonly day: string;
  readonly uptimePpm: number | null;
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  readonly pnl: Micros;
  readonly issues: number;
  readonly interventions: number;
}

export function buildDailyReport(input: DailyReportInput): DailyReport {
  const { fromTs, toTs } = utcDayBounds(input.day);
  const inDay = (ts: number) => ts >= fromTs && ts < toTs;
  const portfolio = new Portfolio();
  const none = () => {};
  replayLedger(
    portfolio,
    { ledger: input.ledger, fills: input.fills, bankroll: null },
    { deposited: none, booked: none, settled: none },
  );
  const trades: TradeView[] = portfolio.closed.filter((c) => inDay(c.closedTs)).map((c) => ({ ...c }));
  const dayFills = input.fills.filter((f) => inDay(f.ts));
  const { records } = input;
  return {
    runId: input.runId,
    day: input.day,
    fromTs,
    toTs,
    trades: tradeStats(trades),
    pnl: {
      realizedAfterFees: portfolio.realizedOn(input.day),
      feesPaid: dayFills.reduce((s, f) => s + f.fee, 0) as Micros,
      fills: dayFills.length,
    },
    drawdown: intradayDrawdown(records.openingBankroll, records.bankroll),
    uptime: {
      ...measureUptime({
        fromTs,
        toTs,
        games: records.games,
        activity: records.activity,
        clock: records.clock,
        watchWindowMinutes: input.watchWindowMinutes,
      }),
      watchWindowMinutes: input.watchWindowMinutes,
    },
    issues: issuesOf(records),
    interventions: interventionsOf(records),
    calibration: brier(records.settledSignals),
  };
}

export function validationRowOf(report: DailyReport): ValidationRow {
  return {
    day: report.day,
    uptimePpm: report.uptime.uptimePpm,
    trades: report.trades.count,
    wins: report.trades.wins,
    losses: report.trades.losses,
    pnl: report.pnl.realizedAfterFees,
    issues: report.issues.count,
    interventions: report.interventions.count,
  };
}

function tradeStats(list: TradeView[]): DailyReport['trades'] {
  const wins = list.filter((t) => t.pnl > 0).length;
  const losses = list.filter((t) => t.pnl < 0).length;
  let best: TradeView | null = null;
  let worst: TradeView | null = null;
  for (const t of list) {
    if (!best || t.pnl > best.pnl) best = t;
    if (!worst || t.pnl < worst.pnl) worst = t;
  }
  return {
    count: list.length,
    wins,
    losses,
    scratches: list.length - wins - losses,
    winRatePpm: list.length === 0 ? null : Math.round((wins * 1_000_000) / list.length),
    best,
    worst,
    list,
  };
}

function intradayDrawdown(
  opening: BankrollSnapshot | null,
  day: readonly BankrollSnapshot[],
): DailyReport['drawdown'] {
  const openingEquity = opening?.equity ?? day[0]?.equity ?? null;
  let peak = openingEquity ?? 0;
  let maxDrawdown = 0;
  let peakAtMax = peak;
  for (const s of day) {
    if (s.equity > peak) peak = s.equity;
    if (peak - s.equity > maxDrawdown) {
      maxDrawdown = peak - s.equity;
      peakAtMax = peak;
    }
  }
  return {
    maxDrawdown: maxDrawdown as Micros,
    maxDrawdownPpm:
      openingEquity === null || peakAtMax <= 0 ? null : Math.round((maxDrawdown * 1_000_000) / peakAtMax),
    openingEquity: openingEquity as Micros | null,
    closingEquity: (day.at(-1)?.equity ?? openingEquity) as Micros | null,
    snapshots: day.length,
  };
}

/** Halts and reductions not asked by an operator, and orders a venue rejected. */
function issuesOf(records: DayRecords): DailyReport['issues'] {
  const list: IssueView[] = [];
  for (const s of records.tradingStates) {
    if (s.origin === 'operator' || s.state === 'ACTIVE') continue;
    list.push({
      ts: s.ts,
      kind: s.state === 'HALTED' ? 'halt' : 'reduce',
      subject: s.scope,
      origin: s.origin,
      reason: s.reason,
    });
  }
  for (const r of records.rejectedOrders)
    list.push({
      ts: r.ts,
      kind: 'rejected-order',
      subject: r.clientOrderId,
      origin: r.venue,
      reason: r.reason,
    });
  list.sort((a, b) => a.ts - b.ts);
  return { count: list.length, list };
}

/**
 * The API's control actions, and operator state changes made another way (`arbees halt`), which
 * leave no control action: those an action published are counted once.
 */
function interventionsOf(records: DayRecords): DailyReport['interventions'] {
  const published = new Set(records.controlActions.map((a) => a.eventId).filter((id) => id !== null));
  const list: InterventionRecord[] = [...records.controlActions];
  for (const s of records.tradingStates) {
    if (s.origin !== 'operator' || published.has(s.id)) continue;
    const action = s.state === 'HALTED' ? 'halt' : s.state === 'REDUCING' ? 'reduce' : 'resume';
    list.push({ ts: s.ts, actor: 'operator (cli)', action, scope: s.scope, reason: s.reason, eventId: s.id });
  }
  list.sort((a, b) => a.ts - b.ts);
  return { count: list.length, list };
}

function brier(signals: readonly SettledSignalRecord[]): DailyReport['calibration'] {
  if (signals.length === 0) return { signals: 0, brierPpm: null };
  let sum = 0;
  for (const s of signals) {
    const outcome = s.side === s.settledResult ? 1 : 0;
    const p = s.modelProbPpm / 1_000_000;
    sum += (p - outcome) ** 2;
  }
  return { signals: signals.length, brierPpm: Math.round((sum / signals.length) * 1_000_000) };
}
