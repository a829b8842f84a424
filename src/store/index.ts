export * from './errors.js';
export { findMigrationsDir, type MigrateOptions, migrate } from './migrate.js';
export { type OpenStoreOptions, openStore } from './open.js';
export { DEFAULT_PGLITE_DIR, openPgliteClient, type PgliteClientOptions } from './pglite-client.js';
export * from './port.js';
export { openPostgresClient, type PostgresClientOptions } from './postgres-client.js';
export type { QueryResult, SqlClient, SqlExecutor, SqlKind } from './sql.js';
export { SqlStore, type SqlStoreOptions } from './sql-store.js';
