/** SqlClient over a `pg` Pool, for PostgreSQL servers (plain, TimescaleDB, Amazon RDS). */
import pg from 'pg';
import { describeDriverError, redactUrl, StoreConnectionError } from './errors.js';
import { INT8_OID, parseInt8, type QueryResult, type SqlClient, type SqlExecutor } from './sql.js';

export interface PostgresClientOptions {
  readonly databaseUrl: string;
  /** Every connection's search_path is set to this schema alone (tests isolate themselves so). */
  readonly schema?: string;
  readonly maxConnections?: number;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Parsers for this pool only; pg's global `types` registry is left untouched. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

function executor(db: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const res = await db.query(sql, params ? [...params] : undefined);
      return { rows: res.rows as T[] };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await db.query(sql);
    },
  };
}

export function connectionError(databaseUrl: string, err: unknown): StoreConnectionError {
  return new StoreConnectionError(
    `cannot connect to PostgreSQL at DATABASE_URL=${redactUrl(databaseUrl)}: ${describeDriverError(err)}`,
    err,
  );
}

/** Opens a pool and checks it with one round trip, so a bad DATABASE_URL fails here, clearly. */
export async function openPostgresClient(options: PostgresClientOptions): Promise<SqlClient> {
  const { databaseUrl, schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreConnectionError(`invalid schema name ${JSON.stringify(schema)}`);
  }
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.maxConnections ?? 10,
      types,
      // A startup parameter, so the search_path holds on every connection before any query.
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
  } catch (err) {
    throw connectionError(databaseUrl, err);
  }
  // An idle connection dropped by the server must not crash the process; the pool discards it
  // and the next query opens a fresh one (or reports the failure to its caller).
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw connectionError(databaseUrl, err);
  }
  const base = executor(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        // A failed ROLLBACK means the connection is unusable: destroy it instead of pooling it.
        const rollbackError = await client.query('ROLLBACK').then(
          () => undefined,
          (e: unknown) => e,
        );
        client.release(rollbackError instanceof Error ? rollbackError : undefined);
        throw err;
      }
    },
    close: () => pool.end(),
  };
}
