/**
 * Discovery coordinator: knows the games (announcements on `games`, from its own discovery feed
 * or any other), knows which game shards are alive (their heartbeats in the store) and who holds
 * each game (the leases), and tells each live shard which games to run (ShardAssignment on
 * `ops`). A shard silent for longer than the lease TTL is dead: its games are spread over the
 * live shards at the next tick, and since its leases have run out by then, they take them at
 * once. With a 6 s TTL and a 1 s tick a dead shard's games move within about 7 s.
 *
 * Little of its state matters across restarts: heartbeats and leases are in the store; a game
 * with a live lease is known from the lease, so a restarted coordinator still moves it if its
 * shard dies. (A game announced but not yet taken when the coordinator restarted is learned again
 * only from its next announcement: the gap docs/distributed.md lists.)
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { EventId, GameId, RunId } from '../core/ids.js';
import { assignGames, liveShards } from '../core/shard-assignment.js';
import type { Store } from '../store/port.js';
import type { GameFeedHandle } from './game-shard.js';
import { GatedBus } from './gated-bus.js';
import type { Logger } from './logger.js';

export interface DiscoveryCoordinatorOptions {
  readonly bus: Bus;
  readonly store: Store;
  readonly clock: Clock;
  readonly runId: RunId;
  readonly log: Logger;
  /** A shard not heard from for this long is dead (the lease TTL). */
  readonly shardTimeoutMs: number;
  /** Every live shard is told its games again this often, for one that restarted and missed it. */
  readonly resendMs?: number;
  /** The discovery feed; it publishes through a gate that passes announcements only. */
  readonly startDiscovery?: (gate: GatedBus) => GameFeedHandle | undefined;
  /**
   * A game never assigned yet waits until the set of live shards has not changed for this long
   * (default 3 s), so shards starting together share the first games instead of the first one up
   * taking them all (assignments are sticky). A dead shard's games move at once.
   */
  readonly settleMs?: number;
  /** Consumer name on `games` (the instance id as a service). */
  readonly consumer?: string;
  /** After each tick: live shards, assignments published, shards found dead (metrics). */
  readonly onTick?: (t: { liveShards: number; published: number; lost: number; games: number }) => void;
}

export interface DiscoveryCoordinator {
  /** Reads heartbeats and leases, publishes assignments that changed: every second in the service. */
  tick(): Promise<void>;
  /** The last assignment published to each shard. */
  assignments(): ReadonlyMap<string, readonly GameId[]>;
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export async function startDiscoveryCoordinator(
  opts: DiscoveryCoordinatorOptions,
): Promise<DiscoveryCoordinator> {
  const { bus, store, clock, runId, log } = opts;
  const resendMs = opts.resendMs ?? 30_000;
  const games = new Set<GameId>();
  const finals = new Set<GameId>();
  const published = new Map<string, { games: readonly GameId[]; ts: number }>();
  let live = new Set<string>();
  let liveChangedAt = Number.NEGATIVE_INFINITY;
  const everAssigned = new Set<GameId>();
  const settleMs = opts.settleMs ?? 3_000;
  let seq = 0;
  let chain: Promise<void> = Promise.resolve();

  const subscription: Subscription & { ready?: Promise<void> } = bus.subscribe({
    group: 'discovery-coordinator',
    consumer: opts.consumer ?? 'discovery-coordinator-1',
    topics: ['games'],
    handler: (event) => {
      if (event.type === 'GameScheduled') games.add(event.gameId);
      else if (event.type === 'GameFinal') finals.add(event.gameId);
    },
  });
  const feed = opts.startDiscovery?.(new GatedBus(bus, (e) => e.type === 'GameScheduled'));

  const runTick = async () => {
    const now = clock.now();
    const [beats, leases] = await Promise.all([
      store.listShardHeartbeats(runId),
      store.listGameLeases(runId),
    ]);
    const alive = liveShards(beats, now, opts.shardTimeoutMs);
    const lost = [...live].filter((s) => !alive.includes(s));
    for (const s of lost) log.warn('game shard lost', { shard: s });
    const newlyLive = alive.filter((s) => !live.has(s));
    if (newlyLive.length > 0 || lost.length > 0) liveChangedAt = now;
    live = new Set(alive);
    // Who holds each game now: a live lease, else the shard it was last given to if still alive
    // (it may not have taken it yet).
    const current = new Map<GameId, string>();
    for (const [shard, p] of published) for (const g of p.games) current.set(g, shard);
    for (const l of leases)
      if (l.expiresTs > now) {
        current.set(l.gameId, l.owner);
        games.add(l.gameId);
      }
    for (const g of current.keys()) everAssigned.add(g);
    const settled = now - liveChangedAt >= settleMs;
    const running = [...games].filter((g) => !finals.has(g) && (settled || everAssigned.has(g)));
    const next = assignGames({ games: running, liveShards: alive, current });
    let sent = 0;
    for (const [shard, list] of next) {
      const before = published.get(shard);
      const changed = !before || before.games.join(',') !== list.join(',');
      const due = !before || now - before.ts >= resendMs || newlyLive.includes(shard);
      if (!changed && !due) continue;
      seq += 1;
      await bus.publish({
        type: 'ShardAssignment',
        id: `shard-assignment:${now}:${seq}` as EventId,
        ts: now,
        shard,
        gameIds: list,
      });
      published.set(shard, { games: list, ts: now });
      sent += 1;
    }
    for (const shard of [...published.keys()]) if (!next.has(shard)) published.delete(shard);
    opts.onTick?.({ liveShards: alive.length, published: sent, lost: lost.length, games: running.length });
  };

  return {
    ready: subscription.ready ?? Promise.resolve(),
    tick: () => {
      const t = chain.then(runTick);
      chain = t.catch((error) => log.warn('coordinator tick failed', { error: String(error) }));
      return t;
    },
    assignments: () => new Map([...published].map(([s, p]) => [s, p.games])),
    stop: async () => {
      await chain;
      await feed?.stop();
      await subscription.close();
    },
  };
}
