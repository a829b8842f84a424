/**
 * MLB: the runs each team still scores, summed over the half innings it has left. The half
 * inning in progress starts from its base-out state, the others from 0 out, bases empty (or,
 * in extra innings under the regular-season rule, a runner on second); each half inning's runs
 * come from the plate-appearance chain (plate-appearances.ts) for that team's hitters. The home
 * team bats last: it has one more half inning than the visitors while the top of an inning is
 * played, and a tie after nine goes to extra innings, each a contest of one half inning apiece
 * until one side outscores the other. (A walk-off ends the game early but never changes who
 * wins, so the sums need no truncation.) The count of balls and strikes is not used.
 * Constants and their sources: docs/models.md.
 */
import type { BaseballGameState } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import { bisect, compareCounts, MAX_COUNT } from '../distributions.js';
import {
  finalResult,
  finiteOrUndefined,
  moneylineHomeProbability,
  type PregamePrior,
  PriorCache,
  twoWay,
  type WinProbabilityModel,
} from '../model.js';
import {
  type HalfInningTable,
  halfInningTable,
  MLB_PLATE_APPEARANCES,
  meanRuns,
  type PlateAppearanceRates,
  scaledRates,
} from './plate-appearances.js';
import { type BaseState, baseState, convolve } from './run-expectancy.js';

export interface BaseballLeague {
  readonly regulationInnings: number;
  /** Runs per game, both teams, when no total is given. */
  readonly typicalTotal: number;
  /** Home win probability when no line is given. */
  readonly homeWinProbability: number;
  readonly plateAppearances: PlateAppearanceRates;
}

/** MLB, around 2023-2024 (docs/models.md). */
export const MLB: BaseballLeague = {
  regulationInnings: 9,
  typicalTotal: 9,
  homeWinProbability: 0.53,
  plateAppearances: MLB_PLATE_APPEARANCES,
};

export interface BaseballModelOptions {
  readonly league?: BaseballLeague;
  /**
   * Extra innings start with a runner on second (MLB regular season since 2020). The state does
   * not say whether a game is a playoff game (no such runner); pass false for those.
   */
  readonly extraInningsRunnerOnSecond?: boolean;
}

const SECOND_BASE: BaseState = 2;

/** A team's run distributions: its half-inning table and `fresh[n]`, the total of n fresh half innings. */
interface TeamRuns {
  readonly table: HalfInningTable;
  readonly fresh: Float64Array[];
  readonly freshLast: number[];
}

function teamRuns(table: HalfInningTable, innings: number): TeamRuns {
  const one = table.runs[0] as Float64Array;
  const oneLast = table.last[0] as number;
  const none = new Float64Array(MAX_COUNT + 1);
  none[0] = 1;
  const fresh = [none];
  const freshLast = [0];
  for (let n = 1; n <= innings; n++) {
    const next = new Float64Array(MAX_COUNT + 1);
    freshLast.push(convolve(fresh[n - 1] as Float64Array, freshLast[n - 1] as number, one, oneLast, next));
    fresh.push(next);
  }
  return { table, fresh, freshLast };
}

const scratch = new Float64Array(MAX_COUNT + 1);
const awayTotal = new Float64Array(MAX_COUNT + 1);
const homeTotal = new Float64Array(MAX_COUNT + 1);

type Half = 'top' | 'middle' | 'bottom' | 'end';

