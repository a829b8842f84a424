/**
 * A game shard's side of the leases: takes the games the coordinator assigned to it, renews what
 * it holds every tick (writing its heartbeat too), gives up games no longer assigned, and drops
 * a game the moment it learns another shard holds it (its epoch was fenced off) or its own lease
 * ran out while the store could not be reached. Time comes from the Clock; `tick()` is driven by
 * a timer in the service and by hand in tests.
 */
import type { Clock } from '../core/clock.js';
import type { GameId, RunId } from '../core/ids.js';
import type { GameLease, Store } from '../store/port.js';

export type LeaseLossReason = 'fenced' | 'expired' | 'unassigned' | 'stopped';

export interface LeaseKeeperOptions {
  readonly store: Store;
  readonly runId: RunId;
  readonly clock: Clock;
  /** The lease owner and heartbeat name: the shard's name. */
  readonly owner: string;
  readonly ttlMs: number;
  readonly onGained: (lease: GameLease) => void | Promise<void>;
  readonly onLost: (gameId: GameId, reason: LeaseLossReason) => void | Promise<void>;
  readonly onError?: (error: unknown, context: string) => void;
}

export class LeaseKeeper {
  private readonly held = new Map<GameId, GameLease>();
  private wanted = new Set<GameId>();
  /** Ticks run one after another: a timer tick and an assignment-triggered one never overlap. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {}

  /** The games this shard should run, from the latest ShardAssignment for it. */
  want(gameIds: readonly GameId[]): void {
    this.wanted = new Set(gameIds);
  }

  owns(gameId: GameId): boolean {
    return this.held.has(gameId);
  }

  leases(): GameLease[] {
    return [...this.held.values()].sort((a, b) => (a.gameId < b.gameId ? -1 : 1));
  }

  /** Heartbeat, renew, release what is no longer wanted, take what is wanted and free. */
  tick(): Promise<void> {
    const next = this.chain.then(() => this.runTick());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** SIGTERM: gives every game up and leaves, so the coordinator moves them at its next tick. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.chain;
    const games = [...this.held.keys()];
    for (const g of games) await this.lose(g, 'stopped');
    const { store, runId, owner } = this.options;
    try {
      await store.releaseGameLeases(runId, { owner, gameIds: games });
      await store.removeShardHeartbeat(runId, owner);
    } catch (error) {
      this.options.onError?.(error, 'release leases');
    }
  }

  /** A crash, for tests: stops ticking and keeps the leases, which then expire on their own. */
  abandon(): void {
    this.stopped = true;
  }

  private async runTick(): Promise<void> {
    if (this.stopped) return;
    const { store, runId, owner, ttlMs, clock } = this.options;
    const now = clock.now();
    try {
      await store.recordShardHeartbeat(runId, { shard: owner, ts: now });
    } catch (error) {
      this.options.onError?.(error, 'heartbeat');
    }
    await this.renew(now);
    const unwanted = [...this.held.keys()].filter((g) => !this.wanted.has(g));
    if (unwanted.length > 0) {
      for (const g of unwanted) await this.lose(g, 'unassigned');
      try {
        await store.releaseGameLeases(runId, { owner, gameIds: unwanted });
      } catch (error) {
        this.options.onError?.(error, 'release leases');
      }
    }
    for (const gameId of [...this.wanted].sort()) {
      if (this.stopped || this.held.has(gameId)) continue;
      try {
        const lease = await store.acquireGameLease(runId, { gameId, owner, nowTs: clock.now(), ttlMs });
        if (lease && !this.stopped) {
          this.held.set(gameId, lease);
          await this.options.onGained(lease);
        }
      } catch (error) {
        this.options.onError?.(error, `acquire ${gameId}`);
      }
    }
  }

  private async renew(now: number): Promise<void> {
    if (this.held.size === 0) return;
    const { store, runId, owner, ttlMs } = this.options;
    let renewed: GameLease[];
    try {
      renewed = await store.renewGameLeases(runId, {
        owner,
        leases: [...this.held.values()].map((l) => ({ gameId: l.gameId, epoch: l.epoch })),
        nowTs: now,
        ttlMs,
      });
    } catch (error) {
      // Unknown whether the renewal landed: keep a game only while its last known lease lasts.
      this.options.onError?.(error, 'renew leases');
      for (const lease of [...this.held.values()])
        if (lease.expiresTs <= this.options.clock.now()) await this.lose(lease.gameId, 'expired');
      return;
    }
    const still = new Map(renewed.map((l) => [l.gameId, l]));
    for (const gameId of [...this.held.keys()]) {
      const lease = still.get(gameId);
      if (lease) this.held.set(gameId, lease);
      else await this.lose(gameId, 'fenced');
    }
  }

  private async lose(gameId: GameId, reason: LeaseLossReason): Promise<void> {
    if (!this.held.delete(gameId)) return;
    await this.options.onLost(gameId, reason);
  }
}
