/**
 * A forecast report for win probabilities on play-by-play rows: Brier score and log loss
 * beside a baseline, calibration by bins of predicted probability and by deciles of the
 * predictions, with game-bootstrap intervals (rows of one game share one outcome, so games,
 * not rows, are the unit of resampling). Pure.
 */
import { brierScore, type CalibrationBin, calibrationTable, logLoss } from './metrics.js';

export interface ScoredForecasts {
  readonly preds: ArrayLike<number>;
  /** The baseline's forecast for the same rows. */
  readonly baselinePreds: ArrayLike<number>;
  /** 1 home win, 0 loss, 0.5 tie. */
  readonly outcomes: ArrayLike<number>;
  /** The game of each row, for counting games and resampling them. */
  readonly gameIds: readonly string[];
}

export interface Scores {
  readonly brier: number;
  readonly logLoss: number;
}

export interface ReportBin extends CalibrationBin {
  /** observedRate - meanPred; NaN when the bin is empty. */
  readonly gap: number;
  /** 90 % game-bootstrap interval of the gap; null without a bootstrap. */
  readonly gapInterval: readonly [number, number] | null;
}

export interface ForecastReport {
  readonly rows: number;
  readonly games: number;
  readonly model: Scores;
  readonly baseline: Scores;
  /** Ten bins of width 0.1 of the predicted probability. */
  readonly bins: readonly ReportBin[];
  /** Ten bins of equal row counts (deciles of the predictions). */
  readonly deciles: readonly ReportBin[];
  /** Largest |gap| over the non-empty width bins, and over the deciles. */
  readonly maxBinGap: number;
  readonly maxDecileGap: number;
  /** Bootstrap draws behind the intervals (0: none). */
  readonly bootstrapDraws: number;
}

/** Deterministic random numbers in [0, 1) (mulberry32), so reports are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bin of each row: width bins, or deciles by rank (ties kept together by value order). */
function binIndexByWidth(preds: ArrayLike<number>, bins: number): Int32Array {
  const out = new Int32Array(preds.length);
  for (let i = 0; i < preds.length; i++)
    out[i] = Math.min(bins - 1, Math.max(0, Math.floor((preds[i] as number) * bins)));
  return out;
}

function binIndexByRank(preds: ArrayLike<number>, bins: number): { index: Int32Array; edges: number[] } {
  const order = Array.from({ length: preds.length }, (_, i) => i).sort(
    (a, b) => (preds[a] as number) - (preds[b] as number),
  );
  const index = new Int32Array(preds.length);
  const edges: number[] = [];
  order.forEach((row, rank) => {
    index[row] = Math.min(bins - 1, Math.floor((rank * bins) / order.length));
  });
  for (let b = 0; b <= bins; b++) {
    const rank = Math.min(order.length - 1, Math.floor((b * order.length) / bins));
    edges.push(
      b === bins
        ? (preds[order[order.length - 1] as number] as number)
        : (preds[order[rank] as number] as number),
    );
  }
  return { index, edges };
}

function binsFrom(
  index: Int32Array,
  bins: number,
  edges: (b: number) => [number, number],
  forecasts: ScoredForecasts,
  intervals: ([number, number] | null)[],
): ReportBin[] {
  const n = new Float64Array(bins);
  const sumPred = new Float64Array(bins);
  const sumOutcome = new Float64Array(bins);
  for (let i = 0; i < index.length; i++) {
    const b = index[i] as number;
    n[b] = (n[b] as number) + 1;
    sumPred[b] = (sumPred[b] as number) + (forecasts.preds[i] as number);
    sumOutcome[b] = (sumOutcome[b] as number) + (forecasts.outcomes[i] as number);
  }
  return Array.from({ length: bins }, (_, b) => {
    const count = n[b] as number;
    const meanPred = count > 0 ? (sumPred[b] as number) / count : Number.NaN;
    const observedRate = count > 0 ? (sumOutcome[b] as number) / count : Number.NaN;
    const [lo, hi] = edges(b);
    return {
      lo,
      hi,
      n: count,
      meanPred,
      observedRate,
      gap: observedRate - meanPred,
      gapInterval: intervals[b] ?? null,
    };
  });
}

/** 90 % intervals of each bin's gap over `draws` resamples of whole games. */
function bootstrapIntervals(
  index: Int32Array,
  bins: number,
  forecasts: ScoredForecasts,
  draws: number,
  seed: number,
): ([number, number] | null)[] {
  if (draws <= 0) return [];
  const rowsByGame = new Map<string, number[]>();
  forecasts.gameIds.forEach((g, i) => {
    let rows = rowsByGame.get(g);
    if (!rows) {
      rows = [];
      rowsByGame.set(g, rows);
    }
    rows.push(i);
  });
  const games = [...rowsByGame.values()];
  const random = seededRandom(seed);
  const gaps: number[][] = Array.from({ length: bins }, () => []);
  const n = new Float64Array(bins);
  const sum = new Float64Array(bins);
  for (let d = 0; d < draws; d++) {
    n.fill(0);
    sum.fill(0);
    for (let g = 0; g < games.length; g++) {
      for (const i of games[Math.floor(random() * games.length)] as number[]) {
        const b = index[i] as number;
        n[b] = (n[b] as number) + 1;
        sum[b] = (sum[b] as number) + (forecasts.outcomes[i] as number) - (forecasts.preds[i] as number);
      }
    }
    for (let b = 0; b < bins; b++)
      if ((n[b] as number) > 0) gaps[b]?.push((sum[b] as number) / (n[b] as number));
  }
  return gaps.map((g) => {
    if (g.length === 0) return null;
    g.sort((x, y) => x - y);
    return [
      g[Math.floor(0.05 * g.length)] as number,
      g[Math.min(g.length - 1, Math.floor(0.95 * g.length))] as number,
    ];
  });
}

const maxAbsGap = (bins: readonly ReportBin[]) =>
  bins.reduce((m, b) => (Number.isFinite(b.gap) ? Math.max(m, Math.abs(b.gap)) : m), 0);

export function forecastReport(
  forecasts: ScoredForecasts,
  options: { bins?: number; bootstrapDraws?: number; seed?: number } = {},
): ForecastReport {
  const { preds, baselinePreds, outcomes } = forecasts;
  const bins = options.bins ?? 10;
  const draws = options.bootstrapDraws ?? 0;
  const seed = options.seed ?? 2020;
  const width = binIndexByWidth(preds, bins);
  const ranked = binIndexByRank(preds, bins);
  // calibrationTable is the shared definition of the width bins; the report adds gaps and intervals.
  const table = calibrationTable(preds, outcomes, bins);
  const widthBins = binsFrom(
    width,
    bins,
    (b) => [table[b]?.lo ?? 0, table[b]?.hi ?? 0],
    forecasts,
    bootstrapIntervals(width, bins, forecasts, draws, seed),
  );
  const decileBins = binsFrom(
    ranked.index,
    bins,
    (b) => [ranked.edges[b] ?? 0, ranked.edges[b + 1] ?? 0],
    forecasts,
    bootstrapIntervals(ranked.index, bins, forecasts, draws, seed),
  );
  return {
    rows: preds.length,
    games: new Set(forecasts.gameIds).size,
    model: { brier: brierScore(preds, outcomes), logLoss: logLoss(preds, outcomes) },
    baseline: { brier: brierScore(baselinePreds, outcomes), logLoss: logLoss(baselinePreds, outcomes) },
    bins: widthBins,
    deciles: decileBins,
    maxBinGap: maxAbsGap(widthBins),
    maxDecileGap: maxAbsGap(decileBins),
    bootstrapDraws: draws,
  };
}
