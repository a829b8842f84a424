/** The Polymarket US simulator's records: markets, orders, executions, accounts. */
import type { Micros } from '../../core/money.js';
import type { PmusIntent, PmusOrderState } from '../../venues/polymarket-us/parse.js';
import type { MatchSide, PriceTimeBook } from '../matching-book.js';

export type SimPmusMarketState =
  | 'MARKET_STATE_OPEN'
  | 'MARKET_STATE_PREOPEN'
  | 'MARKET_STATE_SUSPENDED'
  | 'MARKET_STATE_HALTED'
  | 'MARKET_STATE_EXPIRED';

export interface SimPmusMarketSpec {
  readonly slug: string;
  readonly id: string;
  readonly eventSlug: string;
  readonly question: string;
  readonly outcome: string;
  /** Tick in micro-dollars (0.01 = 10_000; some markets 0.005). */
  readonly tick: Micros;
  /** e.g. `football_team_full_game_winner`. */
  readonly sportsMarketType: string;
  readonly league: string;
  readonly gameStartTimeMs: number;
  /** The team the long (YES) side is on, then the other. */
  readonly longTeam: { readonly name: string; readonly abbreviation: string };
  readonly shortTeam: { readonly name: string; readonly abbreviation: string };
}

export interface SimPmusMarket extends SimPmusMarketSpec {
  state: SimPmusMarketState;
  readonly book: PriceTimeBook;
  lastTradePx: Micros | null;
  /** The YES payout once settled. */
  settlement: Micros | null;
  settledAtMs: number | null;
}

export interface SimPmusExecution {
  readonly id: string;
  readonly orderId: string;
  readonly type:
    | 'EXECUTION_TYPE_NEW'
    | 'EXECUTION_TYPE_PARTIAL_FILL'
    | 'EXECUTION_TYPE_FILL'
    | 'EXECUTION_TYPE_CANCELED'
    | 'EXECUTION_TYPE_REJECTED';
  /** Centi-contracts of this fill. */
  readonly lastShares: number;
  readonly lastPx: Micros | null;
  readonly tradeId: string | null;
  readonly aggressor: boolean | null;
  /** Fee of this fill; negative for a maker's rebate. */
  readonly commission: Micros;
  readonly transactTimeMs: number;
  readonly rejectReason?: string;
  readonly text?: string;
  /** The order's state just after this execution, for the wire's `order` field. */
  readonly orderAfter: SimPmusOrderView;
}

export interface SimPmusOrderView {
  readonly state: PmusOrderState;
  readonly cum: number;
  readonly commission: Micros;
  readonly notional: Micros;
}

export interface SimPmusOrder {
  readonly id: string;
  readonly accountId: string;
  readonly slug: string;
  readonly intent: PmusIntent;
  readonly side: MatchSide;
  /** YES-frame limit. */
  readonly price: Micros;
  /** Centi-contracts. */
  readonly qty: number;
  readonly tif: string;
  readonly createTimeMs: number;
  state: PmusOrderState;
  cum: number;
  commission: Micros;
  /** Σ price × qty of fills, for the average price. */
  notional: Micros;
}

export interface SimPmusTrade {
  readonly tradeId: string;
  readonly slug: string;
  readonly price: Micros;
  readonly qty: number;
  readonly aggressor: boolean;
  readonly timeMs: number;
}

export interface SimPmusAccount {
  cash: Micros;
  /** Net YES centi-contracts per slug; negative is short. */
  readonly positions: Map<string, number>;
  readonly trades: SimPmusTrade[];
}
