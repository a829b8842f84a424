/**
 * Soccer (Premier League, MLS, Champions League): each team's goals in the time left are
 * Poisson, at rates per 90 minutes set from the pregame lines, and the result is three-way.
 * - Goals come a little more often as a match goes on (Dixon & Robinson 1998): the rate rises
 *   linearly through the 90 minutes so the second half holds about 55 % of the goals.
 * - Time left includes the stoppage time still expected in each half; once in stoppage time,
 *   what is left of the expected added minutes, then a last minute that fades as it runs over.
 * - A red card lowers the scoring rate of the team a player down and raises the other's.
 * - Periods 3-4 (extra time, knockout ties only) and 5 (penalties): a level score after extra
 *   time is a coin flip on penalties, so `draw` is 0 there and home/away mean "goes through".
 *   Before extra time the probabilities are those of the result after 90 minutes plus
 *   stoppage, as a 1X2 market settles. Two-legged ties (the aggregate score) are not modelled.
 * Constants and their sources: docs/models.md.
 */
import type { SoccerGameState, SoccerLeague } from '../../core/game-state.js';
import { bisect, compareCounts, MAX_COUNT, poissonInto } from '../distributions.js';
import {
  finalResult,
  finiteOrUndefined,
  moneylineHomeProbability,
  type OutcomeProbabilities,
  type PregamePrior,
  PriorCache,
  type WinProbabilityModel,
} from '../model.js';

export interface SoccerCompetition {
  /** Goals per match, both teams, when no total is given. */
  readonly typicalTotal: number;
  /** The home team's share of those goals when no line is given. */
  readonly homeGoalShare: number;
  /** Added minutes expected at the end of each half. */
  readonly firstHalfStoppage: number;
  readonly secondHalfStoppage: number;
}

export const SOCCER_COMPETITIONS: Record<SoccerLeague, SoccerCompetition> = {
  'eng.1': { typicalTotal: 2.9, homeGoalShare: 0.56, firstHalfStoppage: 3, secondHalfStoppage: 6 },
  'usa.1': { typicalTotal: 3, homeGoalShare: 0.58, firstHalfStoppage: 3, secondHalfStoppage: 6 },
  'uefa.champions': { typicalTotal: 3, homeGoalShare: 0.55, firstHalfStoppage: 3, secondHalfStoppage: 6 },
};

/** Slope of the scoring rate over 90 minutes: rate(m) = 1 + RAMP * (m / 90 - 0.5). */
const RAMP = 0.4;
/** Scoring rate multipliers per player sent off: the side a player down, and its opponent. */
export const RED_CARD_OWN = 0.8;
export const RED_CARD_OPPONENT = 1.4;
const EXTRA_TIME_STOPPAGE = 1;

/** Rate-weighted minutes between minute a and b of regulation (rate 1 on average over 90). */
function weightedMinutes(a: number, b: number): number {
  if (b <= a) return 0;
  return b - a + RAMP * ((b * b - a * a) / 180 - 0.5 * (b - a));
}

const rateAt = (minute: number) => 1 + RAMP * (minute / 90 - 0.5);

/**
 * Minutes left of a half's added time, `played` minutes into it: what is left of the expected
 * amount, and past its last minute a final minute that shrinks as the whistle gets overdue.
 */
export function stoppageLeft(expected: number, played: number): number {
  return played < expected - 1 ? expected - played : Math.exp(-(played - expected + 1) / 2);
}

/** Rate-weighted minutes of regulation left. */
export function regulationMinutesLeft(state: SoccerGameState, competition: SoccerCompetition): number {
  const { firstHalfStoppage: s1, secondHalfStoppage: s2 } = competition;
  const secondHalf = weightedMinutes(45, 90) + s2 * rateAt(90);
  if (state.status === 'pre') return weightedMinutes(0, 45) + s1 * rateAt(45) + secondHalf;
  if (state.period === 1) {
    if (state.stoppageMinute !== null)
      return stoppageLeft(s1, state.stoppageMinute) * rateAt(45) + secondHalf;
    const played = Math.min(45, Math.max(0, state.clockSeconds / 60));
    return weightedMinutes(played, 45) + s1 * rateAt(45) + secondHalf;
  }
  if (state.stoppageMinute !== null) return stoppageLeft(s2, state.stoppageMinute) * rateAt(90);
  const played = Math.min(90, Math.max(45, state.clockSeconds / 60));
  return weightedMinutes(played, 90) + s2 * rateAt(90);
}

