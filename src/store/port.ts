/**
 * The Store port: the system of record. PGlite (embedded) and PostgreSQL implement it over the
 * same migrations. Every write is idempotent, keyed by the event id (or the client order id /
 * fill id), so a redelivered event changes nothing. Everything is scoped by a run id: a replay
 * or backtest is one run; a paper or live account keeps one run id across restarts.
 */
import type { Liquidity } from '../core/fees.js';
import type { FillId, VenueOrderId } from '../core/ids.js';
import type {
  BankrollSnapshot,
  BookSnapshot,
  ClientOrderId,
  FillReceived,
  GameFinal,
  GameId,
  GameScheduled,
  GameStateUpdated,
  InstrumentId,
  LedgerPosted,
  MarketMapped,
  MarketSettled,
  OrderEvent,
  OrderIntent,
  PositionChanged,
  RiskDecision,
  RunId,
  SignalRaised,
  TradingStateChanged,
} from '../core/index.js';
import type { ContractSide, VenueInstrument, VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import type { DayRecords, ValidationRow } from '../portfolio/daily-report.js';

export type RunMode = 'backtest' | 'replay' | 'paper' | 'live';
export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

export interface RunRecord {
  readonly runId: RunId;
  readonly mode: RunMode;
  readonly startedTs: number;
  /** The effective configuration, secrets removed. */
  readonly config: Record<string, unknown>;
}

export interface RunSummary {
  readonly runId: RunId;
  readonly mode: RunMode;
  readonly status: RunStatus;
  readonly startedTs: number;
  readonly endedTs: number | null;
  readonly report: unknown;
}

/** The stored state of one order: its intent plus the latest status the order events gave it. */
export interface StoredOrder {
  readonly intent: OrderIntent;
  /** The type of the last order event applied, or 'Intent' when nothing was sent yet. */
  readonly status: OrderEvent['type'] | 'Intent';
  readonly filledQty: number;
}

/** A position as last stored (one row per instrument and side). */
export interface StoredPosition {
  readonly instrumentId: InstrumentId;
  readonly side: ContractSide;
  readonly venue: VenueName;
  readonly gameId: GameId;
  readonly qty: Centis;
  readonly costBasis: Micros;
  readonly realizedPnl: Micros;
  readonly ts: number;
}

export type OrderStatusFilter = 'all' | 'open' | 'done';

export interface AccountBalance {
  readonly account: string;
  /** Sum of postings, micro-dollars. */
  readonly balance: number;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  /** True when the time-series tables are TimescaleDB hypertables, false when day partitions. */
  readonly timescale: boolean;
}

/** A parameter sweep as asked (`arbees backtest --sweep`), with its outcome once it ended. */
export interface SweepRecord {
  readonly sweepId: string;
  readonly createdTs: number;
  readonly spec: Record<string, unknown>;
  readonly outcome: unknown;
}

/** One backtest of a sweep: a grid point on a window's training or test games. */
export type SweepResultRow = {
  readonly window: number;
  readonly pointIndex: number;
  readonly phase: 'train' | 'test';
  readonly params: Readonly<Record<string, string>>;
  readonly games: readonly string[];
} & (
  | { readonly ok: true; readonly metrics: Readonly<Record<string, number | null>> }
  | { readonly ok: false; readonly error: string }
);

/** Who owns a game's feed and strategy, until when; the epoch fences off earlier holders. */
export interface GameLease {
  readonly gameId: GameId;
  readonly owner: string;
  readonly epoch: number;
  readonly expiresTs: number;
}

export interface ShardHeartbeat {
  readonly shard: string;
  readonly lastTs: number;
}

/** What the position tracker stores and publishes in one batch. */
export type PortfolioBatchEvent = PositionChanged | LedgerPosted | BankrollSnapshot;

/** The events each service queues in the outbox, by the service (source) that queues them. */
export interface OutboxEvents {
  readonly execution: OrderEvent | FillReceived;
  readonly 'position-tracker': PortfolioBatchEvent;
}
export type OutboxSource = keyof OutboxEvents;

/** One fill of a paper order, as the paper venue reported it. */
export interface PaperFillRecord {
  readonly fillId: FillId;
  readonly price: Micros;
  readonly qty: Centis;
  readonly fee: Micros;
  readonly liquidity: Liquidity;
  readonly ts: number;
}

/** A finished paper order, by client order id, with its fills. */
export interface PaperOrderRecord {
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId;
  readonly status: 'resting' | 'filled' | 'canceled' | 'expired';
  readonly qty: Centis;
  readonly filledQty: Centis;
  readonly fills: readonly PaperFillRecord[];
}

export interface PaperPositionRecord {
  readonly instrumentId: InstrumentId;
  readonly side: ContractSide;
  readonly qty: Centis;
}

/** A paper account at one venue, as last saved. */
export interface PaperAccountRecord {
  /** The account's change count when it was saved. */
  readonly version: number;
  readonly cash: Micros;
  /** Open positions, by instrument id then side. */
  readonly positions: readonly PaperPositionRecord[];
  /** Every order saved, in the order they were first saved. */
  readonly orders: readonly PaperOrderRecord[];
}

/** One save of a paper account: the cash, and what changed since the last save. */
export interface PaperAccountWrite {
  readonly version: number;
  readonly cash: Micros;
  /** Each at its new quantity; 0 closes the position. */
  readonly positions: readonly PaperPositionRecord[];
  /** Orders to keep; one already stored under its client order id is left as it is. */
  readonly orders: readonly PaperOrderRecord[];
}

/** An API token as stored: only the SHA-256 hash of its secret is kept. */
export type ApiRole = 'viewer' | 'operator';
export interface ApiTokenRecord {
  readonly tokenId: string;
  /** Who holds it, e.g. "alice-laptop"; the audit trail names the actor by it. */
  readonly name: string;
  readonly role: ApiRole;
  /** Hex SHA-256 of the secret. */
  readonly hash: string;
  readonly createdTs: number;
  readonly revokedTs: number | null;
}

/** One control action asked through the API: who, when, what and why. */
export interface ControlActionRecord {
  readonly actionId: string;
  readonly ts: number;
  /** The token's name (and id) that asked. */
  readonly actor: string;
  readonly action: 'halt' | 'reduce' | 'resume' | 'cancel-all' | 'flatten';
  readonly scope: string;
  readonly reason: string;
  /** The event it published (TradingStateChanged, CancelAllRequested, a flatten's OrderIntent), when it did. */
  readonly eventId: string | null;
}

/** A signal as stored, with the risk decision taken on it (null while none is stored). */
export interface StoredSignal {
  readonly signalId: string;
  readonly ts: number;
  readonly kind: string;
  readonly gameId: string;
  readonly instrumentId: string;
  readonly venue: string;
  readonly side: string;
  readonly action: string;
  readonly modelProbPpm: number;
  readonly price: Micros;
  readonly feePerContract: Micros;
  readonly edgePpm: number;
  readonly availableQty: Centis;
  readonly bookAgeMs: number;
  readonly syncDeltaMs: number;
  readonly decision: {
    readonly ts: number;
    readonly approved: boolean;
    readonly reasons: string[];
    readonly qty: Centis;
    readonly limitPrice: Micros;
    readonly kellyPpm: number;
    readonly inputs: Readonly<Record<string, number | string | boolean>>;
  } | null;
}

/** A game as the API shows it: schedule, final, latest state, and its markets' latest prices and signals. */
export interface StoredGameView {
  readonly gameId: string;
  readonly sport: string | null;
  readonly homeTeam: string | null;
  readonly awayTeam: string | null;
  readonly startTs: number | null;
  readonly homeSpread: number | null;
  readonly final: {
    readonly ts: number;
    readonly homeScore: number | null;
    readonly awayScore: number | null;
    readonly winner: string | null;
  } | null;
  readonly state: {
    readonly ts: number;
    readonly status: string;
    /** Quarter, period, half or inning. */
    readonly period: number;
    readonly clockSeconds: number;
    readonly gameSecondsRemaining: number;
    readonly homeScore: number;
    readonly awayScore: number;
    readonly possession: string | null;
  } | null;
  readonly markets: {
    readonly instrumentId: string;
    readonly venue: string;
    readonly outcome: string | null;
    readonly simulated: boolean | null;
    readonly settledResult: string | null;
    /** Latest top of book stored (micro-dollars, centi-contracts). */
    readonly quote: {
      readonly ts: number;
      readonly bestBid: number | null;
      readonly bestBidQty: number | null;
      readonly bestAsk: number | null;
      readonly bestAskQty: number | null;
    } | null;
    readonly lastSignal: {
      readonly ts: number;
      readonly side: string;
      readonly modelProbPpm: number;
      readonly edgePpm: number;
      readonly price: number;
    } | null;
  }[];
}

/**
 * A game's price and model history for a chart: per market, the last top of book and the last
 * signal of each `bucketMs` of event time, oldest first.
 */
export interface StoredGameHistory {
  readonly quotes: readonly {
    readonly instrumentId: string;
    readonly ts: number;
    readonly bestBid: number | null;
    readonly bestAsk: number | null;
  }[];
  readonly signals: readonly {
    readonly instrumentId: string;
    readonly ts: number;
    readonly side: string;
    readonly modelProbPpm: number;
    readonly edgePpm: number;
  }[];
}

/** A day's row of the daily validation table, when it was made, and the report it came from. */
export interface StoredDailyReport {
  readonly row: ValidationRow;
  readonly madeTs: number;
  /** The whole report as made (null in listings). */
  readonly report: unknown;
}

export type SignalDecisionFilter = 'all' | 'approved' | 'denied' | 'undecided';

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  migrate(): Promise<MigrationReport>;

  startRun(run: RunRecord): Promise<void>;
  finishRun(runId: RunId, end: { status: RunStatus; endedTs: number; report: unknown }): Promise<void>;
  getRun(runId: RunId): Promise<RunSummary | null>;

  recordGames(runId: RunId, events: readonly GameScheduled[]): Promise<void>;
  recordGameFinals(runId: RunId, events: readonly GameFinal[]): Promise<void>;
  recordGameStates(runId: RunId, events: readonly GameStateUpdated[]): Promise<void>;
  recordMarkets(runId: RunId, events: readonly MarketMapped[]): Promise<void>;
  recordSettlements(runId: RunId, events: readonly MarketSettled[]): Promise<void>;
  recordQuotes(runId: RunId, events: readonly BookSnapshot[]): Promise<void>;
  recordSignals(runId: RunId, events: readonly SignalRaised[]): Promise<void>;
  recordRiskDecisions(runId: RunId, events: readonly RiskDecision[]): Promise<void>;
  recordTradingStates(runId: RunId, events: readonly TradingStateChanged[]): Promise<void>;
  /** The latest state of every scope in the run (operator halts survive a restart). */
  latestTradingStates(runId: RunId): Promise<TradingStateChanged[]>;

  /** Stores an order intent before anything is sent (outbox). False if it was already stored. */
  saveOrderIntent(runId: RunId, intent: OrderIntent): Promise<boolean>;
  /**
   * Marks a stored intent as being sent (status Intent to OrderSubmitted), atomically: true for
   * the one caller that moved it, false if it was marked before or is not stored.
   */
  claimOrderSend(runId: RunId, clientOrderId: ClientOrderId): Promise<boolean>;
  /** Appends order events and moves each order's stored status and filled quantity along. */
  recordOrderEvents(runId: RunId, events: readonly OrderEvent[]): Promise<void>;
  getOrder(runId: RunId, clientOrderId: ClientOrderId): Promise<StoredOrder | null>;
  listOpenOrders(runId: RunId): Promise<StoredOrder[]>;

  recordFills(runId: RunId, events: readonly FillReceived[]): Promise<void>;
  listFills(runId: RunId): Promise<FillReceived[]>;

  // The outbox: stored and queued for the bus in one transaction, dequeued once published. Each
  // service (source) has its own queue.
  /** recordOrderEvents, plus the events new to the store queued on execution's queue. */
  journalOrderEvents(runId: RunId, events: readonly OrderEvent[]): Promise<void>;
  /** recordFills, plus the fills new to the store queued on execution's queue. */
  journalFills(runId: RunId, fills: readonly FillReceived[]): Promise<void>;
  /**
   * One batch of the position tracker: its ledger transactions, positions and bankroll snapshots
   * stored as recordLedger, upsertPositions and recordBankroll do, and every event queued on the
   * tracker's queue in batch order, in one transaction.
   */
  journalPortfolio(runId: RunId, events: readonly PortfolioBatchEvent[]): Promise<void>;
  /** The oldest `limit` events on a source's queue, in the order they were queued. */
  listOutbox<S extends OutboxSource>(runId: RunId, source: S, limit: number): Promise<OutboxEvents[S][]>;
  /** Takes events the bus has accepted off a source's queue. */
  removeFromOutbox(runId: RunId, source: OutboxSource, eventIds: readonly string[]): Promise<void>;

  upsertPositions(runId: RunId, events: readonly PositionChanged[]): Promise<void>;
  recordLedger(runId: RunId, events: readonly LedgerPosted[]): Promise<void>;
  /** Balance of every ledger account in the run; the balances sum to zero. */
  trialBalance(runId: RunId): Promise<AccountBalance[]>;
  recordBankroll(runId: RunId, events: readonly BankrollSnapshot[]): Promise<void>;

  /**
   * Takes a game that is free, expired or already the owner's; null while another shard holds it.
   * The epoch is kept only when the owner's live lease is at `knownEpoch`, else it goes up.
   */
  acquireGameLease(
    runId: RunId,
    req: { gameId: GameId; owner: string; nowTs: number; ttlMs: number; knownEpoch?: number },
  ): Promise<GameLease | null>;
  /** Extends the owner's leases at the epochs it knows; returns those it still holds. */
  renewGameLeases(
    runId: RunId,
    req: {
      owner: string;
      leases: readonly { gameId: GameId; epoch: number }[];
      nowTs: number;
      ttlMs: number;
    },
  ): Promise<GameLease[]>;
  releaseGameLeases(runId: RunId, req: { owner: string; gameIds: readonly GameId[] }): Promise<void>;
  listGameLeases(runId: RunId): Promise<GameLease[]>;
  recordShardHeartbeat(runId: RunId, beat: { shard: string; ts: number }): Promise<void>;
  listShardHeartbeats(runId: RunId): Promise<ShardHeartbeat[]>;
  /** A shard leaving cleanly: no longer live from now on. */
  removeShardHeartbeat(runId: RunId, shard: string): Promise<void>;

  /** The paper account of a run at a venue; null when none was saved. */
  loadPaperAccount(runId: RunId, venue: VenueName): Promise<PaperAccountRecord | null>;
  /**
   * Saves a paper account change in one transaction. False, writing nothing, when the stored
   * account has a later version; the same version again is written again (a retried save).
   */
  savePaperAccount(runId: RunId, venue: VenueName, write: PaperAccountWrite): Promise<boolean>;

  // Read models (the api service).
  /** The most recent runs first, without their reports. */
  listRuns(opts: { limit: number }): Promise<RunSummary[]>;
  listPositions(runId: RunId): Promise<StoredPosition[]>;
  /**
   * The instruments market discovery mapped in the run whose settlement is not stored yet, as
   * mapped last: what a restarted gateway or settlement watcher goes on following.
   */
  listUnsettledMarkets(runId: RunId): Promise<VenueInstrument[]>;
  /** Newest first; `open` is every order not in a final state, `done` the others. */
  listOrders(runId: RunId, opts: { status: OrderStatusFilter; limit: number }): Promise<StoredOrder[]>;
  latestBankroll(runId: RunId): Promise<BankrollSnapshot | null>;
  /** Every ledger transaction, oldest first (a restarted risk engine rebuilds its cash from it). */
  listLedger(runId: RunId): Promise<LedgerPosted[]>;

  /** Signals newest first, each with its decision; `decision` filters on it. */
  listSignals(runId: RunId, opts: { decision: SignalDecisionFilter; limit: number }): Promise<StoredSignal[]>;
  /** Games, latest start first, each with its latest state and its markets' latest quote and signal. */
  listGames(runId: RunId, opts: { gameId?: string; limit: number }): Promise<StoredGameView[]>;
  /** A game's quotes and signals, the last of each market in each `bucketMs`, oldest first. */
  gameHistory(runId: RunId, gameId: string, opts: { bucketMs: number }): Promise<StoredGameHistory>;
  /** Risk decisions newest first, with their inputs and the legs granted. */
  listRiskDecisions(runId: RunId, opts: { approved?: boolean; limit: number }): Promise<RiskDecision[]>;
  /** Bankroll snapshots oldest first (the curve), the latest `limit` of them. */
  listBankroll(runId: RunId, opts: { limit: number }): Promise<BankrollSnapshot[]>;
  /** Trading state changes newest first, of one scope or all. */
  listTradingStates(runId: RunId, opts: { scope?: string; limit: number }): Promise<TradingStateChanged[]>;

  // The API's tokens (deployment-wide) and its audit trail of control actions (per run).
  createApiToken(token: ApiTokenRecord): Promise<void>;
  /** The live (not revoked) token with this hash, or null. */
  findApiToken(hash: string): Promise<ApiTokenRecord | null>;
  listApiTokens(): Promise<ApiTokenRecord[]>;
  /** False when no live token has this id. */
  revokeApiToken(tokenId: string, ts: number): Promise<boolean>;
  recordControlAction(runId: RunId, action: ControlActionRecord): Promise<void>;
  /** Newest first. */
  listControlActions(runId: RunId, opts: { limit: number }): Promise<ControlActionRecord[]>;

  // The daily reports (docs/reports.md).
  /**
   * What the store holds about [fromTs, toTs) of a run for its daily report; game and quote
   * activity from `lookbackMs` before fromTs, so the day's first minutes can be judged.
   */
  dayRecords(runId: RunId, opts: { fromTs: number; toTs: number; lookbackMs: number }): Promise<DayRecords>;
  /** Stores a day's row of the validation table and its report, replacing the day's earlier one. */
  saveDailyReport(runId: RunId, made: StoredDailyReport): Promise<void>;
  /** The validation table, newest day first, without the reports. */
  listDailyValidation(runId: RunId, opts: { limit: number }): Promise<StoredDailyReport[]>;
  getDailyReport(runId: RunId, day: string): Promise<StoredDailyReport | null>;

  /** Stores a sweep and its results; a sweep id stored again is replaced whole. */
  recordSweep(sweep: SweepRecord, rows: readonly SweepResultRow[]): Promise<void>;
  /** A stored sweep and its results (by window, point, phase), or null. */
  getSweep(sweepId: string): Promise<{ sweep: SweepRecord; rows: SweepResultRow[] } | null>;

  /** Row count of a table for a run, for reports and tests. */
  countRows(table: StoreTable, runId: RunId): Promise<number>;
  close(): Promise<void>;
}

export const STORE_TABLES = [
  'games',
  'game_states',
  'markets',
  'quotes',
  'signals',
  'risk_decisions',
  'trading_states',
  'orders',
  'order_events',
  'fills',
  'positions',
  'ledger_entries',
  'bankroll_snapshots',
  'paper_accounts',
  'paper_positions',
  'paper_orders',
] as const;
export type StoreTable = (typeof STORE_TABLES)[number];
