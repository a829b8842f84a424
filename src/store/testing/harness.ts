/** Test plumbing: a statement-recording SqlClient wrapper and a throw-away PostgreSQL schema. */
import pg from 'pg';
import type { SqlClient, SqlExecutor } from '../sql.js';

export interface Recorded {
  readonly client: SqlClient;
  /** Every statement sent, in order, so tests can check batching without timing anything. */
  readonly statements: string[];
}

export function recording(inner: SqlClient): Recorded {
  const statements: string[] = [];
  const wrap = (x: SqlExecutor): SqlExecutor => ({
    query: (sql, params) => {
      statements.push(sql);
      return x.query(sql, params);
    },
    exec: (sql) => {
      statements.push(sql);
      return x.exec(sql);
    },
  });
  const base = wrap(inner);
  return {
    statements,
    client: {
      kind: inner.kind,
      query: base.query,
      exec: base.exec,
      transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
      close: () => inner.close(),
    },
  };
}

/** A fresh `arbees_test_<random>` schema on the server at `databaseUrl`, dropped by `drop()`. */
export async function createTestSchema(
  databaseUrl: string,
): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `arbees_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
