/**
 * Runs src/store/migrations/*.sql in file-name order, each once, recorded in schema_migrations,
 * all pending files in one transaction. On PostgreSQL an advisory lock (per schema) serialises
 * processes that start at the same moment; the second one then finds nothing left to apply.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationReport } from './port.js';
import type { SqlClient, SqlExecutor } from './sql.js';

export interface MigrateOptions {
  /** Where the .sql files are; found automatically when omitted. */
  readonly dir?: string;
}

const REPO_RELATIVE = join('src', 'store', 'migrations');

/**
 * Next to this module when running from the TypeScript sources; from compiled dist/src/store/
 * (tsc copies no .sql) the nearest ancestor holding src/store/migrations, i.e. the repo root.
 */
export function findMigrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'migrations');
  if (existsSync(beside)) return beside;
  for (let dir = here; ; ) {
    const candidate = join(dir, REPO_RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const fromCwd = join(process.cwd(), REPO_RELATIVE);
  if (existsSync(fromCwd)) return fromCwd;
  throw new Error(`cannot find the store migrations (looked beside ${here}, above it, and in ${fromCwd})`);
}

async function isTimescale(db: SqlExecutor): Promise<boolean> {
  // The time-series tables are either declaratively partitioned or hypertables; quotes stands for all.
  const { rows } = await db.query<{ partitioned: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass('quotes')) AS partitioned`,
  );
  return rows[0]?.partitioned === false;
}

export async function migrate(client: SqlClient, options: MigrateOptions = {}): Promise<MigrationReport> {
  const dir = options.dir ?? findMigrationsDir();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const scripts = await Promise.all(
    files.map(async (f) => ({ name: f, sql: await readFile(join(dir, f), 'utf8') })),
  );

  return client.transaction(async (tx) => {
    if (client.kind === 'postgres') {
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtext('arbees.migrate:' || coalesce(current_schema(), '')))`,
      );
    }
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name        text PRIMARY KEY,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM schema_migrations');
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const script of scripts) {
      if (done.has(script.name)) continue;
      await tx.exec(script.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [script.name]);
      applied.push(script.name);
    }
    return { applied, timescale: await isTimescale(tx) };
  });
}
