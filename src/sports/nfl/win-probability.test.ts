import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NflGameState } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import { DEFAULT_NFL_WP_PARAMS as params } from './default-params.js';
import {
  MAX_LIVE_WP,
  MIN_LIVE_WP,
  NFL_WP_FEATURE_COUNT,
  NFL_WP_FEATURES,
  nflHomeWinProbability,
  nflWpFeatures,
} from './win-probability.js';
import fitted from './wp-params.json' with { type: 'json' };

/** A mid-game scrimmage state; override what a test varies. */
function state(over: Partial<NflGameState> = {}): NflGameState {
  return {
    sport: 'nfl',
    gameId: asGameId('test'),
    status: 'in',
    quarter: 3,
    clockSeconds: 600,
    gameSecondsRemaining: 1500,
    homeScore: 10,
    awayScore: 10,
    possession: 'home',
    down: 1,
    distance: 10,
    yardline100: 75,
    homeTimeouts: 3,
    awayTimeouts: 3,
    playSeq: 100,
    ...over,
  };
}

/** A regulation state with a consistent quarter and clock for `secondsLeft`. */
function at(secondsLeft: number, over: Partial<NflGameState> = {}): NflGameState {
  const quarter = Math.min(4, 4 - Math.floor(Math.max(0, secondsLeft - 1) / 900));
  return state({
    quarter,
    clockSeconds: secondsLeft - (4 - quarter) * 900,
    gameSecondsRemaining: secondsLeft,
    ...over,
  });
}

const wp = (s: NflGameState, homeSpread = 0) => nflHomeWinProbability(s, { homeSpread }, params);

const regulationState = fc
  .record({
    secondsLeft: fc.integer({ min: 0, max: 3600 }),
    homeScore: fc.integer({ min: 0, max: 45 }),
    awayScore: fc.integer({ min: 0, max: 45 }),
    possession: fc.constantFrom('home' as const, 'away' as const, null),
    down: fc.constantFrom(1, 2, 3, 4, null),
    distance: fc.integer({ min: 1, max: 30 }),
    yardline100: fc.integer({ min: 1, max: 99 }),
    homeTimeouts: fc.integer({ min: 0, max: 3 }),
    awayTimeouts: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ secondsLeft, possession, down, distance, yardline100, ...rest }) =>
    at(secondsLeft, {
      ...rest,
      possession,
      down: possession ? down : null,
      distance: possession && down !== null ? Math.min(distance, yardline100) : null,
      yardline100: possession ? yardline100 : null,
    }),
  );
const spread = fc.double({ min: -17, max: 17, noNaN: true });

