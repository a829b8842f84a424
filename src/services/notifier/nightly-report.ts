/**
 * The nightly report: when a UTC day ends on the run's clock, the day's report is made (and its
 * validation row stored, as `arbees report` does) and sent as a `daily-report` notice. A report
 * that fails (the store away) is logged and tried again at the next check; nothing is lost.
 */
import type { Clock } from '../../core/clock.js';
import type { RunId } from '../../core/ids.js';
import { utcDayOf } from '../../portfolio/daily-report.js';
import type { Store } from '../../store/port.js';
import { makeDailyReport, type ReportSettings } from '../daily-report.js';
import type { Logger } from '../logger.js';
import { dailyReportNotice } from './notices.js';
import type { NoticeSender } from './notifier.js';

const DAY_MS = 86_400_000;
/** A clock that jumped further (a replay skipping ahead) gets its last days reported, no more. */
const MAX_DAYS_AT_ONCE = 7;

export interface NightlyReports {
  /** Reports every day that ended since the last check; the timer calls it every minute. */
  check(): Promise<void>;
  stop(): void;
}

export function startNightlyReports(opts: {
  readonly store: Store;
  readonly runId: RunId;
  readonly clock: Clock;
  readonly settings: ReportSettings;
  readonly send: NoticeSender;
  readonly log: Logger;
  /** How often to look at the clock (default a minute); 0: only when check() is called. */
  readonly everyMs?: number;
}): NightlyReports {
  // The day the notifier started in is reported when it ends: the run was watching part of it.
  let current = utcDayOf(opts.clock.now());
  let running: Promise<void> | null = null;

  const reportEnded = async () => {
    const today = utcDayOf(opts.clock.now());
    const ended: string[] = [];
    for (let ts = Date.parse(`${current}T00:00:00Z`); utcDayOf(ts) < today; ts += DAY_MS)
      ended.push(utcDayOf(ts));
    for (const day of ended.slice(-MAX_DAYS_AT_ONCE)) {
      try {
        const made = await makeDailyReport({
          store: opts.store,
          runId: opts.runId,
          day,
          settings: opts.settings,
          nowTs: opts.clock.now(),
        });
        await opts.send(dailyReportNotice(made.report, made.table.matrix, opts.clock.now()));
        opts.log.info('nightly report made', { day, trades: made.report.trades.count });
        current = utcDayOf(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
      } catch (error) {
        opts.log.error('nightly report not made; trying again at the next check', {
          day,
          error: String(error),
        });
        return;
      }
    }
    current = today;
  };
  const check = () => {
    running ??= reportEnded().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = (opts.everyMs ?? 60_000) > 0 ? setInterval(() => void check(), opts.everyMs ?? 60_000) : null;
  timer?.unref?.();
  return {
    check,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
