/**
 * A venue's game listing in one shape for both venues: its two teams (each with the venue's code
 * and names, and the team-table entry they resolve to), its start time as the venue gives it, and
 * one outcome per tradable YES contract with its terms read from the rules. The Kalshi and Gamma
 * readers build it; the matcher pairs it with a feed game. Pure.
 */
import type { InstrumentId } from '../../core/ids.js';
import type { FeeSchedule, SettlementTerms } from '../../core/instruments.js';
import type { RuleEvidence, StartTimeBasis } from '../../core/mapping.js';
import type { Micros } from '../../core/money.js';
import {
  findVenueTeam,
  type LeagueId,
  nameKeys,
  nameKeysOf,
  type TeamLookup,
  type Venue,
} from '../teams/index.js';
import type { UnmappedReason } from './reasons.js';

export interface ListingSide {
  /** The venue's code (Kalshi ticker suffix, Gamma abbreviation), if it gives one. */
  readonly code: string | null;
  /** The venue's names for the team (sub-title, rules subject, outcome label, team name). */
  readonly names: readonly string[];
  readonly lookup: TeamLookup;
  /** The venue's names normalised, with the table entry's when it resolved. */
  readonly nameKeys: ReadonlySet<string>;
}

export interface ListingOutcome {
  /** Which listing side YES pays on, or the draw. */
  readonly pays: 0 | 1 | 'draw';
  readonly instrumentId: InstrumentId;
  /** Kalshi market ticker or Polymarket token id. */
  readonly symbol: string;
  /** The market for the evidence: Kalshi ticker, Gamma market id. */
  readonly market: string;
  /** Polymarket: the CLOB market (condition id), where its live taker delay is read. */
  readonly conditionId?: string;
  readonly tickSize: Micros;
  readonly fees: FeeSchedule;
  readonly settlement: SettlementTerms;
  readonly rules: readonly RuleEvidence[];
}

export interface ListingStart {
  /** The start instant the venue gives; null when it gives only a date. */
  readonly instant: number | null;
  /** The US Eastern date the venue gives (ticker, slug); used when there is no instant. */
  readonly dateEt: string | null;
  readonly basis: StartTimeBasis;
}

export interface VenueListing {
  readonly venue: 'kalshi' | 'polymarket' | 'polymarket-us';
  /** Kalshi event ticker, Gamma event slug. */
  readonly listing: string;
  readonly league: LeagueId;
  readonly sides: readonly [ListingSide, ListingSide];
  readonly start: ListingStart;
  readonly outcomes: readonly ListingOutcome[];
  readonly simulated: boolean;
}

/** A listing the matcher will not use, with why. */
export interface UnreadListing {
  readonly venue: 'kalshi' | 'polymarket' | 'polymarket-us';
  readonly listing: string;
  readonly league: LeagueId | null;
  readonly reason: UnmappedReason;
}

export type ListingResult =
  | { readonly ok: true; readonly listing: VenueListing }
  | { readonly ok: false; readonly unread: UnreadListing };

/** Resolves one side of a listing against the league's table. */
export function listingSide(
  league: LeagueId,
  venue: Venue,
  code: string | null,
  names: readonly (string | null | undefined)[],
): ListingSide {
  const clean = names.filter((n): n is string => typeof n === 'string' && n.trim().length > 0);
  const lookup = findVenueTeam(league, venue, { code, names: clean });
  const keys = new Set(nameKeys(clean));
  if (lookup.kind === 'found') for (const k of nameKeysOf(lookup.team)) keys.add(k);
  return { code, names: clean, lookup, nameKeys: keys };
}

/** How a side is written in messages: its code and first name. */
export function sideLabel(side: ListingSide): string {
  const name = side.names[0];
  if (side.code && name) return `${side.code} (${name})`;
  return side.code ?? name ?? '(unnamed)';
}

/** Which side a name (an outcome label, a rules subject) belongs to: 0, 1, or null if neither or both. */
export function sideOfName(sides: readonly [ListingSide, ListingSide], name: string): 0 | 1 | null {
  const keys = nameKeys([name]);
  const hits = ([0, 1] as const).filter((i) => [...keys].some((k) => sides[i].nameKeys.has(k)));
  return hits.length === 1 ? (hits[0] as 0 | 1) : null;
}
