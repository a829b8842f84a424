/**
 * Kelly sizing for a binary contract. Buying at all-in cost c (price + fee) a contract that pays
 * $1 with probability p: the growth-optimal fraction of bankroll is f* = (p - c) / (1 - c).
 */
import { PPM, type Ppm } from '../core/money.js';

/** Full-Kelly fraction of bankroll, ppm; 0 when there is no edge. */
export function kellyFractionPpm(opts: { prob: Ppm; allInCost: number }): Ppm {
  const c = opts.allInCost;
  if (c <= 0 || c >= PPM) return 0 as Ppm;
  const f = ((opts.prob - c) * PPM) / (PPM - c);
  return Math.max(0, Math.floor(f)) as Ppm;
}
