/** Lease and heartbeat behaviour every Store shows; called inside a describe() per backend. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asRunId, type GameId } from '../../core/index.js';
import type { SqlClient } from '../sql.js';
import { SqlStore } from '../sql-store.js';

export function leaseBehaviour(open: () => Promise<SqlClient>): void {
  let store: SqlStore;
  const run = asRunId('run-leases');
  const g1 = 'nfl:g1' as GameId;
  const g2 = 'nfl:g2' as GameId;
  const ttlMs = 6_000;

  beforeAll(async () => {
    store = new SqlStore({ client: await open() });
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('a free game goes to the first shard asking, at epoch 1; another shard is refused while it is live', async () => {
    const a = await store.acquireGameLease(run, { gameId: g1, owner: 'shard-a', nowTs: 1_000, ttlMs });
    expect(a).toEqual({ gameId: g1, owner: 'shard-a', epoch: 1, expiresTs: 7_000 });
    expect(
      await store.acquireGameLease(run, { gameId: g1, owner: 'shard-b', nowTs: 6_999, ttlMs }),
    ).toBeNull();
    // The holder asking again at the epoch it knows keeps it and extends the lease.
    const again = await store.acquireGameLease(run, {
      gameId: g1,
      owner: 'shard-a',
      nowTs: 2_000,
      ttlMs,
      knownEpoch: 1,
    });
    expect(again).toEqual({ gameId: g1, owner: 'shard-a', epoch: 1, expiresTs: 8_000 });
    // The same owner restarted knows no epoch: it gets a new one, so nothing it does repeats an
    // id of its earlier life.
    const restarted = await store.acquireGameLease(run, {
      gameId: g1,
      owner: 'shard-a',
      nowTs: 2_000,
      ttlMs,
    });
    expect(restarted?.epoch).toBe(2);
  });

  it('renewal extends only leases held at the known epoch; an expired lease passes on with a higher epoch', async () => {
    const renewed = await store.renewGameLeases(run, {
      owner: 'shard-a',
      leases: [{ gameId: g1, epoch: 2 }],
      nowTs: 3_000,
      ttlMs,
    });
    expect(renewed.map((l) => [l.gameId, l.expiresTs])).toEqual([[g1, 9_000]]);
    // shard-a stalls; at expiry shard-b takes the game.
    const b = await store.acquireGameLease(run, { gameId: g1, owner: 'shard-b', nowTs: 9_000, ttlMs });
    expect(b).toEqual({ gameId: g1, owner: 'shard-b', epoch: 3, expiresTs: 15_000 });
    // shard-a wakes up: its renewal at epoch 1 is refused (fenced), and it cannot take the game back.
    expect(
      await store.renewGameLeases(run, {
        owner: 'shard-a',
        leases: [{ gameId: g1, epoch: 1 }],
        nowTs: 9_500,
        ttlMs,
      }),
    ).toEqual([]);
    expect(
      await store.acquireGameLease(run, { gameId: g1, owner: 'shard-a', nowTs: 9_500, ttlMs }),
    ).toBeNull();
  });

  it('a released lease is free at once and its next holder gets a higher epoch', async () => {
    await store.acquireGameLease(run, { gameId: g2, owner: 'shard-a', nowTs: 10_000, ttlMs });
    await store.releaseGameLeases(run, { owner: 'shard-a', gameIds: [g2] });
    // Releasing someone else's game changes nothing.
    await store.releaseGameLeases(run, { owner: 'shard-a', gameIds: [g1] });
    const b = await store.acquireGameLease(run, { gameId: g2, owner: 'shard-b', nowTs: 10_001, ttlMs });
    expect(b?.epoch).toBe(2);
    const all = await store.listGameLeases(run);
    expect(all.map((l) => [l.gameId, l.owner, l.epoch])).toEqual([
      [g1, 'shard-b', 3],
      [g2, 'shard-b', 2],
    ]);
    expect(await store.listGameLeases(asRunId('run-none'))).toEqual([]);
  });

  it('two shards racing for one free game: exactly one wins', async () => {
    const game = 'nfl:race' as GameId;
    const results = await Promise.all(
      ['shard-a', 'shard-b', 'shard-c'].map((owner) =>
        store.acquireGameLease(run, { gameId: game, owner, nowTs: 20_000, ttlMs }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('heartbeats keep the latest time per shard', async () => {
    await store.recordShardHeartbeat(run, { shard: 'shard-a', ts: 5_000 });
    await store.recordShardHeartbeat(run, { shard: 'shard-a', ts: 4_000 });
    await store.recordShardHeartbeat(run, { shard: 'shard-b', ts: 4_500 });
    expect(await store.listShardHeartbeats(run)).toEqual([
      { shard: 'shard-a', lastTs: 5_000 },
      { shard: 'shard-b', lastTs: 4_500 },
    ]);
    await store.removeShardHeartbeat(run, 'shard-a');
    expect(await store.listShardHeartbeats(run)).toEqual([{ shard: 'shard-b', lastTs: 4_500 }]);
  });
}
