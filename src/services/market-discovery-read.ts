/**
 * What market discovery asks the venues, shared by the discovery service and `arbees markets`:
 * the leagues' open listings on Kalshi (a series' fee terms once, then its open events) and on
 * Gamma, read into listings; and, for each Polymarket market that maps, its live taker delay from
 * the CLOB (once per market). An endpoint that does not answer is reported by name to the caller
 * and asked again on the next read; nothing here throws for it.
 *
 * A Polymarket market whose taker delay cannot be read is not mapped (reason
 * `taker_delay_unknown`) rather than mapped without one: the paper venue would fill its orders at
 * once where the venue makes them wait and meet a book that has moved. It is asked again on the
 * next run; a delay once read is kept for the market's life.
 */
import { fetchKalshiOpenEvents, fetchKalshiSeriesFees } from '../venues/kalshi/discovery-fetch.js';
import type { KalshiFeeTerms } from '../venues/kalshi/fees.js';
import type { KalshiHttp } from '../venues/kalshi/http.js';
import {
  describeUnmapped,
  gammaListingFromRaw,
  kalshiListingFromRaw,
  LEAGUE_VENUES,
  type ListingResult,
  type MappedInstrument,
  type MatchResult,
  type UnmappedListing,
} from '../venues/matching/index.js';
import { fetchClobTakerDelay, fetchGammaGameEvents } from '../venues/polymarket/discovery-fetch.js';
import type { PolymarketHttp } from '../venues/polymarket/http.js';
import { discoverPmusListings } from '../venues/polymarket-us/discovery.js';
import type { PmusHttp } from '../venues/polymarket-us/http.js';
import type { LeagueId } from '../venues/teams/index.js';

export interface DiscoveryVenue<H> {
  readonly http: H;
  /** True when the host is a simulator (instruments say so). */
  readonly simulated: boolean;
}

/** Polymarket: Gamma for the listings, the CLOB for each mapped market's taker delay. */
export interface GammaVenue extends DiscoveryVenue<PolymarketHttp> {
  readonly clob: PolymarketHttp;
}

export interface DiscoveryVenues {
  readonly kalshi: DiscoveryVenue<KalshiHttp> | null;
  readonly gamma: GammaVenue | null;
  /** Polymarket US's public gateway (its sports moneyline markets); absent or null: not read. */
  readonly polymarketUs?: DiscoveryVenue<PmusHttp> | null;
}

export interface ListingsRead {
  readonly listings: readonly ListingResult[];
  /** The Kalshi series that answered: what they did not list is known not to be listed. */
  readonly kalshiAnswered: ReadonlySet<string>;
  readonly gammaAnswered: boolean;
  readonly polymarketUsAnswered: boolean;
  /** Listings read per venue (`polymarket-us` only when that venue is read). */
  readonly counts: ListingCounts;
}

export interface ListingCounts {
  readonly kalshi: number;
  readonly polymarket: number;
  readonly 'polymarket-us'?: number;
}

/** Endpoint names are stable (no ids in them), so they can label a metric. */
export type EndpointFailure = (endpoint: string, problem: string) => void;

export class DiscoveryReader {
  private readonly seriesFees = new Map<string, KalshiFeeTerms>();
  /** Taker delay per Polymarket condition id, ms, once read. */
  private readonly takerDelays = new Map<string, number>();

  constructor(
    private readonly opts: { readonly venues: DiscoveryVenues; readonly onEndpointFailure: EndpointFailure },
  ) {}

  async read(leagues: readonly LeagueId[]): Promise<ListingsRead> {
    const kalshi = await this.readKalshi(leagues);
    const gamma = await this.readGamma(leagues);
    const us = await this.readPolymarketUs(leagues);
    return {
      listings: [...kalshi.listings, ...gamma.listings, ...us.listings],
      kalshiAnswered: kalshi.answered,
      gammaAnswered: gamma.answered,
      polymarketUsAnswered: us.answered,
      counts: {
        kalshi: kalshi.listings.length,
        polymarket: gamma.listings.length,
        ...(this.opts.venues.polymarketUs ? { 'polymarket-us': us.listings.length } : {}),
      },
    };
  }

  /**
   * Polymarket US's open sports moneylines (the gateway lists every league at once), those of
   * the leagues asked for kept; one of a league not read at all is kept too, to be reported.
   */
  private async readPolymarketUs(
    leagues: readonly LeagueId[],
  ): Promise<{ listings: ListingResult[]; answered: boolean }> {
    const venue = this.opts.venues.polymarketUs;
    if (!venue || leagues.length === 0) return { listings: [], answered: false };
    let all: ListingResult[];
    try {
      all = await discoverPmusListings(venue.http, { simulated: venue.simulated });
    } catch (error) {
      this.opts.onEndpointFailure(
        'polymarket-us GET /v1/markets',
        error instanceof Error ? error.message : String(error),
      );
      return { listings: [], answered: false };
    }
    const wanted = new Set<string>(leagues);
    const listings = all.filter((r) => {
      const league = r.ok ? r.listing.league : r.unread.league;
      return league === null || wanted.has(league);
    });
    return { listings, answered: true };
  }

