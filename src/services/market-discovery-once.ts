/**
 * One discovery pass with nothing published: the feed's games, the venues' listings read and
 * matched to them (with each Polymarket market's taker delay), as a report. What `arbees
 * markets` prints; the discovery service does the same every few minutes and publishes.
 */
import type { GameScheduled } from '../core/events.js';
import type { GameId } from '../core/ids.js';
import {
  type FeedGame,
  feedGameOf,
  type MatchOptions,
  matchListings,
  type UnmappedKind,
} from '../venues/matching/index.js';
import type { LeagueId } from '../venues/teams/index.js';
import { DiscoveryReader, type DiscoveryVenues, type EndpointFailure } from './market-discovery-read.js';
import { buildReport, type DiscoveryReport } from './market-discovery-report.js';

/** Per venue; `polymarket-us` only when that venue was read. */
export interface VenueCounts {
  readonly kalshi: number;
  readonly polymarket: number;
  readonly 'polymarket-us'?: number;
}

export interface OnePassCounts {
  readonly games: number;
  readonly listingsRead: VenueCounts;
  readonly mapped: VenueCounts;
  readonly unmapped: VenueCounts;
  readonly unmappedByReason: Partial<Record<UnmappedKind, number>>;
}

export interface OnePass {
  readonly report: DiscoveryReport;
  readonly counts: OnePassCounts;
}

export async function discoverOnce(opts: {
  readonly venues: DiscoveryVenues;
  readonly leagues: readonly LeagueId[];
  /** The feed's games, as the poller announces them. */
  readonly scheduled: readonly GameScheduled[];
  /** Feed problems found before (events the parser skipped). */
  readonly feedProblems?: readonly { readonly gameId: GameId; readonly problem: string }[];
  readonly now: number;
  readonly onEndpointFailure: EndpointFailure;
  readonly match?: MatchOptions;
}): Promise<OnePass> {
  const games: FeedGame[] = [];
  const feedProblems = [...(opts.feedProblems ?? [])];
  for (const event of opts.scheduled) {
    const r = feedGameOf(event);
    if (r.ok) games.push(r.game);
    else feedProblems.push({ gameId: r.gameId, problem: r.problem });
  }
  const reader = new DiscoveryReader({ venues: opts.venues, onEndpointFailure: opts.onEndpointFailure });
  // Every league asked for, even one without games: its listings are then all "no feed game".
  const read = await reader.read([...opts.leagues].sort());
  const result = await reader.withTakerDelays(
    matchListings({ games, listings: read.listings, options: opts.match }),
    read.listings,
  );
  const count = (
    venue: 'kalshi' | 'polymarket' | 'polymarket-us',
    list: readonly { readonly venue: string }[],
  ) => list.filter((x) => x.venue === venue).length;
  const withUs = (list: readonly { readonly venue: string }[]) =>
    opts.venues.polymarketUs ? { 'polymarket-us': count('polymarket-us', list) } : {};
  const mappedVenues = result.mapped.map((m) => m.instrument);
  const unmappedByReason: Partial<Record<UnmappedKind, number>> = {};
  for (const u of result.unmapped)
    unmappedByReason[u.reason.kind] = (unmappedByReason[u.reason.kind] ?? 0) + 1;
  return {
    report: buildReport({
      ranAt: opts.now,
      games,
      mapped: result.mapped,
      unmapped: result.unmapped,
      feedProblems,
    }),
    counts: {
      games: games.length,
      listingsRead: read.counts,
      mapped: {
        kalshi: count('kalshi', mappedVenues),
        polymarket: count('polymarket', mappedVenues),
        ...withUs(mappedVenues),
      },
      unmapped: {
        kalshi: count('kalshi', result.unmapped),
        polymarket: count('polymarket', result.unmapped),
        ...withUs(result.unmapped),
      },
      unmappedByReason,
    },
  };
}
