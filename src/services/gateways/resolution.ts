/**
 * A venue's word on whether a market has resolved, as the settlement watcher asks for it. Each
 * venue's reader (kalshi-resolution.ts, polymarket-resolution.ts) turns its REST answers into
 * this; a venue that cannot be asked now says `unavailable`, and is asked again later.
 */
import type { ContractSide, VenueInstrument } from '../../core/instruments.js';
import type { Micros } from '../../core/money.js';
import type { GatewayVenue } from './feed.js';

export type MarketResolution =
  /** Still trading; `closeTs` is when the venue will close it at the latest (epoch ms), if it says. */
  | { readonly state: 'open'; readonly closeTs: number | null }
  /** Trading has stopped; no result is final yet (or it is not paid yet). */
  | { readonly state: 'closed' }
  /**
   * Resolved and paid: `result` is the side paid (at least half of it when both are paid a share),
   * `yesPayout` what one YES contract pays when it is a fraction of $1 (absent: $1 to `result`).
   */
  | { readonly state: 'resolved'; readonly result: ContractSide; readonly yesPayout?: Micros }
  /** The venue could not be asked, or answered what cannot be read: asked again later. */
  | { readonly state: 'unavailable'; readonly reason: string };

export interface ResolutionReader {
  readonly venue: GatewayVenue;
  /** Never throws: a failure is `unavailable`, with why. */
  read(instrument: VenueInstrument): Promise<MarketResolution>;
}

/** The side a fractional settlement counts as: YES when a YES contract gets at least half. */
export function sideOfPayout(yesPayout: Micros): ContractSide {
  return yesPayout >= 500_000 ? 'yes' : 'no';
}
