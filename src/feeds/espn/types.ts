/** What the ESPN parsers return, and how they report what they could not read. */
import type { GameState } from '../../core/game-state.js';
import type { EspnLeague } from './leagues.js';

export interface EspnTeam {
  /** ESPN's team id (the one `situation.possession` refers to). */
  readonly id: string;
  readonly abbreviation: string;
  readonly name: string;
  /** ESPN's `shortDisplayName` ("Cowboys"), when given. */
  readonly shortName?: string;
}

/**
 * Pregame betting line. `homeSpread` is positive when the HOME team is favoured by that many
 * points, like nflverse `spread_line` and GameScheduled.homeSpread: the opposite sign of the
 * sportsbook's "home -3.5". ESPN's `details: "DAL -8.5"` means DAL is favoured by 8.5, so
 * homeSpread is +8.5 when DAL is at home and -8.5 when DAL is away; ESPN's numeric `spread` is
 * the home team's sportsbook line, so homeSpread = -spread.
 */
export interface EspnOdds {
  readonly homeSpread?: number;
  /** Over/under on total points (goals, runs). */
  readonly total?: number;
  /** American odds, e.g. -150 or +130. */
  readonly homeMoneyline?: number;
  readonly awayMoneyline?: number;
  readonly provider?: string;
}

/** ESPN's own words for the status, kept because `post` also covers postponed and canceled games. */
export interface EspnStatusInfo {
  /** e.g. STATUS_IN_PROGRESS, STATUS_HALFTIME, STATUS_FINAL, STATUS_POSTPONED; null when absent. */
  readonly name: string | null;
  /** e.g. "11:50 - 2nd Quarter", "Bottom 5th", "Final". */
  readonly detail: string | null;
  readonly completed: boolean;
}

export interface EspnGame {
  readonly espnId: string;
  readonly league: EspnLeague;
  /** Scheduled start, epoch milliseconds. */
  readonly startTs: number;
  readonly homeTeam: EspnTeam;
  readonly awayTeam: EspnTeam;
  readonly state: GameState;
  readonly espnStatus: EspnStatusInfo;
  readonly odds: EspnOdds | null;
  /** ESPN's `competitions[0].neutralSite`, when given. */
  readonly neutralSite?: boolean;
  /** ESPN's `season.year` (the year the season started), when given. */
  readonly seasonYear?: number;
  /** ESPN's `season.type`: 1 preseason, 2 regular season, 3 postseason. */
  readonly seasonType?: number;
  /** ESPN's week number (football), when given. */
  readonly week?: number;
  /** ESPN's live home win probability, 0-1 (football scoreboards, summaries with winprobability). */
  readonly espnHomeWinProbability?: number;
}

/**
 * Something in a payload the parser could not use. `skipped`: the whole event was left out;
 * `degraded`: the event was kept without the named value (or with a conflict resolved as said).
 */
export interface EspnProblem {
  /** Where in the payload, e.g. `events[3].competitions[0].competitors`. */
  readonly path: string;
  readonly reason: string;
  readonly effect: 'skipped' | 'degraded';
  /** The event's ESPN id, when it could be read. */
  readonly espnId?: string;
}

export interface EspnParseResult {
  readonly games: EspnGame[];
  readonly problems: EspnProblem[];
}

/** ESPN's home win probability after one play of a summary's `winprobability` array. */
export interface EspnPlayWinProbability {
  readonly playId: string;
  /** ESPN's `sequenceNumber` of the play; null when the play is not in `plays`. */
  readonly sequence: number | null;
  readonly period: number | null;
  /** Seconds left in the period after the play. */
  readonly clockSeconds: number | null;
  readonly homeScore: number | null;
  readonly awayScore: number | null;
  /** 0-1. */
  readonly homeWinProbability: number;
  readonly tieProbability: number | null;
}

export interface EspnSummaryResult extends EspnParseResult {
  /** In the order of the summary's `plays` (game order); entries without a play come last. */
  readonly winProbability: EspnPlayWinProbability[];
}

/** The payload as a whole is not what was asked for (not a scoreboard, another league...). */
export class EspnParseError extends Error {
  override readonly name = 'EspnParseError';
  readonly path: string;
  readonly reason: string;
  constructor(args: { what: string; path: string; reason: string }) {
    super(`${args.what}: ${args.path ? `${args.path}: ` : ''}${args.reason}`);
    this.path = args.path;
    this.reason = args.reason;
  }
}
