/**
 * Logistic regression by Newton-Raphson (iteratively reweighted least squares), for fitting the
 * win-probability model offline. Plain TypeScript, no dependencies; pure.
 */

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export interface LogisticFitInput {
  /** Row-major design matrix, rows x features. Column 0 is taken to be the intercept. */
  x: Float64Array;
  /** Labels in [0, 1]; fractional labels (a tie as 0.5) are allowed. */
  y: Float64Array;
  features: number;
  /** L2 penalty on every coefficient except the intercept (column 0). */
  ridge?: number;
  maxIterations?: number;
}

/** Solves A x = b for a symmetric positive definite A (k x k, row-major) by Cholesky. */
export function solveSymmetricPositiveDefinite(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j] as number;
      for (let m = 0; m < j; m++) s -= (l[i * k + m] as number) * (l[j * k + m] as number);
      if (i === j) {
        if (!(s > 0)) throw new Error(`matrix is not positive definite (pivot ${i})`);
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / (l[j * k + j] as number);
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i] as number;
    for (let m = 0; m < i; m++) s -= (l[i * k + m] as number) * (y[m] as number);
    y[i] = s / (l[i * k + i] as number);
  }
  const out = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let m = i + 1; m < k; m++) s -= (l[m * k + i] as number) * (out[m] as number);
    out[i] = s / (l[i * k + i] as number);
  }
  return out;
}

/** Penalised negative log-likelihood of `beta`. */
export function logisticObjective(input: LogisticFitInput, beta: Float64Array): number {
  const { x, y, features: k } = input;
  const ridge = input.ridge ?? 0;
  let nll = 0;
  for (let i = 0; i < y.length; i++) {
    let z = 0;
    for (let j = 0; j < k; j++) z += (x[i * k + j] as number) * (beta[j] as number);
    // log(1 + e^z) - y z, written to stay finite for large |z|
    nll += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (y[i] as number) * z;
  }
  for (let j = 1; j < k; j++) nll += 0.5 * ridge * (beta[j] as number) ** 2;
  return nll;
}

/** Maximum-likelihood coefficients. Newton steps are halved until the objective goes down. */
export function fitLogisticRegression(input: LogisticFitInput): Float64Array {
  const { x, y, features: k } = input;
  const ridge = input.ridge ?? 0;
  if (x.length !== y.length * k)
    throw new Error(`design matrix has ${x.length} cells, expected ${y.length * k}`);
  let beta = new Float64Array(k);
  let current = logisticObjective(input, beta);
  const grad = new Float64Array(k);
  const hess = new Float64Array(k * k);
  for (let iter = 0; iter < (input.maxIterations ?? 100); iter++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < y.length; i++) {
      const off = i * k;
      let z = 0;
      for (let j = 0; j < k; j++) z += (x[off + j] as number) * (beta[j] as number);
      const p = sigmoid(z);
      const residual = (y[i] as number) - p;
      const w = p * (1 - p);
      for (let a = 0; a < k; a++) {
        const xa = x[off + a] as number;
        if (xa === 0) continue; // most end-game features are 0 on most rows
        grad[a] = (grad[a] as number) + xa * residual;
        const wxa = w * xa;
        for (let b = 0; b <= a; b++)
          hess[a * k + b] = (hess[a * k + b] as number) + wxa * (x[off + b] as number);
      }
    }
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < a; b++) hess[b * k + a] = hess[a * k + b] as number;
      if (a > 0) {
        hess[a * k + a] = (hess[a * k + a] as number) + ridge;
        grad[a] = (grad[a] as number) - ridge * (beta[a] as number);
      }
    }
    const step = solveSymmetricPositiveDefinite(hess, grad, k);
    let scale = 1;
    let next = beta;
    let value = current;
    for (let halvings = 0; halvings < 30; halvings++) {
      next = beta.map((b, j) => b + scale * (step[j] as number));
      value = logisticObjective(input, next);
      if (value <= current + 1e-9 * Math.max(1, Math.abs(current))) break;
      scale /= 2;
    }
    let moved = 0;
    for (let j = 0; j < k; j++) moved = Math.max(moved, Math.abs((step[j] as number) * scale));
    beta = next;
    current = value;
    if (moved < 1e-10) break;
  }
  return beta;
}
