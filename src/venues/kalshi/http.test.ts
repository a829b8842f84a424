import { describe, expect, it } from 'vitest';
import { TokenBucket } from './http.js';

/** A manual clock: sleeping advances it, so the bucket's waits are exact and instant. */
function manualClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe('TokenBucket', () => {
  it('spends its capacity at once, then waits for the refill (Basic write: 100/s, V2 create 10)', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ refillPerSecond: 100, capacity: 100, ...clock });
    for (let i = 0; i < 10; i++) await bucket.take(10);
    expect(clock.sleeps).toEqual([]);
    await bucket.take(10);
    expect(clock.sleeps).toEqual([100]);
    expect(clock.now()).toBe(100);
  });

  it('refills with time, never above capacity', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ refillPerSecond: 100, capacity: 100, ...clock });
    await bucket.take(100);
    await clock.sleep(10_000);
    await bucket.take(100);
    expect(clock.sleeps).toEqual([10_000]);
    await bucket.take(2);
    expect(clock.sleeps.at(-1)).toBe(20);
  });
});