  /** Kalshi's listings of the leagues, and the series that answered. */
  private async readKalshi(
    leagues: readonly LeagueId[],
  ): Promise<{ listings: ListingResult[]; answered: Set<string> }> {
    const listings: ListingResult[] = [];
    const answered = new Set<string>();
    const venue = this.opts.venues.kalshi;
    if (!venue) return { listings, answered };
    const { http, simulated } = venue;
    for (const league of leagues) {
      const series = LEAGUE_VENUES[league].kalshiSeries;
      let fees: KalshiFeeTerms | string | undefined = this.seriesFees.get(series);
      if (!fees) {
        const f = await fetchKalshiSeriesFees(http, series);
        if (f.ok) this.seriesFees.set(series, f.value);
        else this.opts.onEndpointFailure(`kalshi GET /series/${series}`, f.problem);
        // Not answering: the series is asked again next run, and nothing of it is closed meanwhile.
        if (!f.ok && f.failure === 'endpoint') continue;
        // Answered but unreadable: its listings are reported as fees unknown.
        fees = f.ok ? f.value : `series ${series} fee terms unknown: ${f.problem}`;
      }
      const events = await fetchKalshiOpenEvents({ http, series });
      if (!events.ok) {
        this.opts.onEndpointFailure(`kalshi GET /events?series_ticker=${series}`, events.problem);
        continue;
      }
      answered.add(series);
      const seriesFees = fees;
      listings.push(...events.value.map((raw) => kalshiListingFromRaw(raw, { seriesFees, simulated })));
    }
    return { listings, answered };
  }

  private async readGamma(
    leagues: readonly LeagueId[],
  ): Promise<{ listings: ListingResult[]; answered: boolean }> {
    const venue = this.opts.venues.gamma;
    if (!venue || leagues.length === 0) return { listings: [], answered: false };
    const events = await fetchGammaGameEvents({
      http: venue.http,
      prefixes: leagues.map((l) => LEAGUE_VENUES[l].gammaPrefix),
    });
    if (!events.ok) {
      this.opts.onEndpointFailure('polymarket GET /events (Gamma)', events.problem);
      return { listings: [], answered: false };
    }
    const listings = events.value.map((raw) => gammaListingFromRaw(raw, { simulated: venue.simulated }));
    // Delays are kept only for markets still listed, so the cache does not grow over a season.
    const listed = new Set([...clobMarkets(listings).values()].map((m) => m.conditionId));
    for (const id of [...this.takerDelays.keys()]) if (!listed.has(id)) this.takerDelays.delete(id);
    return { listings, answered: true };
  }

  /**
   * The match result with each mapped Polymarket instrument's taker delay set; one whose delay
   * cannot be read is moved to the unmapped listings with why.
   */
  async withTakerDelays(result: MatchResult, listings: readonly ListingResult[]): Promise<MatchResult> {
    const clob = this.opts.venues.gamma?.clob;
    const markets = clobMarkets(listings);
    const mapped: MappedInstrument[] = [];
    const unmapped: UnmappedListing[] = [...result.unmapped];
    const refused = new Map<string, string>();
    for (const m of result.mapped) {
      if (m.instrument.venue !== 'polymarket') {
        mapped.push(m);
        continue;
      }
      const market = markets.get(m.instrument.instrumentId);
      const delay = market
        ? await this.takerDelayOf(clob, market, refused)
        : 'the listing gives no condition id';
      if (typeof delay === 'number') {
        mapped.push({ instrument: { ...m.instrument, takerDelayMs: delay }, evidence: m.evidence });
        continue;
      }
      const reason = {
        kind: 'taker_delay_unknown',
        market: m.evidence.market,
        gameId: m.instrument.gameId,
        detail: delay,
      } as const;
      unmapped.push({
        venue: 'polymarket',
        listing: m.evidence.listing,
        league: m.evidence.league as LeagueId,
        reason,
        message: describeUnmapped(reason),
      });
    }
    return { mapped, unmapped };
  }

  /** The market's delay in ms, or why it cannot be read (each market asked at most once per run). */
  private async takerDelayOf(
    clob: PolymarketHttp | undefined,
    { conditionId, tokenIds }: ClobMarketRef,
    refused: Map<string, string>,
  ): Promise<number | string> {
    const known = this.takerDelays.get(conditionId);
    if (known !== undefined) return known;
    const before = refused.get(conditionId);
    if (before !== undefined) return before;
    if (!clob) return 'no CLOB endpoint to ask';
    const r = await fetchClobTakerDelay({ http: clob, conditionId, tokenIds });
    if (r.ok) {
      this.takerDelays.set(conditionId, r.value.delayMs);
      return r.value.delayMs;
    }
    if (r.failure === 'endpoint')
      this.opts.onEndpointFailure('polymarket GET /clob-markets/{condition_id}', r.problem);
    refused.set(conditionId, r.problem);
    return r.problem;
  }
}

interface ClobMarketRef {
  readonly conditionId: string;
  /** Every token of the market we would trade (both teams' in a US moneyline). */
  readonly tokenIds: readonly string[];
}

/** Instrument id to its CLOB market, over the Polymarket listings read. */
function clobMarkets(listings: readonly ListingResult[]): Map<string, ClobMarketRef> {
  const tokens = new Map<string, string[]>();
  const byInstrument = new Map<string, string>();
  for (const r of listings) {
    if (!r.ok || r.listing.venue !== 'polymarket') continue;
    for (const o of r.listing.outcomes) {
      if (!o.conditionId) continue;
      byInstrument.set(o.instrumentId, o.conditionId);
      tokens.set(o.conditionId, [...(tokens.get(o.conditionId) ?? []), o.symbol]);
    }
  }
  return new Map(
    [...byInstrument].map(([instrumentId, conditionId]) => [
      instrumentId,
      { conditionId, tokenIds: tokens.get(conditionId) ?? [] },
    ]),
  );
}
