/**
 * When to poll: "crunch time" per sport (late and close, when a state changes the odds most),
 * and exponential backoff with jitter after failures. Pure.
 */
import type { GameState } from '../../core/game-state.js';

/**
 * Late in a close game, per sport:
 * - football: the fourth quarter or overtime, within one score (8 points);
 * - basketball: the last 5 minutes of regulation or overtime, within 10 points;
 * - hockey: the third period or overtime, within one goal;
 * - baseball: the eighth inning or later, within 3 runs (the tying run at the plate or on base);
 * - soccer: from the 75th minute, within one goal, and all of extra time and penalties.
 */
export function isCrunchTime(state: GameState): boolean {
  if (state.status !== 'in') return false;
  const margin = Math.abs(state.homeScore - state.awayScore);
  switch (state.sport) {
    case 'nfl':
    case 'ncaaf':
      return state.quarter >= 4 && margin <= 8;
    case 'nba':
    case 'ncaamb':
      return state.gameSecondsRemaining <= 300 && margin <= 10;
    case 'nhl':
      return state.period >= 3 && margin <= 1;
    case 'mlb':
      return state.inning >= 8 && margin <= 3;
    case 'soccer':
      return state.period >= 3 || (state.minute >= 75 && margin <= 1);
  }
}

export interface BackoffPolicy {
  /** Delay after the first failure, ms. */
  readonly baseMs: number;
  /** Largest delay, ms. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 120_000 };

/**
 * Delay before retrying after `failures` failures in a row: base * 2^(failures-1), capped, with
 * "equal jitter" (half fixed, half random) so that many clients do not retry in step. A server's
 * Retry-After is a floor.
 */
export function backoffDelayMs(
  policy: BackoffPolicy,
  failures: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  // A bad random source must not give a NaN delay: that would break the scheduler's order.
  const r = random();
  const u = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 1;
  const jittered = Math.round(ceiling / 2 + u * (ceiling / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}