describe('nflHomeWinProbability: bounds and shape', () => {
  it('stays within the live clamp for any regulation state', () => {
    fc.assert(
      fc.property(regulationState, spread, (s, sp) => {
        const p = wp(s, sp);
        return Number.isFinite(p) && p >= MIN_LIVE_WP && p <= MAX_LIVE_WP;
      }),
      { numRuns: 2000 },
    );
  });

  it('never falls when the home team gains a point', () => {
    fc.assert(
      fc.property(regulationState, spread, (s, sp) => {
        if (s.gameSecondsRemaining <= 0 && s.possession === null) return true; // decided by rule
        return wp({ ...s, homeScore: s.homeScore + 1 }, sp) >= wp(s, sp) - 1e-12;
      }),
      { numRuns: 3000 },
    );
  });

  it('never falls when the home team is more favoured', () => {
    fc.assert(
      fc.property(regulationState, spread, (s, sp) => wp(s, sp + 1) >= wp(s, sp) - 1e-12),
      { numRuns: 2000 },
    );
  });

  it('rises as the team with the ball moves toward the end zone', () => {
    for (const secondsLeft of [3600, 2000, 900, 300, 60, 10]) {
      for (const down of [1, 2, 3, 4]) {
        let previous = 0;
        for (let yl = 99; yl >= 1; yl--) {
          const p = wp(at(secondsLeft, { down, distance: Math.min(10, yl), yardline100: yl }));
          expect(p, `${secondsLeft}s down ${down} at ${yl}`).toBeGreaterThanOrEqual(previous - 1e-12);
          previous = p;
        }
      }
    }
  });

  it('lets a leader without the ball gain as the clock runs', () => {
    for (const lead of [1, 3, 7, 14]) {
      let previous = 0;
      for (let t = 3600; t >= 0; t -= 30) {
        const p = wp(
          at(t, { homeScore: 10 + lead, awayScore: 10, possession: null, down: null, yardline100: null }),
        );
        expect(p, `lead ${lead} at ${t}s`).toBeGreaterThanOrEqual(previous - 1e-12);
        previous = p;
      }
      expect(previous).toBe(MAX_LIVE_WP);
    }
  });

  it('values having the ball', () => {
    for (const t of [3000, 1500, 400]) {
      const home = wp(at(t, { possession: 'home', yardline100: 60 }));
      const away = wp(at(t, { possession: 'away', yardline100: 60 }));
      expect(home).toBeGreaterThan(away);
    }
  });

  // The in-game model and the per-game spread logistic are fitted separately (the first on every
  // play, so its kickoff value is where a curve over the whole game lands), hence 4 points of slack.
  it('starts a game near the spread-only pregame probability', () => {
    const kickoff = at(3600, { homeScore: 0, awayScore: 0, possession: null, down: null, yardline100: null });
    const { intercept, slope } = fitted.fit.spreadOnlyBaseline;
    for (const sp of [-14, -7, -3, 0, 3, 7, 14]) {
      const pregame = 1 / (1 + Math.exp(-(intercept + slope * sp)));
      expect(Math.abs(wp(kickoff, sp) - pregame), `spread ${sp}`).toBeLessThan(0.04);
    }
    expect(Math.abs(wp(kickoff, 0) - 0.5)).toBeLessThan(0.03);
  });
});

describe('nflHomeWinProbability: end of game', () => {
  it('is decided once the game is over', () => {
    expect(wp(state({ status: 'post', homeScore: 20, awayScore: 17 }))).toBe(MAX_LIVE_WP);
    expect(wp(state({ status: 'post', homeScore: 17, awayScore: 20 }), 14)).toBe(MIN_LIVE_WP);
    expect(wp(state({ status: 'post', homeScore: 20, awayScore: 20 }))).toBe(0.5);
    const endGame = { possession: null, down: null, distance: null, yardline100: null } as const;
    expect(wp(at(0, { ...endGame, homeScore: 21, awayScore: 20 }), -10)).toBe(MAX_LIVE_WP);
    expect(wp(at(0, { ...endGame, homeScore: 20, awayScore: 21 }), 10)).toBe(MIN_LIVE_WP);
  });

  it('is not decided at 0:00 while a try or an untimed down is still to come', () => {
    // Away scored a touchdown as time expired and trails by one before the try.
    const p = wp(at(0, { homeScore: 21, awayScore: 20, possession: 'away', down: null, yardline100: 15 }));
    expect(p).toBeGreaterThan(0.3);
    expect(p).toBeLessThan(0.8);
  });

  it('sends a tie at the end of regulation to an overtime coin flip shaded by the spread', () => {
    const tied = at(0, { homeScore: 20, awayScore: 20, possession: null, down: null, yardline100: null });
    expect(Math.abs(wp(tied, 0) - 0.5)).toBeLessThan(0.05);
    expect(wp(tied, 7)).toBeGreaterThan(wp(tied, 0));
  });

  it('knows a leader with the ball can kneel out the clock', () => {
    const kneel = at(80, {
      homeScore: 24,
      awayScore: 23,
      possession: 'home',
      down: 1,
      yardline100: 60,
      awayTimeouts: 0,
    });
    expect(wp(kneel)).toBeGreaterThan(0.99);
    const trailingHasTimeouts = wp({ ...kneel, awayTimeouts: 3 });
    expect(trailingHasTimeouts).toBeLessThan(wp(kneel));
  });

  it('gives a trailing team driving late a real chance', () => {
    const drive = at(40, {
      homeScore: 17,
      awayScore: 20,
      possession: 'home',
      down: 1,
      distance: 10,
      yardline100: 25,
    });
    expect(wp(drive)).toBeGreaterThan(0.25);
    expect(wp(drive)).toBeLessThan(0.75);
    expect(wp({ ...drive, yardline100: 80 })).toBeLessThan(wp(drive));
  });
});

