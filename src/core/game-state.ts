/**
 * The state of a game at one moment, as data: one shape per sport, told apart by `sport`.
 * Sport logic lives in src/sports; feeds (replay, ESPN) only fill these in.
 */
import type { GameId } from './ids.js';

export type GameStatus = 'pre' | 'in' | 'post';
export type TeamSide = 'home' | 'away';

/** What every sport's state has. */
interface GameStateBase {
  readonly gameId: GameId;
  readonly status: GameStatus;
  readonly homeScore: number;
  readonly awayScore: number;
}

/** American football: the NFL and college football share one shape. */
interface FootballGameStateFields extends GameStateBase {
  /** 1-4, 5 = overtime (college: 5 and up, one per overtime). */
  readonly quarter: number;
  /** Seconds left in the current quarter (or overtime period). */
  readonly clockSeconds: number;
  /** Seconds left in regulation; negative in overtime (= -seconds elapsed in OT). */
  readonly gameSecondsRemaining: number;
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

export interface NflGameState extends FootballGameStateFields {
  readonly sport: 'nfl';
}

/** College football. Overtime is untimed: clockSeconds and gameSecondsRemaining stay 0 in it. */
export interface NcaafGameState extends FootballGameStateFields {
  readonly sport: 'ncaaf';
}

export type FootballGameState = NflGameState | NcaafGameState;

/** NBA (four 12-minute quarters) and men's college basketball (two 20-minute halves). */
export interface BasketballGameState extends GameStateBase {
  readonly sport: 'nba' | 'ncaamb';
  /** Quarter (NBA) or half (college); after regulation, one per 5-minute overtime. */
  readonly period: number;
  /** Seconds left in the period; fractional in the last minute. */
  readonly clockSeconds: number;
  /** Seconds left in regulation; negative in overtime (= -seconds played in overtime). */
  readonly gameSecondsRemaining: number;
  /** null when the source does not say. */
  readonly possession: TeamSide | null;
  /** Timeouts left; null when the source does not say. */
  readonly homeTimeouts: number | null;
  readonly awayTimeouts: number | null;
  /** Team fouls in the current period (NBA) or half (college), when the source gives them. */
  readonly homeTeamFouls?: number;
  readonly awayTeamFouls?: number;
  /** True when that team shoots free throws on the other side's non-shooting fouls. */
  readonly homeInBonus?: boolean;
  readonly awayInBonus?: boolean;
}

export interface HockeyGameState extends GameStateBase {
  readonly sport: 'nhl';
  /** 1-3; 4 = overtime; in the regular season 5 = shootout. Playoff overtimes go on: 4, 5, ... */
  readonly period: number;
  /** Seconds left in the period. */
  readonly clockSeconds: number;
  /** Seconds left in regulation; negative in overtime (= -seconds played in overtime). */
  readonly gameSecondsRemaining: number;
  /** The side on the power play, null at even strength; absent when the source does not say. */
  readonly powerPlay?: TeamSide | null;
}

/** 'middle' is between the top and the bottom of an inning, 'end' after the bottom. */
export type InningHalf = 'top' | 'middle' | 'bottom' | 'end';

export interface BaseballGameState extends GameStateBase {
  readonly sport: 'mlb';
  /** 1-9, more in extra innings. */
  readonly inning: number;
  /** null before and after the game, or when the source does not say. */
  readonly half: InningHalf | null;
  /** The count and the bases; null when the source gives no live situation. */
  readonly balls: number | null;
  readonly strikes: number | null;
  readonly outs: number | null;
  readonly onFirst: boolean | null;
  readonly onSecond: boolean | null;
  readonly onThird: boolean | null;
}

/** Soccer competitions the platform follows, by ESPN's league code. */
export type SoccerLeague = 'eng.1' | 'usa.1' | 'uefa.champions';

export interface SoccerGameState extends GameStateBase {
  readonly sport: 'soccer';
  readonly league: SoccerLeague;
  /** 1-2 halves, 3-4 extra time, 5 penalty shoot-out. */
  readonly period: number;
  /** The match minute as shown ("67'" is 67; "90'+3'" is 90). */
  readonly minute: number;
  /** Added minutes played beyond `minute` ("90'+3'" is 3); null when not in stoppage time. */
  readonly stoppageMinute: number | null;
  /** Seconds played: the soccer clock counts up. */
  readonly clockSeconds: number;
  /** Players sent off, when the source lists the match's cards. */
  readonly homeRedCards?: number;
  readonly awayRedCards?: number;
}

export type GameState =
  | NflGameState
  | NcaafGameState
  | BasketballGameState
  | HockeyGameState
  | BaseballGameState
  | SoccerGameState;

export function isFootball(state: GameState): state is FootballGameState {
  return state.sport === 'nfl' || state.sport === 'ncaaf';
}

/**
 * What tells one reported state of a game from the next, so a poll that repeats a state is not
 * counted (scored, stored) twice: football states carry their play's sequence number; the other
 * sports' are told apart by their fields.
 */
export function stateProgressKey(state: GameState): string {
  if (isFootball(state)) return `p${state.playSeq}`;
  return Object.values(state).join('|');
}

/**
 * The period (quarter, half, inning), clock and possession of any sport's state, for the typed
 * columns of a stored state; fields a sport does not have are 0 or null.
 */
export function stateSummary(state: GameState): {
  period: number;
  clockSeconds: number;
  gameSecondsRemaining: number;
  possession: TeamSide | null;
  playSeq: number;
} {
  switch (state.sport) {
    case 'nfl':
    case 'ncaaf':
      return {
        period: state.quarter,
        clockSeconds: state.clockSeconds,
        gameSecondsRemaining: state.gameSecondsRemaining,
        possession: state.possession,
        playSeq: state.playSeq,
      };
    case 'nba':
    case 'ncaamb':
      return {
        period: state.period,
        clockSeconds: state.clockSeconds,
        gameSecondsRemaining: state.gameSecondsRemaining,
        possession: state.possession,
        playSeq: 0,
      };
    case 'nhl':
      return {
        period: state.period,
        clockSeconds: state.clockSeconds,
        gameSecondsRemaining: state.gameSecondsRemaining,
        possession: null,
        playSeq: 0,
      };
    case 'mlb':
      return { period: state.inning, clockSeconds: 0, gameSecondsRemaining: 0, possession: null, playSeq: 0 };
    case 'soccer':
      return {
        period: state.period,
        clockSeconds: state.clockSeconds,
        gameSecondsRemaining: 0,
        possession: null,
        playSeq: 0,
      };
  }
}
