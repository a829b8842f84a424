import { describe, expect, it } from 'vitest';
import { forecastReport, seededRandom } from './calibration-report.js';
import { reliabilitySvg } from './reliability-plot.js';

/** Two games of four rows each; game a was won by the home team, game b lost. */
const forecasts = {
  preds: [0.05, 0.15, 0.55, 0.95, 0.05, 0.45, 0.65, 0.85],
  baselinePreds: [0.6, 0.6, 0.6, 0.6, 0.4, 0.4, 0.4, 0.4],
  outcomes: [1, 1, 1, 1, 0, 0, 0, 0],
  gameIds: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
};

describe('forecastReport', () => {
  const r = forecastReport(forecasts, { bootstrapDraws: 200 });

  it('scores the model and the baseline', () => {
    expect(r.rows).toBe(8);
    expect(r.games).toBe(2);
    // Baseline: every row misses by 0.4 -> Brier 0.16.
    expect(r.baseline.brier).toBeCloseTo(0.16, 12);
    const brier = [0.95, 0.85, 0.45, 0.05, 0.05, 0.45, 0.65, 0.85].reduce((s, d) => s + d * d, 0) / 8;
    expect(r.model.brier).toBeCloseTo(brier, 12);
  });

  it('bins by width and by rank, with the gap of each', () => {
    const first = r.bins[0]!;
    expect(first).toMatchObject({ lo: 0, hi: 0.1, n: 2, meanPred: 0.05, observedRate: 0.5 });
    expect(first.gap).toBeCloseTo(0.45, 12);
    expect(r.bins[2]!.n).toBe(0);
    expect(Number.isNaN(r.bins[2]!.gap)).toBe(true);
    expect(r.deciles.reduce((s, d) => s + d.n, 0)).toBe(8);
    expect(r.maxBinGap).toBeCloseTo(0.85, 12); // [0.1, 0.2): 0.15 predicted, 1 observed
  });

  it('resamples whole games, reproducibly', () => {
    // With two games each bin's gap can only take a few values; the interval holds the observed one.
    const bin = r.bins[0]!;
    expect(bin.gapInterval![0]).toBeLessThanOrEqual(bin.gap);
    expect(bin.gapInterval![1]).toBeGreaterThanOrEqual(bin.gap);
    expect(forecastReport(forecasts, { bootstrapDraws: 200 })).toEqual(r);
    expect(forecastReport(forecasts).bins[0]!.gapInterval).toBeNull();
  });

  it('draws a reliability diagram with one mark per non-empty bin and decile', () => {
    const svg = reliabilitySvg(r, 'test <plot>');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('test &lt;plot&gt;');
    const circles = svg.match(/<circle /g)?.length ?? 0;
    expect(circles).toBe(r.bins.filter((b) => b.n > 0).length + 1); // + the legend's
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
