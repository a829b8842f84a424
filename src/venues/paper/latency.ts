/**
 * How long a paper order takes to meet the book, per venue. The figures and their reasoning are
 * in docs/paper.md: assumptions for a home connection in the US east, not measurements.
 */
import type { Clock } from '../../core/clock.js';
import type { Scheduler } from '../../core/scheduler.js';

/**
 * Submission to matching, ms, in paper mode: the order's trip to the venue and the trip back of
 * the book it is compared with (docs/paper.md). Backtests and replays use 0.
 */
export const DEFAULT_PAPER_LATENCY_MS = {
  kalshi: 60,
  polymarket: 150,
} as const;

/** A sleep on the run's scheduler: resolves when the scheduler runs a task `ms` from now. */
export function sleepOnScheduler(opts: {
  readonly scheduler: Scheduler;
  readonly clock: Clock;
}): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      opts.scheduler.at(opts.clock.now() + ms, resolve);
    });
}
