import { describe, expect, it } from 'vitest';
import type { BaseballGameState } from '../../core/game-state.js';
import { parseScoreboardEvent } from '../../feeds/espn/scoreboard.js';
import { REAL_FILES, readEspnJson } from '../../feeds/espn/testing/fixtures.js';
import { noVigHomeProbability } from '../model.js';
import { baseball } from '../testing/states.js';
import { createBaseballModel } from './model.js';
import { halfInningTable, MLB_PLATE_APPEARANCES, meanRuns, scaledRates } from './plate-appearances.js';
import { PUBLISHED_RUN_EXPECTANCY_1984_1994 } from './run-expectancy.js';

const model = createBaseballModel();
const home = (s: BaseballGameState, prior = {}) => model.probabilities(s, prior).home;

describe('half-inning runs from the plate-appearance chain', () => {
  const table = halfInningTable(MLB_PLATE_APPEARANCES);
  const state = (outs: number, bases: number) => {
    const cells = table.runs[outs * 8 + bases]!;
    const last = table.last[outs * 8 + bases]!;
    return { mean: meanRuns(cells, last), total: cells.reduce((s, p) => s + p, 0), scoring: 1 - cells[0]! };
  };
  const fresh = state(0, 0).mean;

  it('is a distribution for each of the 24 base-out states', () => {
    for (let i = 0; i < 24; i++) expect(state(Math.floor(i / 8), i % 8).total).toBeCloseTo(1, 12);
  });

  it('has the shape of the published base-out table (1984-1994)', () => {
    // Relative to a fresh inning, since the run environment differs between eras.
    const published = PUBLISHED_RUN_EXPECTANCY_1984_1994;
    const publishedFresh = published[0]![0]![0];
    for (let outs = 0; outs < 3; outs++) {
      for (let bases = 0; bases < 8; bases++) {
        const [expected, scoring] = published[outs]![bases]!;
        const ours = state(outs, bases);
        const where = `${outs} out, bases ${bases}`;
        expect(ours.mean / fresh / (expected / publishedFresh), where).toBeGreaterThan(0.9);
        expect(ours.mean / fresh / (expected / publishedFresh), where).toBeLessThan(1.1);
        expect(Math.abs(ours.scoring - scoring), where).toBeLessThan(0.09);
      }
    }
    expect(fresh).toBeGreaterThan(0.45);
    expect(fresh).toBeLessThan(0.55);
  });

  it('keeps big innings rare once two are out', () => {
    // Second and third, two out: eight or more runs needs seven batters in a row to reach.
    const cells = table.runs[2 * 8 + 6]!;
    expect(cells.slice(8).reduce((s, p) => s + p, 0)).toBeLessThan(1e-3);
  });

  it('scores more for better hitters', () => {
    const better = halfInningTable(scaledRates(MLB_PLATE_APPEARANCES, 1.2));
    expect(meanRuns(better.runs[0]!, better.last[0]!)).toBeGreaterThan(fresh * 1.3);
  });
});

describe('baseball base-out model', () => {
  it('starts at the moneyline probability, or the league home rate without one', () => {
    const first = baseball({ status: 'pre' });
    expect(home(first, { homeMoneyline: -150, awayMoneyline: 130 })).toBeCloseTo(
      noVigHomeProbability(-150, 130),
      4,
    );
    expect(home(first)).toBeCloseTo(0.53, 4);
  });

  it('gives the home team its last at-bat', () => {
    const even = { homeSpread: 0 };
    // Middle of the ninth, tied: home needs one run in its half, else extra innings.
    const middle9 = home(baseball({ inning: 9, half: 'middle', homeScore: 3, awayScore: 3 }), even);
    expect(middle9).toBeGreaterThan(0.6);
    expect(middle9).toBeLessThan(0.7);
    // Home ahead after the top of the ninth: over.
    expect(home(baseball({ inning: 9, half: 'top', outs: 3, homeScore: 4, awayScore: 3 }), even)).toBe(1);
    // Bottom of the ninth, two out, nobody on, down three: nearly done.
    expect(
      home(baseball({ inning: 9, half: 'bottom', outs: 2, homeScore: 1, awayScore: 4 }), even),
    ).toBeLessThan(0.02);
  });

  it('values runners and outs as the table does', () => {
    const s = { inning: 5, half: 'bottom' as const, homeScore: 2, awayScore: 2 };
    const empty = home(baseball(s));
    const loaded = home(baseball({ ...s, onFirst: true, onSecond: true, onThird: true }));
    const loadedTwoOut = home(baseball({ ...s, onFirst: true, onSecond: true, onThird: true, outs: 2 }));
    expect(loaded).toBeGreaterThan(loadedTwoOut);
    expect(loadedTwoOut).toBeGreaterThan(empty);
  });

  it('plays extra innings with a runner on second unless told otherwise', () => {
    const tenthTop = baseball({ inning: 10, half: 'top', onSecond: true, homeScore: 5, awayScore: 5 });
    // Both sides get the same half inning from the same start: even teams, an even chance.
    expect(home(tenthTop, { homeSpread: 0 })).toBeCloseTo(0.5, 9);
    expect(home({ ...tenthTop, outs: 2, onSecond: false }, { homeSpread: 0 })).toBeGreaterThan(0.5);
    const noRunner = createBaseballModel({ extraInningsRunnerOnSecond: false });
    const endOfNine = baseball({ inning: 9, half: 'end', homeScore: 5, awayScore: 5 });
    expect(noRunner.probabilities(endOfNine, { homeSpread: 0 }).home).toBeCloseTo(0.5, 9);
    expect(model.probabilities(endOfNine, { homeSpread: 0 }).home).toBeCloseTo(0.5, 9);
  });
});

describe('the real MLB snapshots (2023 ALDS game 3, HOU @ MIN, HOU won 9-1)', () => {
  const state = (file: string) =>
    parseScoreboardEvent(readEspnJson(file), 'mlb').games[0]!.state as BaseballGameState;

  it('prices each moment plausibly', () => {
    // Top 1st, 0-0, runner on first, nobody out: close to the pregame number, a little toward HOU.
    const first = home(state(REAL_FILES.mlb1));
    expect(first).toBeGreaterThan(0.45);
    expect(first).toBeLessThan(home(baseball({ status: 'pre' })));
    // Bottom 5th, MIN down 0-5, runners on first and second, one out.
    const fifth = home(state(REAL_FILES.mlb2));
    expect(fifth).toBeGreaterThan(0.03);
    expect(fifth).toBeLessThan(0.2);
    // Bottom 9th, 1-9, two out: over in all but name; then final.
    expect(home(state(REAL_FILES.mlb3))).toBeLessThan(0.001);
    expect(home(state(REAL_FILES.mlb4))).toBe(0);
  });
});
