import { describe, expect, it } from 'vitest';
import {
  finalResult,
  impliedProbability,
  moneylineHomeProbability,
  noVigHomeProbability,
  PriorCache,
  swapPrior,
  swapSides,
  twoWay,
} from './model.js';

describe('moneylines', () => {
  it('turns American odds into the implied probability, margin included', () => {
    expect(impliedProbability(-150)).toBeCloseTo(0.6, 12);
    expect(impliedProbability(130)).toBeCloseTo(100 / 230, 12);
    expect(impliedProbability(100)).toBe(0.5);
    expect(impliedProbability(-100)).toBe(0.5);
    expect(() => impliedProbability(50)).toThrow('|odds| >= 100');
    expect(() => impliedProbability(Number.NaN)).toThrow();
  });

  it('removes the margin by normalising the two sides', () => {
    // -110 / -110: 0.5238 each, 4.76 % overround, no-vig 50/50.
    expect(noVigHomeProbability(-110, -110)).toBeCloseTo(0.5, 12);
    // -150 / +130: 0.6 and 0.4348 -> 0.6 / 1.0348 = 0.5798.
    expect(noVigHomeProbability(-150, 130)).toBeCloseTo(0.6 / (0.6 + 100 / 230), 12);
    // The shared NFL data's home_ml_prob_novig for 2016_01_CAR_DEN (home +136, away -150).
    expect(noVigHomeProbability(136, -150)).toBeCloseTo(0.4139, 4);
    expect(noVigHomeProbability(-150, 130) + noVigHomeProbability(130, -150)).toBeCloseTo(1, 12);
  });

  it('reads a prior only when both sides are usable', () => {
    expect(moneylineHomeProbability({ homeMoneyline: -120 })).toBeUndefined();
    expect(moneylineHomeProbability({ homeMoneyline: -120, awayMoneyline: 20 })).toBeUndefined();
    expect(moneylineHomeProbability({ homeMoneyline: 100, awayMoneyline: 100 })).toBe(0.5);
  });
});

describe('results', () => {
  it('decides a finished game by its score', () => {
    expect(finalResult(3, 1, true)).toEqual({ home: 1, away: 0, draw: 0 });
    expect(finalResult(1, 3, false)).toEqual({ home: 0, away: 1, draw: 0 });
    expect(finalResult(2, 2, true)).toEqual({ home: 0, away: 0, draw: 1 });
    expect(finalResult(2, 2, false)).toEqual({ home: 0.5, away: 0.5, draw: 0 });
  });

  it('swaps sides and priors', () => {
    expect(swapSides({ home: 0.5, away: 0.2, draw: 0.3 })).toEqual({ home: 0.2, away: 0.5, draw: 0.3 });
    expect(swapPrior({ homeSpread: 3, total: 200, homeMoneyline: -150, awayMoneyline: 130 })).toEqual({
      homeSpread: -3,
      total: 200,
      homeMoneyline: 130,
      awayMoneyline: -150,
    });
    expect(twoWay(1.2)).toEqual({ home: 1, away: 0, draw: 0 });
  });
});

describe('PriorCache', () => {
  it('computes once per prior and forgets the oldest beyond its capacity', () => {
    const cache = new PriorCache<number>(2, 1);
    let calls = 0;
    const compute = () => ++calls;
    expect(cache.get({ homeSpread: 1 }, 'nba', compute)).toBe(1);
    expect(cache.get({ homeSpread: 1 }, 'nba', compute)).toBe(1);
    expect(cache.get({ homeSpread: 1 }, 'ncaamb', compute)).toBe(2);
    expect(cache.get({ homeSpread: 2 }, 'nba', compute)).toBe(3);
    expect(cache.get({ homeSpread: 1 }, 'nba', compute)).toBe(4); // evicted
    // The recent entries compare numbers, not objects.
    const prior = { homeSpread: 5 };
    expect(cache.get(prior, 'nba', compute)).toBe(5);
    prior.homeSpread = 6;
    expect(cache.get(prior, 'nba', compute)).toBe(6);
    expect(cache.get({ homeSpread: 6 }, 'nba', compute)).toBe(6);
  });
});