describe('nflHomeWinProbability: overtime', () => {
  const ot = (over: Partial<NflGameState>) =>
    state({ quarter: 5, clockSeconds: 600, gameSecondsRemaining: 0, homeScore: 20, awayScore: 20, ...over });

  it('values the ball by field position', () => {
    // 2016-2019 overtimes say the ball at your own 25 is worth little (the other team gets a
    // possession unless you score a touchdown); deep in the opponent's half it is worth a lot.
    const own25 = wp(ot({ possession: 'home', yardline100: 75 }));
    const opp20 = wp(ot({ possession: 'home', yardline100: 20 }));
    expect(own25).toBeGreaterThan(0.4);
    expect(own25).toBeLessThan(0.65);
    expect(opp20).toBeGreaterThan(own25 + 0.1);
    expect(wp(ot({ possession: 'away', yardline100: 20 }))).toBeLessThan(0.4);
    expect(wp(ot({ possession: 'home', yardline100: 40 }), 7)).toBeGreaterThan(
      wp(ot({ possession: 'home', yardline100: 40 })),
    );
  });

  it('ends on a touchdown', () => {
    expect(
      wp(ot({ homeScore: 26, possession: null, down: null, yardline100: null, clockSeconds: 312 })),
    ).toBe(MAX_LIVE_WP);
    expect(
      wp(ot({ awayScore: 26, possession: null, down: null, yardline100: null, clockSeconds: 312 })),
    ).toBe(MIN_LIVE_WP);
  });

  it('stays open after a first-possession field goal', () => {
    const p = wp(ot({ homeScore: 23, possession: 'away', yardline100: 75, clockSeconds: 420 }));
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(0.9);
  });
});

describe('nflHomeWinProbability: nflfastR test vectors', () => {
  // nflfastR's calculate_win_probability unit-test snapshot (MIT): home SEA has the ball at
  // kickoff time, 1st & 10 at its own 25, 0-0, 3 timeouts each. Its spread_line is "points the
  // home team is favoured by" (the nflverse sign, same as ours), and vegas_wp is for posteam =
  // home. nflfastR is a different model (xgboost, other seasons, other features), so agreement
  // within 0.1 is what we ask: close enough to catch a flipped sign or a broken time scale
  // (either would move these by 0.2 or more), loose enough for two honest models to differ.
  const vectors: [spread: number, vegasWp: number][] = [
    [1, 0.5147],
    [3, 0.5959],
    [4, 0.6378],
    [7, 0.7374],
    [14, 0.8658],
  ];
  const kickoff = at(3600, {
    homeScore: 0,
    awayScore: 0,
    possession: 'home',
    down: 1,
    distance: 10,
    yardline100: 75,
  });

  it.each(vectors)('spread %d: within 0.1 of vegas_wp %d', (sp, expected) => {
    expect(Math.abs(wp(kickoff, sp) - expected)).toBeLessThan(0.1);
  });
});

describe('features and params', () => {
  it('writes finite features for structural rows and half-known states', () => {
    const out = new Float64Array(NFL_WP_FEATURE_COUNT);
    const states = [
      state({ possession: null, down: null, distance: null, yardline100: null }),
      state({ possession: 'away', down: null, distance: null, yardline100: null }),
      state({ quarter: 5, clockSeconds: 0, gameSecondsRemaining: -600 }),
      at(0),
    ];
    for (const s of states) {
      nflWpFeatures(s, { homeSpread: -3 }, params.structure, out);
      expect(out.every(Number.isFinite)).toBe(true);
    }
  });

  it('ships params for exactly the model features, validated to beat the spread-only baseline', () => {
    expect(Object.keys(params.coefficients).sort()).toEqual([...NFL_WP_FEATURES].sort());
    const v = fitted.fit.validation;
    expect(fitted.fit.seasons).not.toContain(v.season);
    expect(v.model.brier).toBeLessThan(v.spreadOnly.brier);
    expect(v.model.logLoss).toBeLessThan(v.spreadOnly.logLoss);
  });
});
