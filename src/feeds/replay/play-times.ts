/**
 * Wall-clock times for recorded plays. The data has the game clock but not when each snap
 * happened, so time is estimated: game-clock time elapsed, plus dead time between snaps, plus
 * halftime. The estimate gives an NFL game its usual three hours or so. Pure.
 */
import type { NflGameState } from '../../core/game-state.js';

/** Dead time charged to each recorded row (huddles, stoppages, replays, TV breaks). */
export const SECONDS_PER_ROW = 40;
export const HALFTIME_SECONDS = 13 * 60;

/** Epoch-ms time of each state, strictly increasing, starting at kick-off. */
export function estimatePlayTimes(kickoffTs: number, states: readonly NflGameState[]): number[] {
  const out: number[] = [];
  let last = kickoffTs - 1000;
  states.forEach((s, i) => {
    const elapsedGame = 3600 - s.gameSecondsRemaining; // overtime keeps counting up
    const halftime = s.quarter >= 3 ? HALFTIME_SECONDS : 0;
    const ts = kickoffTs + (elapsedGame + halftime + i * SECONDS_PER_ROW) * 1000;
    last = Math.max(ts, last + 1000);
    out.push(last);
  });
  return out;
}
