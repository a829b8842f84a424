/**
 * Can the NFL model be calibrated to within 3 percentage points in every decile of 2020 without
 * fitting on 2020? Tries the principled candidates, each fitted or estimated on 2016-2019 only,
 * and measures how much a 269-game season's calibration table moves by chance alone.
 *
 *   node bin/run-ts.js scripts/nfl-calibration-study.ts [--shared <dir>]
 *
 * Prints the tables quoted in docs/nfl-wp-2020.md. Deterministic (seeded bootstrap).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDataText } from '../src/cli/model-command.js';
import { splitCsvLine } from '../src/feeds/replay/nfl-bundle.js';
import { type NflPlayRow, parseNflLinesCsv, parseNflPlaysCsv } from '../src/feeds/replay/nfl-plays-file.js';
import { type ForecastReport, forecastReport, seededRandom } from '../src/sports/calibration-report.js';
import { createFootballRandomWalkModel, NFL_RANDOM_WALK } from '../src/sports/football/random-walk.js';
import { logLoss } from '../src/sports/metrics.js';
import { DEFAULT_NFL_WP_PARAMS } from '../src/sports/nfl/default-params.js';
import { fitLogisticRegression, sigmoid } from '../src/sports/nfl/logistic-fit.js';
import {
  canKneelOut,
  NFL_WP_FEATURE_COUNT,
  NFL_WP_FEATURES,
  type NflWpFeature,
  type NflWpParams,
  nflHomeWinProbability,
  nflWpFeatures,
} from '../src/sports/nfl/win-probability.js';
import fitted from '../src/sports/nfl/wp-params.json' with { type: 'json' };

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--shared');
const shared = resolve(
  i >= 0 ? (process.argv[i + 1] as string) : join(repoRoot, '..', 'shared', 'data', 'nfl'),
);
const RIDGE = 1; // as in scripts/fit-nfl-wp.ts
const FIT_SEASONS = [2016, 2017, 2018, 2019];

interface Row {
  state: NflPlayRow['state'];
  spread: number;
  outcome: number;
  season: number;
}

const linesText = readDataText(join(shared, 'spreads_2016_2020.csv'));
const lines = parseNflLinesCsv(linesText, 'spreads_2016_2020.csv');
function season(year: number): Row[] {
  const plays = parseNflPlaysCsv(readDataText(join(shared, `plays_${year}.csv.gz`)), `plays_${year}.csv.gz`, {
    outcomes: true,
  });
  return plays
    .filter((p) => p.state.possession !== null)
    .map((p) => ({
      state: p.state,
      spread: lines.get(p.state.gameId)?.prior.homeSpread ?? 0,
      outcome: p.outcome ?? Number.NaN, // set: outcomes were required
      season: year,
    }));
}
const bySeason = new Map<number, Row[]>([2016, 2017, 2018, 2019, 2020].map((y) => [y, season(y)]));
const rowsOf = (years: number[]) => years.flatMap((y) => bySeason.get(y) ?? []);

function fitModel(rows: readonly Row[]): NflWpParams {
  const used = rows.filter((r) => !canKneelOut(r.state));
  const k = NFL_WP_FEATURE_COUNT;
  const x = new Float64Array(used.length * k);
  const buf = new Float64Array(k);
  used.forEach((r, j) => {
    nflWpFeatures(r.state, { homeSpread: r.spread }, DEFAULT_NFL_WP_PARAMS.structure, buf);
    x.set(buf, j * k);
  });
  const beta = fitLogisticRegression({
    x,
    y: Float64Array.from(used, (r) => r.outcome),
    features: k,
    ridge: RIDGE,
  });
  const coefficients = {} as Record<NflWpFeature, number>;
  NFL_WP_FEATURES.forEach((name, j) => {
    coefficients[name] = beta[j] as number;
  });
  return { ...DEFAULT_NFL_WP_PARAMS, coefficients };
}

const predict = (rows: readonly Row[], params: NflWpParams) =>
  Float64Array.from(rows, (r) => nflHomeWinProbability(r.state, { homeSpread: r.spread }, params));
const baselineOf = (rows: readonly Row[]) => {
  const { intercept, slope } = fitted.fit.spreadOnlyBaseline;
  return Float64Array.from(rows, (r) => sigmoid(intercept + slope * r.spread));
};
const report = (rows: readonly Row[], preds: Float64Array, draws = 400): ForecastReport =>
  forecastReport(
    {
      preds,
      baselinePreds: baselineOf(rows),
      outcomes: Float64Array.from(rows, (r) => r.outcome),
      gameIds: rows.map((r) => r.state.gameId),
    },
    { bootstrapDraws: draws },
  );

const logit = (p: number) => Math.log(p / (1 - p));
const clampP = (p: number) => Math.min(0.999, Math.max(0.001, p));

/** Platt scaling: outcome ~ a + b * logit(p), fitted by logistic regression. */
function platt(preds: ArrayLike<number>, outcomes: ArrayLike<number>): (p: number) => number {
  const n = preds.length;
  const x = new Float64Array(n * 2);
  for (let j = 0; j < n; j++) x.set([1, logit(clampP(preds[j] as number))], j * 2);
  const [a, b] = fitLogisticRegression({
    x,
    y: Float64Array.from(outcomes as ArrayLike<number>),
    features: 2,
  });
  return (p) => sigmoid((a as number) + (b as number) * logit(clampP(p)));
}

