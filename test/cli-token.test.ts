/** `arbees token create|list|revoke` as a user runs them, on a PGlite directory. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../src/api/tokens.js';
import { openStore } from '../src/store/open.js';

function arbees(args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ARBEES_') && k !== 'DATABASE_URL'),
  );
  const r = spawnSync(process.execPath, ['bin/run-ts.js', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('arbees token', () => {
  it('creates a token shown once, lists tokens without secrets, revokes one', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'arbees-token-')), 'pglite');
    const created = arbees([
      'token',
      'create',
      '--role',
      'operator',
      '--name',
      'alice',
      '--json',
      '--db',
      db,
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout) as {
      tokenId: string;
      secret: string;
      role: string;
      name: string;
    };
    expect(token).toMatchObject({ role: 'operator', name: 'alice', tokenId: expect.stringMatching(/^tok_/) });
    expect(token.secret).toMatch(/^arb_[A-Za-z0-9_-]{43}$/);

    const listed = arbees(['token', 'list', '--db', db]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${token.tokenId}  operator  alice  created `);
    expect(listed.stdout).not.toContain(token.secret);
    expect(listed.stdout).not.toContain(hashToken(token.secret));

    const store = await openStore({ pglite: db });
    try {
      const stored = await store.findApiToken(hashToken(token.secret));
      expect(stored?.tokenId).toBe(token.tokenId);
      expect(JSON.stringify(await store.listApiTokens())).not.toContain(token.secret);
    } finally {
      await store.close();
    }

    expect(arbees(['token', 'revoke', token.tokenId, '--db', db])).toMatchObject({
      code: 0,
      stdout: `${token.tokenId} revoked\n`,
    });
    expect(arbees(['token', 'list', '--db', db]).stdout).toMatch(/alice {2}created \S+ {2}REVOKED /);
    const again = arbees(['token', 'revoke', token.tokenId, '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`no live token "${token.tokenId}"`);
    const badName = arbees(['token', 'create', '--role', 'viewer', '--name', 'two words', '--db', db]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('token name "two words" must be');
  }, 240_000); // six CLI processes, each opening PGlite (about 8 s apiece here)
});
