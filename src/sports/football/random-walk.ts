/**
 * College football (and, as a cross-check, the NFL): the home margin as a random walk with
 * drift, as in basketball, from the pregame spread and a per-league sigma, plus the expected
 * points of the possession in hand (a straight-line approximation of published expected-points
 * curves by field position). College overtime is untimed: each side gets possessions from the
 * 25, so a tie after regulation is treated as a short game worth a fixed share of one. There is
 * no college play-by-play in the shared data, so this model is unvalidated (docs/models.md);
 * the NFL uses the fitted model in ../nfl.
 */
import type { FootballGameState } from '../../core/game-state.js';
import { bisect, marginOutcome, normalCdf } from '../distributions.js';
import {
  finalResult,
  finiteOrUndefined,
  moneylineHomeProbability,
  type PregamePrior,
  PriorCache,
  twoWay,
  type WinProbabilityModel,
} from '../model.js';

export interface FootballLeague {
  readonly regulationSeconds: number;
  /** Standard deviation of the final margin around the closing spread. */
  readonly marginSd: number;
  /** Expected home margin with no line. */
  readonly homeFieldPoints: number;
  /** How much of a regulation game an overtime is worth, in variance and drift. */
  readonly overtimeShare: number;
}

export const NCAAF: FootballLeague = {
  regulationSeconds: 3600,
  marginSd: 16,
  homeFieldPoints: 2.5,
  overtimeShare: 0.15,
};

export const NFL_RANDOM_WALK: FootballLeague = {
  regulationSeconds: 3600,
  marginSd: 13.5,
  homeFieldPoints: 1.5,
  overtimeShare: 0.15,
};

/** Expected points of a first down at `yardline100` yards from the end zone (about +1 at the own 25). */
export function expectedPoints(yardline100: number): number {
  return 5.9 - 0.066 * yardline100;
}

/** Seconds over which the value of the ball in hand fades out at the end of regulation. */
const POSSESSION_FADE_SECONDS = 20;

export function createFootballRandomWalkModel(
  league: FootballLeague = NCAAF,
  name = 'football-random-walk',
): WinProbabilityModel<FootballGameState> {
  const spreads = new PriorCache<number>();

  function spreadOf(prior: PregamePrior): number {
    return spreads.get(prior, '', () => {
      const spread = finiteOrUndefined(prior.homeSpread);
      if (spread !== undefined) return spread;
      const p = moneylineHomeProbability(prior);
      if (p === undefined) return league.homeFieldPoints;
      const sd = league.marginSd;
      return bisect((s) => normalCdf(s / sd) - p, -4 * sd, 4 * sd, 60);
    });
  }

  function overtimeWin(spread: number): number {
    const t = league.overtimeShare;
    const o = marginOutcome(spread * t, league.marginSd * Math.sqrt(t));
    return o.win / (o.win + o.loss);
  }

  return {
    name,
    probabilities(state, prior) {
      if (state.status === 'post') return finalResult(state.homeScore, state.awayScore, false);
      const spread = spreadOf(prior);
      const lead = state.homeScore - state.awayScore;
      const side = state.possession === 'home' ? 1 : state.possession === 'away' ? -1 : 0;
      const ball = side !== 0 && state.yardline100 !== null ? side * expectedPoints(state.yardline100) : 0;
      const pOvertime = overtimeWin(spread);
      if (state.quarter >= 5) {
        // Overtime: the rest of it as a short game; a lead may still be answered.
        const t = league.overtimeShare / 2;
        const o = marginOutcome(lead + ball + spread * t, league.marginSd * Math.sqrt(t));
        return twoWay(o.win + o.tie * pOvertime);
      }
      const secondsLeft = Math.max(0, state.gameSecondsRemaining);
      const tau = secondsLeft / league.regulationSeconds;
      const fade = Math.min(1, secondsLeft / POSSESSION_FADE_SECONDS);
      const o = marginOutcome(lead + spread * tau + ball * fade, league.marginSd * Math.sqrt(tau));
      return twoWay(o.win + o.tie * pOvertime);
    },
  };
}
