import { describe, expect, it } from 'vitest';
import type { BasketballGameState } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import { secondsRemaining } from '../../feeds/espn/clock.js';
import { ESPN_LEAGUES } from '../../feeds/espn/leagues.js';
import { parseSummary } from '../../feeds/espn/summary.js';
import { REAL_FILES, readEspnJson } from '../../feeds/espn/testing/fixtures.js';
import { brierScore } from '../metrics.js';
import { noVigHomeProbability } from '../model.js';
import { basketball } from '../testing/states.js';
import { createBasketballModel, NBA } from './model.js';

const model = createBasketballModel();
const home = (s: BasketballGameState, prior = {}) => model.probabilities(s, prior).home;

describe('basketball random walk', () => {
  it('starts at the probability the spread (or moneyline) implies', () => {
    // Pregame, no possession: P(margin > 0) with margin ~ Normal(spread, 12^2) and ties to overtime.
    const tip = basketball({ secondsLeft: 2880, homeScore: 0, awayScore: 0 });
    expect(home(tip, { homeSpread: 0 })).toBeCloseTo(0.5, 9);
    expect(home(tip, { homeSpread: 6 })).toBeCloseTo(0.69, 2);
    expect(home(tip, {})).toBeGreaterThan(0.55); // home court
    const fromMoneyline = home(tip, { homeMoneyline: -250, awayMoneyline: 210 });
    expect(fromMoneyline).toBeCloseTo(noVigHomeProbability(-250, 210), 2);
  });

  it('values the ball: about half a possession early, a whole one late, nothing at 0:00', () => {
    const even = { homeSpread: 0 };
    const tied = (secondsLeft: number, possession: 'home' | 'away' | null) =>
      home(basketball({ secondsLeft, possession }), even);
    expect(tied(1440, 'home')).toBeGreaterThan(tied(1440, null));
    expect(tied(1440, 'home') - tied(1440, null)).toBeLessThan(0.03);
    // The last shot: about 52 % to score (1.15 points a possession), else overtime.
    expect(tied(10, 'home')).toBeGreaterThan(0.6);
    expect(tied(10, 'home')).toBeLessThan(0.8);
    expect(tied(10, 'away')).toBeCloseTo(1 - tied(10, 'home'), 12);
    expect(tied(0, 'home')).toBeCloseTo(0.5, 9); // straight to overtime
  });

  it('sends a tie to overtime, where the favourite keeps a smaller edge', () => {
    const endOfRegulation = basketball({ secondsLeft: 0, homeScore: 100, awayScore: 100 });
    const p = home(endOfRegulation, { homeSpread: 8 });
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(home(basketball({ secondsLeft: 2880 }), { homeSpread: 8 }));
    const overtime: BasketballGameState = {
      ...endOfRegulation,
      period: 5,
      clockSeconds: 120,
      gameSecondsRemaining: -180,
      homeScore: 106,
    };
    expect(home(overtime, { homeSpread: 0 })).toBeGreaterThan(0.9);
  });

  it('swings less in a low-scoring game: a lead is safer when the total is low', () => {
    const lead = basketball({ secondsLeft: 600, homeScore: 90, awayScore: 84 });
    expect(home(lead, { homeSpread: 0, total: 200 })).toBeGreaterThan(
      home(lead, { homeSpread: 0, total: 250 }),
    );
  });

  it('uses college constants for college games', () => {
    const nba = basketball({ sport: 'nba', secondsLeft: 300, homeScore: 60, awayScore: 55 });
    const college = basketball({ sport: 'ncaamb', secondsLeft: 300, homeScore: 60, awayScore: 55 });
    // Same lead and time left, but fewer possessions and a smaller sigma in college.
    expect(home(college, { homeSpread: 0 })).toBeGreaterThan(home(nba, { homeSpread: 0 }));
    expect(NBA.possessionPoints.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });
});

describe('against ESPN on a real NBA game (401585607, TOR @ ORL, 2024-03-17, ORL won 111-96)', () => {
  const summary = parseSummary(readEspnJson(REAL_FILES.nbaSummary), 'nba');
  const final = summary.games[0]!.state;
  const outcome = final.homeScore > final.awayScore ? 1 : 0;
  const plays = summary.winProbability;
  const states = plays.map(
    (p): BasketballGameState => ({
      sport: 'nba',
      gameId: asGameId('espn:nba:401585607'),
      status: 'in',
      period: p.period!,
      clockSeconds: p.clockSeconds!,
      gameSecondsRemaining: secondsRemaining({
        clock: ESPN_LEAGUES.nba.clock,
        period: p.period!,
        clockSeconds: p.clockSeconds!,
        postseason: false,
      }),
      homeScore: p.homeScore!,
      awayScore: p.awayScore!,
      possession: null,
      homeTimeouts: null,
      awayTimeouts: null,
    }),
  );
  const espn = plays.map((p) => p.homeWinProbability);
  // The file has no line; ESPN's own opening number (0.834) as a fair moneyline is the prior.
  const opening = espn[0]!;
  const fair = Math.round((opening / (1 - opening)) * 100);
  const prior = { homeMoneyline: -fair, awayMoneyline: fair };
  const ours = states.map((s) => home(s, prior));
  const meanAbsDiff = ours.reduce((sum, p, i) => sum + Math.abs(p - espn[i]!), 0) / ours.length;

  it('reads all 450 plays', () => {
    expect(states).toHaveLength(450);
    expect(outcome).toBe(1);
  });

  it('stays close to ESPN play by play and ends at the result', () => {
    expect(ours[0]).toBeCloseTo(opening, 2);
    expect(meanAbsDiff).toBeLessThan(0.06);
    expect(ours[ours.length - 1]).toBe(1);
    const outcomes = ours.map(() => outcome);
    // One game is one outcome: this only catches a model that goes the wrong way.
    expect(brierScore(ours, outcomes)).toBeLessThan(brierScore(espn, outcomes) + 0.01);
  });
});
