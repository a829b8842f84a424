/**
 * The team tables and lookups both ways, keyed by league: ESPN team → each venue's code and
 * names (what a simulated venue lists), and a venue's code or name → the team. A lookup that
 * finds two teams says so instead of choosing; an unverified code never decides between two.
 * Pure.
 */
import { COLLEGE_FOOTBALL_TEAMS, MENS_COLLEGE_BASKETBALL_TEAMS } from './college.js';
import { MLB_TEAMS } from './mlb.js';
import { nameKeys } from './names.js';
import { NBA_TEAMS } from './nba.js';
import { NFL_TEAMS } from './nfl.js';
import { NHL_TEAMS } from './nhl.js';
import { EPL_TEAMS, MLS_TEAMS, UCL_TEAMS } from './soccer.js';
import type { LeagueId, TeamEntry, VenueCode } from './types.js';

export { nameKeys, normalizeTeamName, sharesAName } from './names.js';
export * from './types.js';

const TABLES: Readonly<Record<LeagueId, readonly TeamEntry[]>> = {
  nfl: NFL_TEAMS,
  nba: NBA_TEAMS,
  nhl: NHL_TEAMS,
  mlb: MLB_TEAMS,
  'college-football': COLLEGE_FOOTBALL_TEAMS,
  'mens-college-basketball': MENS_COLLEGE_BASKETBALL_TEAMS,
  'eng.1': EPL_TEAMS,
  'usa.1': MLS_TEAMS,
  'uefa.champions': UCL_TEAMS,
};

/**
 * Leagues whose table holds every team: a code or name not found there is an unknown team. In
 * the others (college, the Champions League) an unknown team falls back to matching by name.
 */
export const COMPLETE_TABLES: ReadonlySet<LeagueId> = new Set(['nfl', 'nba', 'nhl', 'mlb', 'eng.1', 'usa.1']);

export function teamsOf(league: LeagueId): readonly TeamEntry[] {
  return TABLES[league];
}

export type Venue = 'kalshi' | 'gamma';

/** Every name a team goes by: ESPN's, its former names, and the venue names. */
export function namesOf(team: TeamEntry): readonly string[] {
  return [
    team.name,
    team.shortName,
    team.location,
    `${team.location} ${team.nickname}`,
    team.nickname,
    ...team.formerNames,
    ...team.kalshi.names,
    ...team.gamma.names,
  ];
}

const NAME_KEYS = new WeakMap<TeamEntry, ReadonlySet<string>>();
export function nameKeysOf(team: TeamEntry): ReadonlySet<string> {
  let keys = NAME_KEYS.get(team);
  if (!keys) {
    keys = nameKeys(namesOf(team));
    NAME_KEYS.set(team, keys);
  }
  return keys;
}

export type TeamLookup =
  | {
      readonly kind: 'found';
      readonly team: TeamEntry;
      /** How: by the code alone, by a name alone, or by both agreeing. */
      readonly via: 'code' | 'name' | 'code_and_name';
      /** Whether the code used is confirmed by real data; null when no code was used. */
      readonly codeVerified: boolean | null;
    }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly TeamEntry[] }
  /** The code names one team and the names another. */
  | { readonly kind: 'conflict'; readonly byCode: TeamEntry; readonly byName: readonly TeamEntry[] }
  | { readonly kind: 'unknown' };

function venueCodes(team: TeamEntry, venue: Venue): readonly VenueCode[] {
  return venue === 'kalshi' ? team.kalshi.codes : team.gamma.codes;
}

/** Teams whose names include one of `names` (normalised equality). */
export function teamsByName(league: LeagueId, names: readonly (string | null | undefined)[]): TeamEntry[] {
  const keys = nameKeys(names);
  if (keys.size === 0) return [];
  return TABLES[league].filter((t) => {
    const own = nameKeysOf(t);
    for (const k of keys) if (own.has(k)) return true;
    return false;
  });
}

/**
 * A venue's code and/or names to the team. The code decides when it names one team; every name
 * that names a team must name that one too (a sub-title naming another team is a conflict). Names
 * decide alone when there is no code, if they all name the same one team. A code two teams share
 * is decided by names only if exactly one of them carries them all.
 */
