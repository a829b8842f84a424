/** The few distributions the win-probability models need, written for speed and symmetry. */

/**
 * Standard normal CDF. Abramowitz & Stegun 7.1.26 for erf (absolute error below 1.5e-7),
 * mirrored so that normalCdf(-x) === 1 - normalCdf(x) exactly: the models' symmetry under
 * swapping teams rests on it.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const upperTail = 0.5 * poly * Math.exp(-z * z); // P(Z > |x|)
  return x >= 0 ? 1 - upperTail : upperTail;
}

/**
 * A whole-point margin modelled as Normal(mean, sd^2): the probabilities that it ends above
 * +0.5 (a home win), between -0.5 and +0.5 (a tie) and below -0.5 (an away win). With sd 0 the
 * margin is exactly `mean`.
 */
export function marginOutcome(mean: number, sd: number): { win: number; tie: number; loss: number } {
  if (sd < 1e-9) {
    if (mean >= 0.5) return { win: 1, tie: 0, loss: 0 };
    return mean <= -0.5 ? { win: 0, tie: 0, loss: 1 } : { win: 0, tie: 1, loss: 0 };
  }
  const win = 1 - normalCdf((0.5 - mean) / sd);
  const loss = normalCdf((-0.5 - mean) / sd);
  return { win, tie: Math.max(0, 1 - win - loss), loss };
}

/** Largest count a score distribution tracks; the mass beyond is added to the last cell. */
export const MAX_COUNT = 40;

/**
 * Poisson probabilities P(N = k), k = 0..MAX_COUNT, written into `out` (length MAX_COUNT + 1);
 * the tail beyond the last cell is folded into it so the cells sum to 1. Returns the last
 * index with mass worth keeping, so convolutions can stop there.
 */
export function poissonInto(mean: number, out: Float64Array): number {
  out.fill(0);
  if (!(mean > 0)) {
    out[0] = 1;
    return 0;
  }
  let p = Math.exp(-mean);
  let sum = p;
  out[0] = p;
  let last = 0;
  for (let k = 1; k <= MAX_COUNT; k++) {
    p = (p * mean) / k;
    out[k] = p;
    sum += p;
    last = k;
    if (k > mean && p < 1e-13) break;
  }
  out[last] = (out[last] as number) + Math.max(0, 1 - sum);
  return last;
}

/**
 * P(X > Y), P(X = Y), P(X < Y) for independent counts X and Y with the given probabilities
 * (X has `xLast + 1` cells, Y `yLast + 1`), after shifting X by `lead` (X + lead against Y).
 */
export function compareCounts(
  x: Float64Array,
  xLast: number,
  y: Float64Array,
  yLast: number,
  lead: number,
): { greater: number; equal: number; less: number } {
  // P(Y <= k) once, so each X cell costs O(1).
  let running = 0;
  for (let k = 0; k <= yLast; k++) {
    running += y[k] as number;
    cumulative[k] = running;
  }
  let greater = 0;
  let equal = 0;
  for (let i = 0; i <= xLast; i++) {
    const px = x[i] as number;
    if (px === 0) continue;
    const target = i + lead; // X + lead against Y
    if (target > 0) greater += px * (cumulative[Math.min(yLast, target - 1)] as number);
    if (target >= 0 && target <= yLast) equal += px * (y[target] as number);
  }
  const less = Math.max(0, 1 - greater - equal);
  return { greater, equal, less };
}

const cumulative = new Float64Array(MAX_COUNT + 1);

/** Root of an increasing function on [lo, hi] by bisection (f(lo) <= 0 <= f(hi) assumed; clamps otherwise). */
export function bisect(f: (x: number) => number, lo: number, hi: number, iterations = 50): number {
  let a = lo;
  let b = hi;
  if (f(a) >= 0) return a;
  if (f(b) <= 0) return b;
  for (let i = 0; i < iterations; i++) {
    const mid = 0.5 * (a + b);
    if (f(mid) < 0) a = mid;
    else b = mid;
  }
  return 0.5 * (a + b);
}
