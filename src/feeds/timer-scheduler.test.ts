/** The timer scheduler: tasks run in time order, failures are reported, stop() cancels. */
import { describe, expect, it } from 'vitest';
import { LiveClock } from '../core/clock.js';
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
});