export function findVenueTeam(
  league: LeagueId,
  venue: Venue,
  listing: { readonly code?: string | null; readonly names?: readonly (string | null | undefined)[] },
): TeamLookup {
  const code = listing.code?.trim().toUpperCase();
  // Each name's teams; a name no team has says nothing either way.
  const perName = (listing.names ?? [])
    .map((n) => teamsByName(league, [n]))
    .filter((hits) => hits.length > 0);
  const fitsNames = (t: TeamEntry) => perName.every((hits) => hits.includes(t));
  const byName = perName.length === 0 ? [] : TABLES[league].filter(fitsNames);
  const codeOf = (t: TeamEntry) => venueCodes(t, venue).find((c) => c.code.toUpperCase() === code);
  const byCode = code ? TABLES[league].filter((t) => codeOf(t) !== undefined) : [];
  if (byCode.length === 1) {
    const team = byCode[0] as TeamEntry;
    const codeVerified = codeOf(team)?.verified ?? false;
    if (perName.length === 0) return { kind: 'found', team, via: 'code', codeVerified };
    if (fitsNames(team)) return { kind: 'found', team, via: 'code_and_name', codeVerified };
    return { kind: 'conflict', byCode: team, byName: [...new Set(perName.flat())] };
  }
  if (byCode.length > 1) {
    const both = byCode.filter((t) => perName.length > 0 && fitsNames(t));
    if (both.length === 1)
      return { kind: 'found', team: both[0] as TeamEntry, via: 'code_and_name', codeVerified: false };
    return { kind: 'ambiguous', candidates: byCode };
  }
  if (byName.length === 1)
    return { kind: 'found', team: byName[0] as TeamEntry, via: 'name', codeVerified: null };
  if (perName.length > 0)
    return { kind: 'ambiguous', candidates: byName.length > 0 ? byName : [...new Set(perName.flat())] };
  return { kind: 'unknown' };
}

/** The team of a feed (ESPN) team: by ESPN id, then abbreviation or feed alias, then names. */
export function findFeedTeam(
  league: LeagueId,
  feed: {
    readonly espnId?: string | null;
    readonly abbreviation?: string | null;
    readonly names?: readonly (string | null | undefined)[];
  },
): TeamLookup {
  const table = TABLES[league];
  if (feed.espnId) {
    const hits = table.filter((t) => t.espnIds.includes(feed.espnId as string));
    if (hits.length === 1)
      return { kind: 'found', team: hits[0] as TeamEntry, via: 'code', codeVerified: true };
  }
  const abbr = feed.abbreviation?.trim().toUpperCase();
  if (abbr) {
    const hits = table.filter((t) => t.espnAbbreviations.includes(abbr) || t.feedAliases.includes(abbr));
    if (hits.length === 1) {
      const team = hits[0] as TeamEntry;
      const named = teamsByName(league, feed.names ?? []);
      // A code can outlive the team it meant (ESPN's ARI was the Coyotes, now listed under
      // Utah): names that point only elsewhere mean the feed's team is not this entry.
      if (named.length > 0 && !named.includes(team)) return { kind: 'conflict', byCode: team, byName: named };
      return { kind: 'found', team, via: named.length > 0 ? 'code_and_name' : 'code', codeVerified: true };
    }
    if (hits.length > 1) return { kind: 'ambiguous', candidates: hits };
  }
  const byName = teamsByName(league, feed.names ?? []);
  if (byName.length === 1)
    return { kind: 'found', team: byName[0] as TeamEntry, via: 'name', codeVerified: null };
  if (byName.length > 1) return { kind: 'ambiguous', candidates: byName };
  return { kind: 'unknown' };
}

/** The team with this ESPN abbreviation (or feed alias), if exactly one. */
export function teamByEspnAbbreviation(league: LeagueId, abbreviation: string): TeamEntry | null {
  const r = findFeedTeam(league, { abbreviation });
  return r.kind === 'found' ? r.team : null;
}

/** The code a venue lists the team under: its first confirmed code, else its first expected one. */
export function venueCodeOf(team: TeamEntry, venue: Venue): string {
  const codes = venueCodes(team, venue);
  const code = (codes.find((c) => c.verified) ?? codes[0])?.code;
  // defineTeams always gives a code; an entry built by hand without one is a table error.
  if (code === undefined) throw new Error(`team ${team.league}:${team.key} has no ${venue} code`);
  return code;
}

/** How the venue names the team: Kalshi's sub-title ("Dallas"), Gamma's outcome ("Cowboys"). */
export function venueNameOf(team: TeamEntry, venue: Venue): string {
  return (venue === 'kalshi' ? team.kalshi.names[0] : team.gamma.names[0]) ?? team.shortName;
}

/** Keys of the teams of a league whose normalised names collide with another team's (for audits). */
export function sharedNames(league: LeagueId): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const t of TABLES[league])
    for (const k of nameKeysOf(t)) owners.set(k, [...(owners.get(k) ?? []), t.key]);
  return new Map([...owners].filter(([, keys]) => keys.length > 1));
}
