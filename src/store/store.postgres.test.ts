/**
 * The same behaviour against a real PostgreSQL server, when DATABASE_URL is set. Each describe
 * works in a fresh schema of its own and drops it afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open.js';
import { openPostgresClient } from './postgres-client.js';
import type { SqlClient } from './sql.js';
import { createTestSchema } from './testing/harness.js';
import { leaseBehaviour } from './testing/lease-suite.js';
import { outboxBehaviour } from './testing/outbox-suite.js';
import { partitionBehaviour } from './testing/partition-suite.js';
import { reportsBehaviour } from './testing/reports-suite.js';
import { storeBehaviour } from './testing/suite.js';

const databaseUrl = process.env.DATABASE_URL ?? '';

function withSchema(): { readonly schema: () => string } {
  let created: Awaited<ReturnType<typeof createTestSchema>> | undefined;
  beforeAll(async () => {
    created = await createTestSchema(databaseUrl);
  });
  afterAll(async () => {
    await created?.drop();
  });
  return { schema: () => created!.schema };
}

describe.skipIf(!databaseUrl)('SqlStore on PostgreSQL', () => {
  const { schema } = withSchema();
  storeBehaviour(() => openPostgresClient({ databaseUrl, schema: schema() }));
});

describe.skipIf(!databaseUrl)('day partitions on PostgreSQL', () => {
  const { schema } = withSchema();
  partitionBehaviour(() => openPostgresClient({ databaseUrl, schema: schema() }));
});

describe.skipIf(!databaseUrl)('game leases on PostgreSQL', () => {
  const { schema } = withSchema();
  leaseBehaviour(() => openPostgresClient({ databaseUrl, schema: schema() }));
});

describe.skipIf(!databaseUrl)('the outbox on PostgreSQL', () => {
  const { schema } = withSchema();
  outboxBehaviour(() => openPostgresClient({ databaseUrl, schema: schema() }));
});

describe.skipIf(!databaseUrl)('the daily reports on PostgreSQL', () => {
  const { schema } = withSchema();
  reportsBehaviour(() => openPostgresClient({ databaseUrl, schema: schema() }));
});

describe.skipIf(!databaseUrl)('migrations on PostgreSQL', () => {
  const { schema } = withSchema();

  it('two processes migrating at once apply each file exactly once', async () => {
    const [a, b] = await Promise.all([
      openStore({ databaseUrl, schema: schema() }),
      openStore({ databaseUrl, schema: schema() }),
    ]);
    try {
      // Both opened migrated; the lock made one apply everything and the other nothing.
      const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
      expect(ra.applied).toEqual([]);
      expect(rb.applied).toEqual([]);
      const client = await openPostgresClient({ databaseUrl, schema: schema() });
      const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
      await client.close();
      expect(rows.map((r) => r.name)).toContain('0001_init.sql');
      expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('two sessions creating the same day partitions at once both succeed', async () => {
    const [a, b] = await Promise.all([
      openStore({ databaseUrl, schema: schema() }),
      openStore({ databaseUrl, schema: schema() }),
    ]);
    const days = ['2016-09-08', '2016-09-11', '2016-09-12'];
    try {
      const ensureAll = (c: SqlClient) =>
        Promise.all(days.map((d) => c.query(`SELECT arbees_ensure_day_partition('quotes', $1::date)`, [d])));
      const [ca, cb] = await Promise.all([
        openPostgresClient({ databaseUrl, schema: schema() }),
        openPostgresClient({ databaseUrl, schema: schema() }),
      ]);
      try {
        await Promise.all([ensureAll(ca), ensureAll(cb)]);
        const { rows } = await ca.query<{ n: number }>(
          `SELECT count(*)::bigint AS n FROM pg_inherits WHERE inhparent = 'quotes'::regclass`,
        );
        expect(rows[0]?.n).toBe(days.length + 1); // + DEFAULT
      } finally {
        await ca.close();
        await cb.close();
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps the global pg type parsers untouched', async () => {
    const pg = (await import('pg')).default;
    expect(pg.types.getTypeParser(20, 'text')('9007199254740993')).toBe('9007199254740993');
  });
});
