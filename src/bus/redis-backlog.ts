/**
 * Where every consumer group of some streams stands, in one atomic snapshot (MULTI of XINFO
 * STREAM and XINFO GROUPS per stream): whoever reads them, in whatever process. The lock-step
 * replay driver waits on it; RedisBus.idle() makes the same check for its own groups only.
 */
import type { Redis } from 'ioredis';
import { EVENT_FIELD, pairsToRecord } from './redis-stream-replies.js';
import { compareStreamIds } from './stream-ids.js';

export interface GroupBacklog {
  readonly key: string;
  readonly group: string;
  /** Entries delivered to a consumer of the group and not acked. */
  readonly pending: number;
  /** True while the group has not read up to the stream's last entry. */
  readonly behind: boolean;
}

/** Every group of every existing stream among `keys`; null if the snapshot failed. */
export async function groupBacklogs(redis: Redis, keys: readonly string[]): Promise<GroupBacklog[] | null> {
  if (keys.length === 0) return [];
  const snapshot = redis.multi();
  for (const key of keys) snapshot.call('XINFO', 'STREAM', key).call('XINFO', 'GROUPS', key);
  const results = await snapshot.exec();
  if (!results) return null;
  const out: GroupBacklog[] = [];
  keys.forEach((key, k) => {
    const [streamError, streamInfo] = results[2 * k]!;
    const [groupsError, groupsInfo] = results[2 * k + 1]!;
    // A stream nobody has written to or read from yet: nothing to wait for.
    if (streamError || groupsError || !Array.isArray(groupsInfo)) return;
    const lastId = String(pairsToRecord(streamInfo)['last-generated-id'] ?? '0-0');
    for (const raw of groupsInfo) {
      const info = pairsToRecord(raw);
      out.push({
        key,
        group: String(info.name),
        pending: Number(info.pending),
        behind: compareStreamIds(String(info['last-delivered-id']), lastId) < 0,
      });
    }
  });
  return out;
}

/**
 * The time (`ts`) of the newest event among the streams `keys`, or null when they are empty: a
 * service restarted during a lock-step replay starts its event clock there, so what it does
 * before its first delivery (recovering orders) is stamped with replay time, not the wall's.
 */
export async function newestEventTs(redis: Redis, keys: readonly string[]): Promise<number | null> {
  let newest: number | null = null;
  for (const key of keys) {
    const reply = (await redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)) as unknown;
    const entry = Array.isArray(reply) ? (reply[0] as unknown) : undefined;
    const fields = Array.isArray(entry) ? (entry[1] as unknown) : undefined;
    const payload = Array.isArray(fields) ? pairsToRecord(fields)[EVENT_FIELD] : undefined;
    if (typeof payload !== 'string') continue;
    try {
      const ts = (JSON.parse(payload) as { ts?: unknown }).ts;
      if (typeof ts === 'number' && Number.isFinite(ts) && (newest === null || ts > newest)) newest = ts;
    } catch {
      // A malformed entry says nothing about the time; the bus dead-letters it when read.
    }
  }
  return newest;
}
