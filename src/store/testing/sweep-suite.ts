/**
 * Sweep results every Store keeps; run from storeBehaviour (suite.ts) on each backend, against
 * the store it opened and migrated.
 */
import { expect, it } from 'vitest';
import type { Store, SweepResultRow } from '../port.js';
import { T0 } from './fixtures.js';

const ROWS: SweepResultRow[] = [
  {
    window: 0,
    pointIndex: 0,
    phase: 'test',
    params: { MIN_EDGE_PCT: '2' },
    games: ['2020_16_MIN_NO'],
    ok: true,
    metrics: { pnlAfterFeesMicros: -82_620_000, winRatePct: null },
  },
  {
    window: 0,
    pointIndex: 0,
    phase: 'train',
    params: { MIN_EDGE_PCT: '2' },
    games: ['2020_17_MIA_BUF'],
    ok: true,
    metrics: { pnlAfterFeesMicros: 123_450_000, winRatePct: 50 },
  },
  {
    window: 0,
    pointIndex: 1,
    phase: 'train',
    params: { MIN_EDGE_PCT: '4' },
    games: ['2020_17_MIA_BUF'],
    ok: false,
    error: 'worker exited (code 3) during the job',
  },
];

export function sweepBehaviour(store: () => Store): void {
  it('keeps a sweep and its results, and replaces them whole when stored again', async () => {
    const spec = { axes: [{ key: 'MIN_EDGE_PCT', values: ['2', '4'] }], objective: 'pnl' };
    await store().recordSweep({ sweepId: 'sweep-1', createdTs: T0, spec, outcome: { runs: 3 } }, ROWS);
    const got = await store().getSweep('sweep-1');
    expect(got?.sweep).toEqual({ sweepId: 'sweep-1', createdTs: T0, spec, outcome: { runs: 3 } });
    // By window, point, then train before test.
    expect(got?.rows).toEqual([ROWS[1], ROWS[0], ROWS[2]]);

    await store().recordSweep({ sweepId: 'sweep-1', createdTs: T0 + 1, spec, outcome: null }, ROWS.slice(2));
    const again = await store().getSweep('sweep-1');
    expect(again?.rows).toEqual([ROWS[2]]);
    expect(again?.sweep.outcome).toBeNull();
    expect(await store().getSweep('sweep-2')).toBeNull();
  });
}
