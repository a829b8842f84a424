/**
 * The lock-step replay's barrier: resolves once the whole deployment has handled everything
 * published so far. The one-process run waits for its in-memory bus to drain after each timeline
 * task; the distributed one waits until every consumer group of every stream, in any process,
 * has read to the end with nothing pending, and every running game is leased by a live shard
 * (so no game's events go unhandled while the replay clock moves on).
 *
 * A game shard that died stops its group; its group is left out while it has no live heartbeat
 * (its games move to a live shard, which the lease condition waits for). A restarted shard is
 * live again and waited for. Any other dead service (execution, the tracker) is waited for until
 * it is back: its group keeps its backlog in Redis and it handles it on restart.
 */
import type { Redis } from 'ioredis';
import { groupBacklogs } from '../bus/redis-backlog.js';
import type { Clock } from '../core/clock.js';
import type { GameId, RunId } from '../core/ids.js';
import type { Store } from '../store/port.js';

/** Game shards' consumer groups are `game-shard.<shard name>` (game-shard.ts). */
const SHARD_GROUP_PREFIX = 'game-shard.';

export type Unsettled =
  | { readonly kind: 'backlog'; readonly key: string; readonly group: string; readonly pending: number }
  | { readonly kind: 'unleased'; readonly gameId: GameId }
  | { readonly kind: 'snapshot-failed' };

export interface DeploymentBarrierOptions {
  readonly redis: Redis;
  /** Every topic's stream key. */
  readonly keys: readonly string[];
  readonly store: Store;
  readonly runId: RunId;
  /** Real time: heartbeats and lease expiries are on it. */
  readonly wallClock: Clock;
  readonly leaseTtlMs: number;
  /** Games announced and not final: each must be leased by a live shard. */
  readonly runningGames: () => readonly GameId[];
  readonly sleep: (ms: number) => Promise<void>;
  /** Between polls (default 2 ms). */
  readonly pollMs?: number;
  /** Told, about once per `reportEveryMs` of waiting (default 10 s), what is still outstanding. */
  readonly onWaiting?: (unsettled: readonly Unsettled[], waitedMs: number) => void;
  readonly reportEveryMs?: number;
}

/** What keeps the deployment from being settled right now; empty when it is. */
export async function unsettled(opts: DeploymentBarrierOptions): Promise<Unsettled[]> {
  const now = opts.wallClock.now();
  const [backlogs, beats, leases] = await Promise.all([
    groupBacklogs(opts.redis, opts.keys),
    opts.store.listShardHeartbeats(opts.runId),
    opts.store.listGameLeases(opts.runId),
  ]);
  if (!backlogs) return [{ kind: 'snapshot-failed' }];
  const live = new Set(beats.filter((b) => now - b.lastTs < opts.leaseTtlMs).map((b) => b.shard));
  const out: Unsettled[] = [];
  for (const b of backlogs) {
    if (b.pending === 0 && !b.behind) continue;
    if (b.group.startsWith(SHARD_GROUP_PREFIX) && !live.has(b.group.slice(SHARD_GROUP_PREFIX.length)))
      continue;
    out.push({ kind: 'backlog', key: b.key, group: b.group, pending: b.pending });
  }
  const leased = new Set(
    leases.filter((l) => l.expiresTs > now && live.has(l.owner)).map((l) => l.gameId as string),
  );
  for (const gameId of opts.runningGames()) if (!leased.has(gameId)) out.push({ kind: 'unleased', gameId });
  return out;
}

/**
 * Waits until two snapshots in a row find nothing outstanding: a handler acks after its publishes
 * (so an acked entry's consequences are already in a stream), and the second look covers a
 * publish that a handler did not await.
 */
export async function deploymentSettled(opts: DeploymentBarrierOptions): Promise<void> {
  const pollMs = opts.pollMs ?? 2;
  const reportEveryMs = opts.reportEveryMs ?? 10_000;
  const started = opts.wallClock.now();
  let nextReport = started + reportEveryMs;
  let quietLooks = 0;
  while (quietLooks < 2) {
    const open = await unsettled(opts);
    if (open.length === 0) {
      quietLooks += 1;
      if (quietLooks === 2) return;
    } else {
      quietLooks = 0;
      const now = opts.wallClock.now();
      if (now >= nextReport) {
        opts.onWaiting?.(open, now - started);
        nextReport = now + reportEveryMs;
      }
    }
    await opts.sleep(pollMs);
  }
}

/** Where the replay driver leaves the replay's start time, under the bus prefix. */
const REPLAY_START_KEY = 'replay-start';

/**
 * The driver says when its replay starts (two hours before the first kick-off), so a service
 * started after it on `ARBEES_CLOCK=event` stamps its start-up work (the opening deposits) with
 * replay time before any event has arrived, as the one-process run does.
 */
export async function announceReplayStart(redis: Redis, prefix: string, ts: number): Promise<void> {
  await redis.set(`${prefix}${REPLAY_START_KEY}`, String(ts));
}

/** The announced start of the replay, or null when no driver has announced one. */
export async function announcedReplayStart(redis: Redis, prefix: string): Promise<number | null> {
  const raw = await redis.get(`${prefix}${REPLAY_START_KEY}`);
  const ts = raw === null ? Number.NaN : Number(raw);
  return Number.isFinite(ts) ? ts : null;
}

/** The consumer groups a lock-step replay cannot run without, by the service that reads them. */
const REQUIRED_GROUPS: readonly {
  readonly topic: string;
  readonly group: string;
  readonly service: string;
}[] = [
  { topic: 'games', group: 'discovery-coordinator', service: 'discovery-coordinator' },
  { topic: 'games', group: 'game-shard.', service: 'game-shard' },
  { topic: 'signals', group: 'risk', service: 'signal-processor' },
  { topic: 'orders', group: 'execution', service: 'execution' },
  { topic: 'fills', group: 'position-tracker', service: 'position-tracker' },
];

/**
 * The services not yet subscribed, by name: a consumer group starts at the end of its stream, so
 * a replay started before them would run its first events past them (their groups would begin
 * after the announcements). A game shard counts by any `game-shard.<name>` group.
 */
export async function missingSubscribers(redis: Redis, keyOf: (topic: string) => string): Promise<string[]> {
  const topics = [...new Set(REQUIRED_GROUPS.map((r) => r.topic))];
  const backlogs = (await groupBacklogs(redis, topics.map(keyOf))) ?? [];
  return REQUIRED_GROUPS.filter(
    (r) =>
      !backlogs.some(
        (b) =>
          b.key === keyOf(r.topic) &&
          (r.group.endsWith('.') ? b.group.startsWith(r.group) : b.group === r.group),
      ),
  ).map((r) => r.service);
}
