/**
 * Everything that happens is one of these typed events, carried on a topic (DESIGN.md,
 * "Events and topics"). The topic names double as Redis stream keys in the distributed shape.
 */

import type { Liquidity } from './fees.js';
import type { GameState } from './game-state.js';
import type {
  ClientOrderId,
  EventId,
  FillId,
  GameId,
  InstrumentId,
  LedgerTxId,
  SignalId,
  VenueOrderId,
} from './ids.js';
import type { Action, ContractSide, FeeSchedule, Sport, VenueInstrument, VenueName } from './instruments.js';
import type { MappingEvidence } from './mapping.js';
import type { Centis, Micros, Ppm } from './money.js';

export const TOPICS = [
  'games',
  'markets',
  'md',
  'signals',
  'risk',
  'orders',
  'fills',
  'portfolio',
  'ops',
] as const;
export type Topic = (typeof TOPICS)[number];

interface Base {
  readonly id: EventId;
  /** Epoch milliseconds, from the producer's clock. */
  readonly ts: number;
}

// ---- games --------------------------------------------------------------------------------
/** A team as the game feed names it; venues' codes differ and are mapped by market discovery. */
export interface TeamRef {
  /** The feed's own team id (ESPN's), when it gives one. */
  readonly espnId: string | null;
  readonly abbreviation: string;
  /** Full display name, e.g. "Dallas Cowboys"; null when the feed gives none. */
  readonly name: string | null;
  /** Short name, e.g. "Cowboys" or "Dallas"; null when the feed gives none. */
  readonly shortName: string | null;
}

export interface GameScheduled extends Base {
  readonly type: 'GameScheduled';
  readonly gameId: GameId;
  readonly sport: Sport;
  readonly homeTeam: string;
  readonly awayTeam: string;
  readonly startTs: number;
  /** Pregame point spread, positive when the HOME team is favoured. */
  readonly homeSpread: number;
  /**
   * The rest of the pregame line, when the source gives it: American-odds moneylines and the
   * over/under total. Models read them as src/sports/model.ts PregamePrior says.
   */
  readonly homeMoneyline?: number;
  readonly awayMoneyline?: number;
  readonly total?: number;
  readonly season: number;
  readonly week: number;
  /** Regular season or postseason: a regular-season NFL game can end tied, a playoff game cannot. */
  readonly seasonType: 'REG' | 'POST';
  /**
   * What market discovery matches venue listings on, when the feed gives it (the ESPN feed does):
   * ESPN's league id (`nfl`, `nba`, `eng.1`…), both teams in full, and whether the game is at a
   * neutral site (the nominal home team is then not really at home).
   */
  readonly league?: string;
  readonly teams?: { readonly home: TeamRef; readonly away: TeamRef };
  readonly neutralSite?: boolean;
}
/** Which feed produced a game state: the in-process replay, or ESPN's API (real or simulated). */
export type GameFeedSource = 'replay' | 'espn';
export interface GameStateUpdated extends Base {
  readonly type: 'GameStateUpdated';
  readonly gameId: GameId;
  /** Any sport's state, told apart by `state.sport`. */
  readonly state: GameState;
  /** Absent means the replay feed. A polling feed publishes a state only when it changes. */
  readonly source?: GameFeedSource;
}
export interface GameFinal extends Base {
  readonly type: 'GameFinal';
  readonly gameId: GameId;
  readonly homeScore: number;
  readonly awayScore: number;
  readonly winner: 'home' | 'away' | 'draw';
}

// ---- markets ------------------------------------------------------------------------------
export interface MarketMapped extends Base {
  readonly type: 'MarketMapped';
  readonly instrument: VenueInstrument;
  /** Why market discovery mapped it (listing, feed game, teams, times, rule sentences); absent from simulators. */
  readonly evidence?: MappingEvidence;
}
export interface MarketClosed extends Base {
  readonly type: 'MarketClosed';
  readonly instrumentId: InstrumentId;
}
export interface MarketSettled extends Base {
  readonly type: 'MarketSettled';
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  /** The side that pays; when both are paid a share (`yesPayout`), the side paid at least half. */
  readonly result: ContractSide;
  /**
   * What one YES contract pays, when the venue settled at a fraction instead of $1 to `result`
   * and nothing to the other side: a tie at $0.50 each (Kalshi NFL), a Polymarket 50-50. A NO
   * contract pays $1 minus this. Absent: $1 to the `result` side (yesPayoutOf).
   */
  readonly yesPayout?: Micros;
}

