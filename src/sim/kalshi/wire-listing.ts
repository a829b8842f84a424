/**
 * Series, events and the exchange status in Kalshi's wire shapes, field for field as the real
 * captures of 2026-10 (`/series/KXNFLGAME`, `/events/KXNFLGAME-26OCT08TBDAL`, `/exchange/status`;
 * sportsdataverse-py fixtures, quoted in matching.md §2). Bare markets, added by ticker without a
 * listing, get an event and a series made up from what they have. Pure.
 */
import type { FeeSchedule } from '../../core/instruments.js';
import type { SimMarket } from './exchange-types.js';
import type { KalshiEventListing, KalshiSeriesListing } from './listing-types.js';
import { kalshiTime, marketJson } from './wire.js';

/** An event as the simulator answers it: its listing (if it was listed) and its markets. */
export interface SimEventView {
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly listing: KalshiEventListing | null;
  readonly markets: readonly SimMarket[];
}

export function eventJson(e: SimEventView, nested: boolean) {
  const l = e.listing;
  const first = e.markets[0];
  return {
    category: 'Sports',
    // MECNET on the real game event; a bare event claims no collateral return scheme.
    collateral_return_type: l ? 'MECNET' : '',
    event_ticker: e.eventTicker,
    exchange_index: l?.exchangeIndex ?? 0,
    last_updated_ts: kalshiTime(l?.lastUpdatedMs ?? first?.createdMs ?? 0),
    ...(nested ? { markets: e.markets.map(marketJson) } : {}),
    mutually_exclusive: l?.mutuallyExclusive ?? true,
    product_metadata: l ? { competition: l.competition, competition_scope: 'Game' } : null,
    series_ticker: e.seriesTicker,
    settlement_sources: l?.settlementSources ?? [],
    strike_period: '',
    sub_title: l?.subTitle ?? '',
    title: l?.title ?? first?.title ?? e.eventTicker,
  };
}

/** `fee_type` and the numeric `fee_multiplier` (the real series writes `1`, not `"1"`). */
export function feeTerms(fees: FeeSchedule) {
  if (fees.kind !== 'kalshi_quadratic') return { fee_type: 'quadratic', fee_multiplier: 1 };
  const feeType = !fees.makerFees
    ? 'quadratic'
    : fees.makerSharePpm === 500_000
      ? 'quadratic_with_combo_maker_fees'
      : 'quadratic_with_maker_fees';
  return { fee_type: feeType, fee_multiplier: fees.multiplierPpm / 1_000_000 };
}

/** A series; `product_metadata` only where asked (the list omits it unless include_product_metadata). */
export function seriesJson(s: KalshiSeriesListing, withProductMetadata: boolean) {
  return {
    additional_prohibitions: s.additionalProhibitions,
    categories: [s.category],
    category: s.category,
    contract_terms_url: s.contractTermsUrl,
    contract_url: s.contractUrl,
    exchange_index: s.exchangeIndex,
    ...feeTerms(s.fees),
    frequency: s.frequency,
    last_updated_ts: kalshiTime(s.lastUpdatedMs),
    ...(withProductMetadata ? { product_metadata: { scope: 'Game' } } : {}),
    settlement_sources: s.settlementSources,
    tags: s.tags,
    ticker: s.ticker,
    title: s.title,
  };
}

/** The series of a bare market: its ticker as title, its fees, nothing else known. */
export function bareSeries(market: SimMarket): KalshiSeriesListing {
  return {
    ticker: market.seriesTicker,
    title: market.seriesTicker,
    category: 'Sports',
    tags: [],
    frequency: 'custom',
    settlementSources: [],
    contractUrl: '',
    contractTermsUrl: '',
    fees: market.fees,
    additionalProhibitions: [],
    exchangeIndex: market.listing?.exchangeIndex ?? 0,
    lastUpdatedMs: market.createdMs,
  };
}

/**
 * The shards of the real `/exchange/status` (0 Default, 1 Combos, 2 Crypto & Commodities) and
 * shard 3, where baseball and tennis events go (venues.md §2.9); its description is inferred.
 */
const SHARDS = [
  [0, 'Default'],
  [1, 'Combos'],
  [2, 'Crypto & Commodities'],
  [3, 'Tennis & Baseball'],
] as const;

export function exchangeStatusJson(opts: { exchangeActive: boolean; tradingActive: boolean }) {
  const trading = opts.exchangeActive && opts.tradingActive;
  return {
    exchange_active: opts.exchangeActive,
    exchange_index_statuses: SHARDS.map(([index, description]) => ({
      description,
      exchange_active: opts.exchangeActive,
      exchange_index: index,
      intra_exchange_transfers_active: opts.exchangeActive,
      trading_active: trading,
    })),
    intra_exchange_transfers_active: opts.exchangeActive,
    trading_active: trading,
  };
}
