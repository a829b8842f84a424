/** Market matching: venue listings to feed games, with their settlement terms read from the rules. */
export { easternDate, easternInstant } from './eastern-time.js';
export { type FeedGame, type FeedGameResult, type FeedTeam, feedGameOf } from './feed-game.js';
export { gammaListingFromRaw, gammaListingOf } from './gamma-listing.js';
export { readGammaRules } from './gamma-rules.js';
export { type KalshiListingContext, kalshiListingFromRaw, kalshiListingOf } from './kalshi-listing.js';
export { readKalshiRules } from './kalshi-rules.js';
export { LEAGUE_VENUES, type LeagueVenueInfo, leagueOfGammaSlug, leagueOfKalshiSeries } from './leagues.js';
export type { ListingOutcome, ListingResult, ListingSide, UnreadListing, VenueListing } from './listing.js';
export {
  gammaEventJson,
  gammaSlug,
  kalshiEventJson,
  kalshiEventTicker,
  type ListedGame,
} from './listing-writer.js';
export {
  type MappedInstrument,
  type MatchOptions,
  type MatchResult,
  matchListings,
  type UnmappedListing,
} from './match.js';
export { describeUnmapped, UNMAPPED_KINDS, type UnmappedKind, type UnmappedReason } from './reasons.js';
