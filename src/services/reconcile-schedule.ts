/**
 * When the replay's periodic reconciliation runs next. Every interval while any game is announced
 * and not final, and through short gaps (overnight between consecutive game days); across a
 * longer gap with no game (the week between NFL rounds, or an off-season in a replay that spans
 * seasons) it sleeps until shortly before the next game is announced. Nothing trades in the gap,
 * and with the venue simulators each idle pass is a round of loopback requests: a week of them
 * every 5 minutes was most of `npm start`'s time.
 */
import type { GameId } from '../core/ids.js';
import { PREGAME_LEAD_MS } from '../feeds/replay/game-feed.js';
import type { ReplayGame } from '../feeds/replay/replay-game.js';

/** Gaps longer than this with no game announced are slept through. */
export const IDLE_GAP_MS = 2 * 24 * 3600_000;

/** A paced replay (`--speed`) does not wait out gaps longer than this (a replay spanning seasons). */
export const OFF_SEASON_GAP_MS = 30 * 24 * 3600_000;

export function nextReconcileTs(opts: {
  readonly at: number;
  readonly everyMs: number;
  readonly games: readonly ReplayGame[];
  readonly finals: ReadonlySet<GameId>;
}): number {
  const next = opts.at + opts.everyMs;
  let upcoming = Number.POSITIVE_INFINITY;
  for (const g of opts.games) {
    if (opts.finals.has(g.info.gameId)) continue;
    const announced = g.info.kickoffTs - PREGAME_LEAD_MS;
    if (announced <= next) return next;
    upcoming = Math.min(upcoming, announced);
  }
  if (!Number.isFinite(upcoming) || upcoming - next <= IDLE_GAP_MS) return next;
  return upcoming - opts.everyMs;
}
