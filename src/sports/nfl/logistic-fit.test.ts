import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, sigmoid, solveSymmetricPositiveDefinite } from './logistic-fit.js';

describe('solveSymmetricPositiveDefinite', () => {
  it('solves a 2x2 system', () => {
    // [4 2; 2 3] x = [2; 5]  ->  x = [-0.5, 2]
    const x = solveSymmetricPositiveDefinite(new Float64Array([4, 2, 2, 3]), new Float64Array([2, 5]), 2);
    expect(x[0]).toBeCloseTo(-0.5, 12);
    expect(x[1]).toBeCloseTo(2, 12);
  });

  it('refuses a singular matrix', () => {
    expect(() =>
      solveSymmetricPositiveDefinite(new Float64Array([1, 1, 1, 1]), new Float64Array([1, 1]), 2),
    ).toThrow('not positive definite');
  });
});

describe('fitLogisticRegression', () => {
  it('recovers known coefficients from exact probability labels', () => {
    // With labels equal to the true probabilities the likelihood peaks exactly at the true beta.
    const truth = [-0.4, 1.3, -0.7];
    const n = 200;
    const x = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = Math.sin(i * 1.7) * 2;
      const b = Math.cos(i * 0.61) * 3;
      x.set([1, a, b], i * 3);
      y[i] = sigmoid(truth[0]! + truth[1]! * a + truth[2]! * b);
    }
    const beta = fitLogisticRegression({ x, y, features: 3 });
    for (const [j, t] of truth.entries()) expect(beta[j]).toBeCloseTo(t, 8);
  });

  it('keeps separable data finite with a ridge and shrinks toward zero', () => {
    const x = new Float64Array([1, -1, 1, -2, 1, 1, 1, 2]);
    const y = new Float64Array([0, 0, 1, 1]);
    const beta = fitLogisticRegression({ x, y, features: 2, ridge: 1 });
    expect(Number.isFinite(beta[1]!)).toBe(true);
    expect(beta[1]!).toBeGreaterThan(0.5);
    const stronger = fitLogisticRegression({ x, y, features: 2, ridge: 10 });
    expect(stronger[1]!).toBeLessThan(beta[1]!);
  });

  it('checks the matrix shape', () => {
    expect(() =>
      fitLogisticRegression({ x: new Float64Array(5), y: new Float64Array(2), features: 2 }),
    ).toThrow('design matrix has 5 cells, expected 4');
  });
});
