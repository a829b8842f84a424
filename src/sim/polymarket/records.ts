/**
 * The simulated Polymarket exchange's records: accounts, orders, trades, the order request
 * and the events it announces. Pure types.
 */
import type { Micros } from '../../core/money.js';
import type { TimeInForce } from './engine.js';

export type PolySide = 'BUY' | 'SELL';
export type SimPolyOrderStatus = 'LIVE' | 'DELAYED' | 'MATCHED' | 'CANCELED';

export interface SimPolyAccount {
  /** Funder (maker) wallet, lower case. */
  readonly accountId: string;
  collateral: Micros;
  readonly shares: Map<string, number>;
  feesPaid: Micros;
}

export interface SimPolyOrder {
  readonly orderId: string;
  readonly accountId: string;
  /** Checksummed maker address as signed. */
  readonly makerAddress: string;
  /** The API key that posted it. */
  readonly owner: string;
  readonly conditionId: string;
  readonly tokenId: string;
  readonly tokenIndex: 0 | 1;
  readonly side: PolySide;
  /** Limit price in this token's own frame. */
  readonly price: Micros;
  readonly originalSize: number;
  sizeMatched: number;
  status: SimPolyOrderStatus;
  readonly orderType: TimeInForce;
  /** Unix seconds; 0 for none. */
  readonly expirationSeconds: number;
  readonly createdMs: number;
  readonly associateTrades: string[];
  /** pUSD (BUY) or shares (SELL) still held for it. */
  reserve: number;
}

export interface SimPolyMakerFill {
  readonly orderId: string;
  readonly owner: string;
  readonly makerAddress: string;
  readonly accountId: string;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: PolySide;
  /** In the maker token's frame. */
  readonly price: Micros;
  readonly size: number;
}

export interface SimPolyTrade {
  readonly id: string;
  readonly conditionId: string;
  readonly takerOrderId: string;
  readonly takerAccountId: string;
  readonly takerOwner: string;
  readonly takerAddress: string;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: PolySide;
  /** In the taker token's frame. */
  readonly price: Micros;
  readonly size: number;
  readonly takerFee: Micros;
  readonly feeRateBps: number;
  readonly maker: SimPolyMakerFill;
  status: 'MATCHED' | 'MINED' | 'CONFIRMED';
  readonly matchMs: number;
  lastUpdateMs: number;
  readonly transactionHash: string;
}

export interface NewPolyOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly makerAddress: string;
  readonly owner: string;
  readonly tokenId: string;
  readonly side: PolySide;
  readonly price: Micros;
  /** Micro-shares. */
  readonly size: number;
  readonly orderType: TimeInForce;
  readonly postOnly: boolean;
  readonly expirationSeconds: number;
}

export interface PolyRefusal {
  readonly status: 400 | 404;
  readonly error: string;
}

export type PlaceResult =
  | { readonly ok: true; readonly order: SimPolyOrder; readonly trades: readonly SimPolyTrade[] }
  | { readonly ok: false; readonly refusal: PolyRefusal };

export type SimPolyEvent =
  | {
      readonly kind: 'order';
      readonly type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION';
      readonly order: SimPolyOrder;
    }
  | { readonly kind: 'trade'; readonly trade: SimPolyTrade }
  | { readonly kind: 'book'; readonly conditionId: string; readonly traded: boolean }
  | { readonly kind: 'market_added'; readonly conditionId: string }
  | { readonly kind: 'resolved'; readonly conditionId: string }
  | {
      readonly kind: 'tick_size';
      readonly conditionId: string;
      readonly oldTick: string;
      readonly newTick: string;
    };
