import { describe, expect, it } from 'vitest';
import type { HockeyGameState } from '../../core/game-state.js';
import { noVigHomeProbability } from '../model.js';
import { hockey } from '../testing/states.js';
import { createHockeyModel, NHL } from './model.js';

const model = createHockeyModel();
const home = (s: HockeyGameState, prior = {}) => model.probabilities(s, prior).home;
const even = { homeMoneyline: -110, awayMoneyline: -110 };

describe('hockey Poisson model', () => {
  it('starts at the moneyline probability, or the league home rate without one', () => {
    const start = hockey({ homeScore: 0, awayScore: 0 });
    expect(home(start, { homeMoneyline: -200, awayMoneyline: 170 })).toBeCloseTo(
      noVigHomeProbability(-200, 170),
      6,
    );
    expect(home(start, even)).toBeCloseTo(0.5, 6);
    expect(home(start)).toBeCloseTo(NHL.homeWinProbability, 6);
    // A spread alone is an expected goal margin.
    expect(home(start, { homeSpread: 0.5 })).toBeGreaterThan(0.55);
  });

  it('puts a tie after regulation between a coin flip and the next-goal odds', () => {
    const tied = hockey({ secondsLeft: 0, homeScore: 3, awayScore: 3 });
    const favoured = { homeMoneyline: -250, awayMoneyline: 200 };
    const p = home(tied, favoured);
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(home(hockey({ homeScore: 0, awayScore: 0 }), favoured));
    expect(home(tied, even)).toBeCloseTo(0.5, 6);
  });

  it('plays regular-season overtime, then a shootout; playoff overtime until a goal', () => {
    const favoured = { homeMoneyline: -250, awayMoneyline: 200 };
    const overtime = (clockSeconds: number, period = 4): HockeyGameState => ({
      ...hockey({ homeScore: 2, awayScore: 2 }),
      period,
      clockSeconds,
      gameSecondsRemaining: -(300 - clockSeconds),
    });
    const early = home(overtime(300), favoured);
    const late = home(overtime(10), favoured);
    expect(early).toBeGreaterThan(late); // less 3-on-3 time left for the better team
    expect(late).toBeGreaterThan(0.5);
    expect(home(overtime(0, 5), favoured)).toBe(0.5); // the shootout
    const playoff: HockeyGameState = { ...overtime(900), gameSecondsRemaining: -300 };
    const nextGoal = home(playoff, favoured);
    expect(nextGoal).toBeGreaterThan(early);
    // Told it is a playoff game, the model plays sudden death from the start of overtime.
    const toldPlayoffs = createHockeyModel({ playoffs: true }).probabilities(overtime(200), favoured).home;
    expect(toldPlayoffs).toBeGreaterThan(home(overtime(200), favoured));
    // A lead in overtime is a goal that ended it.
    expect(home({ ...overtime(100), homeScore: 3 })).toBe(1);
  });

  it('counts a power play against the side short-handed', () => {
    const late = { secondsLeft: 300, homeScore: 3, awayScore: 2 };
    const evenStrength = home(hockey(late), even);
    expect(home(hockey({ ...late, powerPlay: 'away' }), even)).toBeLessThan(evenStrength);
    expect(home(hockey({ ...late, powerPlay: 'home' }), even)).toBeGreaterThan(evenStrength);
    expect(home(hockey({ ...late, powerPlay: null }), even)).toBe(evenStrength);
  });

  it('gives a one-goal lead with five minutes left about what NHL teams hold', () => {
    // Teams leading by one with 5:00 left in the third have won roughly 85-90 % in recent seasons.
    const p = home(hockey({ secondsLeft: 300, homeScore: 3, awayScore: 2 }), even);
    expect(p).toBeGreaterThan(0.82);
    expect(p).toBeLessThan(0.93);
  });
});
