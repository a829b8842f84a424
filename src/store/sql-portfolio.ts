/** Positions, ledger postings and bankroll snapshots. */
import type { BankrollSnapshot, LedgerPosted, PositionChanged, RunId } from '../core/index.js';
import { insertRows, isoTs, jsonb, latestByKey } from './batch.js';
import type { AccountBalance } from './port.js';
import type { WriteContext } from './sql-games.js';

/** Keeps the latest state per (instrument, side); an older event than the stored one is ignored. */
export async function upsertPositions(ctx: WriteContext, runId: RunId, events: readonly PositionChanged[]) {
  if (events.length === 0) return;
  const latest = latestByKey(events, (e) => `${e.instrumentId}\u0000${e.side}`);
  await insertRows(
    ctx.db,
    {
      table: 'positions',
      columns: [
        'run_id',
        'instrument_id',
        'side',
        'event_id',
        'ts',
        'venue',
        'game_id',
        'qty',
        'cost_basis',
        'realized_pnl',
      ],
      tail: `ON CONFLICT (run_id, instrument_id, side) DO UPDATE SET
        event_id = excluded.event_id, ts = excluded.ts, venue = excluded.venue, game_id = excluded.game_id,
        qty = excluded.qty, cost_basis = excluded.cost_basis, realized_pnl = excluded.realized_pnl
        WHERE positions.ts <= excluded.ts`,
    },
    latest.map((e) => [
      runId,
      e.instrumentId,
      e.side,
      e.id,
      isoTs(e.ts),
      e.venue,
      e.gameId,
      e.qty,
      e.costBasis,
      e.realizedPnl,
    ]),
  );
}

/** One row per posting, keyed (tx id, posting number): a re-posted transaction adds nothing. */
export async function recordLedger(ctx: WriteContext, runId: RunId, events: readonly LedgerPosted[]) {
  const rows = events.flatMap((e) =>
    e.postings.map((p, n) => [
      runId,
      e.txId,
      n,
      e.id,
      isoTs(e.ts),
      e.kind,
      p.account,
      p.amount,
      e.ref,
      e.memo,
    ]),
  );
  if (rows.length === 0) return;
  await insertRows(
    ctx.db,
    {
      table: 'ledger_entries',
      columns: [
        'run_id',
        'tx_id',
        'posting_no',
        'event_id',
        'ts',
        'kind',
        'account',
        'amount',
        'ref',
        'memo',
      ],
      tail: 'ON CONFLICT DO NOTHING',
    },
    rows,
  );
}

export async function trialBalance(ctx: WriteContext, runId: RunId): Promise<AccountBalance[]> {
  // SUM(bigint) is numeric; cast back so the driver returns a number.
  const { rows } = await ctx.db.query<{ account: string; balance: number }>(
    `SELECT account, SUM(amount)::bigint AS balance FROM ledger_entries
      WHERE run_id = $1 GROUP BY account ORDER BY account`,
    [runId],
  );
  return rows.map((r) => ({ account: r.account, balance: r.balance }));
}

export async function recordBankroll(ctx: WriteContext, runId: RunId, events: readonly BankrollSnapshot[]) {
  if (events.length === 0) return;
  await insertRows(
    ctx.db,
    {
      table: 'bankroll_snapshots',
      columns: [
        'run_id',
        'event_id',
        'ts',
        'cash',
        'venue_cash',
        'equity',
        'peak_equity',
        'drawdown',
        'realized_pnl',
        'unrealized_pnl',
        'open_positions',
      ],
      tail: 'ON CONFLICT DO NOTHING',
    },
    events.map((e) => [
      runId,
      e.id,
      isoTs(e.ts),
      e.cash,
      jsonb(e.venueCash),
      e.equity,
      e.peakEquity,
      e.drawdown,
      e.realizedPnl,
      e.unrealizedPnl,
      e.openPositions,
    ]),
  );
}
