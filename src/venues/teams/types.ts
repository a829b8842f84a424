/**
 * The shape of the team tables: per league, each team as ESPN names it and as each venue codes
 * and names it. Pure data types.
 */

/** ESPN's league ids, which GameScheduled.league carries and the tables are keyed by. */
export const LEAGUE_IDS = [
  'nfl',
  'nba',
  'nhl',
  'mlb',
  'college-football',
  'mens-college-basketball',
  'eng.1',
  'usa.1',
  'uefa.champions',
] as const;
export type LeagueId = (typeof LEAGUE_IDS)[number];

export function isLeagueId(value: unknown): value is LeagueId {
  return typeof value === 'string' && (LEAGUE_IDS as readonly string[]).includes(value);
}

/** A venue's code for a team, and whether real data (or the reference) confirms it. */
export interface VenueCode {
  readonly code: string;
  /**
   * True when the code was seen in a real capture or venue listing quoted by the reference;
   * false when it is our expectation only (usually ESPN's code). An unverified code may identify
   * a team on its own, but never decides between two candidates.
   */
  readonly verified: boolean;
}

export interface VenueTeamNames {
  /** Codes, preferred first (what a simulated venue lists). */
  readonly codes: readonly VenueCode[];
  /**
   * Names the venue uses for the team: Kalshi's rules and sub-titles ("Dallas", "New York G"),
   * Gamma's outcome and team names ("Cowboys"). Preferred first.
   */
  readonly names: readonly string[];
}

export interface TeamEntry {
  readonly league: LeagueId;
  /** Stable key within the league: ESPN's current abbreviation. */
  readonly key: string;
  /** ESPN's team ids, where real ESPN payloads show them. */
  readonly espnIds: readonly string[];
  /** ESPN's abbreviations, the current one first, then any ESPN used before. */
  readonly espnAbbreviations: readonly string[];
  /** Other feed codes meaning this team (the replay bundle's nflverse codes: `LA`, `WAS`, `OAK`). */
  readonly feedAliases: readonly string[];
  /** ESPN's displayName, e.g. "Dallas Cowboys". */
  readonly name: string;
  /** ESPN's shortDisplayName, e.g. "Cowboys". */
  readonly shortName: string;
  /** ESPN's location, e.g. "Dallas". Not unique ("New York", "Los Angeles"). */
  readonly location: string;
  /** The team name without the location, e.g. "Cowboys". */
  readonly nickname: string;
  /** Display names the team had before a rename or a move ("Washington Football Team"). */
  readonly formerNames: readonly string[];
  readonly kalshi: VenueTeamNames;
  readonly gamma: VenueTeamNames;
}
