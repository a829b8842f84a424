import { describe, expect, it } from 'vitest';
import { football } from '../testing/states.js';
import { createFootballRandomWalkModel, expectedPoints, NCAAF } from './random-walk.js';

const model = createFootballRandomWalkModel(NCAAF);
const home = (over: Parameters<typeof football>[0], prior = {}) =>
  model.probabilities(football(over), prior).home;

describe('college football random walk', () => {
  it('starts near the spread’s probability, with a first down at the own 25 worth about a point', () => {
    expect(expectedPoints(75)).toBeCloseTo(0.95, 2);
    expect(expectedPoints(5)).toBeGreaterThan(5);
    const kickoff = { homeScore: 0, awayScore: 0, possession: null, yardline100: null };
    expect(home(kickoff, { homeSpread: 0 })).toBeCloseTo(0.5, 9);
    expect(home(kickoff, { homeSpread: 14 })).toBeGreaterThan(0.75);
    expect(home(kickoff, { homeSpread: 14 })).toBeLessThan(0.85);
  });

  it('values field position and sends a regulation tie to overtime', () => {
    const late = { secondsLeft: 120, homeScore: 20, awayScore: 21 };
    expect(home({ ...late, yardline100: 10 })).toBeGreaterThan(home({ ...late, yardline100: 80 }));
    const tied = home({ secondsLeft: 0, homeScore: 21, awayScore: 21, possession: null }, { homeSpread: 7 });
    expect(tied).toBeGreaterThan(0.5);
    expect(tied).toBeLessThan(0.7);
  });
});
