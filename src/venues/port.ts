/**
 * The one contract every venue client meets: the paper venue now, Kalshi and Polymarket adapters
 * next. Outcomes are typed so a timeout can never be mistaken for a rejection: a request whose
 * fate is unknown is Unresolved, and the caller asks the venue by client order id before
 * anything else.
 */

import type { OrderIntent } from '../core/events.js';
import type { Liquidity } from '../core/fees.js';
import type { ClientOrderId, FillId, InstrumentId, VenueOrderId } from '../core/ids.js';
import type { ContractSide, VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';

export interface VenueFill {
  readonly fillId: FillId;
  readonly price: Micros;
  readonly qty: Centis;
  readonly fee: Micros;
  readonly liquidity: Liquidity;
  readonly ts: number;
}

export type VenueOrderStatus = 'resting' | 'filled' | 'canceled' | 'expired';

export interface VenueOrderReport {
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId;
  readonly status: VenueOrderStatus;
  readonly qty: Centis;
  readonly filledQty: Centis;
  readonly fills: readonly VenueFill[];
}

export type SubmitOutcome =
  | { readonly kind: 'accepted'; readonly report: VenueOrderReport }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number | null }
  | { readonly kind: 'unresolved'; readonly reason: string }
  | { readonly kind: 'transport'; readonly reason: string };

/** A position as the venue reports it. */
export interface VenuePosition {
  readonly instrumentId: InstrumentId;
  readonly side: ContractSide;
  readonly qty: Centis;
}

/** What the venue says the account holds, for reconciliation against the ledger. */
export interface VenueAccount {
  /** Cash at the venue, including what backs our open orders. */
  balance(): Promise<Micros>;
  positions(): Promise<VenuePosition[]>;
  /** Client order ids of our orders still working at the venue. */
  openOrders(): Promise<ClientOrderId[]>;
  /** Ids of every fill the venue has given us. */
  fillIds(): Promise<FillId[]>;
  /**
   * Instruments whose market the venue shows settled (resolved and paid out), where it can say:
   * the account may show a payout the ledger has not booked yet.
   */
  settledInstruments?(candidates?: readonly InstrumentId[]): Promise<InstrumentId[]>;
  /**
   * Where the venue holds a NO contract of an instrument as a YES holding of another instrument
   * (Polymarket: the market's other token), that instrument; null when not so or not known.
   */
  complementOf?(instrumentId: InstrumentId): InstrumentId | null;
  /**
   * Where the account reads holdings only for instruments it knows (Polymarket: the tokens of
   * markets it has seen), learns those an earlier process traded; returns what it could not learn.
   */
  recall?(instrumentIds: readonly InstrumentId[]): Promise<string[]>;
  /**
   * The instrument's market has settled (its resolution was read from the venue). Where the
   * account asks about holdings one instrument at a time (Polymarket), it stops asking about the
   * market once it holds none of it: a settled market cannot trade again.
   */
  marketSettled?(instrumentId: InstrumentId): void;
}

export interface VenueClient {
  readonly venue: VenueName;
  /** Whether real money is at stake; false for the paper venue and the simulators. */
  readonly live: boolean;
  /**
   * The venue itself refuses a second order under the same identity (Kalshi's client_order_id;
   * Polymarket's order hash, rebuilt identically from the intent), so an order it has no record
   * of may be sent again without risk of holding it twice.
   */
  readonly resendSafe?: boolean;
  submit(intent: OrderIntent): Promise<SubmitOutcome>;
  /** The venue's record of an order, looked up by our client order id; null if it never arrived. */
  getOrder(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null>;
  cancel(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null>;
  /** Account queries, where the client can make them. */
  readonly account?: VenueAccount;
}