/** Isotonic regression by pool-adjacent-violators; predictions between knots interpolate linearly. */
function isotonic(preds: ArrayLike<number>, outcomes: ArrayLike<number>): (p: number) => number {
  const order = Array.from({ length: preds.length }, (_, j) => j).sort(
    (a, b) => (preds[a] as number) - (preds[b] as number),
  );
  const blocks: { sumY: number; n: number; sumX: number }[] = [];
  for (const j of order) {
    blocks.push({ sumY: outcomes[j] as number, n: 1, sumX: preds[j] as number });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as { sumY: number; n: number; sumX: number };
      const prev = blocks[blocks.length - 2] as { sumY: number; n: number; sumX: number };
      if (prev.sumY / prev.n <= last.sumY / last.n) break;
      prev.sumY += last.sumY;
      prev.n += last.n;
      prev.sumX += last.sumX;
      blocks.pop();
    }
  }
  const knots = blocks.map((b) => ({ x: b.sumX / b.n, y: b.sumY / b.n }));
  return (p) => {
    if (p <= (knots[0] as { x: number }).x) return clampP((knots[0] as { y: number }).y);
    for (let k = 1; k < knots.length; k++) {
      const a = knots[k - 1] as { x: number; y: number };
      const b = knots[k] as { x: number; y: number };
      if (p <= b.x) return clampP(a.y + ((p - a.x) / (b.x - a.x || 1)) * (b.y - a.y));
    }
    return clampP((knots[knots.length - 1] as { y: number }).y);
  };
}

