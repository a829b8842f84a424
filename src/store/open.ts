/**
 * Opens the store the configuration asks for, migrated and ready: PostgreSQL when a
 * DATABASE_URL is given, else PGlite (a directory, or 'memory').
 */

import { StoreConnectionError } from './errors.js';
import { DEFAULT_PGLITE_DIR, openPgliteClient } from './pglite-client.js';
import type { Store } from './port.js';
import { connectionError, openPostgresClient } from './postgres-client.js';
import type { SqlClient } from './sql.js';
import { SqlStore } from './sql-store.js';

export interface OpenStoreOptions {
  /** PostgreSQL connection string (DATABASE_URL); wins over `pglite` when set. */
  readonly databaseUrl?: string;
  /** PGlite data directory or 'memory'; default ./var/arbees-pglite. */
  readonly pglite?: string;
  /** PostgreSQL only: use (and create if missing) this schema instead of the default one. */
  readonly schema?: string;
}

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { databaseUrl, schema } = options;
  let client: SqlClient;
  if (databaseUrl) {
    client = await openPostgresClient({ databaseUrl, ...(schema ? { schema } : {}) });
    if (schema) {
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } catch (err) {
        await client.close().catch(() => {});
        throw connectionError(databaseUrl, err);
      }
    }
  } else {
    client = await openPgliteClient({ dataDir: options.pglite ?? DEFAULT_PGLITE_DIR });
  }
  const store = new SqlStore({ client });
  try {
    await store.migrate();
  } catch (err) {
    await client.close().catch(() => {});
    throw err;
  }
  return store;
}

export { StoreConnectionError };
