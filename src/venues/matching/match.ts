/**
 * The pure matcher: venue listings (already read, with their terms) paired with feed games.
 * A listing maps to a game when both its teams are that game's two teams — by team-table entry,
 * or by name where the tables hold no entry — and its start agrees: instants within ±3 h (±30 min
 * to choose between two games of the same teams), or the same US Eastern date when the venue
 * gives only a date. Outcomes follow team identity, never the venue's order, so a neutral-site
 * game (ESPN's nominal home team) maps the same way. Anything ambiguous is reported, not guessed.
 */
import type { GameId } from '../../core/ids.js';
import { type OutcomeKind, outcomeIdFor, type VenueInstrument } from '../../core/instruments.js';
import type { MappingEvidence, TeamMatchEvidence } from '../../core/mapping.js';
import { COMPLETE_TABLES, type LeagueId, sharesAName } from '../teams/index.js';
import { easternDate } from './eastern-time.js';
import type { FeedGame, FeedTeam } from './feed-game.js';
import { type ListingResult, type ListingSide, sideLabel, type VenueListing } from './listing.js';
import { describeUnmapped, type UnmappedReason } from './reasons.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface MatchOptions {
  /** A listing's start and the feed's may differ by this much (default 3 h). */
  readonly startToleranceMs?: number;
  /** Between two games of the same teams within the tolerance, the one within this (default 30 min). */
  readonly doubleheaderToleranceMs?: number;
  /** A game of the same teams further off than this is "no feed game", not "start time differs" (default 4 days). */
  readonly nearMissMs?: number;
}

export interface MappedInstrument {
  readonly instrument: VenueInstrument;
  readonly evidence: MappingEvidence;
}

export interface UnmappedListing {
  readonly venue: 'kalshi' | 'polymarket' | 'polymarket-us';
  readonly listing: string;
  readonly league: LeagueId | null;
  readonly reason: UnmappedReason;
  /** The reason as a sentence for the operator. */
  readonly message: string;
}

export interface MatchResult {
  readonly mapped: readonly MappedInstrument[];
  readonly unmapped: readonly UnmappedListing[];
}

type Assignment = readonly ['home' | 'away', 'home' | 'away'];

/**
 * Whether a listing's team is the feed's team: the same table entry; or, in a league whose tables
 * cannot hold every team (college, the Champions League), a name both give. A name the tables
 * find ambiguous ("Chicago" in MLB) never falls back to names.
 */
function sideFitsTeam(side: ListingSide, team: FeedTeam, league: LeagueId): 'table' | 'names' | null {
  const lookup = side.lookup;
  if (lookup.kind === 'ambiguous' || lookup.kind === 'conflict') return null;
  if (lookup.kind === 'found' && team.entry) return lookup.team === team.entry ? 'table' : null;
  if (COMPLETE_TABLES.has(league)) return null;
  return sharesAName(side.nameKeys, team.nameKeys) ? 'names' : null;
}

/** How the listing's two sides are the game's two teams, if exactly one way. */
function assignment(listing: VenueListing, game: FeedGame): Assignment | null {
  const [a, b] = listing.sides;
  const fits = (side: ListingSide, team: FeedTeam) => sideFitsTeam(side, team, listing.league);
  const straight = fits(a, game.home) && fits(b, game.away);
  const crossed = fits(a, game.away) && fits(b, game.home);
  if (straight && !crossed) return ['home', 'away'];
  if (crossed && !straight) return ['away', 'home'];
  return null;
}

type Pick =
  | { readonly ok: true; readonly game: FeedGame; readonly doubleheader: boolean }
  | { readonly ok: false; readonly reason: UnmappedReason };

function pickGame(listing: VenueListing, games: readonly FeedGame[], o: Required<MatchOptions>): Pick {
  const sameTeams = games.filter((g) => g.league === listing.league && assignment(listing, g) !== null);
  const { instant, dateEt } = listing.start;
  if (sameTeams.length === 0) return { ok: false, reason: noGameReason(listing) };
  let fits: FeedGame[];
  let doubleheader = false;
  if (instant !== null) {
    fits = sameTeams.filter((g) => Math.abs(g.startTs - instant) <= o.startToleranceMs);
    if (fits.length > 1) {
      const close = fits.filter((g) => Math.abs(g.startTs - instant) <= o.doubleheaderToleranceMs);
      if (close.length === 1) doubleheader = true;
      fits = close.length === 1 ? close : fits;
    }
  } else {
    fits = sameTeams.filter((g) => easternDate(g.startTs) === dateEt);
  }
  if (fits.length === 1) return { ok: true, game: fits[0] as FeedGame, doubleheader };
  if (fits.length > 1)
    return { ok: false, reason: { kind: 'two_candidate_games', gameIds: fits.map((g) => g.gameId) } };
  const listingTs = instant ?? Date.parse(`${dateEt}T12:00:00Z`);
  const nearest = [...sameTeams].sort(
    (x, y) => Math.abs(x.startTs - listingTs) - Math.abs(y.startTs - listingTs),
  )[0] as FeedGame;
  if (Math.abs(nearest.startTs - listingTs) > o.nearMissMs)
    return { ok: false, reason: noGameReason(listing) };
  const diffMinutes = instant === null ? null : Math.round((instant - nearest.startTs) / MINUTE);
  return {
    ok: false,
    reason: {
      kind: 'start_time_differs',
      gameId: nearest.gameId,
      diffMinutes,
      detail:
        diffMinutes === null
          ? `the feed's game is on ${easternDate(nearest.startTs)} (US Eastern), the listing's date is ${dateEt}`
          : `the feed's game starts ${new Date(nearest.startTs).toISOString()}, the listing ${new Date(instant as number).toISOString()} (${diffMinutes} min)`,
    },
  };
}

