/** Multi-row INSERT building and small conversions shared by the SQL store's writers. */
import type { SqlExecutor } from './sql.js';

/** PostgreSQL's limit on bind parameters in one statement (a 16-bit count). */
const MAX_PARAMS = 65_535;

export type Row = readonly unknown[];

export interface InsertSpec {
  readonly table: string;
  readonly columns: readonly string[];
  /** SQL appended after VALUES: an ON CONFLICT clause, RETURNING … */
  readonly tail: string;
}

/**
 * Inserts `rows` as few multi-row statements as the parameter limit allows (a batch of 500
 * quotes is one statement) and concatenates what RETURNING gives back, if anything.
 */
export async function insertRows<T = Record<string, unknown>>(
  db: SqlExecutor,
  spec: InsertSpec,
  rows: readonly Row[],
): Promise<T[]> {
  const width = spec.columns.length;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
  const head = `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) VALUES `;
  const out: T[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      if (row.length !== width)
        throw new Error(`${spec.table}: row has ${row.length} values, expected ${width}`);
      const marks: string[] = [];
      for (const value of row) {
        params.push(value);
        marks.push(`$${params.length}`);
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    const { rows: returned } = await db.query<T>(`${head}${tuples.join(', ')} ${spec.tail}`, params);
    out.push(...returned);
  }
  return out;
}

/** Epoch milliseconds as an ISO-8601 UTC string, which both drivers pass to timestamptz exactly. */
export function isoTs(ms: number): string {
  return new Date(ms).toISOString();
}

/** The UTC day (YYYY-MM-DD) of an epoch-ms time: the day partition a row belongs in. */
export function utcDay(ms: number): string {
  return isoTs(ms).slice(0, 10);
}

/** JSONB parameters are sent as JSON text: pg would turn a JS array into a PostgreSQL array. */
export function jsonb(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** SQL expression reading a timestamptz column back as epoch milliseconds. */
export function epochMs(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000)::bigint`;
}

/**
 * The last event per key, by ts (ties: the later in the batch). An upsert statement may not
 * touch the same row twice, and the newest state is the one to keep anyway.
 */
export function latestByKey<E extends { readonly ts: number }>(
  events: readonly E[],
  key: (e: E) => string,
): E[] {
  const latest = new Map<string, E>();
  for (const e of events) {
    const k = key(e);
    const prev = latest.get(k);
    if (!prev || prev.ts <= e.ts) latest.set(k, e);
  }
  return [...latest.values()];
}
