/**
 * A game as Kalshi lists it: the spec the simulator is given, and the series, event and markets
 * built from it (listing.ts), with every field the real objects carry. Pure types.
 */
import type { FeeSchedule } from '../../core/instruments.js';
import type { KalshiLeague } from '../../venues/kalshi/config.js';

/** The leagues with game-winner series (tennis lists matches, not games). */
export type KalshiGameLeague = Exclude<KalshiLeague, 'tennis'>;

export interface KalshiListingTeam {
  /** Kalshi's team code, the market ticker's suffix ("DAL"). */
  readonly code: string;
  /** The city-level name of `yes_sub_title` and the market title ("Dallas"). */
  readonly name: string;
  /** The name in the event title and the rules text ("DAL Cowboys"). */
  readonly eventName: string;
  /** The structured-target id in `custom_strike`; derived from league and code when absent. */
  readonly targetId?: string;
}

export interface KalshiGameSpec {
  readonly league: KalshiGameLeague;
  /** Default: the league's (first) game series, e.g. KXNFLGAME. */
  readonly seriesTicker?: string;
  /** Scheduled start, epoch ms (UTC). */
  readonly startMs: number;
  readonly away: KalshiListingTeam;
  readonly home: KalshiListingTeam;
  /** A third `-TIE` market; default per league (soccer). */
  readonly hasDraw?: boolean;
  /** `HHMM` (Eastern) in the ticker and the start time in the rules; default per league (MLB). */
  readonly startTimeInTicker?: boolean;
  /** `product_metadata.competition`; default per league (and per series for soccer). */
  readonly competition?: string;
  /** How long after the start the markets stay listed for a postponed game; default per league. */
  readonly postponementWindowMs?: number;
  /** When Kalshi created the markets (`created_time`), epoch ms. */
  readonly listedMs: number;
  /** When trading opens (`open_time`); default `listedMs`. */
  readonly openMs?: number;
  /** Default 60 (the real NFL market). */
  readonly settlementTimerSeconds?: number;
  /** Default per league (venues.md §2.9: baseball on shard 3). */
  readonly exchangeIndex?: number;
  /** Default the real KXNFLGAME series' `quadratic_with_maker_fees`, multiplier 1. */
  readonly fees?: FeeSchedule;
}

export interface KalshiSettlementSource {
  readonly name: string;
  readonly url: string;
}

export interface KalshiSeriesListing {
  readonly ticker: string;
  readonly title: string;
  readonly category: string;
  readonly tags: readonly string[];
  readonly frequency: string;
  readonly settlementSources: readonly KalshiSettlementSource[];
  readonly contractUrl: string;
  readonly contractTermsUrl: string;
  readonly fees: FeeSchedule;
  readonly additionalProhibitions: readonly string[];
  readonly exchangeIndex: number;
  readonly lastUpdatedMs: number;
}

export interface KalshiEventListing {
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly title: string;
  readonly subTitle: string;
  readonly competition: string;
  readonly settlementSources: readonly KalshiSettlementSource[];
  readonly mutuallyExclusive: boolean;
  readonly exchangeIndex: number;
  readonly lastUpdatedMs: number;
  /** Team codes away then home: which team each market is for. */
  readonly awayCode: string;
  readonly homeCode: string;
}

/** Which outcome a game market pays on. */
export type KalshiMarketOutcome = { readonly kind: 'team'; readonly code: string } | { readonly kind: 'tie' };

export interface KalshiMarketListing {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly outcome: KalshiMarketOutcome;
  readonly title: string;
  readonly yesSubTitle: string;
  readonly noSubTitle: string;
  readonly rulesPrimary: string;
  readonly rulesSecondary: string;
  readonly customStrike: Readonly<Record<string, string>> | null;
  readonly createdMs: number;
  readonly openMs: number;
  /** close_time = latest_expiration_time: start + postponement window. */
  readonly closeMs: number;
  /** expected_expiration_time = occurrence_datetime: start + 3 h. */
  readonly expectedExpirationMs: number;
  readonly canCloseEarly: boolean;
  readonly earlyCloseCondition: string;
  readonly settlementTimerSeconds: number;
  readonly exchangeIndex: number;
  readonly fees: FeeSchedule;
}

export interface KalshiGameListingBuilt {
  readonly series: KalshiSeriesListing;
  readonly event: KalshiEventListing;
  /** Home, away, then the tie market where there is one (the real event lists DAL before TB). */
  readonly markets: readonly KalshiMarketListing[];
}
