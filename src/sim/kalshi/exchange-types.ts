/**
 * The simulated Kalshi exchange's objects: markets with their lifecycle, accounts, orders, fills,
 * and the changes the exchange reports to its WebSocket feed. Pure types.
 */
import type { FeeSchedule } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';
import type {
  KalshiBookSide,
  KalshiMatchingBook,
  KalshiSelfTradePrevention,
  KalshiTimeInForce,
} from './engine.js';
import type { KalshiEventListing, KalshiMarketListing } from './listing-types.js';

export type SimOrderStatus = 'resting' | 'canceled' | 'executed';

/**
 * A market's lifecycle status as REST reports it (getting_started/market_lifecycle.md). The
 * simulator has no disputes, so never `disputed` or `amended`.
 */
export type SimMarketStatus = 'initialized' | 'active' | 'inactive' | 'closed' | 'determined' | 'finalized';

/** A market's result: `scalar` when it settles at a value other than $0 or $1 (a tie's $0.50). */
export type SimMarketResult = '' | 'yes' | 'no' | 'scalar';

export interface SimMarket {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly title: string;
  /** The real fields of a listed game market; null for a bare market added by ticker. */
  readonly listing: KalshiMarketListing | null;
  /**
   * Whether the clock moves it: a listed game opens at open_time, closes at close_time and
   * finalizes when its settlement timer runs out. A bare market trades until told otherwise.
   */
  readonly timeDriven: boolean;
  status: SimMarketStatus;
  result: SimMarketResult;
  /** What a YES contract pays (0, 0.50 or 1 dollar); null until determined. */
  settlementValue: Micros | null;
  readonly createdMs: number;
  readonly openTimeMs: number;
  /** Moved to the moment of closing when the market closes early (a winner is declared). */
  closeTimeMs: number;
  readonly settlementTimerSeconds: number;
  determinedMs: number | null;
  settledMs: number | null;
  /** The last non-trading change (updated_time). */
  updatedMs: number;
  readonly fees: FeeSchedule;
  readonly book: KalshiMatchingBook;
  volume: Centis;
  lastPrice: Micros | null;
}

export interface SimPosition {
  position: Centis;
  feesPaid: Micros;
  totalTraded: Micros;
  lastUpdatedMs: number;
}

export interface SimAccount {
  readonly accountId: string;
  balance: Micros;
  reserved: Micros;
  readonly positions: Map<string, SimPosition>;
}

export interface SimOrder {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly ticker: string;
  readonly side: KalshiBookSide;
  readonly price: Micros;
  readonly initialCount: Centis;
  fillCount: Centis;
  remainingCount: Centis;
  status: SimOrderStatus;
  readonly timeInForce: KalshiTimeInForce;
  readonly selfTradePrevention: KalshiSelfTradePrevention;
  /** Unix seconds, good_till_canceled only. */
  readonly expirationTime: number | null;
  readonly createdMs: number;
  lastUpdateMs: number;
  takerFillCost: Micros;
  makerFillCost: Micros;
  takerFees: Micros;
  makerFees: Micros;
  /** Collateral still held for this order. */
  reserve: Micros;
}

export interface SimFill {
  readonly fillId: string;
  readonly tradeId: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly ticker: string;
  readonly side: KalshiBookSide;
  /** YES-leg price. */
  readonly price: Micros;
  readonly count: Centis;
  readonly isTaker: boolean;
  readonly fee: Micros;
  readonly tsMs: number;
}

export interface NewOrder {
  readonly accountId: string;
  readonly ticker: string;
  readonly clientOrderId: string;
  readonly side: KalshiBookSide;
  readonly price: Micros;
  readonly count: Centis;
  readonly timeInForce: KalshiTimeInForce;
  readonly selfTradePrevention: KalshiSelfTradePrevention;
  readonly postOnly: boolean;
  readonly expirationTime: number | null;
}

/** A refusal, with the HTTP status and Kalshi-style error code the server answers with. */
export interface SimRefusal {
  readonly status: 400 | 404 | 409;
  readonly code: string;
  readonly message: string;
}

export type CreateOrderResult =
  | { readonly ok: true; readonly order: SimOrder; readonly fills: readonly SimFill[] }
  | { readonly ok: false; readonly refusal: SimRefusal };

/**
 * What changed in the exchange, for the WebSocket feed: a market's book (the feed diffs its
 * levels), a trade between two orders, each side's fill, and an order's new state.
 */
export type ExchangeChange =
  | { readonly kind: 'book'; readonly ticker: string; readonly tsMs: number }
  | {
      readonly kind: 'trade';
      readonly ticker: string;
      readonly tradeId: string;
      /** YES-leg price. */
      readonly price: Micros;
      readonly count: Centis;
      readonly takerSide: KalshiBookSide;
      readonly tsMs: number;
    }
  | { readonly kind: 'fill'; readonly fill: SimFill; readonly postPosition: Centis }
  | { readonly kind: 'order'; readonly order: SimOrder }
  | { readonly kind: 'lifecycle'; readonly event: SimLifecycleEvent }
  | { readonly kind: 'event_created'; readonly event: KalshiEventListing; readonly seriesTicker: string };

/**
 * A `market_lifecycle_v2` event (websockets/market-and-event-lifecycle.md). Kalshi sends none
 * for the timed opening (initialized to active) or the timed close at close_time; an early close
 * is `close_date_updated`, a pause `deactivated`, its end `activated`.
 */
export type SimLifecycleEvent =
  | { readonly type: 'created'; readonly market: SimMarket }
  | { readonly type: 'deactivated' | 'activated'; readonly ticker: string }
  | { readonly type: 'close_date_updated'; readonly ticker: string; readonly closeTimeMs: number }
  | {
      readonly type: 'determined';
      readonly ticker: string;
      readonly result: SimMarketResult;
      readonly settlementValue: Micros;
      readonly tsMs: number;
    }
  | { readonly type: 'settled'; readonly ticker: string; readonly tsMs: number };