function noGameReason(listing: VenueListing): UnmappedReason {
  for (const side of listing.sides) {
    if (side.lookup.kind === 'ambiguous')
      return {
        kind: 'ambiguous_team',
        team: sideLabel(side),
        candidates: side.lookup.candidates.map((t) => t.name),
      };
    if (side.lookup.kind === 'unknown' && COMPLETE_TABLES.has(listing.league))
      return { kind: 'unknown_team', team: `${listing.league} ${sideLabel(side)}` };
  }
  const when =
    listing.start.instant !== null
      ? `near ${new Date(listing.start.instant).toISOString()}`
      : `on ${listing.start.dateEt} (US Eastern)`;
  return { kind: 'no_feed_game', teams: listing.sides.map(sideLabel).join(' v '), when };
}

function teamEvidence(
  side: ListingSide,
  team: FeedTeam,
  at: 'home' | 'away',
  league: LeagueId,
): TeamMatchEvidence {
  return {
    side: at,
    feedAbbreviation: team.abbreviation,
    venueCode: side.code,
    venueNames: side.names,
    matchedBy: sideFitsTeam(side, team, league) ?? 'names',
    codeVerified: side.lookup.kind === 'found' ? side.lookup.codeVerified : null,
  };
}

function mapListing(listing: VenueListing, game: FeedGame, doubleheader: boolean): MappedInstrument[] {
  const sides = assignment(listing, game) as Assignment;
  const teams = ([0, 1] as const).map((i) =>
    teamEvidence(listing.sides[i], sides[i] === 'home' ? game.home : game.away, sides[i], listing.league),
  );
  return listing.outcomes.map((o) => {
    const outcome: OutcomeKind =
      o.pays === 'draw' ? 'draw' : sides[o.pays] === 'home' ? 'home_win' : 'away_win';
    return {
      instrument: {
        instrumentId: o.instrumentId,
        venue: listing.venue,
        symbol: o.symbol,
        gameId: game.gameId,
        outcomeId: outcomeIdFor(game.gameId, outcome),
        outcome,
        tickSize: o.tickSize,
        fees: o.fees,
        settlement: o.settlement,
        simulated: listing.simulated,
      },
      evidence: {
        venue: listing.venue,
        listing: listing.listing,
        market: o.market,
        outcome,
        feedGameId: game.gameId,
        league: listing.league,
        teams,
        neutralSite: game.neutralSite,
        startTimeDiffMs: listing.start.instant === null ? null : listing.start.instant - game.startTs,
        startTimeBasis: listing.start.basis,
        doubleheader,
        rules: o.rules,
      },
    };
  });
}

/** Every listing either mapped (one instrument per tradable outcome) or reported with its reason. */
export function matchListings(opts: {
  readonly games: readonly FeedGame[];
  readonly listings: readonly ListingResult[];
  readonly options?: MatchOptions;
}): MatchResult {
  const o: Required<MatchOptions> = {
    startToleranceMs: opts.options?.startToleranceMs ?? 3 * HOUR,
    doubleheaderToleranceMs: opts.options?.doubleheaderToleranceMs ?? 30 * MINUTE,
    nearMissMs: opts.options?.nearMissMs ?? 96 * HOUR,
  };
  const unmapped: UnmappedListing[] = [];
  const refuse = (
    l: { venue: 'kalshi' | 'polymarket' | 'polymarket-us'; listing: string; league: LeagueId | null },
    reason: UnmappedReason,
  ) =>
    unmapped.push({
      venue: l.venue,
      listing: l.listing,
      league: l.league,
      reason,
      message: describeUnmapped(reason),
    });
  const picked: { listing: VenueListing; game: FeedGame; doubleheader: boolean }[] = [];
  for (const r of opts.listings) {
    if (!r.ok) {
      refuse(r.unread, r.unread.reason);
      continue;
    }
    const pick = pickGame(r.listing, opts.games, o);
    if (pick.ok) picked.push({ listing: r.listing, game: pick.game, doubleheader: pick.doubleheader });
    else refuse(r.listing, pick.reason);
  }
  // Two listings of one venue for one game: a venue lists a game once, so neither is trusted.
  const byGame = new Map<string, typeof picked>();
  for (const p of picked) {
    const key = `${p.listing.venue}|${p.game.gameId}`;
    byGame.set(key, [...(byGame.get(key) ?? []), p]);
  }
  const mapped: MappedInstrument[] = [];
  for (const group of byGame.values()) {
    if (group.length > 1) {
      const gameId = (group[0] as (typeof group)[number]).game.gameId as GameId;
      const listings = group.map((p) => p.listing.listing);
      for (const p of group) refuse(p.listing, { kind: 'duplicate_listing', gameId, listings });
      continue;
    }
    const p = group[0] as (typeof group)[number];
    mapped.push(...mapListing(p.listing, p.game, p.doubleheader));
  }
  return { mapped, unmapped };
}
