/**
 * The outbox: what a service stores is queued for the bus in the same transaction, and leaves the
 * queue once the bus has accepted it; what a kill left queued is published on start. Execution
 * queues its order events and fills, the position tracker its portfolio events; each row names
 * the service that queued it, and each service relays only its own.
 */
import type { FillReceived, OrderEvent, RunId } from '../core/index.js';
import { insertRows, jsonb } from './batch.js';
import type { OutboxEvents, OutboxSource, PortfolioBatchEvent } from './port.js';
import type { SqlExecutor } from './sql.js';
import {
  ensureOrderEventPartitions,
  insertFills,
  insertOrderEvents,
  type OrderContext,
} from './sql-orders.js';
import { recordBankroll, recordLedger, upsertPositions } from './sql-portfolio.js';

async function enqueue(
  tx: SqlExecutor,
  runId: RunId,
  source: OutboxSource,
  events: readonly { readonly id: string }[],
): Promise<void> {
  if (events.length === 0) return;
  await insertRows(
    tx,
    { table: 'outbox', columns: ['run_id', 'source', 'event_id', 'payload'], tail: 'ON CONFLICT DO NOTHING' },
    events.map((e) => [runId, source, e.id, jsonb(e)]),
  );
}

/**
 * Stores the order events as recordOrderEvents does and queues the new ones for the bus; an event
 * stored before (same id) is neither applied nor queued again.
 */
export async function journalOrderEvents(ctx: OrderContext, runId: RunId, events: readonly OrderEvent[]) {
  if (events.length === 0) return;
  await ensureOrderEventPartitions(ctx, events);
  await ctx.db.transaction(async (tx) =>
    enqueue(tx, runId, 'execution', await insertOrderEvents(tx, runId, events)),
  );
}

/** Stores the fills as recordFills does and queues the new ones for the bus. */
export async function journalFills(ctx: OrderContext, runId: RunId, fills: readonly FillReceived[]) {
  if (fills.length === 0) return;
  await ctx.db.transaction(async (tx) =>
    enqueue(tx, runId, 'execution', await insertFills(tx, runId, fills)),
  );
}

/**
 * Stores one batch of the position tracker (positions as upsertPositions, ledger transactions as
 * recordLedger, snapshots as recordBankroll) and queues every event of it, in batch order, all in
 * one transaction: a kill leaves either nothing or the rows together with their queue entries.
 */
export async function journalPortfolio(
  ctx: OrderContext,
  runId: RunId,
  events: readonly PortfolioBatchEvent[],
) {
  if (events.length === 0) return;
  const positions = events.filter((e) => e.type === 'PositionChanged');
  const ledger = events.filter((e) => e.type === 'LedgerPosted');
  const bankroll = events.filter((e) => e.type === 'BankrollSnapshot');
  await ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    await recordLedger(inTx, runId, ledger);
    await upsertPositions(inTx, runId, positions);
    await recordBankroll(inTx, runId, bankroll);
    await enqueue(tx, runId, 'position-tracker', events);
  });
}

/** The oldest queued events of one source, in the order they were queued. */
export async function listOutbox<S extends OutboxSource>(
  ctx: OrderContext,
  runId: RunId,
  source: S,
  limit: number,
): Promise<OutboxEvents[S][]> {
  const { rows } = await ctx.db.query<{ payload: OutboxEvents[S] }>(
    'SELECT payload FROM outbox WHERE run_id = $1 AND source = $2 ORDER BY seq LIMIT $3',
    [runId, source, limit],
  );
  return rows.map((r) => r.payload);
}

/** Takes published events off a source's queue. */
export async function removeFromOutbox(
  ctx: OrderContext,
  runId: RunId,
  source: OutboxSource,
  eventIds: readonly string[],
) {
  if (eventIds.length === 0) return;
  const marks = eventIds.map((_, i) => `$${i + 3}`).join(', ');
  await ctx.db.query(`DELETE FROM outbox WHERE run_id = $1 AND source = $2 AND event_id IN (${marks})`, [
    runId,
    source,
    ...eventIds,
  ]);
}
