/**
 * Fits the NFL win-probability model (src/sports/nfl/win-probability.ts) on 2016-2019 and
 * validates it on 2020, which is never used for fitting or for choosing the model's shape.
 *
 *   npm run fit:nfl [-- --shared <dir>] [-- --dry-run]
 *
 * Writes src/sports/nfl/wp-params.json (deterministic: no dates, rounded coefficients) and prints
 * a validation report beside a spread-only baseline and nflfastR's published test vectors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { NflGameState } from '../src/core/game-state.js';
import { asGameId } from '../src/core/ids.js';
import { splitCsvLine } from '../src/feeds/replay/nfl-bundle.js';
import { brierScore, calibrationTable, logLoss } from '../src/sports/metrics.js';
import { fitLogisticRegression, sigmoid } from '../src/sports/nfl/logistic-fit.js';
import {
  canKneelOut,
  NFL_WP_FEATURE_COUNT,
  NFL_WP_FEATURES,
  type NflWpFeature,
  type NflWpParams,
  type NflWpStructure,
  nflHomeWinProbability,
  nflWpFeatures,
} from '../src/sports/nfl/win-probability.js';

const FIT_SEASONS = [2016, 2017, 2018, 2019];
const VALIDATION_SEASON = 2020;
/** Shape choice: fit on the first three seasons, score on the fourth (2020 stays untouched). */
const SHAPE_FIT_SEASONS = [2016, 2017, 2018];
const SHAPE_CHECK_SEASON = 2019;
const SHAPE_GRID: NflWpStructure[] = [];
for (const sigmaFloorSeconds of [5, 15, 45]) {
  for (const endOfHalfSeconds of [30, 60]) {
    for (const lateGameSeconds of [180, 420])
      SHAPE_GRID.push({ sigmaFloorSeconds, endOfHalfSeconds, lateGameSeconds });
  }
}
/** A light ridge keeps near-deterministic end-game terms finite; it barely moves the rest. */
const RIDGE = 1;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argAfter = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sharedDir = resolve(argAfter('--shared') ?? join(repoRoot, '..', 'shared', 'data', 'nfl'));
const paramsPath = join(repoRoot, 'src', 'sports', 'nfl', 'wp-params.json');

/** One play state with its game's spread and outcome (1 home win, 0 loss, 0.5 tie). */
interface LabelledState {
  state: NflGameState;
  homeSpread: number;
  outcome: number;
}

function readCsvRows(path: string): Record<string, string>[] {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  // The shared files end lines with CRLF.
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const header = splitCsvLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const f = splitCsvLine(line);
    const row: Record<string, string> = {};
    for (let j = 0; j < header.length; j++) row[header[j] as string] = f[j] ?? '';
    return row;
  });
}

const intOrNull = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));

/** Rows with a team in possession, as the data README advises for WP work. */
function loadSeason(season: number, spreads: Map<string, number>): LabelledState[] {
  const out: LabelledState[] = [];
  for (const r of readCsvRows(join(sharedDir, `plays_${season}.csv.gz`))) {
    if (!r.posteam || r.clock_seconds_left_in_qtr === '') continue;
    const spread = spreads.get(r.game_id as string);
    if (spread === undefined) throw new Error(`no spread for ${r.game_id}`);
    const fh = Number(r.final_home_score);
    const fa = Number(r.final_away_score);
    out.push({
      homeSpread: spread,
      outcome: fh > fa ? 1 : fh < fa ? 0 : 0.5,
      state: {
        sport: 'nfl',
        gameId: asGameId(r.game_id as string),
        status: 'in',
        quarter: Number(r.qtr),
        clockSeconds: Number(r.clock_seconds_left_in_qtr),
        gameSecondsRemaining: Number(r.game_seconds_remaining),
        homeScore: Number(r.home_score),
        awayScore: Number(r.away_score),
        possession: r.posteam === r.home_team ? 'home' : 'away',
        down: intOrNull(r.down),
        distance: intOrNull(r.ydstogo),
        yardline100: intOrNull(r.yardline_100),
        homeTimeouts: Number(r.home_timeouts),
        awayTimeouts: Number(r.away_timeouts),
        playSeq: Number(r.play_seq),
      },
    });
  }
  return out;
}

/** Row-major feature matrix for a set of states under one model shape. */
function designMatrix(rows: readonly LabelledState[], structure: NflWpStructure): Float64Array {
  const k = NFL_WP_FEATURE_COUNT;
  const x = new Float64Array(rows.length * k);
  const buf = new Float64Array(k);
  for (const [i, r] of rows.entries()) {
    nflWpFeatures(r.state, { homeSpread: r.homeSpread }, structure, buf);
    x.set(buf, i * k);
  }
  return x;
}

