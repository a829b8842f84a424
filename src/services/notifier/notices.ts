/**
 * What the notifier tells an operator, from the events on the bus, and how often: each notice
 * has a kind (switchable), a de-duplication key, and a text. The throttle drops a notice whose
 * key was sent within the window and caps the notices a minute; what it drops is counted and
 * said in the next notice sent. Pure: time comes in as an argument.
 */
import type { ArbeesEvent } from '../../core/events.js';
import type { DailyReport } from '../../portfolio/daily-report.js';
import type { DecisionMatrixResult } from '../../portfolio/decision-matrix.js';

export const NOTICE_KINDS = [
  'trading-state',
  'fill',
  'reconciliation',
  'order-unresolved',
  'alert',
  'daily-report',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
  readonly kind: NoticeKind;
  readonly severity: 'info' | 'warning' | 'critical';
  /** Notices with the same key within the de-duplication window are sent once. */
  readonly key: string;
  readonly text: string;
  readonly ts: number;
}

const dollars = (micros: number) => `$${(micros / 1e6).toFixed(2)}`;
const contracts = (centis: number) => (centis / 100).toFixed(2);

export function noticeOf(event: ArbeesEvent): Notice | null {
  switch (event.type) {
    case 'TradingStateChanged':
      // ACTIVE from a rule is the normal state coming back: told only when an operator resumes.
      if (event.state === 'ACTIVE' && event.origin !== 'operator') return null;
      return {
        kind: 'trading-state',
        severity: event.state === 'HALTED' ? 'critical' : event.state === 'REDUCING' ? 'warning' : 'info',
        key: `state:${event.scope}:${event.state}:${event.reason}`,
        text: `${event.scope} ${event.state} (${event.origin}): ${event.reason}`,
        ts: event.ts,
      };
    case 'FillReceived':
      return {
        kind: 'fill',
        severity: 'info',
        key: `fill:${event.fillId}`,
        text: `fill ${event.venue} ${event.action} ${contracts(event.qty)} ${event.side.toUpperCase()} ${event.instrumentId} at ${dollars(event.price)} (fee ${dollars(event.fee)})`,
        ts: event.ts,
      };
    case 'OrderUnresolved':
      return {
        kind: 'order-unresolved',
        severity: 'warning',
        key: `unresolved:${event.clientOrderId}`,
        text: `order ${event.clientOrderId} at ${event.venue} unresolved: ${event.reason}`,
        ts: event.ts,
      };
    case 'Alert':
      if (event.severity === 'info') return null;
      return {
        kind: event.source === 'reconciler' ? 'reconciliation' : 'alert',
        severity: event.severity,
        key: `alert:${event.source}:${event.message}`,
        text: `${event.severity.toUpperCase()} ${event.source}: ${event.message}`,
        ts: event.ts,
      };
    default:
      return null;
  }
}

const pct = (ppm: number | null) => (ppm === null ? '-' : `${(ppm / 1e4).toFixed(1)}%`);

/** The nightly report of a day that ended, in one notice (warning when the day had issues). */
export function dailyReportNotice(report: DailyReport, matrix: DecisionMatrixResult, ts: number): Notice {
  const t = report.trades;
  const brier =
    report.calibration.brierPpm === null
      ? 'no settled signals'
      : `Brier ${(report.calibration.brierPpm / 1e6).toFixed(4)} on ${report.calibration.signals} signals`;
  return {
    kind: 'daily-report',
    severity: report.issues.count > 0 ? 'warning' : 'info',
    key: `daily-report:${report.runId}:${report.day}`,
    text: [
      `daily report ${report.day} (${report.runId}): ${t.count} trades, ${t.wins} won, ${t.losses} lost (win rate ${pct(t.winRatePpm)})`,
      `P&L ${dollars(report.pnl.realizedAfterFees)} after fees of ${dollars(report.pnl.feesPaid)}; drawdown ${dollars(report.drawdown.maxDrawdown)}`,
      `uptime ${pct(report.uptime.uptimePpm)}; ${report.issues.count} issues, ${report.interventions.count} manual interventions; ${brier}`,
      `AWS: ${matrix.decision} (${matrix.reason})`,
    ].join('\n'),
    ts,
  };
}

export interface ThrottleOptions {
  /** A key sent within this many ms is not sent again. */
  readonly dedupeMs: number;
  readonly perMinute: number;
}

export class NoticeThrottle {
  private readonly lastSent = new Map<string, number>();
  private readonly sentAt: number[] = [];
  private suppressed = 0;

  constructor(private readonly opts: ThrottleOptions) {}

  /** The notice to send now (with a count of those dropped since the last one), or why not. */
  admit(notice: Notice, now: number): Notice | 'duplicate' | 'rate-limited' {
    const last = this.lastSent.get(notice.key);
    if (last !== undefined && now - last < this.opts.dedupeMs) return 'duplicate';
    while (this.sentAt.length > 0 && now - this.sentAt[0]! >= 60_000) this.sentAt.shift();
    if (this.sentAt.length >= this.opts.perMinute) {
      this.suppressed += 1;
      return 'rate-limited';
    }
    this.sentAt.push(now);
    this.lastSent.set(notice.key, now);
    const dropped = this.suppressed;
    this.suppressed = 0;
    return dropped > 0
      ? { ...notice, text: `${notice.text} (+${dropped} more not sent: rate limit)` }
      : notice;
  }

  /** Notices dropped by the rate limit and not yet reported. */
  pending(): number {
    return this.suppressed;
  }
}
