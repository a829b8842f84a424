import { describe, expect, it } from 'vitest';
import {
  expandGrid,
  objectiveNamed,
  parseGameSelection,
  parseSweepAxes,
  rankBy,
  type SweepMetrics,
  walkForwardWindows,
} from './plan.js';

const metrics = (pnl: number, drawdown = 1): SweepMetrics => ({
  games: 1,
  pnlAfterFeesMicros: pnl,
  feesMicros: 0,
  returnPct: 0,
  sharpePerDay: null,
  winRatePct: null,
  maxDrawdownPct: drawdown,
  fills: 0,
  positionsSettled: 0,
});

describe('sweep plan', () => {
  it('expands the grid as a cartesian product, first axis slowest', () => {
    const { axes, problems } = parseSweepAxes(['A=1,2', 'B=x,y,z'], ['A', 'B']);
    expect(problems).toEqual([]);
    const grid = expandGrid(axes);
    expect(grid).toHaveLength(6);
    expect(grid.map((p) => `${p.params.A}${p.params.B}`)).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
    expect(grid.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('names every malformed axis', () => {
    const { problems } = parseSweepAxes(['A=1,,2', 'A=3', 'C=1', 'B', 'B=1,1'], ['A', 'B']);
    expect(problems).toEqual([
      '--sweep A: an empty value in "1,,2"',
      '--sweep C: unknown setting (see `arbees config`)',
      '--sweep B: expected KEY=v1,v2,...',
      '--sweep B: a value is listed twice',
    ]);
  });

  it('ranks best first by the objective, failures last, ties in grid order', () => {
    const rows = [
      { pointIndex: 0, m: metrics(5, 3) },
      { pointIndex: 1, m: null },
      { pointIndex: 2, m: metrics(9, 1) },
      { pointIndex: 3, m: metrics(5, 2) },
    ];
    expect(rankBy(rows, objectiveNamed('pnl'), (r) => r.m).map((r) => r.pointIndex)).toEqual([2, 0, 3, 1]);
    expect(rankBy(rows, objectiveNamed('drawdown'), (r) => r.m).map((r) => r.pointIndex)).toEqual([
      2, 3, 0, 1,
    ]);
    // No win rate anywhere: no figure, grid order.
    expect(rankBy(rows, objectiveNamed('win-rate'), (r) => r.m).map((r) => r.pointIndex)).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('rolls walk-forward windows by the test length, tests after training', () => {
    expect(walkForwardWindows(10, 4, 3)).toEqual([
      { index: 0, train: { start: 0, end: 4 }, test: { start: 4, end: 7 } },
      { index: 1, train: { start: 3, end: 7 }, test: { start: 7, end: 10 } },
    ]);
    expect(walkForwardWindows(3, 1, 1)).toHaveLength(2);
    expect(() => walkForwardWindows(3, 2, 2)).toThrow(/need more than the 3 games/);
    expect(() => walkForwardWindows(10, 0, 2)).toThrow(/--train/);
  });

  it('reads games, days and day ranges', () => {
    expect(parseGameSelection('--train', 'nfl, 2020_17_MIA_BUF')).toEqual({
      kind: 'games',
      ids: ['nfl', '2020_17_MIA_BUF'],
    });
    expect(parseGameSelection('--test', '2021-01-03')).toEqual({
      kind: 'dates',
      from: '2021-01-03',
      to: '2021-01-03',
    });
    expect(parseGameSelection('--test', '2021-01-09..')).toEqual({ kind: 'dates', from: '2021-01-09' });
    expect(() => parseGameSelection('--test', '2021-1-9..x')).toThrow(/date range/);
  });
});
