import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { Timeline } from './timeline.js';

const DAY = 24 * 3600_000;

/** Runs tasks at `times` at speed 1 on a fake wall clock; returns the waits asked for. */
async function waitsFor(times: number[], maxPacedGapMs?: number): Promise<number[]> {
  const timeline = new Timeline(new SimulatedClock(0));
  const ran: number[] = [];
  for (const t of times) timeline.at(t, () => void ran.push(t));
  let wall = 0;
  const waits: number[] = [];
  await timeline.run({
    speed: 1,
    wallNow: () => wall,
    sleep: async (ms) => {
      waits.push(ms);
      wall += ms;
    },
    ...(maxPacedGapMs === undefined ? {} : { maxPacedGapMs }),
  });
  expect(ran).toEqual(times);
  return waits;
}

describe('replay timeline pacing', () => {
  it('waits out every gap at the given speed', async () => {
    expect(await waitsFor([1000, 2000, 2000 + 5 * DAY])).toEqual([1000, 5 * DAY]);
  });

  it('skips a gap longer than maxPacedGapMs and paces again from the task after it', async () => {
    const later = 2000 + 40 * DAY;
    expect(await waitsFor([1000, 2000, later, later + 3000], 30 * DAY)).toEqual([1000, 3000]);
    // Shorter gaps are still waited out.
    expect(await waitsFor([1000, 2000, 2000 + 5 * DAY], 30 * DAY)).toEqual([1000, 5 * DAY]);
  });
});
