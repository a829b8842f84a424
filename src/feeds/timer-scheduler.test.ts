/** The timer scheduler: tasks run in time order, failures are reported, stop() cancels. */
import { describe, expect, it } from 'vitest';
import { AnchoredScaledClock, LiveClock } from '../core/clock.js';
import { TimerScheduler } from './timer-scheduler.js';

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('TimerScheduler', () => {
  it('runs tasks by time, reports a failing task without stopping the others, and cancels on stop', async () => {
    const clock = new LiveClock();
    const errors: unknown[] = [];
    const scheduler = new TimerScheduler({ clock, onError: (e) => errors.push(e) });
    const ran: string[] = [];
    const now = clock.now();
    scheduler.at(now + 30, () => void ran.push('late'));
    scheduler.at(now - 1000, () => void ran.push('past'));
    scheduler.at(now + 10, async () => {
      throw new Error('boom');
    });
    scheduler.at(now + 60_000, () => void ran.push('never'));
    await until(() => ran.length === 2 && errors.length === 1);
    expect(ran).toEqual(['past', 'late']);
    expect(String(errors[0])).toContain('boom');
    expect(scheduler.pending).toBe(1);
    scheduler.stop();
    expect(scheduler.pending).toBe(0);
    scheduler.at(now, () => void ran.push('after stop'));
    expect(scheduler.pending).toBe(0);
  });

  it('waits wall time scaled down on a sped-up clock, and runs a task only once that clock reads its time', async () => {
    // 1000x: a task 5 simulated seconds away runs after about 5 ms of wall time.
    const clock = new AnchoredScaledClock({ anchorMs: Date.now(), speed: 1000, wallNow: () => Date.now() });
    const scheduler = new TimerScheduler({ clock });
    const due = clock.now() + 5_000;
    let ranAt: number | null = null;
    scheduler.at(due, () => {
      ranAt = clock.now();
    });
    await until(() => ranAt !== null);
    expect(ranAt).toBeGreaterThanOrEqual(due);
    scheduler.stop();
  });
});
