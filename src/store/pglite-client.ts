/** SqlClient over PGlite, the embedded (WASM) PostgreSQL of the one-process shape. */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { describeDriverError, StoreConnectionError } from './errors.js';
import { INT8_OID, parseInt8, type QueryResult, type SqlClient, type SqlExecutor } from './sql.js';

export const DEFAULT_PGLITE_DIR = './var/arbees-pglite';

export interface PgliteClientOptions {
  /** A data directory (created if missing), or 'memory' (also PGlite's 'memory://') for a throw-away database. */
  readonly dataDir?: string;
}

const IN_MEMORY = new Set(['memory', 'memory://']);
/** `scheme:` at the start: PGlite's own URL-like names (idb://, a mistyped memory:) are no directory here. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * True for a throw-away database. Anything else that looks like a URL is refused: taken as a path
 * it would silently become a directory named `memory:` (or `idb:`) in the working directory.
 */
export function isInMemoryPglite(dataDir: string): boolean {
  if (IN_MEMORY.has(dataDir)) return true;
  if (URL_LIKE.test(dataDir)) {
    throw new StoreConnectionError(
      `PGlite data directory "${dataDir}" is not a path: give a directory, or "memory" for a throw-away database`,
    );
  }
  return false;
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
  const inMemory = isInMemoryPglite(dataDir);
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
