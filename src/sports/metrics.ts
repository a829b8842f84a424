/**
 * Scores for probability forecasts of binary outcomes (1 = the event happened, 0 = it did not;
 * 0.5 is allowed for a draw counted as half). Pure, no allocation beyond the result.
 */

export interface ForecastArgs {
  preds: ArrayLike<number>;
  outcomes: ArrayLike<number>;
  /** Optional per-row weights (default 1). */
  weights?: ArrayLike<number>;
}

function checkLengths(preds: ArrayLike<number>, outcomes: ArrayLike<number>, weights?: ArrayLike<number>) {
  if (preds.length !== outcomes.length || (weights && weights.length !== preds.length)) {
    throw new Error(
      `forecast arrays differ in length: ${preds.length} predictions, ${outcomes.length} outcomes` +
        (weights ? `, ${weights.length} weights` : ''),
    );
  }
  if (preds.length === 0) throw new Error('no forecasts to score');
}

/** Mean squared error of the probabilities; 0 is perfect, 0.25 is a constant coin flip. */
export function brierScore(
  preds: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  weights?: ArrayLike<number>,
) {
  checkLengths(preds, outcomes, weights);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < preds.length; i++) {
    const w = weights ? (weights[i] as number) : 1;
    const d = (preds[i] as number) - (outcomes[i] as number);
    sum += w * d * d;
    total += w;
  }
  return sum / total;
}

/**
 * Mean negative log-likelihood in nats. Predictions are clipped to [eps, 1-eps] first, so one
 * confident miss costs a large but finite amount instead of Infinity.
 */
export function logLoss(
  preds: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: { eps?: number; weights?: ArrayLike<number> } = {},
) {
  const eps = options.eps ?? 1e-15;
  const weights = options.weights;
  checkLengths(preds, outcomes, weights);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < preds.length; i++) {
    const w = weights ? (weights[i] as number) : 1;
    const p = Math.min(1 - eps, Math.max(eps, preds[i] as number));
    const y = outcomes[i] as number;
    sum -= w * (y * Math.log(p) + (1 - y) * Math.log(1 - p));
    total += w;
  }
  return sum / total;
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  n: number;
  /** NaN when the bin is empty. */
  meanPred: number;
  observedRate: number;
}

/**
 * Groups forecasts into `bins` equal-width bins of predicted probability ([0,0.1), [0.1,0.2), …,
 * the last one closed at 1) and compares the mean forecast with the observed rate in each.
 */
export function calibrationTable(
  preds: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  checkLengths(preds, outcomes);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer, got ${bins}`);
  const n = new Array<number>(bins).fill(0);
  const sumPred = new Array<number>(bins).fill(0);
  const sumOutcome = new Array<number>(bins).fill(0);
  for (let i = 0; i < preds.length; i++) {
    const p = preds[i] as number;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    n[b] = (n[b] as number) + 1;
    sumPred[b] = (sumPred[b] as number) + p;
    sumOutcome[b] = (sumOutcome[b] as number) + (outcomes[i] as number);
  }
  return n.map((count, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    n: count,
    meanPred: count > 0 ? (sumPred[b] as number) / count : Number.NaN,
    observedRate: count > 0 ? (sumOutcome[b] as number) / count : Number.NaN,
  }));
}
