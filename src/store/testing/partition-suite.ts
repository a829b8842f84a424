/**
 * Time-series tables are really day-partitioned (no TimescaleDB here), and rows land in their
 * day's partition, never the DEFAULT one. Called inside a describe() per backend.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asClientOrderId, asRunId } from '../../core/index.js';
import type { SqlClient } from '../sql.js';
import { SqlStore } from '../sql-store.js';
import { gameState, orderLifecycle, quote, T0, T1 } from './fixtures.js';

async function rowsPerPartition(db: SqlClient, table: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ part: string; n: number }>(
    `SELECT tableoid::regclass::text AS part, count(*)::bigint AS n FROM ${table} GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.part, r.n]));
}

export function partitionBehaviour(open: () => Promise<SqlClient>): void {
  let client: SqlClient;
  let store: SqlStore;
  const run = asRunId('run-partitions');

  beforeAll(async () => {
    client = await open();
    store = new SqlStore({ client });
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('creates the time-series tables partitioned by range on ts, with a default partition', async () => {
    const { rows } = await client.query<{ relname: string; strategy: string }>(
      `SELECT c.relname, p.partstrat AS strategy FROM pg_partitioned_table p
         JOIN pg_class c ON c.oid = p.partrelid
        WHERE c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
    );
    expect(rows).toEqual([
      { relname: 'game_states', strategy: 'r' },
      { relname: 'order_events', strategy: 'r' },
      { relname: 'quotes', strategy: 'r' },
    ]);
  });

  it('puts rows of 2019-09-08 and 2020-12-27 into their day partitions, not the default', async () => {
    const lastMs = Date.UTC(2019, 8, 8, 23, 59, 59, 999);
    const nextDay = Date.UTC(2019, 8, 9);
    await store.recordQuotes(run, [quote(1, T0), quote(2, lastMs), quote(3, nextDay), quote(4, T1)]);
    await store.recordGameStates(run, [gameState(1, T0), gameState(2, T1)]);
    await store.recordOrderEvents(run, orderLifecycle(asClientOrderId('sig:9.L1'), T1));

    expect(await rowsPerPartition(client, 'quotes')).toEqual({
      quotes_p20190908: 2,
      quotes_p20190909: 1,
      quotes_p20201227: 1,
    });
    expect(await rowsPerPartition(client, 'game_states')).toEqual({
      game_states_p20190908: 1,
      game_states_p20201227: 1,
    });
    expect(await rowsPerPartition(client, 'order_events')).toEqual({ order_events_p20201227: 4 });

    const { rows } = await client.query<{ child: string }>(
      `SELECT i.inhrelid::regclass::text AS child FROM pg_inherits i
        WHERE i.inhparent = 'quotes'::regclass ORDER BY 1`,
    );
    expect(rows.map((r) => r.child)).toEqual([
      'quotes_default',
      'quotes_p20190908',
      'quotes_p20190909',
      'quotes_p20201227',
    ]);
  });

  it('uses existing partitions from a store that did not create them', async () => {
    const second = new SqlStore({ client });
    await second.recordQuotes(run, [quote(5, T0 + 1)]);
    expect((await rowsPerPartition(client, 'quotes')).quotes_p20190908).toBe(3);
  });

  it("moves exactly that day's stray rows out of DEFAULT when it creates a partition", async () => {
    const stray = (id: string, ts: string) =>
      client.query(
        `INSERT INTO quotes (run_id, event_id, ts, instrument_id, venue, venue_ts, bids, asks)
         VALUES ($1, $2, $3::timestamptz, 'i', 'kalshi', $3::timestamptz, '[]', '[]')`,
        [run, id, ts],
      );
    await stray('stray-1', '2018-01-01T00:00:00Z');
    await stray('stray-2', '2018-01-01T23:59:59.999Z');
    await stray('stray-3', '2018-01-02T00:00:00Z');
    expect((await rowsPerPartition(client, 'quotes')).quotes_default).toBe(3);

    await client.query(`SELECT arbees_ensure_day_partition('quotes', '2018-01-01')`);
    await client.query(`SELECT arbees_ensure_day_partition('quotes', '2018-01-01')`);
    const parts = await rowsPerPartition(client, 'quotes');
    expect(parts.quotes_p20180101).toBe(2);
    expect(parts.quotes_default).toBe(1);
    expect(await store.countRows('quotes', run)).toBe(8);
  });
}
