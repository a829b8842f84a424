/**
 * The Store over any SqlClient: PGlite and PostgreSQL run exactly the same domain SQL. Writers
 * live in sql-games.ts, sql-orders.ts, sql-portfolio.ts and sql-outbox.ts (writes queued for the
 * bus in the same transaction); this class wires them up and owns the runs table. No foreign
 * keys: at-least-once delivery gives no order guarantee between topics, and each write must
 * succeed on its own.
 */
import type {
  BankrollSnapshot,
  BookSnapshot,
  ClientOrderId,
  FillReceived,
  GameFinal,
  GameId,
  GameScheduled,
  GameStateUpdated,
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
import type { VenueInstrument, VenueName } from '../core/instruments.js';
import type { DayRecords } from '../portfolio/daily-report.js';
import { epochMs, isoTs, jsonb } from './batch.js';
import { DayPartitions } from './day-partitions.js';
import { migrate } from './migrate.js';
import {
  type AccountBalance,
  type ApiTokenRecord,
  type ControlActionRecord,
  type GameLease,
  type MigrationReport,
  type OrderStatusFilter,
  type OutboxEvents,
  type OutboxSource,
  type PaperAccountRecord,
  type PaperAccountWrite,
  type PortfolioBatchEvent,
  type RunMode,
  type RunRecord,
  type RunStatus,
  type RunSummary,
  type ShardHeartbeat,
  type SignalDecisionFilter,
  STORE_TABLES,
  type Store,
  type StoredDailyReport,
  type StoredGameHistory,
  type StoredGameView,
  type StoredOrder,
  type StoredPosition,
  type StoredSignal,
  type StoreTable,
  type SweepRecord,
  type SweepResultRow,
} from './port.js';
import type { SqlClient } from './sql.js';
import * as apiRecords from './sql-api.js';
import * as games from './sql-games.js';
import { gameHistory, listGames } from './sql-games-view.js';
import * as leases from './sql-leases.js';
import * as orders from './sql-orders.js';
import * as outbox from './sql-outbox.js';
import * as paper from './sql-paper.js';
import * as portfolio from './sql-portfolio.js';
import * as reads from './sql-reads.js';
import * as dailyReports from './sql-reports.js';
import * as sweeps from './sql-sweeps.js';

export interface SqlStoreOptions {
  readonly client: SqlClient;
  /** Overrides where migrate() looks for the .sql files. */
  readonly migrationsDir?: string;
}

export class SqlStore implements Store {
  readonly kind: SqlClient['kind'];
  private readonly ctx: orders.OrderContext;

  constructor(private readonly options: SqlStoreOptions) {
    this.kind = options.client.kind;
    this.ctx = { db: options.client, partitions: new DayPartitions(options.client) };
  }

  migrate(): Promise<MigrationReport> {
    const { client, migrationsDir } = this.options;
    return migrate(client, migrationsDir ? { dir: migrationsDir } : {});
  }

  /** A restarted paper or live account calls this again with its run id: the run resumes. */
  async startRun(run: RunRecord): Promise<void> {
    await this.ctx.db.query(
      `INSERT INTO runs (run_id, mode, status, started_ts, config) VALUES ($1, $2, 'running', $3::timestamptz, $4::jsonb)
       ON CONFLICT (run_id) DO UPDATE SET status = 'running', ended_ts = NULL, mode = excluded.mode,
         config = excluded.config`,
      [run.runId, run.mode, isoTs(run.startedTs), jsonb(run.config)],
    );
  }

  async finishRun(runId: RunId, end: { status: RunStatus; endedTs: number; report: unknown }): Promise<void> {
    await this.ctx.db.query(
      'UPDATE runs SET status = $2, ended_ts = $3::timestamptz, report = $4::jsonb WHERE run_id = $1',
      [runId, end.status, isoTs(end.endedTs), jsonb(end.report)],
    );
  }

  async getRun(runId: RunId): Promise<RunSummary | null> {
    const { rows } = await this.ctx.db.query<{
      mode: RunMode;
      status: RunStatus;
      started_ms: number;
      ended_ms: number | null;
      report: unknown;
    }>(
      `SELECT mode, status, ${epochMs('started_ts')} AS started_ms, ${epochMs('ended_ts')} AS ended_ms, report
         FROM runs WHERE run_id = $1`,
      [runId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      runId,
      mode: r.mode,
      status: r.status,
      startedTs: r.started_ms,
      endedTs: r.ended_ms,
      report: r.report ?? null,
    };
  }

  recordGames(runId: RunId, events: readonly GameScheduled[]) {
    return games.recordGames(this.ctx, runId, events);
  }
  recordGameFinals(runId: RunId, events: readonly GameFinal[]) {
    return games.recordGameFinals(this.ctx, runId, events);
  }
  recordGameStates(runId: RunId, events: readonly GameStateUpdated[]) {
    return games.recordGameStates(this.ctx, runId, events);
  }
  recordMarkets(runId: RunId, events: readonly MarketMapped[]) {
    return games.recordMarkets(this.ctx, runId, events);
  }
  recordSettlements(runId: RunId, events: readonly MarketSettled[]) {
    return games.recordSettlements(this.ctx, runId, events);
  }
  recordQuotes(runId: RunId, events: readonly BookSnapshot[]) {
    return games.recordQuotes(this.ctx, runId, events);
  }
  recordSignals(runId: RunId, events: readonly SignalRaised[]) {
    return games.recordSignals(this.ctx, runId, events);
  }
  recordRiskDecisions(runId: RunId, events: readonly RiskDecision[]) {
    return games.recordRiskDecisions(this.ctx, runId, events);
  }
  recordTradingStates(runId: RunId, events: readonly TradingStateChanged[]) {
    return games.recordTradingStates(this.ctx, runId, events);
  }

  latestTradingStates(runId: RunId) {
    return games.latestTradingStates(this.ctx, runId);
  }

  saveOrderIntent(runId: RunId, intent: OrderIntent): Promise<boolean> {
    return orders.saveOrderIntent(this.ctx, runId, intent);
  }

  claimOrderSend(runId: RunId, clientOrderId: ClientOrderId): Promise<boolean> {
    return orders.claimOrderSend(this.ctx, runId, clientOrderId);
  }
  recordOrderEvents(runId: RunId, events: readonly OrderEvent[]) {
    return orders.recordOrderEvents(this.ctx, runId, events);
  }
  getOrder(runId: RunId, clientOrderId: ClientOrderId): Promise<StoredOrder | null> {
    return orders.getOrder(this.ctx, runId, clientOrderId);
  }
  listOpenOrders(runId: RunId): Promise<StoredOrder[]> {
    return orders.listOpenOrders(this.ctx, runId);
  }
  recordFills(runId: RunId, events: readonly FillReceived[]) {
    return orders.recordFills(this.ctx, runId, events);
  }
  listFills(runId: RunId): Promise<FillReceived[]> {
    return orders.listFills(this.ctx, runId);
  }
  journalOrderEvents(runId: RunId, events: readonly OrderEvent[]) {
    return outbox.journalOrderEvents(this.ctx, runId, events);
  }
  journalFills(runId: RunId, fills: readonly FillReceived[]) {
    return outbox.journalFills(this.ctx, runId, fills);
  }
  journalPortfolio(runId: RunId, events: readonly PortfolioBatchEvent[]) {
    return outbox.journalPortfolio(this.ctx, runId, events);
  }
  listOutbox<S extends OutboxSource>(runId: RunId, source: S, limit: number): Promise<OutboxEvents[S][]> {
    return outbox.listOutbox(this.ctx, runId, source, limit);
  }
  removeFromOutbox(runId: RunId, source: OutboxSource, eventIds: readonly string[]) {
    return outbox.removeFromOutbox(this.ctx, runId, source, eventIds);
  }

  upsertPositions(runId: RunId, events: readonly PositionChanged[]) {
    return portfolio.upsertPositions(this.ctx, runId, events);
  }
  recordLedger(runId: RunId, events: readonly LedgerPosted[]) {
    return portfolio.recordLedger(this.ctx, runId, events);
  }
  loadPaperAccount(runId: RunId, venue: VenueName): Promise<PaperAccountRecord | null> {
    return paper.loadPaperAccount(this.ctx.db, runId, venue);
  }
  savePaperAccount(runId: RunId, venue: VenueName, write: PaperAccountWrite): Promise<boolean> {
    return paper.savePaperAccount(this.ctx.db, runId, venue, write);
  }
  listRuns(opts: { limit: number }): Promise<RunSummary[]> {
    return reads.listRuns(this.ctx.db, opts.limit);
  }
  listPositions(runId: RunId): Promise<StoredPosition[]> {
    return reads.listPositions(this.ctx.db, runId);
  }
  listUnsettledMarkets(runId: RunId): Promise<VenueInstrument[]> {
    return reads.listUnsettledMarkets(this.ctx.db, runId);
  }
  listOrders(runId: RunId, opts: { status: OrderStatusFilter; limit: number }): Promise<StoredOrder[]> {
    return reads.listOrders(this.ctx.db, runId, { ...opts, terminal: orders.TERMINAL_ORDER_STATUSES });
  }
  latestBankroll(runId: RunId): Promise<BankrollSnapshot | null> {
    return reads.latestBankroll(this.ctx.db, runId);
  }
  listSignals(
    runId: RunId,
    opts: { decision: SignalDecisionFilter; limit: number },
  ): Promise<StoredSignal[]> {
    return apiRecords.listSignals(this.ctx.db, runId, opts);
  }
  listGames(runId: RunId, opts: { gameId?: string; limit: number }): Promise<StoredGameView[]> {
    return listGames(this.ctx.db, runId, opts);
  }
  gameHistory(runId: RunId, gameId: string, opts: { bucketMs: number }): Promise<StoredGameHistory> {
    return gameHistory(this.ctx.db, runId, gameId, opts);
  }
  listRiskDecisions(runId: RunId, opts: { approved?: boolean; limit: number }): Promise<RiskDecision[]> {
    return apiRecords.listRiskDecisions(this.ctx.db, runId, opts);
  }
  listBankroll(runId: RunId, opts: { limit: number }): Promise<BankrollSnapshot[]> {
    return apiRecords.listBankroll(this.ctx.db, runId, opts);
  }
  listTradingStates(runId: RunId, opts: { scope?: string; limit: number }): Promise<TradingStateChanged[]> {
    return apiRecords.listTradingStates(this.ctx.db, runId, opts);
  }
  createApiToken(token: ApiTokenRecord): Promise<void> {
    return apiRecords.createApiToken(this.ctx.db, token);
  }
  findApiToken(hash: string): Promise<ApiTokenRecord | null> {
    return apiRecords.findApiToken(this.ctx.db, hash);
  }
  listApiTokens(): Promise<ApiTokenRecord[]> {
    return apiRecords.listApiTokens(this.ctx.db);
  }
  revokeApiToken(tokenId: string, ts: number): Promise<boolean> {
    return apiRecords.revokeApiToken(this.ctx.db, tokenId, ts);
  }
  recordControlAction(runId: RunId, action: ControlActionRecord): Promise<void> {
    return apiRecords.recordControlAction(this.ctx.db, runId, action);
  }
  listControlActions(runId: RunId, opts: { limit: number }): Promise<ControlActionRecord[]> {
    return apiRecords.listControlActions(this.ctx.db, runId, opts);
  }
  dayRecords(runId: RunId, opts: { fromTs: number; toTs: number; lookbackMs: number }): Promise<DayRecords> {
    return dailyReports.dayRecords(this.ctx.db, runId, opts);
  }
  saveDailyReport(runId: RunId, made: StoredDailyReport): Promise<void> {
    return dailyReports.saveDailyReport(this.ctx.db, runId, made);
  }
  listDailyValidation(runId: RunId, opts: { limit: number }): Promise<StoredDailyReport[]> {
    return dailyReports.listDailyValidation(this.ctx.db, runId, opts);
  }
  getDailyReport(runId: RunId, day: string): Promise<StoredDailyReport | null> {
    return dailyReports.getDailyReport(this.ctx.db, runId, day);
  }
  listLedger(runId: RunId): Promise<LedgerPosted[]> {
    return reads.listLedger(this.ctx.db, runId);
  }
  trialBalance(runId: RunId): Promise<AccountBalance[]> {
    return portfolio.trialBalance(this.ctx, runId);
  }
  recordBankroll(runId: RunId, events: readonly BankrollSnapshot[]) {
    return portfolio.recordBankroll(this.ctx, runId, events);
  }

  acquireGameLease(
    runId: RunId,
    req: { gameId: GameId; owner: string; nowTs: number; ttlMs: number; knownEpoch?: number },
  ): Promise<GameLease | null> {
    return leases.acquireGameLease(this.ctx.db, runId, req);
  }
  renewGameLeases(
    runId: RunId,
    req: {
      owner: string;
      leases: readonly { gameId: GameId; epoch: number }[];
      nowTs: number;
      ttlMs: number;
    },
  ): Promise<GameLease[]> {
    return leases.renewGameLeases(this.ctx.db, runId, req);
  }
  releaseGameLeases(runId: RunId, req: { owner: string; gameIds: readonly GameId[] }): Promise<void> {
    return leases.releaseGameLeases(this.ctx.db, runId, req);
  }
  listGameLeases(runId: RunId): Promise<GameLease[]> {
    return leases.listGameLeases(this.ctx.db, runId);
  }
  recordShardHeartbeat(runId: RunId, beat: { shard: string; ts: number }): Promise<void> {
    return leases.recordShardHeartbeat(this.ctx.db, runId, beat);
  }
  listShardHeartbeats(runId: RunId): Promise<ShardHeartbeat[]> {
    return leases.listShardHeartbeats(this.ctx.db, runId);
  }
  removeShardHeartbeat(runId: RunId, shard: string): Promise<void> {
    return leases.removeShardHeartbeat(this.ctx.db, runId, shard);
  }

  recordSweep(sweep: SweepRecord, rows: readonly SweepResultRow[]): Promise<void> {
    return sweeps.recordSweep(this.ctx.db, sweep, rows);
  }
  getSweep(sweepId: string): Promise<{ sweep: SweepRecord; rows: SweepResultRow[] } | null> {
    return sweeps.getSweep(this.ctx.db, sweepId);
  }

  async countRows(table: StoreTable, runId: RunId): Promise<number> {
    // The name is interpolated into SQL, so only the known tables pass.
    if (!(STORE_TABLES as readonly string[]).includes(table))
      throw new Error(`unknown store table: ${String(table)}`);
    const { rows } = await this.ctx.db.query<{ n: number }>(
      `SELECT count(*)::bigint AS n FROM ${table} WHERE run_id = $1`,
      [runId],
    );
    return rows[0]?.n ?? 0;
  }

  close(): Promise<void> {
    return this.ctx.db.close();
  }
}
