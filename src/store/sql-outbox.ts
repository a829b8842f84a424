/**
 * Execution's outbox: an order event or fill is stored and queued for the bus in one transaction;
 * it leaves the queue once the bus has accepted it. What a kill left queued is published on start.
 */
import type { FillReceived, OrderEvent, RunId } from '../core/index.js';
import { insertRows, jsonb } from './batch.js';
import type { SqlExecutor } from './sql.js';
import {
  ensureOrderEventPartitions,
  insertFills,
  insertOrderEvents,
  type OrderContext,
} from './sql-orders.js';

export type OutboxEvent = OrderEvent | FillReceived;

async function enqueue(tx: SqlExecutor, runId: RunId, events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await insertRows(
    tx,
    { table: 'execution_outbox', columns: ['run_id', 'event_id', 'payload'], tail: 'ON CONFLICT DO NOTHING' },
    events.map((e) => [runId, e.id, jsonb(e)]),
  );
}

/**
 * Stores the order events as recordOrderEvents does and queues the new ones for the bus; an event
 * stored before (same id) is neither applied nor queued again.
 */
export async function journalOrderEvents(ctx: OrderContext, runId: RunId, events: readonly OrderEvent[]) {
  if (events.length === 0) return;
  await ensureOrderEventPartitions(ctx, events);
  await ctx.db.transaction(async (tx) => enqueue(tx, runId, await insertOrderEvents(tx, runId, events)));
}

/** Stores the fills as recordFills does and queues the new ones for the bus. */
export async function journalFills(ctx: OrderContext, runId: RunId, fills: readonly FillReceived[]) {
  if (fills.length === 0) return;
  await ctx.db.transaction(async (tx) => enqueue(tx, runId, await insertFills(tx, runId, fills)));
}

/** The oldest queued events, in the order they were journaled. */
export async function listOutbox(ctx: OrderContext, runId: RunId, limit: number): Promise<OutboxEvent[]> {
  const { rows } = await ctx.db.query<{ payload: OutboxEvent }>(
    'SELECT payload FROM execution_outbox WHERE run_id = $1 ORDER BY seq LIMIT $2',
    [runId, limit],
  );
  return rows.map((r) => r.payload);
}

/** Takes published events off the queue. */
export async function removeFromOutbox(ctx: OrderContext, runId: RunId, eventIds: readonly string[]) {
  if (eventIds.length === 0) return;
  const marks = eventIds.map((_, i) => `$${i + 2}`).join(', ');
  await ctx.db.query(`DELETE FROM execution_outbox WHERE run_id = $1 AND event_id IN (${marks})`, [
    runId,
    ...eventIds,
  ]);
}
