/**
 * `arbees token create|list|revoke`: the API's bearer tokens, kept in the store as SHA-256
 * hashes. `create` prints the secret once; nothing can show it again (create another, revoke the
 * old). With PGlite the store directory must not be held by a running process.
 */
import { API_ROLES, type ApiRole } from '../api/contract.js';
import { createApiToken } from '../api/tokens.js';
import { loadConfig } from '../config/load.js';
import { LiveClock } from '../core/clock.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';

export interface TokenFlags {
  role?: string;
  name?: string;
  db?: string;
  json?: boolean;
  set?: string[];
}

async function withStore<T>(flags: TokenFlags, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig({ overrides: overridesFromSet(flags.set) });
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    pglite: flags.db ?? config.ARBEES_PGLITE_DIR,
    // The services of a deployment may keep their tables in a schema of their own.
    ...(config.ARBEES_DB_SCHEMA ? { schema: config.ARBEES_DB_SCHEMA } : {}),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

export async function tokenCreateCommand(flags: TokenFlags): Promise<number> {
  const role = flags.role as ApiRole;
  if (!API_ROLES.includes(role))
    throw new UserError(`--role must be viewer or operator, got "${flags.role ?? ''}"`);
  if (!flags.name?.trim())
    throw new UserError('--name is required: who holds the token (the audit trail names them by it)');
  const name = flags.name;
  const created = await withStore(flags, async (store) => {
    try {
      return await createApiToken({ store, clock: new LiveClock(), name, role });
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  });
  if (flags.json) {
    const { hash: _hash, ...token } = created.token;
    process.stdout.write(`${JSON.stringify({ ...token, secret: created.secret })}\n`);
  } else {
    process.stdout.write(
      `${created.token.tokenId} ${role} "${name}"\n${created.secret}\nKeep the secret: it is shown this once (send it as "Authorization: Bearer <secret>").\n`,
    );
  }
  return 0;
}

export async function tokenListCommand(flags: TokenFlags): Promise<number> {
  const tokens = await withStore(flags, (store) => store.listApiTokens());
  const shown = tokens.map(({ hash: _hash, ...t }) => t);
  if (flags.json) process.stdout.write(`${JSON.stringify(shown)}\n`);
  else if (shown.length === 0)
    process.stdout.write('no API tokens (arbees token create --role viewer|operator --name <who>)\n');
  else
    for (const t of shown)
      process.stdout.write(
        `${t.tokenId}  ${t.role.padEnd(8)}  ${t.name}  created ${iso(t.createdTs)}${t.revokedTs === null ? '' : `  REVOKED ${iso(t.revokedTs)}`}\n`,
      );
  return 0;
}

export async function tokenRevokeCommand(tokenId: string, flags: TokenFlags): Promise<number> {
  const revoked = await withStore(flags, (store) => store.revokeApiToken(tokenId, new LiveClock().now()));
  if (!revoked) throw new UserError(`no live token "${tokenId}" (arbees token list shows them)`);
  process.stdout.write(`${tokenId} revoked\n`);
  return 0;
}
