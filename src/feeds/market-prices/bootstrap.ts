/**
 * Bootstrap over games for ratio statistics (a mean over rows of many games is sum / count per
 * game): games are resampled, never rows, because the minutes of one game share its result and
 * move together. Seeded, so a report is the same on every run. Pure.
 */
import { seededRandom } from '../../sports/calibration-report.js';

export type Interval = readonly [number, number];

/** Per-game sums and counts of one statistic. */
export interface PerGame {
  readonly sum: Float64Array;
  readonly count: Float64Array;
}

export function perGame(games: number): PerGame {
  return { sum: new Float64Array(games), count: new Float64Array(games) };
}

/** Adds one row of value `v` to game `g`. */
export function addRow(p: PerGame, g: number, v: number): void {
  p.sum[g] = p.sum[g]! + v;
  p.count[g] = p.count[g]! + 1;
}

export function ratio(p: PerGame): number {
  let s = 0;
  let n = 0;
  for (let g = 0; g < p.sum.length; g++) {
    s += p.sum[g]!;
    n += p.count[g]!;
  }
  return n > 0 ? s / n : Number.NaN;
}

/** Games that contribute at least one row. */
export function gamesWithRows(p: PerGame): number {
  let n = 0;
  for (const c of p.count) if (c > 0) n += 1;
  return n;
}

/** Central `level` interval of sum/count over `draws` resamples of the games (percentile method). */
export function bootstrapRatio(
  p: PerGame,
  opts: { draws: number; seed: number; level?: number },
): Interval | null {
  const games: number[] = [];
  for (let g = 0; g < p.count.length; g++) if (p.count[g]! > 0) games.push(g);
  if (opts.draws <= 0 || games.length < 2) return null;
  const random = seededRandom(opts.seed);
  const stats = new Float64Array(opts.draws);
  for (let d = 0; d < opts.draws; d++) {
    let s = 0;
    let n = 0;
    for (let k = 0; k < games.length; k++) {
      const g = games[Math.floor(random() * games.length)]!;
      s += p.sum[g]!;
      n += p.count[g]!;
    }
    stats[d] = s / n;
  }
  stats.sort();
  const tail = (1 - (opts.level ?? 0.95)) / 2;
  const at = (q: number) => stats[Math.min(opts.draws - 1, Math.max(0, Math.floor(q * opts.draws)))]!;
  return [at(tail), at(1 - tail)];
}
