/**
 * Creates each day partition of a time-series table before the first row of that day is
 * inserted. Rows landing in DEFAULT would have to be moved later, so the store asks first.
 */
import { utcDay } from './batch.js';
import type { SqlExecutor } from './sql.js';

export const TIMESERIES_TABLES = ['game_states', 'quotes', 'order_events'] as const;
export type TimeseriesTable = (typeof TIMESERIES_TABLES)[number];

export class DayPartitions {
  /** Days known to have a partition, per table; only this process's knowledge, so a cache. */
  private readonly ensured = new Map<TimeseriesTable, Set<string>>();

  constructor(private readonly db: SqlExecutor) {}

  async ensure(table: TimeseriesTable, timestamps: Iterable<number>): Promise<void> {
    let known = this.ensured.get(table);
    if (!known) {
      known = new Set();
      this.ensured.set(table, known);
    }
    const missing = new Set<string>();
    for (const ts of timestamps) {
      const day = utcDay(ts);
      if (!known.has(day)) missing.add(day);
    }
    // Each call is its own statement (not inside the caller's transaction), so a day is only
    // remembered once its partition is committed.
    for (const day of [...missing].sort()) {
      await this.db.query('SELECT arbees_ensure_day_partition($1, $2::date)', [table, day]);
      known.add(day);
    }
  }
}
