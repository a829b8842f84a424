/**
 * When the replay's periodic reconciliation runs next. Every interval while any game is announced
 * and not final, and through short gaps between game days; across an off-season gap (a replay
 * that spans seasons, e.g. NFL games of 2020 and an NBA game of 2024) it sleeps until shortly
 * before the next game is announced, instead of running hundreds of thousands of idle passes.
 */
import type { GameId } from '../core/ids.js';
import { PREGAME_LEAD_MS } from '../feeds/replay/game-feed.js';
import type { ReplayGame } from '../feeds/replay/replay-game.js';

/** Gaps longer than this with no game announced are slept through. */
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
  if (!Number.isFinite(upcoming) || upcoming - next <= OFF_SEASON_GAP_MS) return next;
  return upcoming - opts.everyMs;
}
