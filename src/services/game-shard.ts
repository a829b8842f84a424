/**
 * Game shard: runs the game feed and the edge strategy for the games it holds leases on, any
 * number of shards side by side. Every shard reads the whole game, market, market-data and
 * portfolio streams (its own consumer group) and keeps the context of every game, so taking a
 * game over is instant: the strategy for it is built from that context and acts on the next
 * change. What it publishes (game states from its feed, signals) is for its own games only, and
 * is checked against the lease at the moment of publishing (fencing): a shard that lost a game
 * stops speaking for it before the next owner starts.
 *
 * One EdgeShard per game, its signal ids prefixed with the game and the lease epoch: the ids of
 * a game's signals never repeat across owners or restarts, so client order ids (derived from
 * them) cannot collide, and a signal raised twice by a stale and a new owner is still two
 * different decisions, never the same order twice.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type {
  ArbeesEvent,
  BookSnapshot,
  GameScheduled,
  GameStateUpdated,
  PositionChanged,
  SignalRaised,
} from '../core/events.js';
import type { GameFeedStatus } from '../core/feed-status.js';
import type { GameId, InstrumentId, RunId } from '../core/ids.js';
import type { VenueInstrument } from '../core/instruments.js';
import type { GameLease, Store } from '../store/port.js';
import type { EdgeShard } from '../strategy/edge-shard.js';
import { GatedBus } from './gated-bus.js';
import { LeaseKeeper } from './lease-keeper.js';
import type { Logger } from './logger.js';

export interface GameFeedHandle {
  readonly status?: GameFeedStatus;
  stop(): void | Promise<void>;
}

export interface GameShardOptions {
  readonly bus: Bus;
  readonly store: Store;
  readonly clock: Clock;
  readonly runId: RunId;
  /** Shard name: lease owner, heartbeat name and consumer group; stable across restarts. */
  readonly name: string;
  readonly log: Logger;
  readonly leaseTtlMs: number;
  /** The strategy of one game; `signalPrefix` is unique to the game and lease epoch. */
  readonly strategyFor: (signalPrefix: string, feedStatus: GameFeedStatus | undefined) => EdgeShard;
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

/** What every shard knows of every game, so a takeover needs nothing from the game's last owner. */
class GameContext {
  readonly games = new Map<GameId, GameScheduled>();
  readonly states = new Map<GameId, GameStateUpdated>();
  readonly finals = new Set<GameId>();
  readonly instruments = new Map<InstrumentId, VenueInstrument>();
  readonly byGame = new Map<GameId, InstrumentId[]>();
  readonly books = new Map<InstrumentId, BookSnapshot>();
  readonly positions = new Map<string, PositionChanged>();

  gameOf(instrumentId: InstrumentId): GameId | undefined {
    return this.instruments.get(instrumentId)?.gameId;
  }

  observe(event: ArbeesEvent): void {
    switch (event.type) {
      case 'GameScheduled':
        this.games.set(event.gameId, event);
        return;
      case 'GameStateUpdated': {
        const before = this.states.get(event.gameId);
        if (!before || before.ts <= event.ts) this.states.set(event.gameId, event);
        return;
      }
      case 'GameFinal':
        this.finals.add(event.gameId);
        return;
      case 'MarketMapped': {
        const i = event.instrument;
        if (this.instruments.has(i.instrumentId)) return;
        this.instruments.set(i.instrumentId, i);
        this.byGame.set(i.gameId, [...(this.byGame.get(i.gameId) ?? []), i.instrumentId]);
        return;
      }
      case 'BookSnapshot':
        this.books.set(event.instrumentId, event);
        return;
      case 'PositionChanged':
        this.positions.set(`${event.instrumentId}|${event.side}`, event);
        return;
      default:
        return;
    }
  }

  /** Brings a new strategy for the game up to date; what it would raise meanwhile is dropped. */
  warm(gameId: GameId, strategy: EdgeShard, now: number): void {
    const info = this.games.get(gameId);
    if (!info) return;
    strategy.onGameScheduled(info);
    const ids = this.byGame.get(gameId) ?? [];
    for (const id of ids) strategy.onMarketMapped(this.instruments.get(id)!);
    for (const p of this.positions.values()) if (ids.includes(p.instrumentId)) strategy.onPositionChanged(p);
    const state = this.states.get(gameId);
    if (state) strategy.onGameState({ state: state.state, ts: state.ts, now });
    if (this.finals.has(gameId)) strategy.onGameFinal(gameId);
    for (const id of ids) {
      const book = this.books.get(id);
      if (book) strategy.onBook(book, now);
    }
  }
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
    clock,
    owner: name,
    ttlMs: opts.leaseTtlMs,
    onGained: async (lease) => {
      const strategy = opts.strategyFor(`${lease.gameId}@${lease.epoch}`, feed?.status);
      context.warm(lease.gameId, strategy, clock.now());
      strategies.set(lease.gameId, strategy);
      log.info('game taken', { shard: name, gameId: lease.gameId, epoch: lease.epoch });
      // Where this shard's feed stands on the game, which it held back while another shard had it.
      for (const event of gate.takeHeldBack(lease.gameId)) await publishIfOwned(lease.gameId, event);
    },
    onLost: (gameId, reason) => {
      strategies.delete(gameId);
      log.info('game given up', { shard: name, gameId, reason });
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
  const publishSignals = async (gameId: GameId, signals: readonly SignalRaised[]) => {
    for (const s of signals) await publishIfOwned(gameId, s);
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
      context.observe(event);
      const now = clock.now();
      switch (event.type) {
        case 'ShardAssignment':
          if (event.shard !== name) return;
          keeper.want(event.gameIds);
          await keeper.tick();
          return;
        case 'GameScheduled':
          strategies.get(event.gameId)?.onGameScheduled(event);
          return;
        case 'MarketMapped':
          strategies.get(event.instrument.gameId)?.onMarketMapped(event.instrument);
          return;
        case 'GameStateUpdated': {
          const s = strategies.get(event.gameId);
          if (s) await publishSignals(event.gameId, s.onGameState({ state: event.state, ts: event.ts, now }));
          return;
        }
        case 'GameFinal':
          strategies.get(event.gameId)?.onGameFinal(event.gameId);
          return;
        case 'BookSnapshot': {
          const gameId = context.gameOf(event.instrumentId);
          const s = gameId && strategies.get(gameId);
          if (gameId && s) await publishSignals(gameId, s.onBook(event, now));
          return;
        }
        case 'PositionChanged':
          strategies.get(event.gameId)?.onPositionChanged(event);
          return;
        default:
          return;
      }
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
