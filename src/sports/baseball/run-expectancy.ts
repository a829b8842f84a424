/**
 * The published base-out run-expectancy table the plate-appearance chain is checked against,
 * and small helpers for run distributions.
 *
 * Expected runs to the end of the inning and the probability of scoring at least once, from
 * every MLB game of 1984-1994 (Project Scoresheet / Baseball Workshop play-by-play, courtesy
 * David Nichols, as published by Harold Brooks). Later tables (Tango's 1999-2002, FanGraphs'
 * recent seasons) keep the shape; the level moves with the run environment.
 */
import { MAX_COUNT } from '../distributions.js';

/** Bases as bits: 1 = runner on first, 2 = on second, 4 = on third. */
export type BaseState = number;

export function baseState(onFirst: boolean, onSecond: boolean, onThird: boolean): BaseState {
  return (onFirst ? 1 : 0) | (onSecond ? 2 : 0) | (onThird ? 4 : 0);
}

/** [expected runs, P(at least one run)] by outs (0-2), then base state 0-7. */
export const PUBLISHED_RUN_EXPECTANCY_1984_1994: readonly (readonly (readonly [number, number])[])[] = [
  // empty, 1st, 2nd, 1st+2nd, 3rd, 1st+3rd, 2nd+3rd, loaded
  [
    [0.49, 0.275],
    [0.88, 0.435],
    [1.13, 0.633],
    [1.5, 0.636],
    [1.37, 0.837],
    [1.75, 0.87],
    [1.98, 0.86],
    [2.37, 0.882],
  ],
  [
    [0.26, 0.159],
    [0.52, 0.276],
    [0.69, 0.414],
    [0.92, 0.425],
    [0.96, 0.667],
    [1.17, 0.653],
    [1.4, 0.686],
    [1.57, 0.678],
  ],
  [
    [0.1, 0.067],
    [0.23, 0.128],
    [0.33, 0.224],
    [0.44, 0.231],
    [0.38, 0.275],
    [0.5, 0.286],
    [0.61, 0.277],
    [0.76, 0.321],
  ],
];

/**
 * out = distribution of a + b, truncated at MAX_COUNT with the tail in the last cell. Returns
 * the last cell worth keeping: trailing cells below 1e-15 are dropped (with the mass they hold,
 * at most a few 1e-14), which keeps later convolutions short.
 */
export function convolve(
  a: Float64Array,
  aLast: number,
  b: Float64Array,
  bLast: number,
  out: Float64Array,
): number {
  out.fill(0);
  const last = Math.min(MAX_COUNT, aLast + bLast);
  for (let i = 0; i <= aLast; i++) {
    const pa = a[i] as number;
    if (pa === 0) continue;
    for (let j = 0; j <= bLast; j++) {
      const idx = Math.min(last, i + j);
      out[idx] = (out[idx] as number) + pa * (b[j] as number);
    }
  }
  let keep = last;
  while (keep > 0 && (out[keep] as number) < 1e-15) keep--;
  return keep;
}
