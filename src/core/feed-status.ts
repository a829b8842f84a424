/**
 * How fresh a game feed's view of each game is. A polling feed does not re-publish a state that
 * has not changed, so the time of the last GameStateUpdated says when the game last changed, not
 * when the feed last confirmed it; this port tells the strategy the latter.
 */
import type { GameId } from './ids.js';

export interface GameFeedStatus {
  /** Epoch ms of the last successful fetch that covered this game; undefined if none yet. */
  lastObservedTs(gameId: GameId): number | undefined;
}

/** Milliseconds since the feed last confirmed the game, or null when it never has. */
export function feedStalenessMs(status: GameFeedStatus, gameId: GameId, now: number): number | null {
  const observed = status.lastObservedTs(gameId);
  return observed === undefined ? null : Math.max(0, now - observed);
}