/** Minutes of extra time left (periods 3-4), played at the end-of-match rate. */
function extraTimeMinutesLeft(state: SoccerGameState): number {
  const secondHalf = 15 + EXTRA_TIME_STOPPAGE;
  if (state.stoppageMinute !== null) {
    const thisHalf = stoppageLeft(EXTRA_TIME_STOPPAGE, state.stoppageMinute);
    return (thisHalf + (state.period === 3 ? secondHalf : 0)) * rateAt(90);
  }
  const played = Math.min(120, Math.max(90, state.clockSeconds / 60));
  const stoppage = state.period === 3 ? 2 * EXTRA_TIME_STOPPAGE : EXTRA_TIME_STOPPAGE;
  return (120 - played + stoppage) * rateAt(90);
}

/** Goals per rate-weighted minute for each side. */
interface Rates {
  readonly home: number;
  readonly away: number;
}

const homeGoals = new Float64Array(MAX_COUNT + 1);
const awayGoals = new Float64Array(MAX_COUNT + 1);

function redCardFactors(state: SoccerGameState): { home: number; away: number } {
  const h = Math.min(3, state.homeRedCards ?? 0);
  const a = Math.min(3, state.awayRedCards ?? 0);
  return {
    home: RED_CARD_OWN ** h * RED_CARD_OPPONENT ** a,
    away: RED_CARD_OWN ** a * RED_CARD_OPPONENT ** h,
  };
}

function threeWay(rates: Rates, lead: number, minutes: number, factors: { home: number; away: number }) {
  const hLast = poissonInto(rates.home * minutes * factors.home, homeGoals);
  const aLast = poissonInto(rates.away * minutes * factors.away, awayGoals);
  const c = compareCounts(homeGoals, hLast, awayGoals, aLast, lead);
  // Summed in floating point, the three parts can add to 1 + 2e-16 (a 5-0 lead gave home =
  // 1.0000000000000002): divide by their sum so each stays a probability.
  const sum = c.greater + c.less + c.equal;
  return { greater: c.greater / sum, less: c.less / sum, equal: c.equal / sum };
}

export interface SoccerModelOptions {
  readonly competitions?: Record<SoccerLeague, SoccerCompetition>;
}

export function createSoccerModel(options: SoccerModelOptions = {}): WinProbabilityModel<SoccerGameState> {
  const competitions = options.competitions ?? SOCCER_COMPETITIONS;
  const cache = new PriorCache<Rates>();
  const even = { home: 1, away: 1 };

  function rates(prior: PregamePrior, league: SoccerLeague): Rates {
    const competition = competitions[league];
    return cache.get(prior, league, () => {
      const totalGiven = finiteOrUndefined(prior.total);
      const total = totalGiven !== undefined && totalGiven > 0 ? totalGiven : competition.typicalTotal;
      const fullMatch =
        weightedMinutes(0, 90) +
        competition.firstHalfStoppage * rateAt(45) +
        competition.secondHalfStoppage * rateAt(90);
      const perMinute = total / fullMatch;
      const split = (share: number): Rates => ({ home: perMinute * share, away: perMinute * (1 - share) });
      const decisiveHome = moneylineHomeProbability(prior);
      const spread = finiteOrUndefined(prior.homeSpread);
      if (decisiveHome === undefined) {
        const share = spread === undefined ? competition.homeGoalShare : 0.5 + spread / (2 * total);
        return split(Math.min(0.95, Math.max(0.05, share)));
      }
      // The two moneylines leave out the draw: match the home share of decisive results.
      const share = bisect(
        (s) => {
          const c = threeWay(split(s), 0, fullMatch, even);
          return c.greater / (c.greater + c.less) - decisiveHome;
        },
        0.02,
        0.98,
        50,
      );
      return split(share);
    });
  }

  return {
    name: 'soccer-poisson',
    probabilities(state, prior): OutcomeProbabilities {
      const lead = state.homeScore - state.awayScore;
      const knockoutStage = state.period >= 3;
      if (state.status === 'post') return finalResult(state.homeScore, state.awayScore, !knockoutStage);
      const r = rates(prior, state.league);
      if (!knockoutStage) {
        const c = threeWay(
          r,
          lead,
          regulationMinutesLeft(state, competitions[state.league]),
          redCardFactors(state),
        );
        return { home: c.greater, away: c.less, draw: c.equal };
      }
      if (state.period >= 5) {
        // Penalties: the score is level; a shoot-out is close to a coin flip.
        return lead === 0
          ? { home: 0.5, away: 0.5, draw: 0 }
          : finalResult(state.homeScore, state.awayScore, false);
      }
      const c = threeWay(r, lead, extraTimeMinutesLeft(state), redCardFactors(state));
      return { home: c.greater + 0.5 * c.equal, away: c.less + 0.5 * c.equal, draw: 0 };
    },
  };
}