function paramsFrom(structure: NflWpStructure, beta: Float64Array): NflWpParams {
  const coefficients = {} as Record<NflWpFeature, number>;
  NFL_WP_FEATURES.forEach((name, j) => {
    // Rounded so the file is stable and readable; 1e-6 is far below anything that matters.
    coefficients[name] = Math.round((beta[j] as number) * 1e6) / 1e6;
  });
  return { model: 'nfl-wp-logistic', version: 1, structure, coefficients };
}

function predictAll(rows: readonly LabelledState[], params: NflWpParams): Float64Array {
  return Float64Array.from(rows, (r) => nflHomeWinProbability(r.state, { homeSpread: r.homeSpread }, params));
}

function fitShape(allRows: readonly LabelledState[], structure: NflWpStructure): NflWpParams {
  // Kneel-downs are decided by rule, not by the regression, so they stay out of the fit.
  const rows = allRows.filter((r) => !canKneelOut(r.state));
  const y = Float64Array.from(rows, (r) => r.outcome);
  const x = designMatrix(rows, structure);
  return paramsFrom(structure, fitLogisticRegression({ x, y, features: NFL_WP_FEATURE_COUNT, ridge: RIDGE }));
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Deterministic pseudo-random numbers in [0,1) (mulberry32), so the bootstrap is reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 90 % intervals for each bin's (observed - predicted) gap, resampling whole games: rows of one
 * game share one outcome, so a season of ~270 games is a much smaller sample than its rows.
 */
function bootstrapGaps(rows: readonly LabelledState[], preds: Float64Array, bins: number, draws: number) {
  const byGame = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = byGame.get(r.state.gameId) ?? [];
    list.push(i);
    byGame.set(r.state.gameId, list);
  });
  const gameRows = [...byGame.values()];
  const random = seededRandom(2020);
  const gaps: number[][] = Array.from({ length: bins }, () => []);
  for (let d = 0; d < draws; d++) {
    const n = new Float64Array(bins);
    const sum = new Float64Array(bins);
    for (let g = 0; g < gameRows.length; g++) {
      for (const i of gameRows[Math.floor(random() * gameRows.length)] as number[]) {
        const p = preds[i] as number;
        const b = Math.min(bins - 1, Math.floor(p * bins));
        n[b] = (n[b] as number) + 1;
        sum[b] = (sum[b] as number) + (rows[i] as LabelledState).outcome - p;
      }
    }
    for (let b = 0; b < bins; b++)
      if ((n[b] as number) > 0) gaps[b]?.push((sum[b] as number) / (n[b] as number));
  }
  return gaps.map((g) => {
    g.sort((x, y) => x - y);
    return [g[Math.floor(0.05 * g.length)] ?? Number.NaN, g[Math.floor(0.95 * g.length)] ?? Number.NaN];
  });
}

function printCalibration(
  title: string,
  preds: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  ci?: number[][],
) {
  console.log(`  ${title}`);
  const table = calibrationTable(preds, outcomes, 10);
  table.forEach((b, i) => {
    const gap = (b.observedRate - b.meanPred) * 100;
    const range = ci?.[i] ? `  90% game-bootstrap [${pp(ci[i]?.[0])}, ${pp(ci[i]?.[1])}]` : '';
    console.log(
      `    [${b.lo.toFixed(1)}, ${b.hi.toFixed(1)})  n=${String(b.n).padStart(6)}  pred ${b.meanPred.toFixed(3)}  ` +
        `observed ${b.observedRate.toFixed(3)}  gap ${pp(gap / 100)}${range}`,
    );
  });
  return table;
}

const pp = (v: number | undefined) => `${(v ?? 0) >= 0 ? '+' : ''}${((v ?? 0) * 100).toFixed(1)} pp`;