/** What one YES contract of a settled market pays: `yesPayout`, else $1 or nothing by `result`. */
export function yesPayoutOf(event: Pick<MarketSettled, 'result' | 'yesPayout'>): Micros {
  return event.yesPayout ?? ((event.result === 'yes' ? 1_000_000 : 0) as Micros);
}

// ---- market data --------------------------------------------------------------------------
/** One price level: YES-leg price and resting size. */
export interface Level {
  readonly price: Micros;
  readonly qty: Centis;
}
export interface BookSnapshot extends Base {
  readonly type: 'BookSnapshot';
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  /** YES bids, best (highest) first. */
  readonly bids: readonly Level[];
  /** YES asks, best (lowest) first. */
  readonly asks: readonly Level[];
  /** When the venue stamped this book, epoch ms. */
  readonly venueTs: number;
}
export interface BookDelta extends Base {
  readonly type: 'BookDelta';
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  readonly side: 'bid' | 'ask';
  readonly price: Micros;
  /** Signed change in resting size at this price. */
  readonly delta: Centis;
  readonly venueTs: number;
}
export interface Trade extends Base {
  readonly type: 'Trade';
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  readonly price: Micros;
  readonly qty: Centis;
  readonly takerSide: ContractSide;
  readonly venueTs: number;
}

// ---- signals and risk ---------------------------------------------------------------------
export type SignalKind = 'edge' | 'arbitrage' | 'exit';
export type ExitReason = 'EDGE_GONE' | 'TAKE_PROFIT' | 'STOP_LOSS' | 'TIME_LIMIT';

/** One instrument of a signal: what to trade, and the book it can be traded against. */
export interface SignalLeg {
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  readonly side: ContractSide;
  readonly action: Action;
  /** Best price per contract of `side` for `action`. */
  readonly price: Micros;
  readonly feePerContract: Micros;
  /** Levels worth trading, priced per contract of `side`, best first (for sizing with slippage). */
  readonly levels: readonly Level[];
  readonly fees: FeeSchedule;
  readonly availableQty: Centis;
  /**
   * The id of the BookSnapshot the levels were read from. Signals raised from one snapshot share
   * it, so risk can tell what an order it approved earlier has already taken from those levels.
   */
  readonly bookId?: EventId;
}

export interface SignalRaised extends Base {
  readonly type: 'SignalRaised';
  readonly signalId: SignalId;
  readonly kind: SignalKind;
  readonly gameId: GameId;
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  readonly side: ContractSide;
  readonly action: Action;
  /** Our probability that this contract pays. */
  readonly modelProb: Ppm;
  /** Executable price per contract (the best ask of this side). */
  readonly price: Micros;
  /** Fee per contract at that price, micro-dollars. */
  readonly feePerContract: Micros;
  /** Expected value per contract after fees, as a share of $1 (ppm). */
  readonly edge: Ppm;
  /** Contracts worth trading across `levels`. */
  readonly availableQty: Centis;
  /** Levels worth trading, priced per contract of `side`, best first. */
  readonly levels: readonly Level[];
  readonly fees: FeeSchedule;
  /** Ask minus bid of the instrument, micro-dollars. */
  readonly spread: Micros;
  /** Age of the book when the signal was raised, ms. */
  readonly bookAgeMs: number;
  /** Game clock vs market data time, ms. */
  readonly syncDeltaMs: number;
  /** Why an exit signal wants out. */
  readonly exitReason?: ExitReason;
  /** The second leg of an arbitrage: bought together with the first, same quantity. */
  readonly hedge?: SignalLeg;
  /** The id of the BookSnapshot `levels` were read from (see SignalLeg.bookId). */
  readonly bookId?: EventId;
  /**
   * Arbitrage only: the settlement terms on which the two legs differ, paired anyway because
   * ARB_ACCEPT_POSTPONEMENT_RISK accepts them (what a postponed or cancelled game pays). Absent
   * when the legs settle alike.
   */
  readonly acceptedSettlementDifferences?: readonly (
    | 'postponement'
    | 'postponementWindowHours'
    | 'unplayedPayout'
  )[];
}

export type DenialReason =
  | 'TRADING_HALTED'
  | 'EDGE_BELOW_MINIMUM'
  | 'PRICE_STALE'
  | 'CLOCK_OUT_OF_SYNC'
  | 'MAX_POSITION_SIZE'
  | 'MAX_SIMULTANEOUS_POSITIONS'
  | 'GAME_EXPOSURE'
  | 'VENUE_EXPOSURE'
  | 'INSUFFICIENT_CASH'
  | 'DAILY_LOSS_LIMIT'
  | 'SIZE_BELOW_MINIMUM'
  | 'OPPOSITE_POSITION'
  | 'GAME_NOT_LIVE'
  | 'TRADING_REDUCING'
  | 'COST_GATE'
  | 'NO_POSITION'
  | 'ARBITRAGE_INCOMPLETE'
  /** An arbitrage leg's levels were already taken by an order approved earlier from the same book. */
  | 'LIQUIDITY_TAKEN';

