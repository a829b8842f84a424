/**
 * The SqlClient port: the little the store needs from a database driver. PGlite and `pg` both
 * implement it, so every line of domain SQL is shared between the embedded and server shapes.
 */

export type SqlKind = 'pglite' | 'postgres';

export interface QueryResult<T> {
  readonly rows: T[];
}

/** What can run statements: the client itself, or a transaction handed to `transaction(fn)`. */
export interface SqlExecutor {
  /** One statement with `$1…$n` parameters. BIGINT columns come back as JS numbers. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** A script of several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  readonly kind: SqlKind;
  /** Runs `fn` inside BEGIN … COMMIT on one connection; rolls back if it throws. Not nestable. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The PostgreSQL type OID of BIGINT (int8). */
export const INT8_OID = 20;

/**
 * BIGINT as a JS number. Money is micro-dollars and quantities centi-contracts, all safe
 * integers; a value beyond 2^53 would be a bug upstream, so it throws rather than round.
 */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT ${text} is outside the safe integer range`);
  return n;
}
