/**
 * A Bus that lets through only the events a predicate accepts, for a feed that sees more games
 * than its process may publish: a game shard's ESPN poller reads the whole scoreboard but
 * publishes only the games the shard holds leases for; the coordinator's poller publishes only
 * announcements. The latest held-back state (and final) of each game is kept, so a shard that
 * takes a game over can publish where the feed stands at once instead of waiting for the next
 * change (a game that went final between two owners would otherwise never be reported final).
 */

import type { Bus, BusStats, SubscribeOptions, Subscription } from '../bus/port.js';
import type { ArbeesEvent, GameFinal, GameStateUpdated } from '../core/events.js';
import type { GameId } from '../core/ids.js';

export class GatedBus implements Bus {
  private readonly heldBack = new Map<GameId, { state?: GameStateUpdated; final?: GameFinal }>();
  private dropped = 0;

  constructor(
    private readonly inner: Bus,
    private readonly allow: (event: ArbeesEvent) => boolean,
  ) {}

  publish(event: ArbeesEvent): Promise<string> {
    if (this.allow(event)) return this.inner.publish(event);
    this.dropped += 1;
    if (event.type === 'GameStateUpdated' || event.type === 'GameFinal') {
      const kept = this.heldBack.get(event.gameId) ?? {};
      if (event.type === 'GameStateUpdated') kept.state = event;
      else kept.final = event;
      this.heldBack.set(event.gameId, kept);
    }
    return Promise.resolve('');
  }

  /** The latest state and final the feed produced for a game while it was not let through. */
  takeHeldBack(gameId: GameId): ArbeesEvent[] {
    const kept = this.heldBack.get(gameId);
    this.heldBack.delete(gameId);
    return kept ? [kept.state, kept.final].filter((e): e is NonNullable<typeof e> => e !== undefined) : [];
  }

  /** Events not let through. */
  get droppedCount(): number {
    return this.dropped;
  }

  subscribe(options: SubscribeOptions): Subscription {
    return this.inner.subscribe(options);
  }
  idle(): Promise<void> {
    return this.inner.idle();
  }
  stats(): BusStats {
    return this.inner.stats();
  }
  /** The inner bus belongs to the service: closing the gate leaves it open. */
  async close(): Promise<void> {}
}
