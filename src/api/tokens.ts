/**
 * API tokens: a random secret shown once, stored as its SHA-256 hash only. A bearer token is
 * checked by hashing it and looking the hash up; a revoked token is not found.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { ApiTokenRecord, Store } from '../store/port.js';
import type { ApiRole } from './contract.js';

const PREFIX = 'arb_';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates and stores a token; the secret is in the answer and nowhere else. */
export async function createApiToken(opts: {
  readonly store: Store;
  readonly clock: Clock;
  readonly name: string;
  readonly role: ApiRole;
}): Promise<{ readonly token: ApiTokenRecord; readonly secret: string }> {
  const name = opts.name.trim();
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name))
    throw new Error(`token name "${opts.name}" must be 1-64 letters, digits, ".", "_", "@" or "-"`);
  const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const token: ApiTokenRecord = {
    tokenId: `tok_${randomBytes(6).toString('hex')}`,
    name,
    role: opts.role,
    hash: hashToken(secret),
    createdTs: opts.clock.now(),
    revokedTs: null,
  };
  await opts.store.createApiToken(token);
  return { token, secret };
}

/** The token a bearer secret stands for, or null (unknown, revoked, or not one of ours). */
export async function verifyToken(store: Store, secret: string): Promise<ApiTokenRecord | null> {
  if (!secret.startsWith(PREFIX) || secret.length > 200) return null;
  return store.findApiToken(hashToken(secret));
}

/** The secret of an `Authorization: Bearer <secret>` header, or null. */
export function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
