/**
 * The Scheduler port on real timers, for live runs (a replay uses its Timeline instead). A task
 * that throws or rejects is reported to `onError` and does not stop the others.
 */
import type { Clock, PacedClock } from '../core/clock.js';
import type { ScheduledTask, Scheduler } from '../core/scheduler.js';

/** setTimeout's largest delay (about 24.8 days); longer waits are done in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class TimerScheduler implements Scheduler {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly options: { readonly clock: Clock; readonly onError?: (error: unknown) => void },
  ) {}

  at(ts: number, task: ScheduledTask): void {
    if (this.stopped) return;
    const clock = this.options.clock;
    // A sped-up clock (a simulated world's) reaches `ts` sooner in wall time.
    const wait = isPaced(clock) ? clock.wallMsUntil(ts) : Math.max(0, ts - clock.now());
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (this.stopped) return;
        // A long wait is done in steps; a sped-up clock's timer may land a hair early.
        if (wait > MAX_TIMER_MS || (isPaced(clock) && clock.now() < ts)) {
          this.at(ts, task);
          return;
        }
        Promise.resolve()
          .then(task)
          .catch((error) => this.options.onError?.(error));
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    this.timers.add(timer);
  }

  /** Tasks waiting for their time. */
  get pending(): number {
    return this.timers.size;
  }

  /** Cancels every waiting task; later ones are ignored. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function isPaced(clock: Clock): clock is PacedClock {
  return typeof (clock as Partial<PacedClock>).wallMsUntil === 'function';
}