export function createBaseballModel(
  options: BaseballModelOptions = {},
): WinProbabilityModel<BaseballGameState> {
  const league = options.league ?? MLB;
  const extraStart = options.extraInningsRunnerOnSecond === false ? 0 : SECOND_BASE;
  const innings = league.regulationInnings;
  const cache = new PriorCache<{ home: TeamRuns; away: TeamRuns }>();
  let scaleGrid: { scale: number; runs: number }[] | undefined;

  /** On-base scale giving `runsPerInning` in a fresh half inning, read off a grid solved once. */
  function scaleFor(runsPerInning: number): number {
    if (!scaleGrid) {
      scaleGrid = [];
      for (let scale = 0.3; scale <= 2.2 + 1e-9; scale += 0.02) {
        const t = halfInningTable(scaledRates(league.plateAppearances, scale));
        scaleGrid.push({ scale, runs: meanRuns(t.runs[0] as Float64Array, t.last[0] as number) });
      }
    }
    const grid = scaleGrid;
    let i = 1;
    while (i < grid.length - 1 && (grid[i] as { runs: number }).runs < runsPerInning) i++;
    const a = grid[i - 1] as { scale: number; runs: number };
    const b = grid[i] as { scale: number; runs: number };
    const t = (runsPerInning - a.runs) / (b.runs - a.runs);
    return a.scale + Math.max(-1, Math.min(2, t)) * (b.scale - a.scale);
  }

  function team(runsPerGame: number): TeamRuns {
    const table = halfInningTable(scaledRates(league.plateAppearances, scaleFor(runsPerGame / innings)));
    return teamRuns(table, innings);
  }

  /** P(home wins) from a tie after nine, over as many extra innings as it takes. */
  function extraInnings(home: TeamRuns, away: TeamRuns): number {
    const h = home.table;
    const a = away.table;
    const c = compareCounts(
      h.runs[extraStart] as Float64Array,
      h.last[extraStart] as number,
      a.runs[extraStart] as Float64Array,
      a.last[extraStart] as number,
      0,
    );
    return c.greater / (c.greater + c.less);
  }

  /**
   * One team's remaining runs into `out`: the half inning in progress (state index `now`, or
   * none), then `freshInnings` fresh half innings, then `extraHalves` extra-inning starts.
   */
  function remaining(
    t: TeamRuns,
    now: number | null,
    freshInnings: number,
    extraHalves: number,
    out: Float64Array,
  ) {
    const n = Math.max(0, Math.min(innings, freshInnings));
    let last: number;
    if (now === null) {
      out.set(t.fresh[n] as Float64Array);
      last = t.freshLast[n] as number;
    } else {
      last = convolve(
        t.table.runs[now] as Float64Array,
        t.table.last[now] as number,
        t.fresh[n] as Float64Array,
        t.freshLast[n] as number,
        out,
      );
    }
    if (extraHalves > 0) {
      scratch.set(out);
      last = convolve(
        scratch,
        last,
        t.table.runs[extraStart] as Float64Array,
        t.table.last[extraStart] as number,
        out,
      );
    }
    return last;
  }

  function homeWin(state: BaseballGameState, teams: { home: TeamRuns; away: TeamRuns }): number {
    const lead = state.homeScore - state.awayScore;
    let half: Half = state.half ?? 'top';
    const outs = Math.min(3, Math.max(0, state.outs ?? 0));
    if (outs === 3) half = half === 'top' ? 'middle' : half === 'bottom' ? 'end' : half;
    const inning = Math.max(1, state.inning);
    const now = outs * 8 + baseState(state.onFirst === true, state.onSecond === true, state.onThird === true);
    const extra = inning > innings;
    // From the middle of the ninth on, a home lead is final; so is a visitors' lead after the bottom.
    if (inning >= innings && lead > 0 && half !== 'top') return 1;
    if (inning >= innings && lead < 0 && half === 'end') return 0;
    // Half innings each side still bats after the one in progress, in regulation.
    const awayAfter = extra ? 0 : innings - inning;
    const homeAfter = extra ? 0 : innings - inning + (half === 'top' || half === 'middle' ? 1 : 0);
    // In extra innings the home half of this inning starts from the extra-inning state.
    const homeExtra = extra && (half === 'top' || half === 'middle') ? 1 : 0;
    const aLast = remaining(teams.away, half === 'top' ? now : null, awayAfter, 0, awayTotal);
    const hLast = remaining(teams.home, half === 'bottom' ? now : null, homeAfter, homeExtra, homeTotal);
    const c = compareCounts(homeTotal, hLast, awayTotal, aLast, lead);
    return c.greater + c.equal * extraInnings(teams.home, teams.away);
  }

  const pregame: BaseballGameState = {
    sport: 'mlb',
    gameId: asGameId('pregame'),
    status: 'pre',
    inning: 1,
    half: 'top',
    homeScore: 0,
    awayScore: 0,
    balls: null,
    strikes: null,
    outs: 0,
    onFirst: false,
    onSecond: false,
    onThird: false,
  };

  function teams(prior: PregamePrior) {
    return cache.get(prior, '', () => {
      const totalGiven = finiteOrUndefined(prior.total);
      const total = totalGiven !== undefined && totalGiven > 0 ? totalGiven : league.typicalTotal;
      const split = (share: number) => ({ home: team(total * share), away: team(total * (1 - share)) });
      const target = moneylineHomeProbability(prior);
      const spread = finiteOrUndefined(prior.homeSpread);
      if (target === undefined && spread !== undefined) {
        return split(Math.min(0.85, Math.max(0.15, 0.5 + spread / (2 * total))));
      }
      const p = target ?? league.homeWinProbability;
      return split(bisect((s) => homeWin(pregame, split(s)) - p, 0.15, 0.85, 30));
    });
  }

  return {
    name: 'baseball-plate-appearance-chain',
    probabilities(state, prior) {
      if (state.status === 'post') return finalResult(state.homeScore, state.awayScore, false);
      return twoWay(homeWin(state, teams(prior)));
    },
  };
}
