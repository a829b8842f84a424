/** Parameter sweeps and their results (migration 0009): written once per sweep, in one transaction. */
import { epochMs, insertRows, isoTs, jsonb } from './batch.js';
import type { SweepRecord, SweepResultRow } from './port.js';
import type { SqlClient, SqlExecutor } from './sql.js';

export async function recordSweep(
  client: SqlClient,
  sweep: SweepRecord,
  rows: readonly SweepResultRow[],
): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query('DELETE FROM sweep_results WHERE sweep_id = $1', [sweep.sweepId]);
    await tx.query(
      `INSERT INTO sweeps (sweep_id, created_ts, spec, outcome) VALUES ($1, $2::timestamptz, $3::jsonb, $4::jsonb)
       ON CONFLICT (sweep_id) DO UPDATE SET created_ts = excluded.created_ts, spec = excluded.spec,
         outcome = excluded.outcome`,
      [sweep.sweepId, isoTs(sweep.createdTs), jsonb(sweep.spec), jsonb(sweep.outcome)],
    );
    await insertRows(
      tx,
      {
        table: 'sweep_results',
        columns: [
          'sweep_id',
          'window_index',
          'point_index',
          'phase',
          'params',
          'games',
          'ok',
          'error',
          'metrics',
        ],
        tail: '',
      },
      rows.map((r) => [
        sweep.sweepId,
        r.window,
        r.pointIndex,
        r.phase,
        jsonb(r.params),
        jsonb(r.games),
        r.ok,
        r.ok ? null : r.error,
        r.ok ? jsonb(r.metrics) : null,
      ]),
    );
  });
}

export async function getSweep(
  db: SqlExecutor,
  sweepId: string,
): Promise<{ sweep: SweepRecord; rows: SweepResultRow[] } | null> {
  const head = await db.query<{ created_ms: number; spec: Record<string, unknown>; outcome: unknown }>(
    `SELECT ${epochMs('created_ts')} AS created_ms, spec, outcome FROM sweeps WHERE sweep_id = $1`,
    [sweepId],
  );
  const sweep = head.rows[0];
  if (!sweep) return null;
  const { rows } = await db.query<{
    window_index: number;
    point_index: number;
    phase: 'train' | 'test';
    params: Record<string, string>;
    games: string[];
    ok: boolean;
    error: string | null;
    metrics: Record<string, number | null> | null;
  }>(
    `SELECT window_index, point_index, phase, params, games, ok, error, metrics FROM sweep_results
      WHERE sweep_id = $1 ORDER BY window_index, point_index, phase = 'test'`,
    [sweepId],
  );
  return {
    sweep: { sweepId, createdTs: Number(sweep.created_ms), spec: sweep.spec, outcome: sweep.outcome ?? null },
    rows: rows.map((r): SweepResultRow => {
      const common = {
        window: r.window_index,
        pointIndex: r.point_index,
        phase: r.phase,
        params: r.params,
        games: r.games,
      };
      return r.ok
        ? { ...common, ok: true, metrics: r.metrics ?? {} }
        : { ...common, ok: false, error: r.error ?? 'unknown' };
    }),
  };
}