function main(): void {
  const started = performance.now();
  const spreads = new Map<string, number>();
  const games = new Map<string, { season: number; spread: number; outcome: number }>();
  for (const r of readCsvRows(join(sharedDir, 'spreads_2016_2020.csv'))) {
    const fh = Number(r.final_home_score);
    const fa = Number(r.final_away_score);
    spreads.set(r.game_id as string, Number(r.spread_line));
    games.set(r.game_id as string, {
      season: Number(r.season),
      spread: Number(r.spread_line),
      outcome: fh > fa ? 1 : fh < fa ? 0 : 0.5,
    });
  }
  const bySeason = new Map<number, LabelledState[]>();
  for (const s of [...FIT_SEASONS, VALIDATION_SEASON]) bySeason.set(s, loadSeason(s, spreads));
  const rowsOf = (seasons: number[]) => seasons.flatMap((s) => bySeason.get(s) ?? []);

  // 1. Choose the shape constants on 2016-2018 -> 2019.
  const shapeFit = rowsOf(SHAPE_FIT_SEASONS);
  const shapeCheck = rowsOf([SHAPE_CHECK_SEASON]);
  const shapeOutcomes = Float64Array.from(shapeCheck, (r) => r.outcome);
  let best: { structure: NflWpStructure; loss: number } | undefined;
  for (const structure of SHAPE_GRID) {
    const loss = logLoss(predictAll(shapeCheck, fitShape(shapeFit, structure)), shapeOutcomes);
    console.log(`shape ${JSON.stringify(structure)}: ${SHAPE_CHECK_SEASON} log loss ${loss.toFixed(5)}`);
    if (!best || loss < best.loss) best = { structure, loss };
  }
  if (!best) throw new Error('empty shape grid');

  // 2. Refit on all four seasons with the chosen shape.
  const fitRows = rowsOf(FIT_SEASONS);
  const params = fitShape(fitRows, best.structure);
  console.log('\nchosen shape', JSON.stringify(params.structure));
  console.log('coefficients', params.coefficients);

  // 3. Each fitting season predicted by a model fitted on the other three: calibration over
  //    ~1,070 held-out games, four times the sample one season gives.
  const crossPreds: number[] = [];
  const crossOutcomes: number[] = [];
  for (const held of FIT_SEASONS) {
    const heldRows = rowsOf([held]);
    const p = predictAll(heldRows, fitShape(rowsOf(FIT_SEASONS.filter((s) => s !== held)), best.structure));
    heldRows.forEach((r, i) => {
      crossPreds.push(p[i] as number);
      crossOutcomes.push(r.outcome);
    });
  }
  console.log(`\nleave-one-season-out on ${FIT_SEASONS.join(', ')} (${crossPreds.length} rows):`);
  console.log(
    `  Brier ${brierScore(crossPreds, crossOutcomes).toFixed(5)}  log loss ${logLoss(crossPreds, crossOutcomes).toFixed(5)}`,
  );
  const crossTable = printCalibration('calibration:', crossPreds, crossOutcomes);

  // 4. Spread-only baseline: the pregame probability from the spread alone, fitted per game.
  const fitGames = [...games.values()].filter((g) => FIT_SEASONS.includes(g.season));
  const gx = new Float64Array(fitGames.length * 2);
  for (const [i, g] of fitGames.entries()) gx.set([1, g.spread], i * 2);
  const baseline = fitLogisticRegression({
    x: gx,
    y: Float64Array.from(fitGames, (g) => g.outcome),
    features: 2,
  });
  const baselineProb = (spread: number) =>
    sigmoid((baseline[0] as number) + (baseline[1] as number) * spread);

  // 5. Validate on the held-out season.
  const valRows = rowsOf([VALIDATION_SEASON]);
  const outcomes = Float64Array.from(valRows, (r) => r.outcome);
  const preds = predictAll(valRows, params);
  const basePreds = Float64Array.from(valRows, (r) => baselineProb(r.homeSpread));
  const model = { brier: round(brierScore(preds, outcomes), 5), logLoss: round(logLoss(preds, outcomes), 5) };
  const spreadOnly = {
    brier: round(brierScore(basePreds, outcomes), 5),
    logLoss: round(logLoss(basePreds, outcomes), 5),
  };
  const nGames = new Set(valRows.map((r) => r.state.gameId)).size;
  console.log(`\nvalidation on ${VALIDATION_SEASON} (${valRows.length} rows, ${nGames} games):`);
  console.log(`  model        Brier ${model.brier}  log loss ${model.logLoss}`);
  console.log(`  spread-only  Brier ${spreadOnly.brier}  log loss ${spreadOnly.logLoss}`);
  const ci = bootstrapGaps(valRows, preds, 10, 400);
  const valTable = printCalibration(
    'calibration (10 equal-width bins of predicted home WP):',
    preds,
    outcomes,
    ci,
  );
  // How far 2020 itself strayed from its closing lines: the same miss shows in any spread-based model.
  const valGames = [...games.values()].filter((g) => g.season === VALIDATION_SEASON);
  const homeWon = valGames.reduce((sum, g) => sum + g.outcome, 0) / valGames.length;
  const homeExpected = valGames.reduce((sum, g) => sum + baselineProb(g.spread), 0) / valGames.length;
  console.log(
    `  ${VALIDATION_SEASON} home teams won ${(homeWon * 100).toFixed(1)} % of games; ` +
      `their closing spreads implied ${(homeExpected * 100).toFixed(1)} %`,
  );
  reportSlices(valRows, preds, outcomes);
  reportNflfastR(params);

  const compact = (t: ReturnType<typeof calibrationTable>) =>
    t.map((b) => ({
      lo: b.lo,
      hi: b.hi,
      n: b.n,
      meanPred: round(b.meanPred),
      observedRate: round(b.observedRate),
    }));
  const output = {
    ...params,
    fit: {
      seasons: FIT_SEASONS,
      rows: fitRows.length,
      rowsDecidedByKneelRule: fitRows.filter((r) => canKneelOut(r.state)).length,
      games: new Set(fitRows.map((r) => r.state.gameId)).size,
      rowsUsed: 'plays with a team in possession; ties labelled 0.5',
      ridge: RIDGE,
      shapeChosenOn: { fit: SHAPE_FIT_SEASONS, check: SHAPE_CHECK_SEASON, logLoss: round(best.loss, 5) },
      spreadOnlyBaseline: {
        intercept: round(baseline[0] as number, 6),
        slope: round(baseline[1] as number, 6),
      },
      leaveOneSeasonOut: {
        seasons: FIT_SEASONS,
        brier: round(brierScore(crossPreds, crossOutcomes), 5),
        logLoss: round(logLoss(crossPreds, crossOutcomes), 5),
        calibration: compact(crossTable),
      },
      validation: {
        season: VALIDATION_SEASON,
        rows: valRows.length,
        games: nGames,
        model,
        spreadOnly,
        calibration: compact(valTable),
      },
    },
  };
  if (process.argv.includes('--dry-run')) console.log('\n--dry-run: params not written');
  else {
    writeFileSync(paramsPath, `${JSON.stringify(output, null, 2)}\n`);
    console.log(`\nwrote ${paramsPath}`);
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Calibration-in-the-large by game phase, to see where the model is off. */
function reportSlices(rows: readonly LabelledState[], preds: Float64Array, outcomes: Float64Array): void {
  const slices: [string, (s: NflGameState) => boolean][] = [
    ['Q1', (s) => s.quarter === 1],
    ['Q2', (s) => s.quarter === 2],
    ['Q3', (s) => s.quarter === 3],
    ['Q4 > 5 min', (s) => s.quarter === 4 && s.gameSecondsRemaining > 300],
    ['Q4 last 5 min', (s) => s.quarter === 4 && s.gameSecondsRemaining <= 300],
    ['overtime', (s) => s.quarter >= 5],
  ];
  console.log('  by phase:');
  for (const [name, test] of slices) {
    const idx = rows.flatMap((r, i) => (test(r.state) ? [i] : []));
    if (idx.length === 0) continue;
    const p = idx.map((i) => preds[i] as number);
    const y = idx.map((i) => outcomes[i] as number);
    const meanP = p.reduce((a, b) => a + b, 0) / p.length;
    const meanY = y.reduce((a, b) => a + b, 0) / y.length;
    console.log(
      `    ${name.padEnd(14)} n=${String(idx.length).padStart(5)}  Brier ${brierScore(p, y).toFixed(4)}  ` +
        `log loss ${logLoss(p, y).toFixed(4)}  mean pred ${meanP.toFixed(3)} observed ${meanY.toFixed(3)}`,
    );
  }
}

/** nflfastR's own test vectors; their spread_line is also "points the home team is favoured by". */
function reportNflfastR(params: NflWpParams): void {
  const path = join(sharedDir, 'nflfastR_test_snapshot_calculate_win_probability_wp.csv');
  console.log('\nnflfastR test vectors (home SEA has the ball, 1st & 10 at own 25, 0-0, kickoff):');
  for (const r of readCsvRows(path)) {
    const posIsHome = r.posteam === r.home_team;
    const spread = Number(r.spread_line);
    const gsr = Number(r.game_seconds_remaining);
    const quarter = 4 - Math.floor(Math.max(0, gsr - 1) / 900);
    const state: NflGameState = {
      sport: 'nfl',
      gameId: asGameId('nflfastR'),
      status: 'in',
      quarter,
      clockSeconds: gsr - (4 - quarter) * 900,
      gameSecondsRemaining: gsr,
      homeScore: posIsHome ? Number(r.score_differential) : 0,
      awayScore: posIsHome ? 0 : Number(r.score_differential),
      possession: posIsHome ? 'home' : 'away',
      down: Number(r.down),
      distance: Number(r.ydstogo),
      yardline100: Number(r.yardline_100),
      homeTimeouts: Number(posIsHome ? r.posteam_timeouts_remaining : r.defteam_timeouts_remaining),
      awayTimeouts: Number(posIsHome ? r.defteam_timeouts_remaining : r.posteam_timeouts_remaining),
      playSeq: 1,
    };
    const ours = nflHomeWinProbability(state, { homeSpread: spread }, params);
    const theirs = Number(r.vegas_wp); // posteam perspective; posteam is home in every vector
    console.log(
      `  spread ${String(spread).padStart(2)}: ours ${ours.toFixed(4)}  nflfastR vegas_wp ${theirs.toFixed(4)}  ` +
        `diff ${(ours - theirs >= 0 ? '+' : '') + (ours - theirs).toFixed(4)}`,
    );
  }
}

main();