export interface RiskDecision extends Base {
  readonly type: 'RiskDecision';
  readonly signalId: SignalId;
  readonly approved: boolean;
  readonly reasons: readonly DenialReason[];
  /** Size granted, centi-contracts (0 when denied). */
  readonly qty: Centis;
  readonly limitPrice: Micros;
  /** Full Kelly fraction for this bet (ppm), before KELLY_FRACTION is applied. */
  readonly kellyPpm: Ppm;
  /** The orders granted: one leg, or two for an arbitrage. */
  readonly legs: readonly OrderLegGrant[];
  /** What the decision was based on (cash, exposure, sizing, costs), stored with it. */
  readonly inputs: Readonly<Record<string, number | string | boolean>>;
}

export interface OrderLegGrant {
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  readonly side: ContractSide;
  readonly action: Action;
  readonly qty: Centis;
  readonly limitPrice: Micros;
}

export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';
export interface TradingStateChanged extends Base {
  readonly type: 'TradingStateChanged';
  /** `global`, `venue:<name>`, `strategy:<kind>` or `game:<id>`. */
  readonly scope: string;
  readonly state: TradingState;
  readonly reason: string;
  /** Who changed it: a risk rule, an operator, the execution service (an unhedged leg), or the reconciler. */
  readonly origin: 'rule' | 'operator' | 'execution' | 'reconciler';
  /** When the state lifts by itself, epoch ms; absent when only an operator (or a new day) lifts it. */
  readonly untilTs?: number;
}

// ---- orders -------------------------------------------------------------------------------
export type TimeInForce = 'IOC' | 'FOK' | 'GTC';
export interface OrderIntent extends Base {
  readonly type: 'OrderIntent';
  readonly clientOrderId: ClientOrderId;
  readonly signalId: SignalId;
  readonly leg: number;
  readonly gameId: GameId;
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  readonly side: ContractSide;
  readonly action: Action;
  readonly qty: Centis;
  readonly limitPrice: Micros;
  readonly tif: TimeInForce;
  /** Orders sent together for the signal: 2 for an arbitrage pair, 1 otherwise. */
  readonly legCount: number;
  /** What the order is for: an entry, an exit, an arbitrage leg, or a hedge/unwind of one. */
  readonly purpose: 'entry' | 'exit' | 'arbitrage' | 'hedge' | 'unwind';
}

interface OrderEventBase extends Base {
  readonly clientOrderId: ClientOrderId;
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
}
export interface OrderSubmitted extends OrderEventBase {
  readonly type: 'OrderSubmitted';
}
export interface OrderAccepted extends OrderEventBase {
  readonly type: 'OrderAccepted';
  readonly venueOrderId: VenueOrderId;
}
export interface OrderRejected extends OrderEventBase {
  readonly type: 'OrderRejected';
  readonly reason: string;
}
export interface OrderPartiallyFilled extends OrderEventBase {
  readonly type: 'OrderPartiallyFilled';
  readonly filledQty: Centis;
  readonly leavesQty: Centis;
}
export interface OrderFilled extends OrderEventBase {
  readonly type: 'OrderFilled';
  readonly filledQty: Centis;
}
export interface OrderCanceled extends OrderEventBase {
  readonly type: 'OrderCanceled';
  readonly reason: string;
  /** Quantity canceled unfilled. */
  readonly canceledQty: Centis;
}
export interface OrderExpired extends OrderEventBase {
  readonly type: 'OrderExpired';
}
export interface OrderUnresolved extends OrderEventBase {
  readonly type: 'OrderUnresolved';
  readonly reason: string;
}
export type OrderEvent =
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderPartiallyFilled
  | OrderFilled
  | OrderCanceled
  | OrderExpired
  | OrderUnresolved;

// ---- fills and portfolio ------------------------------------------------------------------
export interface FillReceived extends Base {
  readonly type: 'FillReceived';
  readonly fillId: FillId;
  readonly clientOrderId: ClientOrderId;
  readonly gameId: GameId;
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  readonly side: ContractSide;
  readonly action: Action;
  /** Price paid per contract of `side` (for a NO contract, the NO price). */
  readonly price: Micros;
  readonly qty: Centis;
  readonly fee: Micros;
  readonly liquidity: Liquidity;
}

