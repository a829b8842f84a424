/** The state of a game at one moment, as data. Sport logic lives in src/sports. */
import type { GameId } from './ids.js';

export type GameStatus = 'pre' | 'in' | 'post';
export type TeamSide = 'home' | 'away';

export interface NflGameState {
  readonly sport: 'nfl';
  readonly gameId: GameId;
  readonly status: GameStatus;
  /** 1-4, 5 = overtime. */
  readonly quarter: number;
  /** Seconds left in the current quarter (or overtime period). */
  readonly clockSeconds: number;
  /** Seconds left in regulation; negative in overtime (= -seconds elapsed in OT). */
  readonly gameSecondsRemaining: number;
  readonly homeScore: number;
  readonly awayScore: number;
  readonly possession: TeamSide | null;
  readonly down: number | null;
  readonly distance: number | null;
  /** Yards from the end zone the team in possession is attacking, 1-99. */
  readonly yardline100: number | null;
  readonly homeTimeouts: number;
  readonly awayTimeouts: number;
  /** Position of this state in the game's sequence of plays. */
  readonly playSeq: number;
}

export type GameState = NflGameState;
