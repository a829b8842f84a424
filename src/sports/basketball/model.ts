/**
 * Basketball (NBA, men's college basketball): the home margin as a random walk with drift
 * (Stern 1994). From now to the final buzzer the margin moves by
 *   R ~ Normal(spread * tau, sigma^2 * tau),  tau = seconds left / regulation seconds,
 * so the pregame spread is the expected final margin and sigma its spread around it. On top:
 * - possession: the team with the ball plays the current possession now (points drawn from the
 *   league's per-possession distribution), after which possessions alternate, so over a long
 *   stretch having the ball is worth about half a possession; with seconds left it is worth the
 *   whole possession, or nothing once there is no time for a shot;
 * - ties after regulation go to five-minute overtimes, each the same walk over 300 seconds;
 * - the total, when given, scales sigma: higher-scoring games swing more (variance grows with
 *   the number of points scored).
 * Constants and their sources: docs/models.md.
 */
import type { BasketballGameState } from '../../core/game-state.js';
import { bisect, marginOutcome, normalCdf } from '../distributions.js';
import {
  finalResult,
  finiteOrUndefined,
  moneylineHomeProbability,
  type OutcomeProbabilities,
  type PregamePrior,
  PriorCache,
  twoWay,
  type WinProbabilityModel,
} from '../model.js';

export interface BasketballLeague {
  readonly regulationPeriods: number;
  readonly regulationSeconds: number;
  readonly overtimeSeconds: number;
  /** Standard deviation of the final margin around the closing spread, whole game. */
  readonly marginSd: number;
  /** Typical combined points of a game, against which a given total scales sigma. */
  readonly typicalTotal: number;
  /** Expected home margin with no line (home-court advantage). */
  readonly homeCourtPoints: number;
  /** Average length of one team's possession, seconds (regulation seconds / both teams' possessions). */
  readonly secondsPerPossession: number;
  /** Points scored on one possession: probabilities of 0, 1, 2 and 3 points. */
  readonly possessionPoints: readonly [number, number, number, number];
}

/** NBA, around 2023-24 (docs/models.md). */
export const NBA: BasketballLeague = {
  regulationPeriods: 4,
  regulationSeconds: 2880,
  overtimeSeconds: 300,
  marginSd: 12,
  typicalTotal: 228,
  homeCourtPoints: 2.5,
  secondsPerPossession: 2880 / (2 * 99),
  // Mean 1.15 points per possession.
  possessionPoints: [0.48, 0.04, 0.33, 0.15],
};

/** NCAA Division I men, around 2023-24 (docs/models.md). */
export const NCAAMB: BasketballLeague = {
  regulationPeriods: 2,
  regulationSeconds: 2400,
  overtimeSeconds: 300,
  marginSd: 10.5,
  typicalTotal: 145,
  homeCourtPoints: 3.5,
  secondsPerPossession: 2400 / (2 * 68),
  // Mean 1.03 points per possession.
  possessionPoints: [0.52, 0.05, 0.31, 0.12],
};

/** Below this many seconds a possession may not get a real shot off; its value shrinks to 0. */
const LAST_SHOT_SECONDS = 2;
/** How far a total may move sigma: totals far from the norm are more often typos than games. */
const MAX_TOTAL_SCALE = 1.25;

function expectedPoints(points: readonly number[]): number {
  return points.reduce((sum, p, k) => sum + p * k, 0);
}

interface WalkParams {
  /** Home spread: expected regulation margin from the start. */
  readonly spread: number;
  /** Margin variance per second. */
  readonly variancePerSecond: number;
  /** P(home wins) from a tie at the end of regulation. */
  readonly overtimeWin: number;
}

export interface BasketballModelOptions {
  readonly nba?: BasketballLeague;
  readonly ncaamb?: BasketballLeague;
}

export function createBasketballModel(
  options: BasketballModelOptions = {},
): WinProbabilityModel<BasketballGameState> {
  const leagues = { nba: options.nba ?? NBA, ncaamb: options.ncaamb ?? NCAAMB };
  const spreads = new PriorCache<WalkParams>();

  function walkParams(league: BasketballLeague, prior: PregamePrior, sport: string): WalkParams {
    return spreads.get(prior, sport, () => {
      const total = finiteOrUndefined(prior.total);
      const scale =
        total === undefined || total <= 0
          ? 1
          : Math.min(MAX_TOTAL_SCALE, Math.max(1 / MAX_TOTAL_SCALE, Math.sqrt(total / league.typicalTotal)));
      const sd = league.marginSd * scale;
      let spread = finiteOrUndefined(prior.homeSpread);
      if (spread === undefined) {
        const p = moneylineHomeProbability(prior);
        // The pregame margin is Normal(spread, sd^2): the spread whose P(margin > 0) is p.
        spread =
          p === undefined
            ? league.homeCourtPoints
            : bisect((s) => normalCdf(s / sd) - p, -4 * sd, 4 * sd, 60);
      }
      const variancePerSecond = (sd * sd) / league.regulationSeconds;
      return { spread, variancePerSecond, overtimeWin: overtimeWin(league, spread, variancePerSecond) };
    });
  }

  /** P(home wins) from a tie at the start of an overtime period (and any further ones). */
  function overtimeWin(league: BasketballLeague, spread: number, variancePerSecond: number): number {
    const t = league.overtimeSeconds;
    const o = marginOutcome((spread * t) / league.regulationSeconds, Math.sqrt(variancePerSecond * t));
    // Ties go on to another overtime like this one: a geometric series.
    return o.win / (o.win + o.loss);
  }

  function homeWin(state: BasketballGameState, league: BasketballLeague, walk: WalkParams): number {
    const inOvertime = state.period > league.regulationPeriods;
    const secondsLeft = Math.max(0, inOvertime ? state.clockSeconds : state.gameSecondsRemaining);
    const lead = state.homeScore - state.awayScore;
    const drift = (walk.spread * secondsLeft) / league.regulationSeconds;
    const sd = Math.sqrt(walk.variancePerSecond * secondsLeft);
    const pOvertime = walk.overtimeWin;
    const side = state.possession === 'home' ? 1 : state.possession === 'away' ? -1 : 0;
    if (side === 0 || secondsLeft === 0) {
      const o = marginOutcome(lead + drift, sd);
      return o.win + o.tie * pOvertime;
    }
    const points = league.possessionPoints;
    const perPossession = expectedPoints(points);
    // After this possession the other team has the next one: over a long stretch that gives
    // back half a possession; near the end there may be no next possession at all.
    const giveBack = 0.5 * perPossession * (1 - Math.exp(-secondsLeft / league.secondsPerPossession));
    const usable = Math.min(1, secondsLeft / LAST_SHOT_SECONDS);
    let win = 0;
    for (let k = 0; k < points.length; k++) {
      const pk = k === 0 ? 1 - usable * (1 - (points[0] as number)) : usable * (points[k] as number);
      if (pk === 0) continue;
      const o = marginOutcome(lead + side * k + drift - side * giveBack * usable, sd);
      win += pk * (o.win + o.tie * pOvertime);
    }
    return win;
  }

  return {
    name: 'basketball-random-walk',
    probabilities(state, prior): OutcomeProbabilities {
      if (state.status === 'post') return finalResult(state.homeScore, state.awayScore, false);
      const league = leagues[state.sport];
      return twoWay(homeWin(state, league, walkParams(league, prior, state.sport)));
    },
  };
}
