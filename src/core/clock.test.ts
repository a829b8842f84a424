/** The replay clock that runs at a multiple of an injected wall clock. */
import { describe, expect, it } from 'vitest';
import { ScaledClock } from './clock.js';

describe('ScaledClock', () => {
  it('starts at its start time and runs at `speed` times the wall clock', () => {
    let wall = 5_000;
    const clock = new ScaledClock({ startMs: Date.UTC(2021, 0, 3, 18), speed: 60, wallNow: () => wall });
    expect(clock.now()).toBe(Date.UTC(2021, 0, 3, 18));
    wall += 1_000;
    expect(clock.now()).toBe(Date.UTC(2021, 0, 3, 18, 1));
    wall += 0.5;
    expect(clock.now()).toBe(Date.UTC(2021, 0, 3, 18, 1) + 30);
  });
});