export interface PositionChanged extends Base {
  readonly type: 'PositionChanged';
  readonly instrumentId: InstrumentId;
  readonly venue: VenueName;
  readonly gameId: GameId;
  readonly side: ContractSide;
  readonly qty: Centis;
  /** Cost of the open quantity, fees included. */
  readonly costBasis: Micros;
  readonly realizedPnl: Micros;
}

export interface Posting {
  readonly account: string;
  /** Positive debits, negative credits; a transaction's postings sum to zero. */
  readonly amount: Micros;
}
export interface LedgerPosted extends Base {
  readonly type: 'LedgerPosted';
  readonly txId: LedgerTxId;
  readonly kind: 'deposit' | 'trade' | 'fee' | 'settlement' | 'reservation' | 'release';
  readonly postings: readonly Posting[];
  /** What caused it: a fill id, an instrument id for a settlement, a venue for a deposit. */
  readonly ref: string;
  readonly memo: string;
}
export interface BankrollSnapshot extends Base {
  readonly type: 'BankrollSnapshot';
  readonly cash: Micros;
  /** Cash held at each venue. */
  readonly venueCash: Readonly<Partial<Record<VenueName, Micros>>>;
  /** Cash plus open positions marked at the mid (at cost where no book is known). */
  readonly equity: Micros;
  readonly peakEquity: Micros;
  readonly drawdown: Micros;
  readonly realizedPnl: Micros;
  /** Open positions at the mid minus their cost. */
  readonly unrealizedPnl: Micros;
  readonly openPositions: number;
}

// ---- ops ----------------------------------------------------------------------------------
export interface Heartbeat extends Base {
  readonly type: 'Heartbeat';
  readonly service: string;
}
export interface ShardAssignment extends Base {
  readonly type: 'ShardAssignment';
  readonly shard: string;
  readonly gameIds: readonly GameId[];
}
/**
 * An operator's word to cancel every resting order in a scope (`global` or `venue:<name>`) without
 * halting: trading goes on, only what rests at the venues is withdrawn. Execution obeys it.
 */
export interface CancelAllRequested extends Base {
  readonly type: 'CancelAllRequested';
  readonly scope: string;
  readonly reason: string;
}
export interface Alert extends Base {
  readonly type: 'Alert';
  readonly severity: 'info' | 'warning' | 'critical';
  readonly source: string;
  readonly message: string;
}

export type ArbeesEvent =
  | GameScheduled
  | GameStateUpdated
  | GameFinal
  | MarketMapped
  | MarketClosed
  | MarketSettled
  | BookSnapshot
  | BookDelta
  | Trade
  | SignalRaised
  | RiskDecision
  | TradingStateChanged
  | CancelAllRequested
  | OrderIntent
  | OrderEvent
  | FillReceived
  | PositionChanged
  | LedgerPosted
  | BankrollSnapshot
  | Heartbeat
  | ShardAssignment
  | Alert;

export type EventType = ArbeesEvent['type'];
export type EventOf<T extends EventType> = Extract<ArbeesEvent, { type: T }>;

const TOPIC_OF: { readonly [T in EventType]: Topic } = {
  GameScheduled: 'games',
  GameStateUpdated: 'games',
  GameFinal: 'games',
  MarketMapped: 'markets',
  MarketClosed: 'markets',
  MarketSettled: 'markets',
  BookSnapshot: 'md',
  BookDelta: 'md',
  Trade: 'md',
  SignalRaised: 'signals',
  RiskDecision: 'risk',
  TradingStateChanged: 'risk',
  CancelAllRequested: 'risk',
  OrderIntent: 'orders',
  OrderSubmitted: 'orders',
  OrderAccepted: 'orders',
  OrderRejected: 'orders',
  OrderPartiallyFilled: 'orders',
  OrderFilled: 'orders',
  OrderCanceled: 'orders',
  OrderExpired: 'orders',
  OrderUnresolved: 'orders',
  FillReceived: 'fills',
  PositionChanged: 'portfolio',
  LedgerPosted: 'portfolio',
  BankrollSnapshot: 'portfolio',
  Heartbeat: 'ops',
  ShardAssignment: 'ops',
  Alert: 'ops',
};

export function topicOf(event: ArbeesEvent): Topic {
  return TOPIC_OF[event.type];
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(TOPIC_OF, value);
}

export function isOrderEvent(e: ArbeesEvent): e is OrderEvent {
  return e.type.startsWith('Order') && e.type !== 'OrderIntent';
}
