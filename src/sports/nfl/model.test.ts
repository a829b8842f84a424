import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NflGameState } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import { noVigHomeProbability } from '../model.js';
import { defaultNflModel } from './default-model.js';
import { DEFAULT_NFL_WP_PARAMS } from './default-params.js';
import { createNflModel, nflHomeSpread } from './model.js';
import { nflHomeWinProbability } from './win-probability.js';
import fitted from './wp-params.json' with { type: 'json' };

const states = fc
  .record({
    secondsLeft: fc.integer({ min: 0, max: 3600 }),
    homeScore: fc.integer({ min: 0, max: 40 }),
    awayScore: fc.integer({ min: 0, max: 40 }),
    possession: fc.constantFrom('home' as const, 'away' as const, null),
    yardline100: fc.integer({ min: 1, max: 99 }),
  })
  .map(({ secondsLeft, possession, yardline100, ...rest }): NflGameState => {
    const quarter = Math.min(4, 4 - Math.floor(Math.max(0, secondsLeft - 1) / 900));
    return {
      sport: 'nfl',
      gameId: asGameId('g'),
      status: 'in',
      quarter,
      clockSeconds: secondsLeft - (4 - quarter) * 900,
      gameSecondsRemaining: secondsLeft,
      possession,
      down: possession ? 1 : null,
      distance: possession ? 10 : null,
      yardline100: possession ? yardline100 : null,
      homeTimeouts: 3,
      awayTimeouts: 3,
      playSeq: 1,
      ...rest,
    };
  });

const model = createNflModel();

describe('NFL model behind the common interface', () => {
  it('gives exactly the fitted model’s numbers (and the pipeline’s) for a spread', () => {
    const pipeline = defaultNflModel();
    fc.assert(
      fc.property(states, fc.double({ min: -17, max: 17, noNaN: true }), (s, homeSpread) => {
        const p = model.probabilities(s, { homeSpread, total: 44 });
        const direct = nflHomeWinProbability(s, { homeSpread }, DEFAULT_NFL_WP_PARAMS);
        return (
          p.home === direct && p.away === 1 - direct && p.draw === 0 && pipeline(s, homeSpread) === direct
        );
      }),
      { numRuns: 500 },
    );
  });

  it('turns moneylines into the spread whose pregame probability matches', () => {
    const { intercept, slope } = fitted.fit.spreadOnlyBaseline;
    const pregame = (spread: number) => 1 / (1 + Math.exp(-(intercept + slope * spread)));
    for (const [home, away] of [
      [-150, 130],
      [136, -150],
      [-400, 320],
      [-110, -110],
    ] as const) {
      const spread = nflHomeSpread(
        { homeMoneyline: home, awayMoneyline: away },
        fitted.fit.spreadOnlyBaseline,
      );
      expect(pregame(spread)).toBeCloseTo(noVigHomeProbability(home, away), 10);
    }
    // A spread wins over moneylines; with nothing, a pick'em; absurd odds are capped.
    expect(
      nflHomeSpread(
        { homeSpread: 3, homeMoneyline: 500, awayMoneyline: -700 },
        { intercept: 0, slope: 0.15 },
      ),
    ).toBe(3);
    expect(nflHomeSpread({}, { intercept: 0, slope: 0.15 })).toBe(0);
    expect(
      nflHomeSpread({ homeMoneyline: -100000, awayMoneyline: 50000 }, { intercept: 0, slope: 0.15 }),
    ).toBe(28);
  });
});
