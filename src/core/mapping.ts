/**
 * Why a venue instrument was mapped to a game of the feed: the evidence market discovery keeps
 * with each MarketMapped, so an operator (or a later audit) can see which listing was read, which
 * feed game it was matched to, how each team was recognised, how far apart the start times were
 * and which rule sentences the settlement terms came from. Pure data.
 */
import type { GameId } from './ids.js';
import type { OutcomeKind, VenueName } from './instruments.js';

/** How one team of the listing was recognised as one team of the feed game. */
export interface TeamMatchEvidence {
  /** The feed game's side this team plays on (ESPN's, nominal at a neutral site). */
  readonly side: 'home' | 'away';
  /** The feed's abbreviation of the team. */
  readonly feedAbbreviation: string;
  /** The venue's code for it (Kalshi ticker suffix, Gamma abbreviation), if the listing has one. */
  readonly venueCode: string | null;
  /** The venue's names for it that were compared (sub-title, outcome name, team name…). */
  readonly venueNames: readonly string[];
  /**
   * `table`: both sides resolve to the same entry of the team tables (by venue code and/or
   * name); `names`: a name of the listing equals a name the feed gives (the fallback for teams
   * the tables do not hold).
   */
  readonly matchedBy: 'table' | 'names';
  /** Whether the venue code that identified the team is confirmed by real data; null when no code was used. */
  readonly codeVerified: boolean | null;
}

/** Where the listing's start time came from, for the time comparison. */
export type StartTimeBasis =
  /** Kalshi's HHMM in the event ticker, US Eastern. */
  | 'kalshi_ticker_time'
  /** The time in Kalshi's rules ("originally scheduled for … at 7:07 PM EDT"). */
  | 'kalshi_rules_time'
  /** Only the US Eastern date of the Kalshi ticker: the feed game must fall on that day. */
  | 'kalshi_ticker_date'
  /** Gamma's market `gameStartTime` (UTC). */
  | 'gamma_game_start_time'
  /** Gamma's event `startTime`. */
  | 'gamma_event_start_time'
  /** Only the date of the Gamma slug (US Eastern calendar date). */
  | 'gamma_slug_date'
  /** Polymarket US market `gameStartTime` (UTC). */
  | 'pmus_game_start_time';

/** One settlement term and the sentence of the venue's rules it was read from. */
export interface RuleEvidence {
  readonly term: 'winner' | 'overtime' | 'draw' | 'postponement' | 'unplayed' | 'structure';
  /** The sentence as the venue wrote it, or how the term was inferred when no sentence states it. */
  readonly text: string;
  /** True when no sentence states the term and it follows from the winner sentence's wording. */
  readonly inferred: boolean;
}

export interface MappingEvidence {
  readonly venue: VenueName;
  /** The venue's listing: a Kalshi event ticker or a Gamma event slug. */
  readonly listing: string;
  /** The market within it: a Kalshi market ticker, or a Gamma market id. */
  readonly market: string;
  /** The outcome the instrument's YES pays on. */
  readonly outcome: OutcomeKind;
  readonly feedGameId: GameId;
  /** The feed's league id (ESPN's: `nfl`, `eng.1`…). */
  readonly league: string;
  readonly teams: readonly TeamMatchEvidence[];
  /** The feed game was played at a neutral site: home and away are ESPN's nominal sides. */
  readonly neutralSite: boolean;
  /** Listing start minus feed start, ms; null when only dates were compared. */
  readonly startTimeDiffMs: number | null;
  readonly startTimeBasis: StartTimeBasis;
  /** Another game of the same teams was near in time and this one was picked by the closer start. */
  readonly doubleheader: boolean;
  readonly rules: readonly RuleEvidence[];
}
