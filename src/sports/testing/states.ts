/**
 * Test helpers: game states of every sport built from a few numbers, their mirror images (the
 * same game with home and away swapped), and fast-check generators of states and priors.
 */
import fc from 'fast-check';
import type {
  BaseballGameState,
  BasketballGameState,
  FootballGameState,
  HockeyGameState,
  InningHalf,
  SoccerGameState,
  SoccerLeague,
  TeamSide,
} from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import type { PregamePrior } from '../model.js';

const gameId = asGameId('test');
const other = (side: TeamSide | null | undefined) =>
  side === 'home' ? 'away' : side === 'away' ? 'home' : side;

export function basketball(
  over: Partial<BasketballGameState> & { secondsLeft?: number } = {},
): BasketballGameState {
  const sport = over.sport ?? 'nba';
  const periods = sport === 'nba' ? 4 : 2;
  const periodSeconds = sport === 'nba' ? 720 : 1200;
  const secondsLeft = over.secondsLeft ?? periods * periodSeconds;
  const period = Math.min(periods, periods - Math.floor(Math.max(0, secondsLeft - 1e-9) / periodSeconds));
  const { secondsLeft: _, ...rest } = over;
  return {
    sport,
    gameId,
    status: 'in',
    period,
    clockSeconds: secondsLeft - (periods - period) * periodSeconds,
    gameSecondsRemaining: secondsLeft,
    homeScore: 50,
    awayScore: 50,
    possession: null,
    homeTimeouts: null,
    awayTimeouts: null,
    ...rest,
  };
}

export function hockey(over: Partial<HockeyGameState> & { secondsLeft?: number } = {}): HockeyGameState {
  const secondsLeft = over.secondsLeft ?? 3600;
  const period = Math.min(3, 3 - Math.floor(Math.max(0, secondsLeft - 1e-9) / 1200));
  const { secondsLeft: _, ...rest } = over;
  return {
    sport: 'nhl',
    gameId,
    status: 'in',
    period,
    clockSeconds: secondsLeft - (3 - period) * 1200,
    gameSecondsRemaining: secondsLeft,
    homeScore: 2,
    awayScore: 2,
    ...rest,
  };
}

/** A soccer state `minutesPlayed` into regular time (no stoppage unless given). */
export function soccer(over: Partial<SoccerGameState> & { minutesPlayed?: number } = {}): SoccerGameState {
  const played = over.minutesPlayed ?? 0;
  const { minutesPlayed: _, ...rest } = over;
  return {
    sport: 'soccer',
    league: 'eng.1',
    gameId,
    status: 'in',
    period: played < 45 ? 1 : 2,
    minute: Math.max(1, Math.ceil(played)),
    stoppageMinute: null,
    clockSeconds: played * 60,
    homeScore: 1,
    awayScore: 1,
    ...rest,
  };
}

export function baseball(over: Partial<BaseballGameState> = {}): BaseballGameState {
  return {
    sport: 'mlb',
    gameId,
    status: 'in',
    inning: 1,
    half: 'top',
    homeScore: 0,
    awayScore: 0,
    balls: 0,
    strikes: 0,
    outs: 0,
    onFirst: false,
    onSecond: false,
    onThird: false,
    ...over,
  };
}

export function football(
  over: Partial<FootballGameState> & { secondsLeft?: number } = {},
): FootballGameState {
  const secondsLeft = over.secondsLeft ?? 3600;
  const quarter = Math.min(4, 4 - Math.floor(Math.max(0, secondsLeft - 1) / 900));
  const { secondsLeft: _, ...rest } = over;
  return {
    sport: 'ncaaf',
    gameId,
    status: 'in',
    quarter,
    clockSeconds: secondsLeft - (4 - quarter) * 900,
    gameSecondsRemaining: secondsLeft,
    homeScore: 14,
    awayScore: 14,
    possession: 'home',
    down: 1,
    distance: 10,
    yardline100: 75,
    homeTimeouts: 3,
    awayTimeouts: 3,
    playSeq: 1,
    ...rest,
  } as FootballGameState;
}

/** The same moment with home and away exchanged (everything but the venue). */
export function mirrored<
  S extends BasketballGameState | HockeyGameState | SoccerGameState | FootballGameState,
