/**
 * NHL: each team scores as a Poisson process over the regulation time left, at a rate per 60
 * minutes set from the pregame lines (total and moneyline, or spread). A tie after regulation
 * goes to overtime: in the regular season a 5-minute 3-on-3 sudden death, decided before the
 * shootout in a known share of games, with the shootout a coin flip; in the playoffs 20-minute
 * sudden-death periods until a goal. In sudden death the next goal is the home team's with
 * probability rate_home / (rate_home + rate_away). A known power play raises the scoring rate of
 * the team with the extra skater (and lowers the other's) for the part of the penalty that is
 * likely left. Constants and their sources: docs/models.md.
 */
import type { HockeyGameState } from '../../core/game-state.js';
import { bisect, compareCounts, MAX_COUNT, poissonInto } from '../distributions.js';
import {
  finalResult,
  finiteOrUndefined,
  moneylineHomeProbability,
  type PregamePrior,
  PriorCache,
  twoWay,
  type WinProbabilityModel,
} from '../model.js';

export interface HockeyLeague {
  readonly regulationSeconds: number;
  readonly regularOvertimeSeconds: number;
  /** Goals per game, both teams, when no total is given. */
  readonly typicalTotal: number;
  /** Home win probability (overtime and shootout included) when no line is given. */
  readonly homeWinProbability: number;
  /** Share of regular-season games tied after regulation that end in the 5-minute overtime. */
  readonly overtimeDecidedShare: number;
  /** Scoring rate multipliers while one side has the extra skater, against the all-situations rate. */
  readonly powerPlayMultiplier: number;
  readonly shortHandedMultiplier: number;
  /** Seconds of a penalty assumed left when only "on the power play" is known (half a minor). */
  readonly powerPlaySecondsLeft: number;
}

/** NHL, around 2022-2024 (docs/models.md). */
export const NHL: HockeyLeague = {
  regulationSeconds: 3600,
  regularOvertimeSeconds: 300,
  typicalTotal: 6.2,
  homeWinProbability: 0.54,
  overtimeDecidedShare: 0.65,
  powerPlayMultiplier: 2,
  shortHandedMultiplier: 0.4,
  powerPlaySecondsLeft: 60,
};

export interface HockeyModelOptions {
  readonly league?: HockeyLeague;
  /**
   * Playoff rules (sudden-death 20-minute overtimes, no shootout). The state does not say, so
   * by default a game counts as a playoff game only once its overtime shows it: a period-4
   * clock above 5 minutes, or more than 5 minutes of overtime played.
   */
  readonly playoffs?: boolean;
}

/** Goals per second for each side. */
interface Rates {
  readonly home: number;
  readonly away: number;
}

const homeGoals = new Float64Array(MAX_COUNT + 1);
const awayGoals = new Float64Array(MAX_COUNT + 1);

export function createHockeyModel(options: HockeyModelOptions = {}): WinProbabilityModel<HockeyGameState> {
  const league = options.league ?? NHL;
  const cache = new PriorCache<Rates>();

  /** P(home wins) from a tie at the end of regulation. */
  function tieBreak(rates: Rates, playoffs: boolean, overtimeSecondsLeft: number): number {
    const nextGoalHome = rates.home / (rates.home + rates.away);
    if (playoffs) return nextGoalHome;
    // The decided share over 5 minutes, as a constant hazard, for the part of overtime left.
    const decided =
      1 - (1 - league.overtimeDecidedShare) ** (overtimeSecondsLeft / league.regularOvertimeSeconds);
    return decided * nextGoalHome + (1 - decided) * 0.5;
  }

  /** P(home wins) with `secondsLeft` of regulation to play from `lead`. */
  function regulation(
    rates: Rates,
    lead: number,
    secondsLeft: number,
    powerPlay: 'home' | 'away' | null,
    playoffs: boolean,
  ): number {
    const ppSeconds = powerPlay === null ? 0 : Math.min(secondsLeft, league.powerPlaySecondsLeft);
    const homeMult =
      powerPlay === 'home'
        ? league.powerPlayMultiplier
        : powerPlay === 'away'
          ? league.shortHandedMultiplier
          : 1;
    const awayMult =
      powerPlay === 'away'
        ? league.powerPlayMultiplier
        : powerPlay === 'home'
          ? league.shortHandedMultiplier
          : 1;
    const homeMean = rates.home * (secondsLeft - ppSeconds + ppSeconds * homeMult);
    const awayMean = rates.away * (secondsLeft - ppSeconds + ppSeconds * awayMult);
    const hLast = poissonInto(homeMean, homeGoals);
    const aLast = poissonInto(awayMean, awayGoals);
    const c = compareCounts(homeGoals, hLast, awayGoals, aLast, lead);
    return c.greater + c.equal * tieBreak(rates, playoffs, league.regularOvertimeSeconds);
  }

  function rates(prior: PregamePrior): Rates {
    return cache.get(prior, '', () => {
      const totalGiven = finiteOrUndefined(prior.total);
      const total = totalGiven !== undefined && totalGiven > 0 ? totalGiven : league.typicalTotal;
      const perSecond = total / league.regulationSeconds;
      const split = (homeShare: number): Rates => ({
        home: perSecond * homeShare,
        away: perSecond * (1 - homeShare),
      });
      const spread = finiteOrUndefined(prior.homeSpread);
      const target = moneylineHomeProbability(prior);
      if (target === undefined && spread !== undefined) {
        // An expected goal margin: shares of the total that differ by it.
        return split(Math.min(0.95, Math.max(0.05, 0.5 + spread / (2 * total))));
      }
      const p = target ?? league.homeWinProbability;
      const share = bisect(
        (s) => regulation(split(s), 0, league.regulationSeconds, null, options.playoffs ?? false) - p,
        0.02,
        0.98,
        50,
      );
      return split(share);
    });
  }

  return {
    name: 'hockey-poisson',
    probabilities(state, prior) {
      const lead = state.homeScore - state.awayScore;
      if (state.status === 'post') return finalResult(state.homeScore, state.awayScore, false);
      const r = rates(prior);
      const inOvertime = state.period > 3;
      const playoffs =
        options.playoffs ??
        (inOvertime &&
          (state.clockSeconds > league.regularOvertimeSeconds ||
            state.gameSecondsRemaining < -league.regularOvertimeSeconds));
      if (!inOvertime) {
        const secondsLeft = Math.max(0, state.gameSecondsRemaining);
        return twoWay(regulation(r, lead, secondsLeft, state.powerPlay ?? null, playoffs));
      }
      // Overtime is sudden death: a lead in it means the game is over.
      if (lead !== 0) return finalResult(state.homeScore, state.awayScore, false);
      if (playoffs) return twoWay(tieBreak(r, true, 0));
      if (state.period >= 5) return twoWay(0.5); // the shootout
      return twoWay(tieBreak(r, false, Math.max(0, state.clockSeconds)));
    },
  };
}
