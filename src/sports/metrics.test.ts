import { describe, expect, it } from 'vitest';
import { brierScore, calibrationTable, logLoss } from './metrics.js';

describe('brierScore', () => {
  it('is the mean squared error', () => {
    // (0.8-1)^2 + (0.3-0)^2 + (0.5-1)^2 = 0.04 + 0.09 + 0.25 = 0.38, / 3
    expect(brierScore([0.8, 0.3, 0.5], [1, 0, 1])).toBeCloseTo(0.38 / 3, 12);
    expect(brierScore([1, 0], [1, 0])).toBe(0);
    expect(brierScore([0.5, 0.5], [1, 0])).toBe(0.25);
  });

  it('honours weights and refuses mismatched input', () => {
    // weights 3 and 1: (3*0.04 + 1*0.09) / 4 = 0.0525
    expect(brierScore([0.8, 0.3], [1, 0], [3, 1])).toBeCloseTo(0.0525, 12);
    expect(() => brierScore([0.5], [1, 0])).toThrow('differ in length');
    expect(() => brierScore([], [])).toThrow('no forecasts');
  });
});

describe('logLoss', () => {
  it('is the mean negative log-likelihood', () => {
    // -(ln 0.8 + ln 0.7) / 2 = (0.2231436 + 0.3566749) / 2 = 0.2899092
    expect(logLoss([0.8, 0.3], [1, 0])).toBeCloseTo(0.2899092, 6);
    expect(logLoss([0.5], [1])).toBeCloseTo(Math.LN2, 12);
    // A half outcome (a tie) costs -(0.5 ln p + 0.5 ln(1-p)).
    expect(logLoss([0.5], [0.5])).toBeCloseTo(Math.LN2, 12);
  });

  it('clips certain misses to a finite cost', () => {
    expect(logLoss([0], [1], { eps: 1e-3 })).toBeCloseTo(-Math.log(1e-3), 12);
    expect(Number.isFinite(logLoss([1], [0]))).toBe(true);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 1);
  });
});

describe('calibrationTable', () => {
  it('bins by predicted probability with edges closed on the left', () => {
    const table = calibrationTable([0.05, 0.15, 0.1, 0.95, 1, 0.99], [0, 1, 0, 1, 1, 0], 10);
    expect(table).toHaveLength(10);
    expect(table[0]).toEqual({ lo: 0, hi: 0.1, n: 1, meanPred: 0.05, observedRate: 0 });
    expect(table[1]!.n).toBe(2);
    expect(table[1]!.meanPred).toBeCloseTo(0.125, 12);
    expect(table[1]!.observedRate).toBe(0.5);
    expect(table[9]!.n).toBe(3); // 0.95, 1 (closed at the top) and 0.99
    expect(table[9]!.observedRate).toBeCloseTo(2 / 3, 12);
    expect(table[5]!.n).toBe(0);
    expect(table[5]!.meanPred).toBeNaN();
  });

  it('supports other bin counts', () => {
    const table = calibrationTable([0.2, 0.7], [0, 1], 2);
    expect(table.map((b) => [b.lo, b.hi, b.n, b.observedRate])).toEqual([
      [0, 0.5, 1, 0],
      [0.5, 1, 1, 1],
    ]);
  });
});
