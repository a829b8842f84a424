/**
 * Win-probability model throughput, one line per sport: evaluations per second over a fixed set
 * of states (real NFL plays from the bundle; sweeps of clock, score and situation elsewhere),
 * beside the rate of one Math.exp per state over the same states in the same run: a model call
 * that costs a few transcendental functions should sit within a small factor of it.
 */
import type {
  BaseballGameState,
  GameState,
  InningHalf,
  SoccerGameState,
  TeamSide,
} from '../src/core/game-state.js';
import { asGameId } from '../src/core/ids.js';
import type { Sport } from '../src/core/instruments.js';
import type { ReplayGame } from '../src/feeds/replay/nfl-bundle.js';
import type { PregamePrior } from '../src/sports/model.js';
import { createWinProbabilityModels, MODEL_SPORTS, outcomeProbabilities } from '../src/sports/models.js';
import { type BenchLine, line } from './stats.js';

interface Case {
  readonly state: GameState;
  readonly prior: PregamePrior;
}

const gameId = asGameId('bench');
const sides: (TeamSide | null)[] = ['home', 'away', null];
/** A handful of games' lines per sport, so the per-prior caches are used as a live shard uses them. */
const priors: PregamePrior[] = [
  { homeSpread: -3.5, total: 220 },
  { homeSpread: 6, total: 230 },
  { homeMoneyline: -150, awayMoneyline: 130 },
  { homeMoneyline: 120, awayMoneyline: -140, total: 6 },
];

function basketballCases(sport: 'nba' | 'ncaamb'): Case[] {
  const periods = sport === 'nba' ? 4 : 2;
  const length = sport === 'nba' ? 720 : 1200;
  const out: Case[] = [];
  let k = 0;
  for (let t = periods * length; t >= 0; t -= 7) {
    const period = Math.min(periods, periods - Math.floor(Math.max(0, t - 1) / length));
    const lead = ((k * 7) % 31) - 15;
    out.push({
      state: {
        sport,
        gameId,
        status: 'in',
        period,
        clockSeconds: t - (periods - period) * length,
        gameSecondsRemaining: t,
        homeScore: 80 + lead,
        awayScore: 80,
        possession: sides[k % 3] ?? null,
        homeTimeouts: null,
        awayTimeouts: null,
      },
      prior: priors[k % priors.length] as PregamePrior,
    });
    k++;
  }
  return out;
}

function footballCases(): Case[] {
  const out: Case[] = [];
  let k = 0;
  for (let t = 3600; t >= 0; t -= 3) {
    const quarter = Math.min(4, 4 - Math.floor(Math.max(0, t - 1) / 900));
    const possession = sides[k % 3] ?? null;
    out.push({
      state: {
        sport: 'ncaaf',
        gameId,
        status: 'in',
        quarter,
        clockSeconds: t - (4 - quarter) * 900,
        gameSecondsRemaining: t,
        homeScore: 21 + ((k * 3) % 17) - 8,
        awayScore: 21,
        possession,
        down: possession ? 1 + (k % 4) : null,
        distance: possession ? 10 : null,
        yardline100: possession ? 1 + ((k * 13) % 99) : null,
        homeTimeouts: 3,
        awayTimeouts: 3,
        playSeq: k,
      },
      prior: priors[k % priors.length] as PregamePrior,
    });
    k++;
  }
  return out;
}

function hockeyCases(): Case[] {
  const out: Case[] = [];
  let k = 0;
  for (let t = 3600; t >= 0; t -= 3) {
    const period = Math.min(3, 3 - Math.floor(Math.max(0, t - 1) / 1200));
    out.push({
      state: {
        sport: 'nhl',
        gameId,
        status: 'in',
        period,
        clockSeconds: t - (3 - period) * 1200,
        gameSecondsRemaining: t,
        homeScore: 2 + (k % 5) - 2,
        awayScore: 2,
        powerPlay: k % 7 === 0 ? 'home' : null,
      },
      prior: priors[k % priors.length] as PregamePrior,
    });
    k++;
  }
  return out;
}

