/** The replay clock that runs at a multiple of an injected wall clock. */
import { describe, expect, it } from 'vitest';
import { AnchoredScaledClock, EventClock, ScaledClock } from './clock.js';

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

describe('EventClock', () => {
  it('reads the clock it wraps until an event sets it, then the time of the event in hand', () => {
    let wall = Date.UTC(2026, 10, 22);
    const clock = new EventClock({ now: () => wall });
    expect(clock.now()).toBe(wall);
    clock.set(Date.UTC(2021, 0, 3, 18));
    wall += 60_000;
    expect(clock.now()).toBe(Date.UTC(2021, 0, 3, 18));
    // An older event may be handled after a newer one (another stream): its time, not the newest.
    clock.set(Date.UTC(2021, 0, 3, 17));
    expect(clock.now()).toBe(Date.UTC(2021, 0, 3, 17));
  });
});

describe('AnchoredScaledClock', () => {
  it('reads the anchor at the anchor, then runs speed times as fast as the wall clock', () => {
    let wall = 1_000_000;
    const clock = new AnchoredScaledClock({ anchorMs: 1_000_000, speed: 60, wallNow: () => wall });
    expect(clock.now()).toBe(1_000_000);
    wall += 1_000;
    expect(clock.now()).toBe(1_060_000);
    expect(clock.wallMsUntil(1_120_000)).toBe(1_000);
    expect(clock.wallMsUntil(0)).toBe(0);
  });

  it('two clocks built from the same setting at different moments agree', () => {
    let wall = 5_000;
    const a = new AnchoredScaledClock({ anchorMs: 2_000, speed: 10, wallNow: () => wall });
    wall = 9_000;
    const b = new AnchoredScaledClock({ anchorMs: 2_000, speed: 10, wallNow: () => wall });
    expect(a.now()).toBe(b.now());
    expect(b.now()).toBe(72_000);
  });
});