>(s: S): S {
  const swapped: Record<string, unknown> = { ...s, homeScore: s.awayScore, awayScore: s.homeScore };
  if ('possession' in s) swapped.possession = other(s.possession);
  if ('powerPlay' in s) swapped.powerPlay = other(s.powerPlay);
  if ('homeRedCards' in s || 'awayRedCards' in s) {
    swapped.homeRedCards = s.awayRedCards;
    swapped.awayRedCards = s.homeRedCards;
  }
  if ('homeTimeouts' in s) {
    swapped.homeTimeouts = s.awayTimeouts;
    swapped.awayTimeouts = s.homeTimeouts;
  }
  return swapped as S;
}

/** Priors as the markets quote them, including none at all. */
export const priors: fc.Arbitrary<PregamePrior> = fc.oneof(
  fc.constant({}),
  fc.record({ homeSpread: fc.double({ min: -15, max: 15, noNaN: true }) }),
  fc.record({
    homeMoneyline: fc.constantFrom(-400, -200, -150, -110, 100, 120, 180, 300),
    awayMoneyline: fc.constantFrom(-400, -200, -150, -110, 100, 120, 180, 300),
  }),
  fc.record({
    homeSpread: fc.double({ min: -10, max: 10, noNaN: true }),
    total: fc.double({ min: 2, max: 240, noNaN: true }),
  }),
);

/** A handful of fixed priors, for models whose prior solve is costly to repeat per run. */
export const fewPriors: fc.Arbitrary<PregamePrior> = fc.constantFrom(
  {},
  { homeSpread: 1.5 },
  { homeSpread: -0.5 },
  { homeMoneyline: -160, awayMoneyline: 140 },
  { homeMoneyline: 130, awayMoneyline: -150, total: 7.5 },
);

const score = (max: number) => fc.integer({ min: 0, max });
const side = fc.constantFrom<TeamSide | null>('home', 'away', null);

export const basketballStates: fc.Arbitrary<BasketballGameState> = fc
  .record({
    sport: fc.constantFrom('nba' as const, 'ncaamb' as const),
    secondsLeft: fc.oneof(fc.integer({ min: 0, max: 2880 }), fc.double({ min: 0, max: 60, noNaN: true })),
    homeScore: score(140),
    awayScore: score(140),
    possession: side,
  })
  .map(({ sport, secondsLeft, ...rest }) =>
    basketball({ sport, secondsLeft: Math.min(secondsLeft, sport === 'nba' ? 2880 : 2400), ...rest }),
  );

export const hockeyStates: fc.Arbitrary<HockeyGameState> = fc
  .record({
    secondsLeft: fc.integer({ min: 0, max: 3600 }),
    homeScore: score(7),
    awayScore: score(7),
    powerPlay: side,
  })
  .map((r) => hockey(r));

export const soccerStates: fc.Arbitrary<SoccerGameState> = fc
  .record({
    league: fc.constantFrom<SoccerLeague>('eng.1', 'usa.1', 'uefa.champions'),
    minutesPlayed: fc.double({ min: 0, max: 89.9, noNaN: true }),
    stoppage: fc.option(fc.integer({ min: 0, max: 9 })),
    homeScore: score(5),
    awayScore: score(5),
    homeRedCards: score(2),
    awayRedCards: score(2),
  })
  .map(({ stoppage, minutesPlayed, ...rest }) =>
    stoppage === null
      ? soccer({ minutesPlayed, ...rest })
      : soccer({
          minutesPlayed: minutesPlayed < 45 ? 45 : 90,
          minute: minutesPlayed < 45 ? 45 : 90,
          stoppageMinute: stoppage,
          ...rest,
        }),
  );

export const baseballStates: fc.Arbitrary<BaseballGameState> = fc
  .record({
    inning: fc.integer({ min: 1, max: 12 }),
    half: fc.constantFrom<InningHalf>('top', 'middle', 'bottom', 'end'),
    outs: fc.integer({ min: 0, max: 3 }),
    onFirst: fc.boolean(),
    onSecond: fc.boolean(),
    onThird: fc.boolean(),
    homeScore: score(12),
    awayScore: score(12),
  })
  .map((r) => baseball(r));

export const footballStates: fc.Arbitrary<FootballGameState> = fc
  .record({
    secondsLeft: fc.integer({ min: 0, max: 3600 }),
    homeScore: score(45),
    awayScore: score(45),
    possession: side,
    yardline100: fc.integer({ min: 1, max: 99 }),
  })
  .map(({ possession, yardline100, ...rest }) =>
    football({ ...rest, possession, yardline100: possession === null ? null : yardline100 }),
  );
