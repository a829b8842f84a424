import { describe, expect, it } from 'vitest';
import { type GameOutcome, runStatistics } from './game-statistics.js';

const BANKROLL = 10_000_000_000; // $10,000 in micro-dollars

const game = (gameId: string, day: string, positionPnls: number[]): GameOutcome => ({
  gameId,
  day,
  positionPnls,
});

describe('runStatistics (percentile bootstrap over games)', () => {
  it('gives a zero-width interval when every game is the same', () => {
    const games = Array.from({ length: 10 }, (_, i) =>
      game(`g${i}`, `2020-12-${10 + i}`, [3_000_000, -1_000_000]),
    );
    const s = runStatistics(games, { seed: 42, startingBankroll: BANKROLL });
    expect(s.pnlAfterFeesMicros).toEqual({ value: 20_000_000, low: 20_000_000, high: 20_000_000 });
    expect(s.returnPct).toEqual({ value: 0.2, low: 0.2, high: 0.2 });
    expect(s.winRatePct).toEqual({ value: 50, low: 50, high: 50 });
    // Each game alone falls $1 from its peak; games net +$2 each, so no fall spans two games.
    expect(s.maxDrawdownMicros).toEqual({ value: 1_000_000, low: 1_000_000, high: 1_000_000 });
    // Every day earns the same: no spread, no ratio.
    expect(s.sharpePerDay).toEqual({ value: null, low: null, high: null });
    expect(s.pnlVerdict).toBe('above-zero');
    expect(s.games).toBe(10);
    expect(s.gamesTraded).toBe(10);
    expect(s.days).toBe(10);
  });

  it('centres a symmetric run on zero and says it cannot tell it from no edge', () => {
    const games = Array.from({ length: 40 }, (_, i) =>
      game(`g${i}`, `2021-01-${String(1 + (i % 20)).padStart(2, '0')}`, [
        i % 2 === 0 ? 5_000_000 : -5_000_000,
      ]),
    );
    const s = runStatistics(games, { seed: 7, startingBankroll: BANKROLL });
    const pnl = s.pnlAfterFeesMicros;
    expect(pnl.value).toBe(0);
    expect(pnl.low).toBeLessThan(0);
    expect(pnl.high).toBeGreaterThan(0);
    // Symmetric draws: the bounds mirror each other to within one game's step ($10 each way).
    expect(Math.abs((pnl.low as number) + (pnl.high as number))).toBeLessThanOrEqual(10_000_000);
    expect(Number.isInteger(pnl.low)).toBe(true);
    expect(Number.isInteger(pnl.high)).toBe(true);
    expect(s.winRatePct.value).toBe(50);
    expect(s.winRatePct.low).toBeLessThan(50);
    expect(s.winRatePct.high).toBeGreaterThan(50);
    expect(s.pnlVerdict).toBe('includes-zero');
    expect(s.pnlSentence).toBe(
      'the 95% interval of P&L after fees includes zero: this run cannot tell this strategy from no edge',
    );
    expect(s.sharpePerDay.low).toBeLessThan(0);
    expect(s.sharpePerDay.high).toBeGreaterThan(0);
  });

  it('says so when the whole interval lies below zero', () => {
    const games = Array.from({ length: 20 }, (_, i) =>
      game(`g${i}`, '2021-01-02', [-2_000_000 - i * 10_000]),
    );
    const s = runStatistics(games, { seed: 1, startingBankroll: BANKROLL });
    expect(s.pnlVerdict).toBe('below-zero');
    expect(s.pnlAfterFeesMicros.high).toBeLessThan(0);
    expect(s.pnlSentence).toContain('lies below zero over 20 games');
    // All on one day: a ratio needs two days at least.
    expect(s.sharpePerDay.value).toBeNull();
  });

  it('draws the same resamples from the same seed, and others from another', () => {
    const games = Array.from({ length: 15 }, (_, i) =>
      game(`g${i}`, `2021-01-0${1 + (i % 5)}`, [
        ((i * 7919) % 13) * 1_000_000 - 6_000_000,
        (i % 3) * 500_000,
      ]),
    );
    const a = runStatistics(games, { seed: 42, startingBankroll: BANKROLL });
    const b = runStatistics(games, { seed: 42, startingBankroll: BANKROLL });
    const c = runStatistics(games, { seed: 43, startingBankroll: BANKROLL });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    expect(a.pnlAfterFeesMicros.value).toBe(c.pnlAfterFeesMicros.value);
  });

  it('measures the drawdown across games in the order played', () => {
    // Up $5, then down $3 and $4 in the next games: a $7 fall from the $5 peak.
    const games = [
      game('a', '2021-01-01', [5_000_000]),
      game('b', '2021-01-02', [-1_000_000, -2_000_000]),
      game('c', '2021-01-03', [-4_000_000, 1_000_000]),
    ];
    const s = runStatistics(games, { seed: 3, startingBankroll: BANKROLL, resamples: 200 });
    expect(s.maxDrawdownMicros.value).toBe(7_000_000);
    expect(s.pnlAfterFeesMicros.value).toBe(-1_000_000);
    // The worst order puts all the losses together ($7) or repeats c and b (larger still).
    expect(s.maxDrawdownMicros.high).toBeGreaterThanOrEqual(7_000_000);
    expect(s.maxDrawdownMicros.low).toBeGreaterThanOrEqual(0);
  });

  it('takes the Sharpe-like ratio over days, each day with all its games', () => {
    // Days earn $1 (two games) and $3 (one game): mean 2 over sd sqrt(2).
    const games = [
      game('a', '2021-01-01', [2_000_000]),
      game('b', '2021-01-01', [-1_000_000]),
      game('c', '2021-01-02', [3_000_000]),
    ];
    const s = runStatistics(games, { seed: 5, startingBankroll: BANKROLL });
    expect(s.days).toBe(2);
    expect(s.sharpePerDay.value).toBe(Number(Math.SQRT2.toFixed(3)));
    // Resampled days: both days alike has no spread (dropped); one of each gives 1.414 again.
    expect(s.sharpePerDay.low).toBe(Number(Math.SQRT2.toFixed(3)));
    expect(s.sharpePerDay.high).toBe(Number(Math.SQRT2.toFixed(3)));
  });

  it('counts untraded games as zero and has no win rate without positions', () => {
    const s = runStatistics([game('a', '2021-01-01', []), game('b', '2021-01-02', [])], {
      seed: 9,
      startingBankroll: BANKROLL,
    });
    expect(s.games).toBe(2);
    expect(s.gamesTraded).toBe(0);
    expect(s.pnlAfterFeesMicros).toEqual({ value: 0, low: 0, high: 0 });
    expect(s.winRatePct).toEqual({ value: null, low: null, high: null });
    expect(s.pnlVerdict).toBe('includes-zero');
  });

  it('has no interval without games, and refuses a meaningless level or count', () => {
    const s = runStatistics([], { seed: 1, startingBankroll: BANKROLL });
    expect(s.pnlVerdict).toBe('no-games');
    expect(s.pnlAfterFeesMicros).toEqual({ value: null, low: null, high: null });
    expect(() => runStatistics([], { seed: 1, startingBankroll: BANKROLL, levelPct: 100 })).toThrow(
      /levelPct/,
    );
    expect(() => runStatistics([], { seed: 1, startingBankroll: BANKROLL, resamples: 0 })).toThrow(
      /resamples/,
    );
  });
});
