import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asRunId } from '../core/index.js';
import { StoreConnectionError } from './errors.js';
import { findMigrationsDir } from './migrate.js';
import { openStore } from './open.js';
import { fill, intent, T0 } from './testing/fixtures.js';

describe('openStore', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('keeps a file-backed PGlite database across close and reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbees-pglite-'));
    dirs.push(dir);
    const dataDir = join(dir, 'nested', 'db'); // created if missing
    const run = asRunId('run-persist');
    const fills = [fill(1, intent(1).clientOrderId, T0), fill(2, intent(1).clientOrderId, T0 + 1)];

    const first = await openStore({ pglite: dataDir });
    expect(first.kind).toBe('pglite');
    await first.startRun({ runId: run, mode: 'paper', startedTs: T0, config: {} });
    await first.saveOrderIntent(run, intent(1));
    await first.recordFills(run, fills);
    await first.close();

    const second = await openStore({ pglite: dataDir });
    try {
      expect((await second.migrate()).applied).toEqual([]);
      expect((await second.getRun(run))?.status).toBe('running');
      expect(await second.saveOrderIntent(run, intent(1))).toBe(false);
      expect(await second.listFills(run)).toEqual(fills);
    } finally {
      await second.close();
    }
  });

  it('takes memory and memory:// as a throw-away database and refuses other URL-like PGlite names', async () => {
    for (const pglite of ['memory', 'memory://']) {
      const store = await openStore({ pglite });
      expect(store.kind).toBe('pglite');
      await store.close();
    }
    for (const pglite of ['memory:', 'idb://arbees', 'file:///tmp/x']) {
      const err = await openStore({ pglite }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreConnectionError);
      expect((err as Error).message).toContain(`"${pglite}" is not a path`);
    }
  });

  it('reports an unreachable DATABASE_URL clearly, without the password', async () => {
    // Port 1 on loopback refuses at once: no timing involved.
    const url = 'postgres://arbees:s3cret-pw@127.0.0.1:1/arbees';
    const err = await openStore({ databaseUrl: url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreConnectionError);
    const message = (err as Error).message;
    expect(message).toContain('DATABASE_URL=postgres://arbees:***@127.0.0.1:1/arbees');
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('s3cret-pw');
  });

  it('rejects a malformed DATABASE_URL as a connection error', async () => {
    const err = await openStore({ databaseUrl: 'postgres://u:pw@[bad' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreConnectionError);
    expect((err as Error).message).toContain('DATABASE_URL');
    expect((err as Error).message).not.toContain(':pw@');
  });

  it('finds the migrations from the TypeScript sources', () => {
    expect(findMigrationsDir().replaceAll('\\', '/')).toMatch(/src\/store\/migrations$/);
  });
});