const pp = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`;
function summary(name: string, r: ForecastReport): string {
  const gaps = r.bins.map((b) => (b.n > 0 ? pp(b.gap) : '  ·')).join(' ');
  const within = r.bins.filter((b) => b.n > 0 && Math.abs(b.gap) <= 0.03).length;
  return `| ${name} | ${r.model.brier.toFixed(5)} | ${r.model.logLoss.toFixed(5)} | ${gaps} | ${(r.maxBinGap * 100).toFixed(1)} | ${(r.maxDecileGap * 100).toFixed(1)} | ${within}/10 |`;
}
const header = [
  '| variant (nothing fitted on 2020 unless said) | Brier | log loss | gap per bin [0,.1) … [.9,1] (pp) | max bin gap | max decile gap | bins within 3 pp |',
  '|---|---|---|---|---|---|---|',
];

const val = rowsOf([2020]);
const valOutcomes = Float64Array.from(val, (r) => r.outcome);
const shipped = predict(val, DEFAULT_NFL_WP_PARAMS);
const shippedReport = report(val, shipped);
const out: string[] = [];
out.push(`2020: ${val.length} rows, ${shippedReport.games} games`);
out.push(
  `spread-only baseline: Brier ${shippedReport.baseline.brier.toFixed(5)}, log loss ${shippedReport.baseline.logLoss.toFixed(5)}`,
);
out.push('', ...header, summary('shipped model (fit 2016-2019)', shippedReport));

// Leave-one-season-out predictions on 2016-2019: each season by a model fitted on the other three.
const looRows: Row[] = [];
const looPreds: number[] = [];
const perSeason: string[] = [];
for (const held of FIT_SEASONS) {
  const rows = rowsOf([held]);
  const preds = predict(rows, fitModel(rowsOf(FIT_SEASONS.filter((s) => s !== held))));
  rows.forEach((r, j) => {
    looRows.push(r);
    looPreds.push(preds[j] as number);
  });
  perSeason.push(summary(`${held} held out (fit on the other three)`, report(rows, preds, 0)));
}
const looOutcomes = Float64Array.from(looRows, (r) => r.outcome);

// Calibrators fitted on held-out predictions only.
const m3 = fitModel(rowsOf([2016, 2017, 2018]));
const m3On2019 = predict(rowsOf([2019]), m3);
const y2019 = Float64Array.from(rowsOf([2019]), (r) => r.outcome);
const m3On2020 = predict(val, m3);
const variants: [string, Float64Array][] = [
  ['model fit 2016-2018', m3On2020],
  ['… + Platt fitted on its 2019 predictions', m3On2020.map(platt(m3On2019, y2019))],
  ['… + isotonic fitted on its 2019 predictions', m3On2020.map(isotonic(m3On2019, y2019))],
  ['shipped + Platt fitted on 2016-2019 leave-one-season-out', shipped.map(platt(looPreds, looOutcomes))],
  [
    'shipped + isotonic fitted on 2016-2019 leave-one-season-out',
    shipped.map(isotonic(looPreds, looOutcomes)),
  ],
];
for (const [name, preds] of variants) out.push(summary(name, report(val, preds, 0)));

// Home field from 1999-2019 closing lines and results (2020 left out): is the closing spread
// biased for home teams, and how much does a season's home record stray from its lines?
const schedule = readDataText(join(shared, 'schedules_1999_2020.csv'))
  .split(/\r?\n/)
  .filter((l) => l !== '')
  .map(splitCsvLine);
const col = (name: string) => (schedule[0] as string[]).indexOf(name);
const homeGames = schedule
  .slice(1)
  .map((f) => ({
    season: Number(f[col('season')]),
    location: f[col('location')],
    spread: Number(f[col('spread_line')]),
    outcome: Math.sign(Number(f[col('home_score')]) - Number(f[col('away_score')])) * 0.5 + 0.5,
  }))
  .filter((g) => g.season <= 2019 && Number.isFinite(g.spread));
const onHomeField = homeGames.filter((g) => g.location === 'Home');
const gx = new Float64Array(onHomeField.length * 2);
onHomeField.forEach((g, j) => {
  gx.set([1, g.spread], j * 2);
});
const [homeTerm, spreadSlope] = fitLogisticRegression({
  x: gx,
  y: Float64Array.from(onHomeField, (g) => g.outcome),
  features: 2,
});
const seasonResiduals: number[] = [];
for (let y = 1999; y <= 2019; y++) {
  const gs = onHomeField.filter((g) => g.season === y);
  const r = gs.reduce(
    (sum, g) => sum + g.outcome - sigmoid((homeTerm as number) + (spreadSlope as number) * g.spread),
    0,
  );
  seasonResiduals.push(r / gs.length);
}
const mean = seasonResiduals.reduce((a, b) => a + b, 0) / seasonResiduals.length;
const sd = Math.sqrt(seasonResiduals.reduce((a, b) => a + (b - mean) ** 2, 0) / (seasonResiduals.length - 1));
const neutral = homeGames.filter((g) => g.location === 'Neutral');
const neutralResidual =
  neutral.reduce(
    (sum, g) => sum + g.outcome - sigmoid((homeTerm as number) + (spreadSlope as number) * g.spread),
    0,
  ) / neutral.length;
const shift = (homeTerm as number) - fitted.fit.spreadOnlyBaseline.intercept;
const homeNotes = [
  `home field, 1999-2019 (${onHomeField.length} games on a home field): P(home win) = sigmoid(${(homeTerm as number).toFixed(4)} + ${(spreadSlope as number).toFixed(4)} * spread);`,
  `  at spread 0 that is ${(100 * sigmoid(homeTerm as number)).toFixed(1)} %: the closing spread already carries the home advantage.`,
  `  season-level home record minus what the lines implied, 1999-2019: mean ${pp(mean)} pp, sd ${(100 * sd).toFixed(1)} pp, range ${pp(Math.min(...seasonResiduals))} to ${pp(Math.max(...seasonResiduals))} pp`,
  `  ${neutral.length} neutral-site games: designated home team ${pp(neutralResidual)} pp against its lines`,
];
variants.push([
  `shipped + home term from 1999-2019 (log-odds ${shift >= 0 ? '+' : ''}${shift.toFixed(3)})`,
  shipped.map((p) => sigmoid(logit(clampP(p)) + shift)),
]);
out.push(summary(variants[variants.length - 1]![0], report(val, variants[variants.length - 1]![1], 0)));

// A principled model with nothing fitted: the football random walk with NFL sigma.
const walk = createFootballRandomWalkModel(NFL_RANDOM_WALK, 'nfl-random-walk');
const walkPreds = Float64Array.from(val, (r) =>
  clampP(walk.probabilities(r.state, { homeSpread: r.spread }).home),
);
out.push(summary('football random walk, sigma 13.5 (nothing fitted)', report(val, walkPreds, 0)));

// Diagnostic only, NOT a candidate: the best constant home shift on 2020 itself.
let best = { shift: 0, loss: Number.POSITIVE_INFINITY };
for (let shift = -0.5; shift <= 0.5001; shift += 0.01) {
  const loss = logLoss(
    shipped.map((p) => sigmoid(logit(clampP(p)) + shift)),
    valOutcomes,
  );
  if (loss < best.loss) best = { shift, loss };
}
out.push(
  summary(
    `DIAGNOSTIC ONLY (fitted on 2020): shipped, log-odds shifted by ${best.shift.toFixed(2)}`,
    report(
      val,
      shipped.map((p) => sigmoid(logit(clampP(p)) + best.shift)),
      0,
    ),
  ),
);
out.push('', ...homeNotes, '', 'leave-one-season-out, each season alone:', ...header, ...perSeason);

// How far a calibrated model's table moves by chance in a 269-game season: resample seasons of
// 269 games from the 1,068 held-out games of 2016-2019 (a model calibrated on them by design).
const byGame = new Map<string, number[]>();
looRows.forEach((r, j) => {
  const list = byGame.get(r.state.gameId) ?? [];
  list.push(j);
  byGame.set(r.state.gameId, list);
});
const games = [...byGame.values()];
const random = seededRandom(7);
const draws = 1000;
let allWithin = 0;
const maxGaps: number[] = [];
for (let d = 0; d < draws; d++) {
  const n = new Float64Array(10);
  const sum = new Float64Array(10);
  for (let g = 0; g < shippedReport.games; g++) {
    for (const j of games[Math.floor(random() * games.length)] as number[]) {
      const p = looPreds[j] as number;
      const b = Math.min(9, Math.floor(p * 10));
      n[b] = (n[b] as number) + 1;
      sum[b] = (sum[b] as number) + (looOutcomes[j] as number) - p;
    }
  }
  let max = 0;
  for (let b = 0; b < 10; b++)
    if ((n[b] as number) > 0) max = Math.max(max, Math.abs((sum[b] as number) / (n[b] as number)));
  maxGaps.push(max);
  if (max <= 0.03) allWithin += 1;
}
maxGaps.sort((a, b) => a - b);
const q = (p: number) => (maxGaps[Math.floor(p * (maxGaps.length - 1))] as number) * 100;
const pooled = report(looRows, Float64Array.from(looPreds), 0);
out.push(
  '',
  `pooled leave-one-season-out 2016-2019 (${pooled.rows} rows, ${pooled.games} games): max bin gap ${(pooled.maxBinGap * 100).toFixed(1)} pp`,
  `seasons of ${shippedReport.games} games resampled from those games (${draws} draws): every bin within 3 pp in ${((100 * allWithin) / draws).toFixed(1)} % of them;`,
  `largest bin gap: median ${q(0.5).toFixed(1)} pp, 90th percentile ${q(0.9).toFixed(1)} pp, 2020's ${(shippedReport.maxBinGap * 100).toFixed(1)} pp`,
);
console.log(out.join('\n'));
