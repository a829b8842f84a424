/**
 * The per-sport checks quoted in docs/models.md, on the real data in ../shared/data: each
 * model against ESPN's own live numbers where the payloads carry them, on the states the
 * ESPN parsers produce.
 *
 *   node bin/run-ts.js scripts/check-wp-models.ts [--shared <dir>]
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaseballGameState, BasketballGameState } from '../src/core/game-state.js';
import { asGameId } from '../src/core/ids.js';
import { secondsRemaining } from '../src/feeds/espn/clock.js';
import { ESPN_LEAGUES } from '../src/feeds/espn/leagues.js';
import { parseScoreboard, parseScoreboardEvent } from '../src/feeds/espn/scoreboard.js';
import { parseSummary } from '../src/feeds/espn/summary.js';
import {
  halfInningTable,
  MLB_PLATE_APPEARANCES,
  meanRuns,
} from '../src/sports/baseball/plate-appearances.js';
import { PUBLISHED_RUN_EXPECTANCY_1984_1994 } from '../src/sports/baseball/run-expectancy.js';
import { createBasketballModel, NBA } from '../src/sports/basketball/model.js';
import { brierScore, logLoss } from '../src/sports/metrics.js';
import type { PregamePrior } from '../src/sports/model.js';
import { createWinProbabilityModels, outcomeProbabilities } from '../src/sports/models.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--shared');
const shared = resolve(i >= 0 ? (process.argv[i + 1] as string) : join(repoRoot, '..', 'shared', 'data'));
const espn = (file: string): unknown => JSON.parse(readFileSync(join(shared, 'espn', file), 'utf8'));
const models = createWinProbabilityModels();
const out: string[] = [];

// NBA: the summary's 450 plays with ESPN's home win probability after each.
{
  const summary = parseSummary(
    espn('nba_summary_401585607_TOR-at-ORL_2024-03-17_with_winprobability__sportsdataverse-js.json'),
    'nba',
  );
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
  const theirs = plays.map((p) => p.homeWinProbability);
  const outcomes = theirs.map(() => outcome);
  const opening = theirs[0]!;
  const fair = Math.round((opening / (1 - opening)) * 100);
  const variants: [string, PregamePrior, number][] = [
    ['no line (home court 2.5)', {}, NBA.marginSd],
    [
      `ESPN's opening ${opening} as a fair moneyline (-${fair}/+${fair})`,
      { homeMoneyline: -fair, awayMoneyline: fair },
      NBA.marginSd,
    ],
  ];
  for (const sd of [10, 11, 13, 14]) {
    variants.push([`  same, sigma ${sd}`, { homeMoneyline: -fair, awayMoneyline: fair }, sd]);
  }
  out.push(
    `NBA 401585607 TOR @ ORL (ORL won ${final.homeScore}-${final.awayScore}), ${plays.length} plays, possession not used:`,
    `  ESPN: Brier ${brierScore(theirs, outcomes).toFixed(4)}, log loss ${logLoss(theirs, outcomes).toFixed(4)}`,
  );
  for (const [name, prior, sd] of variants) {
    const model = createBasketballModel({ nba: { ...NBA, marginSd: sd } });
    const ours = states.map((s) => model.probabilities(s, prior).home);
    const diffs = ours.map((p, j) => Math.abs(p - theirs[j]!));
    const mad = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    out.push(
      `  ${name}: Brier ${brierScore(ours, outcomes).toFixed(4)}, log loss ${logLoss(ours, outcomes).toFixed(4)}, ` +
        `mean |ours - ESPN| ${mad.toFixed(4)}, max ${Math.max(...diffs).toFixed(3)}`,
    );
  }
  // By quarter, with the opening prior.
  const ours = states.map(
    (s) => models.nba.probabilities(s, { homeMoneyline: -fair, awayMoneyline: fair }).home,
  );
  for (let q = 1; q <= 4; q++) {
    const idx = states.flatMap((s, j) => (s.period === q ? [j] : []));
    const mad = idx.reduce((sum, j) => sum + Math.abs(ours[j]! - theirs[j]!), 0) / idx.length;
    const meanOurs = idx.reduce((sum, j) => sum + ours[j]!, 0) / idx.length;
    const meanEspn = idx.reduce((sum, j) => sum + theirs[j]!, 0) / idx.length;
    out.push(
      `    Q${q}: ${idx.length} plays, mean ours ${meanOurs.toFixed(3)}, ESPN ${meanEspn.toFixed(3)}, mean |diff| ${mad.toFixed(3)}`,
    );
  }
}

// NBA scoreboards: finals only.
for (const file of [
  'nba_scoreboard_2024_post__my-club.json',
  'nba_scoreboard_post__sportsdataverse-js.json',
]) {
  const { games } = parseScoreboard(espn(file), 'nba');
  const right = games.filter(
    (g) => outcomeProbabilities(models, g.state, {}).home === (g.state.homeScore > g.state.awayScore ? 1 : 0),
  );
  out.push(`${file}: ${games.length} final games, ${right.length} decided for the winner`);
}

// NFL scoreboards.
for (const file of [
  'nfl_scoreboard_2022wk11_2022-11-20_8_inprogress__pebble-sports.json',
  'nfl_scoreboard_2023_post__survivor-pool.json',
]) {
  const { games } = parseScoreboard(espn(file), 'nfl');
  out.push(`${file}: ${games.length} games`);
  const diffs: number[] = [];
  for (const g of games) {
    const s = g.state;
    const p = outcomeProbabilities(models, s, g.odds ?? {}).home;
    if (s.status !== 'in') continue;
    const e = g.espnHomeWinProbability;
    if (e !== undefined) diffs.push(Math.abs(p - e));
    const f = s as {
      quarter: number;
      clockSeconds: number;
      possession: string | null;
      yardline100: number | null;
    };
    out.push(
      `  ${g.awayTeam.abbreviation} @ ${g.homeTeam.abbreviation} Q${f.quarter} ${Math.floor(f.clockSeconds / 60)}:${String(f.clockSeconds % 60).padStart(2, '0')} ` +
        `${s.awayScore}-${s.homeScore}, ball ${f.possession ?? '-'}${f.yardline100 === null ? '' : ` ${f.yardline100} to go`}: ours ${p.toFixed(3)}, ESPN ${e ?? 'n/a'}`,
    );
  }
  const pre = games.filter((g) => g.state.status === 'pre');
  for (const g of pre) {
    out.push(
      `  scheduled ${g.awayTeam.abbreviation} @ ${g.homeTeam.abbreviation}, home spread ${g.odds?.homeSpread ?? 'none'}: ours ${outcomeProbabilities(models, g.state, g.odds ?? {}).home.toFixed(3)}`,
    );
  }
  if (diffs.length > 0)
    out.push(
      `  mean |ours - ESPN| over ${diffs.length} live games: ${(diffs.reduce((a, b) => a + b, 0) / diffs.length).toFixed(3)}`,
    );
}

// MLB snapshots.
for (const n of [1, 2, 3, 4]) {
  const file = `mlb_event_2023ALDS_HOU-MIN_demo-mlb-0${n}__reddit-devvit.json`;
  const s = parseScoreboardEvent(espn(file), 'mlb').games[0]!.state as BaseballGameState;
  const p = outcomeProbabilities(models, s, {});
  out.push(
    `MLB snapshot ${n}: ${s.status} inning ${s.inning} ${s.half ?? '-'}, HOU ${s.awayScore} MIN ${s.homeScore}, outs ${s.outs}, ` +
      `bases ${s.onFirst ? '1' : '-'}${s.onSecond ? '2' : '-'}${s.onThird ? '3' : '-'}: P(MIN) ${p.home.toFixed(4)}`,
  );
}

// The plate-appearance chain against the published base-out table.
{
  const t = halfInningTable(MLB_PLATE_APPEARANCES);
  const fresh = meanRuns(t.runs[0]!, t.last[0]!);
  const names = ['___', '1__', '_2_', '12_', '__3', '1_3', '_23', '123'];
  out.push(`plate-appearance chain, MLB 2023 rates: ${fresh.toFixed(3)} runs per fresh half inning`);
  out.push(
    '  | bases | outs | chain runs | published runs (1984-94) | chain/fresh | published/fresh | chain P(score) | published P(score) |',
  );
  for (let outs = 0; outs < 3; outs++) {
    for (let b = 0; b < 8; b++) {
      const cells = t.runs[outs * 8 + b]!;
      const m = meanRuns(cells, t.last[outs * 8 + b]!);
      const [re, q] = PUBLISHED_RUN_EXPECTANCY_1984_1994[outs]![b]!;
      out.push(
        `  | ${names[b]} | ${outs} | ${m.toFixed(2)} | ${re.toFixed(2)} | ${(m / fresh).toFixed(2)} | ${(re / 0.49).toFixed(2)} | ${(1 - cells[0]!).toFixed(3)} | ${q.toFixed(3)} |`,
      );
    }
  }
}

console.log(out.join('\n'));
