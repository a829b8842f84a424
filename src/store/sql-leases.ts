/**
 * Game leases and shard heartbeats. Each statement is atomic on its own (INSERT … ON CONFLICT and
 * UPDATE take the row lock), so two shards racing for one game cannot both win, on PGlite or on
 * PostgreSQL. Times are the caller's clock (epoch ms), so leases work on replay time too.
 */
import type { GameId, RunId } from '../core/index.js';
import type { GameLease, ShardHeartbeat } from './port.js';
import type { SqlExecutor } from './sql.js';

interface LeaseRow {
  game_id: string;
  owner: string;
  epoch: number;
  expires_ms: number;
}

const toLease = (r: LeaseRow): GameLease => ({
  gameId: r.game_id as GameId,
  owner: r.owner,
  epoch: Number(r.epoch),
  expiresTs: Number(r.expires_ms),
});

/**
 * Takes the game if nobody holds it, its lease has expired, or the owner already holds it. The
 * epoch stays only when the owner holds a live lease at the epoch it says it knows (a renewal);
 * otherwise it goes up, so any earlier holder's epoch is stale from now on, including the same
 * owner's before a restart (it knows no epoch). Null when another shard holds a live lease.
 */
export async function acquireGameLease(
  db: SqlExecutor,
  runId: RunId,
  req: { gameId: GameId; owner: string; nowTs: number; ttlMs: number; knownEpoch?: number },
): Promise<GameLease | null> {
  const { rows } = await db.query<LeaseRow>(
    `INSERT INTO game_leases AS l (run_id, game_id, owner, epoch, expires_ms) VALUES ($1, $2, $3, 1, $5)
     ON CONFLICT (run_id, game_id) DO UPDATE SET
       owner = excluded.owner,
       epoch = CASE WHEN l.owner = excluded.owner AND l.expires_ms > $4 AND l.epoch = $6 THEN l.epoch
                    ELSE l.epoch + 1 END,
       expires_ms = excluded.expires_ms
     WHERE l.owner = excluded.owner OR l.expires_ms <= $4
     RETURNING game_id, owner, epoch, expires_ms`,
    [runId, req.gameId, req.owner, req.nowTs, req.nowTs + req.ttlMs, req.knownEpoch ?? 0],
  );
  const row = rows[0];
  return row ? toLease(row) : null;
}

/**
 * Extends the leases the owner still holds at the epoch it knows. A lease someone else took in
 * the meantime (higher epoch) is not touched and is missing from the answer: the caller drops it.
 */
export async function renewGameLeases(
  db: SqlExecutor,
  runId: RunId,
  req: { owner: string; leases: readonly { gameId: GameId; epoch: number }[]; nowTs: number; ttlMs: number },
): Promise<GameLease[]> {
  if (req.leases.length === 0) return [];
  const params: unknown[] = [runId, req.owner, req.nowTs + req.ttlMs];
  const pairs = req.leases.map((l) => {
    params.push(l.gameId, l.epoch);
    return `($${params.length - 1}::text, $${params.length}::bigint)`;
  });
  const { rows } = await db.query<LeaseRow>(
    `UPDATE game_leases AS l SET expires_ms = $3
       FROM (VALUES ${pairs.join(', ')}) AS held (game_id, epoch)
      WHERE l.run_id = $1 AND l.owner = $2 AND l.game_id = held.game_id AND l.epoch = held.epoch
      RETURNING l.game_id, l.owner, l.epoch, l.expires_ms`,
    params,
  );
  return rows.map(toLease);
}

/** Gives the games up at once (expiry now), keeping the epoch so the next holder's is higher. */
export async function releaseGameLeases(
  db: SqlExecutor,
  runId: RunId,
  req: { owner: string; gameIds: readonly GameId[] },
): Promise<void> {
  if (req.gameIds.length === 0) return;
  const params: unknown[] = [runId, req.owner];
  const marks = req.gameIds.map((g) => {
    params.push(g);
    return `$${params.length}`;
  });
  await db.query(
    `UPDATE game_leases SET expires_ms = 0 WHERE run_id = $1 AND owner = $2 AND game_id IN (${marks.join(', ')})`,
    params,
  );
}

export async function listGameLeases(db: SqlExecutor, runId: RunId): Promise<GameLease[]> {
  const { rows } = await db.query<LeaseRow>(
    'SELECT game_id, owner, epoch, expires_ms FROM game_leases WHERE run_id = $1 ORDER BY game_id',
    [runId],
  );
  return rows.map(toLease);
}

/** Keeps the latest beat: a delayed write never moves a shard's last sign of life back. */
export async function recordShardHeartbeat(
  db: SqlExecutor,
  runId: RunId,
  beat: { shard: string; ts: number },
): Promise<void> {
  await db.query(
    `INSERT INTO shard_heartbeats AS h (run_id, shard, last_ms) VALUES ($1, $2, $3)
     ON CONFLICT (run_id, shard) DO UPDATE SET last_ms = GREATEST(h.last_ms, excluded.last_ms)`,
    [runId, beat.shard, beat.ts],
  );
}

export async function listShardHeartbeats(db: SqlExecutor, runId: RunId): Promise<ShardHeartbeat[]> {
  const { rows } = await db.query<{ shard: string; last_ms: number }>(
    'SELECT shard, last_ms FROM shard_heartbeats WHERE run_id = $1 ORDER BY shard',
    [runId],
  );
  return rows.map((r) => ({ shard: r.shard, lastTs: Number(r.last_ms) }));
}

/** A shard shutting down cleanly says so: it is no longer counted live, so its games move at once. */
export async function removeShardHeartbeat(db: SqlExecutor, runId: RunId, shard: string): Promise<void> {
  await db.query('DELETE FROM shard_heartbeats WHERE run_id = $1 AND shard = $2', [runId, shard]);
}
