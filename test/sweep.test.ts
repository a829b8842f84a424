/**
 * `arbees backtest --sweep`: a 2×2 grid on a train/test split of short bundled games, on worker
 * threads, ranked by the training P&L with the test result beside it, stored, exported, and the
 * same table from the same sweep; bad keys and values refused before any backtest; a point that
 * fails (an error in its job, or its worker dying) reported with its reason while the rest
 * completes; walk-forward windows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backtestCommand, planSweep } from '../src/cli/backtest-command.js';
import { UserError } from '../src/cli/errors.js';
import { openStore } from '../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'arbees-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const io = (out: string[]) => ({
  env: {},
  envFile: null,
  stdout: (t: string) => void out.push(t),
  stderr: () => {},
});

const GRID = {
  sweep: ['MIN_EDGE_PCT=2,4', 'KELLY_FRACTION=0.1,0.25'],
  train: '2020_17_MIA_BUF',
  test: '2020_16_MIN_NO',
};

describe('arbees backtest --sweep', () => {
  it('runs a 2×2 grid on train and test, ranks by train P&L, stores, exports, and repeats itself exactly', async () => {
    const csvA = join(dir, 'a.csv');
    const outA: string[] = [];
    const store = await openStore({ pglite: 'memory' });
    const code = await backtestCommand(
      { ...GRID, out: csvA, sweepId: 'grid-a', workers: '2' },
      { ...io(outA), store },
    );
    expect(code).toBe(0);
    const table = outA.join('');
    expect(table).toContain('The TEST columns are the out-of-sample result, and the one that counts');
    expect(table).toMatch(/Runs: 8 backtests, 0 failed/);

    const lines = readFileSync(csvA, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1 + 8);
    const head = (lines[0] ?? '').split(',');
    const col = (name: string) => head.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[col('status')]))).toEqual(new Set(['ok']));
    // Ranked by the training P&L: rank 1 has the highest; every point has a test row beside it.
    const train = rows.filter((r) => r[col('phase')] === 'train');
    const byRank = [...train].sort((a, b) => Number(a[col('train_rank')]) - Number(b[col('train_rank')]));
    const pnls = byRank.map((r) => Number(r[col('pnl_after_fees_micros')]));
    expect(pnls).toEqual([...pnls].sort((a, b) => b - a));
    expect(rows.filter((r) => r[col('phase')] === 'test')).toHaveLength(4);
    expect(new Set(train.map((r) => `${r[col('MIN_EDGE_PCT')]}/${r[col('KELLY_FRACTION')]}`)).size).toBe(4);
    // The grid changes the trading: not every point gives the same figures.
    expect(new Set(train.map((r) => r[col('fills')])).size).toBeGreaterThan(1);

    // Again, on one worker, exported as JSON: the same table, the same ranking.
    const jsonB = join(dir, 'b.json');
    const outB: string[] = [];
    await backtestCommand({ ...GRID, out: jsonB, sweepId: 'grid-b', workers: '1' }, { ...io(outB), store });
    expect(outB.join('')).toBe(table);
    const json = JSON.parse(readFileSync(jsonB, 'utf8'));
    expect(json.objective).toBe('pnl');
    expect(json.windows[0].points.map((p: { pointIndex: number }) => p.pointIndex)).toEqual(
      byRank.map((r) => Number(r[col('point')])),
    );
    expect(json.windows[0].points.every((p: { test: { ok: boolean } }) => p.test.ok)).toBe(true);

    // Stored: both sweeps, every backtest row.
    try {
      const stored = await store.getSweep('grid-a');
      expect(stored?.rows).toHaveLength(8);
      expect(stored?.rows.every((r) => r.ok)).toBe(true);
      expect(stored?.sweep.spec).toMatchObject({ objective: 'pnl', train: GRID.train, test: GRID.test });
      expect((await store.getSweep('grid-b'))?.rows).toEqual(stored?.rows);
      expect(await store.getSweep('nope')).toBeNull();
    } finally {
      await store.close();
    }
  }, 180_000); // worker start-up (module load, an in-memory store) is most of it

  it('refuses a bad key, a bad value, an unsweepable key and overlapping games, naming them', () => {
    const plan = (flags: Record<string, unknown>) => () =>
      planSweep({ train: '2020_17_MIA_BUF', test: '2020_16_MIN_NO', ...flags }, { env: {}, envFile: null });
    expect(plan({ sweep: ['NOT_A_SETTING=1,2'] })).toThrow(/NOT_A_SETTING: unknown setting/);
    expect(plan({ sweep: ['MIN_EDGE_PCT=2,-1'] })).toThrow(/MIN_EDGE_PCT=-1: MIN_EDGE_PCT: .*-1/);
    expect(plan({ sweep: ['KELLY_FRACTION=0.1,lots'] })).toThrow(/KELLY_FRACTION=lots/);
    expect(plan({ sweep: ['ARBEES_SEED=1,2'] })).toThrow(/ARBEES_SEED: cannot be swept/);
    expect(plan({ sweep: ['MIN_EDGE_PCT'] })).toThrow(/expected KEY=v1,v2/);
    expect(plan({ sweep: ['MIN_EDGE_PCT=2,4'], test: '2020_17_MIA_BUF' })).toThrow(/share 1 game/);
    expect(plan({ sweep: ['MIN_EDGE_PCT=2,4'], objective: 'luck' })).toThrow(/--objective luck/);
    expect(plan({ sweep: ['MIN_EDGE_PCT=2,4'], test: '2030_01_X_Y' })).toThrow(/--test: unknown game/);
    expect(plan({ sweep: ['MIN_EDGE_PCT=2,4'], out: 'x.txt' })).toThrow(UserError);
    // Every problem at once.
    expect(plan({ sweep: ['NOPE=1', 'MIN_EDGE_PCT=-5'] })).toThrow(/NOPE[\s\S]*MIN_EDGE_PCT=-5/);
    // Dates work as selections.
    const ok = planSweep(
      { sweep: ['MIN_EDGE_PCT=2,4'], train: '2020-12-25..2020-12-26', test: '2021-01-03' },
      { env: {}, envFile: null },
    );
    expect(ok.data.kind === 'split' && ok.data.train.length).toBe(4); // US Eastern game days
    expect(ok.data.kind === 'split' && ok.data.test.length).toBe(16);
  });

  it('reports failing points with their reasons and completes the rest (walk-forward)', async () => {
    const out: string[] = [];
    const code = await backtestCommand(
      {
        sweep: ['MIN_EDGE_PCT=2,98,99'],
        walkForward: true,
        games: '2020_16_MIN_NO,2020_17_MIA_BUF,nba_20240317_TOR_ORL',
        train: '1',
        test: '1',
        workers: '1',
        json: true,
        db: 'memory',
      },
      { ...io(out), workerUrl: new URL('./support/faulty-sweep-worker.ts', import.meta.url) },
    );
    expect(code).toBe(1);
    const result = JSON.parse(out.join(''));
    expect(result.walkForward).toBe(true);
    expect(result.windows).toHaveLength(2);
    expect(result.windows.map((w: { trainGames: string[] }) => w.trainGames)).toEqual([
      ['2020_16_MIN_NO'],
      ['2020_17_MIA_BUF'],
    ]);
    for (const w of result.windows) {
      const [first, ...failed] = w.points;
      expect(first.pointIndex).toBe(0);
      expect(first.train.ok).toBe(true);
      expect(w.chosen).toBe(0);
      expect(first.test.ok).toBe(true);
      const reasons = Object.fromEntries(
        failed.map((p: { params: { MIN_EDGE_PCT: string }; train: { error: string } }) => [
          p.params.MIN_EDGE_PCT,
          p.train.error,
        ]),
      );
      expect(reasons['99']).toMatch(/injected failure at MIN_EDGE_PCT=99/);
      expect(reasons['98']).toMatch(/worker exited \(code 3\)/);
    }
    expect(result.outOfSample).toMatchObject({ windows: 2, testGames: 2, failedWindows: 0 });
    expect(result.outOfSample.pnlAfterFeesMicros).toBe(
      result.windows.reduce(
        (s: number, w: { points: { test: { metrics: { pnlAfterFeesMicros: number } } }[] }) =>
          s + (w.points[0]?.test.metrics.pnlAfterFeesMicros ?? 0),
        0,
      ),
    );
    expect(result.runs).toEqual({ total: 8, failed: 4 });
  }, 180_000);
});
