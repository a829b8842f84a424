/**
 * The replay timeline: a queue of tasks ordered by time, then by the order they were scheduled.
 * It owns the simulated clock: before each task the clock is set to the task's time. Tasks may
 * schedule more tasks (a market maker re-pricing a few seconds after a play). With a speed, the
 * timeline waits (time gap / speed) of wall time between tasks; without one it runs flat out.
 */
import type { SimulatedClock } from '../../core/clock.js';
import type { ScheduledTask, Scheduler } from '../../core/scheduler.js';

interface Entry {
  readonly ts: number;
  readonly seq: number;
  readonly task: ScheduledTask;
}

export interface TimelineRunOptions {
  /** Multiple of game time; null runs as fast as possible. */
  readonly speed: number | null;
  /** Wall-clock wait, injected so tests and backtests never sleep. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Wall-clock milliseconds (monotonic), for pacing against a fixed start rather than per gap. */
  readonly wallNow: () => number;
  /** Awaited after every task: lets the bus finish the task's consequences first. */
  readonly afterTask?: () => Promise<void>;
  /** Checked before every task; true stops the run, leaving the rest unrun. */
  readonly shouldStop?: () => boolean;
  /**
   * With a speed, a gap between two tasks longer than this (simulated ms) is not waited out:
   * pacing starts again from the next task (a replay spanning seasons skips the off-season).
   */
  readonly maxPacedGapMs?: number;
}

export class Timeline implements Scheduler {
  private heap: Entry[] = [];
  private seq = 0;
  private ran = 0;

  constructor(private readonly clock: SimulatedClock) {}

  at(ts: number, task: ScheduledTask): void {
    this.seq += 1;
    this.push({ ts: Math.max(ts, this.clock.now()), seq: this.seq, task });
  }

  get size(): number {
    return this.heap.length;
  }

  get tasksRun(): number {
    return this.ran;
  }

  /** Runs tasks until none is left or `shouldStop` says so. Returns true if it ran to the end. */
  async run(options: TimelineRunOptions): Promise<boolean> {
    // Pace against one anchor: each task is due at wallStart + (ts - simStart) / speed. Sleeping
    // per gap instead would add a timer's overshoot to every one of thousands of small gaps.
    let anchor: { sim: number; wall: number } | null = null;
    let lastTs: number | null = null;
    while (this.heap.length > 0) {
      if (options.shouldStop?.()) return false;
      const entry = this.pop()!;
      if (options.speed !== null) {
        const gap = lastTs === null ? 0 : entry.ts - lastTs;
        if (options.maxPacedGapMs !== undefined && gap > options.maxPacedGapMs) anchor = null;
        anchor ??= { sim: entry.ts, wall: options.wallNow() };
        const wait = anchor.wall + (entry.ts - anchor.sim) / options.speed - options.wallNow();
        if (wait >= 1) {
          await options.sleep(wait);
          if (options.shouldStop?.()) {
            this.push(entry);
            return false;
          }
        }
      }
      this.clock.set(entry.ts);
      lastTs = entry.ts;
      await entry.task();
      this.ran += 1;
      await options.afterTask?.();
    }
    return true;
  }

  private less(a: Entry, b: Entry): boolean {
    return a.ts < b.ts || (a.ts === b.ts && a.seq < b.seq);
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
