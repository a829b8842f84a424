/**
 * How the per-league tables are written: one short spec per team, expanded to a TeamEntry with
 * the defaults spelled out here. Pure.
 */
import type { LeagueId, TeamEntry, VenueCode } from './types.js';

export interface TeamSpec {
  /** ESPN's abbreviations, current first; empty when ESPN's code is not known (then set `key`). */
  readonly espn: string | readonly string[];
  /** The table key when ESPN's abbreviation is not known; default ESPN's first abbreviation. */
  readonly key?: string;
  /** ESPN team ids seen in real ESPN payloads. */
  readonly id?: string;
  readonly location: string;
  readonly nickname: string;
  /** ESPN's displayName; default `${location} ${nickname}`. */
  readonly name?: string;
  /** ESPN's shortDisplayName; default the nickname. */
  readonly short?: string;
  /** Other feed codes (the replay's nflverse codes). */
  readonly feed?: readonly string[];
  /** Display names before a rename or move. */
  readonly former?: readonly string[];
  /** Kalshi codes seen in real tickers (reference, captures, venue listings quoted in public code). */
  readonly kalshi?: readonly string[];
  /** Kalshi codes expected but not seen; default ESPN's abbreviation when no code is known. */
  readonly kalshiGuess?: readonly string[];
  /** How Kalshi's rules and sub-titles name the team; default the location. */
  readonly kalshiNames?: readonly string[];
  /** Gamma abbreviations (lower case) seen in real slugs or `teams[]`. */
  readonly gamma?: readonly string[];
  /** Gamma abbreviations expected but not seen; default ESPN's abbreviation in lower case. */
  readonly gammaGuess?: readonly string[];
  /** Gamma outcome and team names; default the nickname, then the full name. */
  readonly gammaNames?: readonly string[];
}

const codes = (verified: readonly string[], guessed: readonly string[]): VenueCode[] => [
  ...verified.map((code) => ({ code, verified: true })),
  ...guessed.filter((c) => !verified.includes(c)).map((code) => ({ code, verified: false })),
];

export function defineTeams(league: LeagueId, specs: readonly TeamSpec[]): readonly TeamEntry[] {
  return specs.map((s) => {
    const espn = typeof s.espn === 'string' ? [s.espn] : [...s.espn];
    const primary = s.key ?? espn[0];
    if (primary === undefined) throw new Error(`team ${s.location} ${s.nickname} has no key`);
    const name = s.name ?? `${s.location} ${s.nickname}`;
    const kalshiVerified = s.kalshi ?? [];
    const gammaVerified = s.gamma ?? [];
    return {
      league,
      key: primary,
      espnIds: s.id === undefined ? [] : [s.id],
      espnAbbreviations: espn,
      feedAliases: s.feed ?? [],
      name,
      shortName: s.short ?? s.nickname,
      location: s.location,
      nickname: s.nickname,
      formerNames: s.former ?? [],
      kalshi: {
        codes: codes(kalshiVerified, s.kalshiGuess ?? (kalshiVerified.length > 0 ? [] : [primary])),
        names: s.kalshiNames ?? [s.location],
      },
      gamma: {
        codes: codes(
          gammaVerified,
          s.gammaGuess ?? (gammaVerified.length > 0 ? [] : [primary.toLowerCase()]),
        ),
        names: s.gammaNames ?? [s.nickname, name],
      },
    };
  });
}
