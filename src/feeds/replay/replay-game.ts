/**
 * A recorded real game as the replay serves it, whatever the sport: who played, when, the
 * pregame line, the final score, and the game's states in play order. Each league's bundle
 * loader (nfl-bundle.ts, nba-bundle.ts) fills these in.
 */
import { type GameState, stateSummary } from '../../core/game-state.js';
import type { GameId } from '../../core/ids.js';
import type { Sport } from '../../core/instruments.js';
import { estimatePlayTimes } from './play-times.js';

export interface ReplayGameInfo {
  gameId: GameId;
  /** Absent means 'nfl' (the first bundle's games). */
  sport?: Sport;
  season: number;
  week: number;
  seasonType: 'REG' | 'POST';
  /** Kickoff (tip-off), epoch milliseconds. */
  kickoffTs: number;
  homeTeam: string;
  awayTeam: string;
  /** Positive means the HOME team is favoured by that many points (nflverse `spread_line`). */
  homeSpread: number;
  finalHomeScore: number;
  finalAwayScore: number;
  /** ESPN's own event id, when the game came from ESPN: the simulated ESPN API serves it under it. */
  espnEventId?: string;
}

export interface ReplayGame<S extends GameState = GameState> {
  info: ReplayGameInfo;
  /** In play order, status 'in'. */
  states: S[];
  /**
   * When each state happened, epoch ms, strictly increasing (same index as `states`), where the
   * data records it; without it the times are estimated from the game clock (NFL only).
   */
  playTs?: readonly number[];
  /** ESPN's published home win probability after each state, 0-1, where the data has it. */
  espnHomeWinProbability?: readonly (number | null)[];
}

export function sportOf(game: ReplayGame): Sport {
  return game.info.sport ?? 'nfl';
}

/** Epoch-ms time of each of the game's states: the recorded times, else the NFL estimate. */
export function replayPlayTimes(game: ReplayGame): number[] {
  if (game.playTs) return [...game.playTs];
  const states = game.states;
  if (!states.every((s) => s.sport === 'nfl')) {
    throw new Error(`game ${game.info.gameId}: play times can only be estimated for NFL states`);
  }
  return estimatePlayTimes(game.info.kickoffTs, states as readonly (GameState & { sport: 'nfl' })[]);
}

/**
 * ESPN's published home win probability for a replayed state, for games whose data has it:
 * looked up by period, clock and score, which is what a state read back from the (simulated)
 * ESPN feed shares with the bundle's. Plays that leave all four alike (a missed shot and its
 * rebound) share a key; the later play's probability stands for them.
 */
export function espnWinProbabilityLookup(
  games: readonly ReplayGame[],
): (gameId: GameId, state: GameState) => number | undefined {
  const byGame = new Map<GameId, Map<string, number>>();
  for (const g of games) {
    const wp = g.espnHomeWinProbability;
    if (!wp) continue;
    const map = new Map<string, number>();
    g.states.forEach((s, i) => {
      const p = wp[i];
      if (p !== undefined && p !== null) map.set(referenceKey(s), p);
    });
    byGame.set(g.info.gameId, map);
  }
  return (gameId, state) => byGame.get(gameId)?.get(referenceKey(state));
}

function referenceKey(state: GameState): string {
  const t = stateSummary(state);
  return `${t.period}|${t.clockSeconds}|${state.homeScore}|${state.awayScore}`;
}
