/**
 * Properties every sport's model must have: probabilities in [0, 1] that sum to 1, more lead
 * never hurts, the same game seen from the other side gives the mirrored answer, and a game
 * that is over (or in its last instant) is decided.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GameState } from '../core/game-state.js';
import { type OutcomeProbabilities, type PregamePrior, swapPrior, swapSides } from './model.js';
import { createWinProbabilityModels, outcomeProbabilities } from './models.js';
import {
  baseball,
  baseballStates,
  basketball,
  basketballStates,
  fewPriors,
  football,
  footballStates,
  hockey,
  hockeyStates,
  mirrored,
  priors,
  soccer,
  soccerStates,
} from './testing/states.js';

const models = createWinProbabilityModels();
const wp = (s: GameState, prior: PregamePrior = {}) => outcomeProbabilities(models, s, prior);

function isDistribution(p: OutcomeProbabilities): boolean {
  const parts = [p.home, p.away, p.draw];
  return (
    parts.every((x) => Number.isFinite(x) && x >= 0 && x <= 1) &&
    Math.abs(p.home + p.away + p.draw - 1) < 1e-9
  );
}

function close(a: OutcomeProbabilities, b: OutcomeProbabilities, tolerance = 1e-6): boolean {
  return (
    Math.abs(a.home - b.home) < tolerance &&
    Math.abs(a.away - b.away) < tolerance &&
    Math.abs(a.draw - b.draw) < tolerance
  );
}

/** Priors that say who is stronger: without one, the league's home advantage breaks the mirror. */
const sidedPriors = priors.filter((p) => p.homeSpread !== undefined || p.homeMoneyline !== undefined);

const sports = [
  ['basketball', basketballStates, priors],
  ['hockey', hockeyStates, priors],
  ['soccer', soccerStates, priors],
  ['baseball', baseballStates, fewPriors],
  ['college football', footballStates, priors],
] as const;

describe.each(sports)('%s model: properties', (_name, states, priorArb) => {
  const arb = states as fc.Arbitrary<GameState>;

  it('gives a probability distribution over the results', () => {
    fc.assert(
      fc.property(arb, priorArb, (s, prior) => isDistribution(wp(s, prior))),
      { numRuns: 400 },
    );
  });

  it('never gives the home team less for one more home point, nor the away team more', () => {
    fc.assert(
      fc.property(arb, priorArb, (s, prior) => {
        const before = wp(s, prior);
        const after = wp({ ...s, homeScore: s.homeScore + 1 }, prior);
        return after.home >= before.home - 1e-9 && after.away <= before.away + 1e-9;
      }),
      { numRuns: 400 },
    );
  });

  it('is decided once the game is over', () => {
    fc.assert(
      fc.property(arb, priorArb, (s, prior) => {
        const p = wp({ ...s, status: 'post' }, prior);
        if (s.homeScore > s.awayScore) return p.home === 1;
        if (s.homeScore < s.awayScore) return p.away === 1;
        return p.home === p.away && (p.draw === 1 || p.home === 0.5);
      }),
      { numRuns: 100 },
    );
  });
});

describe.each([
  ['basketball', basketballStates],
  ['hockey', hockeyStates],
  ['soccer', soccerStates],
  ['college football', footballStates],
] as const)('%s model: swapping the teams', (_name, states) => {
  it('mirrors the probabilities', () => {
    fc.assert(
      fc.property(states as fc.Arbitrary<GameState>, sidedPriors, (s, prior) => {
        const direct = wp(s, prior);
        const swapped = wp(mirrored(s as never) as GameState, swapPrior(prior));
        return close(swapSides(swapped), direct);
      }),
      { numRuns: 400 },
    );
  });
});

describe('baseball model: swapping the teams', () => {
  // Home bats last, so only moments where both sides have the same half innings left mirror:
  // the end of an inning, between evenly matched teams.
  it('mirrors the probabilities at the end of an inning', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: -6, max: 6 }), (inning, lead) => {
        const even = { homeSpread: 0 };
        const a = wp(baseball({ inning, half: 'end', homeScore: 6 + lead, awayScore: 6 }), even);
        const b = wp(baseball({ inning, half: 'end', homeScore: 6, awayScore: 6 + lead }), even);
        return Math.abs(a.home - b.away) < 1e-9;
      }),
      { numRuns: 100 },
    );
  });
});

describe('the last instant', () => {
  it('goes to the leader as the clock runs out', () => {
    for (const lead of [1, 3]) {
      const prior = { homeSpread: -8 };
      expect(wp(basketball({ secondsLeft: 0, homeScore: 90 + lead, awayScore: 90 }), prior).home).toBe(1);
      expect(wp(hockey({ secondsLeft: 0, homeScore: 2 + lead, awayScore: 2 }), prior).home).toBe(1);
      expect(
        wp(football({ secondsLeft: 0, homeScore: 20 + lead, awayScore: 20, possession: null }), prior).home,
      ).toBe(1);
      expect(
        wp(
          soccer({ minutesPlayed: 90, minute: 90, stoppageMinute: 12, homeScore: 1 + lead, awayScore: 1 }),
          prior,
        ).home,
      ).toBeGreaterThan(0.99);
      expect(wp(baseball({ inning: 9, half: 'top', outs: 3, homeScore: 3 + lead, awayScore: 3 })).home).toBe(
        1,
      );
    }
  });

  it('lets a leader gain as time runs, between even teams', () => {
    const even = { homeSpread: 0 };
    for (const lead of [1, 5]) {
      let previous = 0;
      for (let t = 2880; t >= 0; t -= 60) {
        const p = wp(basketball({ secondsLeft: t, homeScore: 80 + lead, awayScore: 80 }), even).home;
        expect(p, `basketball lead ${lead} at ${t}s`).toBeGreaterThanOrEqual(previous - 1e-12);
        previous = p;
      }
    }
    let previousHockey = 0;
    for (let t = 3600; t >= 0; t -= 60) {
      const p = wp(hockey({ secondsLeft: t, homeScore: 3, awayScore: 2 }), even).home;
      expect(p, `hockey at ${t}s`).toBeGreaterThanOrEqual(previousHockey - 1e-12);
      previousHockey = p;
    }
    let previousSoccer = 0;
    for (let m = 0; m < 90; m += 1) {
      const p = wp(soccer({ minutesPlayed: m, homeScore: 1, awayScore: 0 }), even).home;
      expect(p, `soccer at ${m}'`).toBeGreaterThanOrEqual(previousSoccer - 1e-12);
      previousSoccer = p;
    }
  });
});
