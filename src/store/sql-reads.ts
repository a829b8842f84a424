/** Read models for the api service: runs, positions, orders and the latest bankroll of a run. */

import type { GameId, InstrumentId } from '../core/ids.js';
import type { BankrollSnapshot, EventId, LedgerPosted, LedgerTxId, Posting, RunId } from '../core/index.js';
import type { ContractSide, VenueInstrument, VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { epochMs } from './batch.js';
import type {
  OrderStatusFilter,
  RunMode,
  RunStatus,
  RunSummary,
  StoredOrder,
  StoredPosition,
} from './port.js';
import type { SqlExecutor } from './sql.js';

export async function listRuns(db: SqlExecutor, limit: number): Promise<RunSummary[]> {
  const { rows } = await db.query<{
    run_id: string;
    mode: RunMode;
    status: RunStatus;
    started_ms: number;
    ended_ms: number | null;
  }>(
    `SELECT run_id, mode, status, ${epochMs('started_ts')} AS started_ms, ${epochMs('ended_ts')} AS ended_ms
       FROM runs ORDER BY started_ts DESC, run_id LIMIT $1`,
    [limit],
  );
  // Reports can be large: a listing leaves them out; getRun has them.
  return rows.map((r) => ({
    runId: r.run_id as RunId,
    mode: r.mode,
    status: r.status,
    startedTs: Number(r.started_ms),
    endedTs: r.ended_ms === null ? null : Number(r.ended_ms),
    report: null,
  }));
}

export async function listUnsettledMarkets(db: SqlExecutor, runId: RunId): Promise<VenueInstrument[]> {
  const { rows } = await db.query<{ payload: VenueInstrument }>(
    `SELECT payload FROM markets
      WHERE run_id = $1 AND settled_ts IS NULL AND payload IS NOT NULL ORDER BY instrument_id`,
    [runId],
  );
  return rows.map((r) => r.payload);
}

export async function listPositions(db: SqlExecutor, runId: RunId): Promise<StoredPosition[]> {
  const { rows } = await db.query<{
    instrument_id: string;
    side: ContractSide;
    venue: VenueName;
    game_id: string;
    qty: number;
    cost_basis: number;
    realized_pnl: number;
    ts_ms: number;
  }>(
    `SELECT instrument_id, side, venue, game_id, qty, cost_basis, realized_pnl, ${epochMs('ts')} AS ts_ms
       FROM positions WHERE run_id = $1 ORDER BY instrument_id, side`,
    [runId],
  );
  return rows.map((r) => ({
    instrumentId: r.instrument_id as InstrumentId,
    side: r.side,
    venue: r.venue,
    gameId: r.game_id as GameId,
    qty: Number(r.qty) as Centis,
    costBasis: Number(r.cost_basis) as Micros,
    realizedPnl: Number(r.realized_pnl) as Micros,
    ts: Number(r.ts_ms),
  }));
}

export async function listOrders(
  db: SqlExecutor,
  runId: RunId,
  opts: { status: OrderStatusFilter; limit: number; terminal: readonly string[] },
): Promise<StoredOrder[]> {
  const where =
    opts.status === 'all'
      ? ''
      : `AND status ${opts.status === 'open' ? 'NOT IN' : 'IN'} (${opts.terminal.map((_, i) => `$${i + 3}`).join(', ')})`;
  const { rows } = await db.query<{
    intent: StoredOrder['intent'];
    status: StoredOrder['status'];
    filled_qty: number;
  }>(
    `SELECT intent, status, filled_qty FROM orders WHERE run_id = $1 ${where}
      ORDER BY ts DESC, client_order_id LIMIT $2`,
    [runId, opts.limit, ...(opts.status === 'all' ? [] : opts.terminal)],
  );
  return rows.map((r) => ({ intent: r.intent, status: r.status, filledQty: Number(r.filled_qty) }));
}

export interface BankrollRow {
  event_id: string;
  ts_ms: number;
  cash: number;
  venue_cash: BankrollSnapshot['venueCash'];
  equity: number;
  peak_equity: number;
  drawdown: number;
  realized_pnl: number;
  unrealized_pnl: number | null;
  open_positions: number;
}

export const BANKROLL_COLUMNS = `event_id, ${epochMs('ts')} AS ts_ms, cash, venue_cash, equity, peak_equity, drawdown,
            realized_pnl, unrealized_pnl, open_positions`;

export function bankrollOf(r: BankrollRow): BankrollSnapshot {
  return {
    type: 'BankrollSnapshot',
    id: r.event_id as EventId,
    ts: Number(r.ts_ms),
    cash: Number(r.cash) as Micros,
    venueCash: r.venue_cash,
    equity: Number(r.equity) as Micros,
    peakEquity: Number(r.peak_equity) as Micros,
    drawdown: Number(r.drawdown) as Micros,
    realizedPnl: Number(r.realized_pnl) as Micros,
    unrealizedPnl: Number(r.unrealized_pnl ?? 0) as Micros,
    openPositions: Number(r.open_positions),
  };
}

export async function latestBankroll(db: SqlExecutor, runId: RunId): Promise<BankrollSnapshot | null> {
  const { rows } = await db.query<BankrollRow>(
    `SELECT ${BANKROLL_COLUMNS}
       FROM bankroll_snapshots WHERE run_id = $1 ORDER BY ts DESC, event_id DESC LIMIT 1`,
    [runId],
  );
  const r = rows[0];
  return r ? bankrollOf(r) : null;
}

/** Every ledger transaction of a run, rebuilt from its postings, oldest first. */
export async function listLedger(db: SqlExecutor, runId: RunId): Promise<LedgerPosted[]> {
  const { rows } = await db.query<{
    tx_id: string;
    event_id: string;
    ts_ms: number;
    kind: LedgerPosted['kind'];
    account: string;
    amount: number;
    ref: string;
    memo: string;
  }>(
    `SELECT tx_id, event_id, ${epochMs('ts')} AS ts_ms, kind, account, amount, ref, memo
       FROM ledger_entries WHERE run_id = $1 ORDER BY ts, tx_id, posting_no`,
    [runId],
  );
  const byTx = new Map<string, LedgerPosted & { postings: Posting[] }>();
  for (const r of rows) {
    let tx = byTx.get(r.tx_id);
    if (!tx) {
      tx = {
        type: 'LedgerPosted',
        id: r.event_id as EventId,
        ts: Number(r.ts_ms),
        txId: r.tx_id as LedgerTxId,
        kind: r.kind,
        postings: [],
        ref: r.ref,
        memo: r.memo,
      };
      byTx.set(r.tx_id, tx);
    }
    tx.postings.push({ account: r.account, amount: Number(r.amount) as Micros });
  }
  return [...byTx.values()];
}
