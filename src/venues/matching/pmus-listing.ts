/**
 * A Polymarket US moneyline market read as a listing. The venue lists a head-to-head game as one
 * instrument whose YES (long) side is the first-listed team (`aec-…`); the other team's win is
 * its NO side, so the listing has one outcome, paying on the long team. Teams come from the
 * market's sides (names, not the slug: the docs say not to parse symbols). Settlement terms come
 * from the venue's sports FAQ, the same for every market (matching.md §4): overtime counts, a
 * winner-without-tie contract pays $0.50 on a tie, a postponed game counts if played before
 * expiration (typically two weeks), else the last fair market price. Soccer (one `atc-` market
 * per result) is not read yet. Pure.
 */

import { POLYMARKET_US_FEES } from '../../core/fees.js';
import type { SettlementTerms } from '../../core/instruments.js';
import type { RuleEvidence } from '../../core/mapping.js';
import { describePmusParseError } from '../polymarket-us/errors.js';
import { pmusInstrumentId } from '../polymarket-us/ids.js';
import { type PmusMarket, parsePmusMarket } from '../polymarket-us/parse-market.js';
import type { LeagueId } from '../teams/index.js';
import { easternDate } from './eastern-time.js';
import { LEAGUE_VENUES } from './leagues.js';
import { type ListingResult, listingSide } from './listing.js';
import type { UnmappedReason } from './reasons.js';

/** The venue's league slugs (polymarket-us.md §4) to ESPN's league ids. */
export const PMUS_LEAGUES: Readonly<Record<string, LeagueId>> = {
  nfl: 'nfl',
  nba: 'nba',
  nhl: 'nhl',
  mlb: 'mlb',
  cfb: 'college-football',
  cbb: 'mens-college-basketball',
  epl: 'eng.1',
  mls: 'usa.1',
  ucl: 'uefa.champions',
};

const FAQ = 'Polymarket US sports FAQ (the same for every market)';
const POSTPONEMENT_WINDOW_HOURS = 14 * 24;

function faqTerms(league: LeagueId): { terms: SettlementTerms; evidence: RuleEvidence[] } {
  const tie = league === 'nfl' || league === 'college-football';
  return {
    terms: {
      includesOvertime: true,
      drawPossible: tie,
      ...(tie ? { drawPayout: 'half' as const } : {}),
      postponement: 'follows_rescheduled_game',
      postponementWindowHours: POSTPONEMENT_WINDOW_HOURS,
      unplayedPayout: 'fair_price',
    },
    evidence: [
      {
        term: 'overtime',
        text: `${FAQ}: overtime and extra innings count (soccer excepted)`,
        inferred: true,
      },
      ...(tie
        ? [
            {
              term: 'draw' as const,
              text: `${FAQ}: a winner-without-tie contract settles at $0.50 on a tie`,
              inferred: true,
            },
          ]
        : []),
      {
        term: 'postponement',
        text: `${FAQ}: a postponed game rescheduled before expiration (typically two weeks) settles on its result`,
        inferred: true,
      },
      {
        term: 'unplayed',
        text: `${FAQ}: otherwise, or canceled, at the last fair market price`,
        inferred: true,
      },
    ],
  };
}

export function pmusListingFromRaw(raw: unknown, ctx: { readonly simulated: boolean }): ListingResult {
  const parsed = parsePmusMarket(raw);
  if (!parsed.ok) {
    const slug = (raw as { slug?: unknown } | null)?.slug;
    return {
      ok: false,
      unread: {
        venue: 'polymarket-us',
        listing: typeof slug === 'string' ? slug : '(no slug)',
        league: null,
        reason: { kind: 'malformed_listing', problem: describePmusParseError(parsed.error) },
      },
    };
  }
  return pmusListingOf(parsed.value, ctx);
}

export function pmusListingOf(m: PmusMarket, ctx: { readonly simulated: boolean }): ListingResult {
  const league = m.league ? (PMUS_LEAGUES[m.league.toLowerCase()] ?? null) : null;
  const unread = (reason: UnmappedReason): ListingResult => ({
    ok: false,
    unread: { venue: 'polymarket-us', listing: m.slug, league, reason },
  });
  if (league === null)
    return unread({
      kind: 'malformed_listing',
      problem: `league ${m.league ?? '(none)'} is not one we read`,
    });
  if (m.closed) return unread({ kind: 'closed', status: 'closed' });
  if (!m.moneyline)
    return unread({
      kind: 'malformed_listing',
      problem: `not a moneyline market (${m.sportsMarketType ?? 'no type'})`,
    });
  if (LEAGUE_VENUES[league].threeWay)
    return unread({
      kind: 'two_way_vs_three_way',
      detail: `${league} results are one market per outcome on Polymarket US; not read yet`,
    });
  const long = m.sides.filter((s) => s.long);
  const short = m.sides.filter((s) => !s.long);
  if (long.length !== 1 || short.length !== 1)
    return unread({
      kind: 'malformed_listing',
      problem: `${m.sides.length} market sides, not one long and one short`,
    });
  const side = (s: (typeof long)[number]) => listingSide(league, 'gamma', null, [s.name]);
  const sides = [side(long[0] as (typeof long)[number]), side(short[0] as (typeof long)[number])] as const;
  if (m.startMs === null) return unread({ kind: 'malformed_listing', problem: 'no gameStartTime' });
  const { terms, evidence } = faqTerms(league);
  return {
    ok: true,
    listing: {
      venue: 'polymarket-us',
      listing: m.eventSlug ?? m.slug,
      league,
      sides,
      start: { instant: m.startMs, dateEt: easternDate(m.startMs), basis: 'pmus_game_start_time' },
      outcomes: [
        {
          pays: 0,
          instrumentId: pmusInstrumentId(m.slug),
          symbol: m.slug,
          market: m.id,
          tickSize: m.tick,
          fees: POLYMARKET_US_FEES,
          settlement: terms,
          rules: evidence,
        },
      ],
      simulated: ctx.simulated,
    },
  };
}
