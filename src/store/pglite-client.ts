/** SqlClient over PGlite, the embedded (WASM) PostgreSQL of the one-process shape. */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { describeDriverError, StoreConnectionError } from './errors.js';
import { INT8_OID, parseInt8, type QueryResult, type SqlClient, type SqlExecutor } from './sql.js';

export const DEFAULT_PGLITE_DIR = './var/arbees-pglite';

export interface PgliteClientOptions {
  /** A data directory (created if missing) or 'memory' for a throw-away database. */
  readonly dataDir?: string;
}

function executor(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const res = await db.query<T>(sql, params ? [...params] : undefined);
      return { rows: res.rows };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

export async function openPgliteClient(options: PgliteClientOptions = {}): Promise<SqlClient> {
  const dataDir = options.dataDir ?? DEFAULT_PGLITE_DIR;
  const inMemory = dataDir === 'memory';
  let db: PGlite;
  try {
    if (!inMemory) await mkdir(dataDir, { recursive: true });
    // Parsers are per instance: nothing global is changed.
    db = await PGlite.create({
      ...(inMemory ? {} : { dataDir: resolve(dataDir) }),
      parsers: { [INT8_OID]: parseInt8 },
    });
  } catch (err) {
    const where = inMemory ? 'in memory' : `in ${dataDir}`;
    throw new StoreConnectionError(
      `cannot open the PGlite database ${where}: ${describeDriverError(err)}`,
      err,
    );
  }
  const base = executor(db);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    close: () => db.close(),
  };
}