function soccerCases(): Case[] {
  const out: Case[] = [];
  let k = 0;
  for (let seconds = 0; seconds <= 90 * 60; seconds += 5) {
    const minute = Math.max(1, Math.ceil(seconds / 60));
    const state: SoccerGameState = {
      sport: 'soccer',
      league: (['eng.1', 'usa.1', 'uefa.champions'] as const)[k % 3] ?? 'eng.1',
      gameId,
      status: 'in',
      period: seconds < 45 * 60 ? 1 : 2,
      minute,
      stoppageMinute: null,
      clockSeconds: seconds,
      homeScore: k % 4,
      awayScore: (k >> 2) % 3,
      homeRedCards: k % 11 === 0 ? 1 : 0,
      awayRedCards: 0,
    };
    out.push({ state, prior: priors[k % priors.length] as PregamePrior });
    k++;
  }
  return out;
}

function baseballCases(): Case[] {
  const out: Case[] = [];
  const halves: InningHalf[] = ['top', 'middle', 'bottom', 'end'];
  let k = 0;
  for (let inning = 1; inning <= 11; inning++) {
    for (const half of halves) {
      for (let outs = 0; outs < 3; outs++) {
        for (let bases = 0; bases < 8; bases++) {
          for (let lead = -4; lead <= 4; lead++) {
            const state: BaseballGameState = {
              sport: 'mlb',
              gameId,
              status: 'in',
              inning,
              half,
              homeScore: 4 + lead,
              awayScore: 4,
              balls: 1,
              strikes: 1,
              outs,
              onFirst: (bases & 1) !== 0,
              onSecond: (bases & 2) !== 0,
              onThird: (bases & 4) !== 0,
            };
            out.push({ state, prior: priors[k % priors.length] as PregamePrior });
            k++;
          }
        }
      }
    }
  }
  return out;
}

function cases(sport: Sport, games: readonly ReplayGame[]): Case[] {
  switch (sport) {
    case 'nfl':
      return games.flatMap((g) =>
        g.states.map((state) => ({ state, prior: { homeSpread: g.info.homeSpread } })),
      );
    case 'ncaaf':
      return footballCases();
    case 'nba':
    case 'ncaamb':
      return basketballCases(sport);
    case 'nhl':
      return hockeyCases();
    case 'mlb':
      return baseballCases();
    case 'soccer':
      return soccerCases();
  }
}

/** Calls per second of `run` over the cases, repeated for at least `seconds`. */
function rate(
  list: readonly Case[],
  seconds: number,
  run: (c: Case) => number,
): { perSecond: number; sink: number } {
  let sink = 0;
  let calls = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (const c of list) sink += run(c);
    calls += list.length;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return { perSecond: calls / elapsed, sink };
}

export function wpModelBenchmarks(opts: { games: readonly ReplayGame[]; quick: boolean }): BenchLine[] {
  const models = createWinProbabilityModels();
  const seconds = opts.quick ? 0.3 : 1.5;
  const lines: BenchLine[] = [];
  let sink = 0;
  for (const sport of MODEL_SPORTS) {
    const list = cases(sport, opts.games);
    const model = (c: Case) => outcomeProbabilities(models, c.state, c.prior).home;
    const exp = (c: Case) => Math.exp((c.state.awayScore - c.state.homeScore) * 0.01);
    // Warm up both (JIT, and the models' per-prior caches), then measure.
    rate(list, seconds / 3, model);
    rate(list, seconds / 3, exp);
    const m = rate(list, seconds, model);
    const e = rate(list, seconds, exp);
    sink += m.sink + e.sink;
    lines.push(
      line({
        name: `wp.${sport}.evals_per_s`,
        value: m.perSecond,
        unit: 'evals/s',
        limitName: `math_exp.${sport}.calls_per_s`,
        limit: e.perSecond,
      }),
    );
  }
  if (!Number.isFinite(sink)) throw new Error('benchmark results were not finite');
  return lines;
}
