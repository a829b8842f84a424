/**
 * Game shard: runs the game feed and the edge strategy for the games it holds leases on, any
 * number of shards side by side. Every shard reads the whole game, market, market-data and
 * portfolio streams (its own consumer group) and keeps each game's history (game-context.ts), so
 * taking a game over needs nothing from its last owner: a new strategy replays the history and
 * acts on the next event as the last owner would have. What it publishes (game states from its
 * feed, signals) is for its own games only, checked against the lease at the moment of publishing
 * (fencing): a shard stops speaking for a game once its renewal finds the game taken, or once
 * its own lease has run out while it could not renew; the next owner can only take the game
 * after that expiry.
 *
 * One EdgeShard per game, its signal ids prefixed with the game and the lease epoch: the ids of
 * a game's signals never repeat across owners or restarts, so client order ids (derived from
 * them) cannot collide with an order of an earlier owner.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { ArbeesEvent } from '../core/events.js';
import type { GameFeedStatus } from '../core/feed-status.js';
import type { GameId, RunId } from '../core/ids.js';
import type { GameLease, Store } from '../store/port.js';
import type { EdgeShard } from '../strategy/edge-shard.js';
import { applyToStrategy, GameContext } from './game-context.js';
import { GatedBus } from './gated-bus.js';
import { LeaseKeeper, type LeaseLossReason } from './lease-keeper.js';
import type { Logger } from './logger.js';

export interface GameFeedHandle {
  readonly status?: GameFeedStatus;
  stop(): void | Promise<void>;
}

export interface GameShardOptions {
  readonly bus: Bus;
  readonly store: Store;
  /** The time strategies see (the wall clock, or the event's under a lock-step replay). */
  readonly clock: Clock;
  /** Leases and heartbeats: real time, whatever `clock` is (defaults to `clock`). */
  readonly leaseClock?: Clock;
  readonly runId: RunId;
  /** Shard name: lease owner, heartbeat name and consumer group; stable across restarts. */
  readonly name: string;
  readonly log: Logger;
  readonly leaseTtlMs: number;
  /** The strategy of one game; `signalPrefix` is unique to the game and lease epoch. */
  readonly strategyFor: (signalPrefix: string, feedStatus: GameFeedStatus | undefined) => EdgeShard;
  /** Told of every game taken and given up (metrics). */
  readonly onLeaseChange?: (change: { gameId: GameId; taken: boolean; reason?: LeaseLossReason }) => void;
  /** Starts the game feed; it publishes through the gate, which passes only this shard's games. */
  readonly startFeed?: (gate: GatedBus) => GameFeedHandle | undefined;
}

export interface GameShard {
  readonly name: string;
  /** Renew, heartbeat, take assigned games: the service calls it every ARBEES_LEASE_RENEW. */
  tick(): Promise<void>;
  owned(): GameLease[];
  /** Resolves once the shard's consumer group exists (events from then on reach it). */
  readonly ready: Promise<void>;
  /** SIGTERM: stop the feed, give the leases back, stop reading. */
  stop(): Promise<void>;
  /** A crash, for tests: stop everything without releasing the leases (they expire). */
  crash(): Promise<void>;
}

export async function startGameShard(opts: GameShardOptions): Promise<GameShard> {
  const { bus, clock, log, name } = opts;
  const context = new GameContext();
  const strategies = new Map<GameId, EdgeShard>();
  let feed: GameFeedHandle | undefined;
  let fencedDrops = 0;

  const keeper: LeaseKeeper = new LeaseKeeper({
    store: opts.store,
    runId: opts.runId,
    clock: opts.leaseClock ?? clock,
    owner: name,
    ttlMs: opts.leaseTtlMs,
    onGained: async (lease) => {
      const strategy = opts.strategyFor(`${lease.gameId}@${lease.epoch}`, feed?.status);
      context.warm(lease.gameId, strategy);
      strategies.set(lease.gameId, strategy);
      log.info('game taken', { shard: name, gameId: lease.gameId, epoch: lease.epoch });
      opts.onLeaseChange?.({ gameId: lease.gameId, taken: true });
      // Where this shard's feed stands on the game, which it held back while another shard had it.
      for (const event of gate.takeHeldBack(lease.gameId)) await publishIfOwned(lease.gameId, event);
    },
    onLost: (gameId, reason) => {
      strategies.delete(gameId);
      log.info('game given up', { shard: name, gameId, reason });
      opts.onLeaseChange?.({ gameId, taken: false, reason });
    },
    onError: (error, where) => log.warn('lease store error', { shard: name, where, error: String(error) }),
  });

  const publishIfOwned = async (gameId: GameId, event: ArbeesEvent) => {
    if (!keeper.owns(gameId)) {
      fencedDrops += 1;
      return;
    }
    await bus.publish(event);
  };

  // The feed may publish states and finals of held games only; announcements are the coordinator's.
  const gate = new GatedBus(
    bus,
    (e) => (e.type === 'GameStateUpdated' || e.type === 'GameFinal') && keeper.owns(e.gameId),
  );

  const subscription: Subscription & { ready?: Promise<void> } = bus.subscribe({
    group: `game-shard.${name}`,
    consumer: name,
    topics: ['games', 'markets', 'md', 'portfolio', 'ops'],
    handler: async (event) => {
      if (event.type === 'ShardAssignment') {
        if (event.shard !== name) return;
        keeper.want(event.gameIds);
        await keeper.tick();
        return;
      }
      const seen = context.observe(event);
      const strategy = seen && strategies.get(seen.gameId);
      if (!seen || !strategy) return;
      const signals = applyToStrategy(strategy, seen.event, clock.now());
      for (const s of signals) await publishIfOwned(seen.gameId, s);
    },
  });
  feed = opts.startFeed?.(gate);

  const close = async (release: boolean) => {
    await feed?.stop();
    if (release) await keeper.stop();
    else keeper.abandon();
    await subscription.close();
    strategies.clear();
    if (fencedDrops > 0)
      log.info('events not published for games no longer held', { shard: name, fencedDrops });
  };
  return {
    name,
    ready: subscription.ready ?? Promise.resolve(),
    tick: () => keeper.tick(),
    owned: () => keeper.leases(),
    stop: () => close(true),
    crash: () => close(false),
  };
}
