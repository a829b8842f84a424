/**
 * Why a venue listing was not mapped: a typed reason per case the matcher refuses, and a
 * sentence for the operator. Pure.
 */
import type { GameId } from '../../core/ids.js';
import type { RuleTerm } from './rules.js';

export type UnmappedReason =
  /** The listing is not what a game-winner listing looks like (missing fields, wrong types). */
  | { readonly kind: 'malformed_listing'; readonly problem: string }
  /** A team the tables do not know, and no feed game names it either. */
  | { readonly kind: 'unknown_team'; readonly team: string }
  /** A code or name that fits several teams, and nothing else decides. */
  | { readonly kind: 'ambiguous_team'; readonly team: string; readonly candidates: readonly string[] }
  /** The listing's code names one team and its names another. */
  | { readonly kind: 'team_conflict'; readonly detail: string }
  | { readonly kind: 'no_feed_game'; readonly teams: string; readonly when: string }
  /** Two feed games fit (a doubleheader without a time to tell them apart). */
  | { readonly kind: 'two_candidate_games'; readonly gameIds: readonly GameId[] }
  /** The feed has a game of these teams, but not at the listing's time (or on its date). */
  | {
      readonly kind: 'start_time_differs';
      readonly gameId: GameId;
      /** Listing start minus feed start; null when the listing gives only a date. */
      readonly diffMinutes: number | null;
      readonly detail: string;
    }
  /** Two listings of one venue for the same feed game: neither is used. */
  | { readonly kind: 'duplicate_listing'; readonly gameId: GameId; readonly listings: readonly string[] }
  | { readonly kind: 'rules_missing'; readonly market: string }
  | { readonly kind: 'rules_not_understood'; readonly market: string; readonly sentence: string }
  | { readonly kind: 'rules_incomplete'; readonly market: string; readonly missing: readonly RuleTerm[] }
  | { readonly kind: 'rules_contradict_listing'; readonly market: string; readonly detail: string }
  /** Terms read, but no model prices them (regulation-only US game, extra time in soccer…). */
  | { readonly kind: 'rules_unpriceable'; readonly market: string; readonly detail: string }
  /** A two-outcome listing for a game that can be drawn, or a draw market where there is none. */
  | { readonly kind: 'two_way_vs_three_way'; readonly detail: string }
  | { readonly kind: 'closed'; readonly status: string }
  | { readonly kind: 'not_open'; readonly status: string }
  | { readonly kind: 'fees_unknown'; readonly detail: string }
  /**
   * Polymarket: the market's live taker delay could not be read; it is not traded as if it had
   * none (asked again on the next run).
   */
  | {
      readonly kind: 'taker_delay_unknown';
      readonly market: string;
      /** The feed game the market was matched to. */
      readonly gameId: GameId;
      readonly detail: string;
    };

export type UnmappedKind = UnmappedReason['kind'];

export const UNMAPPED_KINDS: readonly UnmappedKind[] = [
  'malformed_listing',
  'unknown_team',
  'ambiguous_team',
  'team_conflict',
  'no_feed_game',
  'two_candidate_games',
  'start_time_differs',
  'duplicate_listing',
  'rules_missing',
  'rules_not_understood',
  'rules_incomplete',
  'rules_contradict_listing',
  'rules_unpriceable',
  'two_way_vs_three_way',
  'closed',
  'not_open',
  'fees_unknown',
  'taker_delay_unknown',
];

export function describeUnmapped(r: UnmappedReason): string {
  switch (r.kind) {
    case 'malformed_listing':
      return `the listing cannot be read: ${r.problem}`;
    case 'unknown_team':
      return `team ${r.team} is in no team table and no feed game names it`;
    case 'ambiguous_team':
      return `team ${r.team} could be any of ${r.candidates.join(', ')}`;
    case 'team_conflict':
      return `the listing contradicts itself: ${r.detail}`;
    case 'no_feed_game':
      return `no game of the feed has ${r.teams} ${r.when}`;
    case 'two_candidate_games':
      return `two games of the feed fit (${r.gameIds.join(', ')}): not guessing between them`;
    case 'start_time_differs':
      return `the feed's game ${r.gameId} of these teams is not at the listing's time: ${r.detail}`;
    case 'duplicate_listing':
      return `listings ${r.listings.join(', ')} are all for game ${r.gameId}: not guessing which is the one`;
    case 'rules_missing':
      return `market ${r.market} has no rules text`;
    case 'rules_not_understood':
      return `market ${r.market}: rules sentence not understood: "${r.sentence}"`;
    case 'rules_incomplete':
      return `market ${r.market}: the rules do not say ${r.missing.join(', ')}`;
    case 'rules_contradict_listing':
      return `market ${r.market}: the rules contradict the listing: ${r.detail}`;
    case 'rules_unpriceable':
      return `market ${r.market}: terms no model prices: ${r.detail}`;
    case 'two_way_vs_three_way':
      return r.detail;
    case 'closed':
      return `the listing is closed (${r.status})`;
    case 'not_open':
      return `the listing is not open yet (${r.status})`;
    case 'fees_unknown':
      return `fees unknown: ${r.detail}`;
    case 'taker_delay_unknown':
      return `market ${r.market}: its taker delay could not be read (${r.detail}); not traded as if it had none`;
  }
}
