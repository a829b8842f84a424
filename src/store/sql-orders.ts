/** The order outbox, order events and fills. */
import type { ClientOrderId, FillReceived, OrderEvent, OrderIntent, RunId } from '../core/index.js';
import { insertRows, isoTs, jsonb } from './batch.js';
import type { StoredOrder } from './port.js';
import type { SqlClient, SqlExecutor } from './sql.js';
import type { WriteContext } from './sql-games.js';

export interface OrderContext extends WriteContext {
  readonly db: SqlClient;
}

/** Statuses after which nothing more happens to an order at the venue. */
export const TERMINAL_ORDER_STATUSES: readonly OrderEvent['type'][] = [
  'OrderRejected',
  'OrderFilled',
  'OrderCanceled',
  'OrderExpired',
];

export async function saveOrderIntent(
  ctx: OrderContext,
  runId: RunId,
  intent: OrderIntent,
): Promise<boolean> {
  const inserted = await insertRows(
    ctx.db,
    {
      table: 'orders',
      columns: [
        'run_id',
        'client_order_id',
        'event_id',
        'ts',
        'signal_id',
        'leg',
        'game_id',
        'instrument_id',
        'venue',
        'side',
        'action',
        'qty',
        'limit_price',
        'tif',
        'intent',
      ],
      tail: 'ON CONFLICT DO NOTHING RETURNING client_order_id',
    },
    [
      [
        runId,
        intent.clientOrderId,
        intent.id,
        isoTs(intent.ts),
        intent.signalId,
        intent.leg,
        intent.gameId,
        intent.instrumentId,
        intent.venue,
        intent.side,
        intent.action,
        intent.qty,
        intent.limitPrice,
        intent.tif,
        jsonb(intent),
      ],
    ],
  );
  return inserted.length === 1;
}

export async function claimOrderSend(
  ctx: OrderContext,
  runId: RunId,
  clientOrderId: ClientOrderId,
): Promise<boolean> {
  const { rows } = await ctx.db.query(
    `UPDATE orders SET status = 'OrderSubmitted'
      WHERE run_id = $1 AND client_order_id = $2 AND status = 'Intent'
      RETURNING client_order_id`,
    [runId, clientOrderId],
  );
  return rows.length === 1;
}

/**
 * How far along an order a status is. The stored status only moves forward: a restarted execution
 * re-announcing a recovered order (Submitted, Unresolved) must not move an Accepted or a final
 * order back, and a final status is kept.
 */
const FINAL_RANK = 5;
function statusRank(expr: string): string {
  return `(CASE ${expr} WHEN 'Intent' THEN 0 WHEN 'OrderSubmitted' THEN 1 WHEN 'OrderUnresolved' THEN 2
    WHEN 'OrderAccepted' THEN 3 WHEN 'OrderPartiallyFilled' THEN 4 ELSE ${FINAL_RANK} END)`;
}

/** Cumulative filled quantity carried by an event, if it carries one. */
function filledQtyOf(e: OrderEvent): number | null {
  return e.type === 'OrderPartiallyFilled' || e.type === 'OrderFilled' ? e.filledQty : null;
}

/**
 * Appends the events, then applies only the ones that were new (a redelivery moves nothing), in
 * the order given. An event older than the last one applied to its order is kept in the history
 * but does not move the status back.
 */
export async function recordOrderEvents(ctx: OrderContext, runId: RunId, events: readonly OrderEvent[]) {
  if (events.length === 0) return;
  await ensureOrderEventPartitions(ctx, events);
  await ctx.db.transaction((tx) => insertOrderEvents(tx, runId, events));
}

export async function ensureOrderEventPartitions(ctx: OrderContext, events: readonly OrderEvent[]) {
  await ctx.partitions.ensure(
    'order_events',
    events.map((e) => e.ts),
  );
}

/** The events not stored before, in the order given (run inside the caller's transaction). */
export async function insertOrderEvents(
  tx: SqlExecutor,
  runId: RunId,
  events: readonly OrderEvent[],
): Promise<OrderEvent[]> {
  const inserted = await insertRows<{ event_id: string }>(
    tx,
    {
      table: 'order_events',
      columns: [
        'run_id',
        'event_id',
        'ts',
        'client_order_id',
        'type',
        'instrument_id',
        'venue',
        'venue_order_id',
        'filled_qty',
        'payload',
      ],
      tail: 'ON CONFLICT DO NOTHING RETURNING event_id',
    },
    events.map((e) => [
      runId,
      e.id,
      isoTs(e.ts),
      e.clientOrderId,
      e.type,
      e.instrumentId,
      e.venue,
      e.type === 'OrderAccepted' ? e.venueOrderId : null,
      filledQtyOf(e),
      jsonb(e),
    ]),
  );
  const fresh = new Set(inserted.map((r) => r.event_id));
  const applied: OrderEvent[] = [];
  for (const e of events) {
    // delete: the same event twice in one batch is applied once.
    if (!fresh.delete(e.id)) continue;
    applied.push(e);
    await tx.query(
      `UPDATE orders SET
           status = $3,
           filled_qty = GREATEST(filled_qty, COALESCE($4::bigint, 0)),
           venue_order_id = COALESCE($5, venue_order_id),
           last_event_ts = $6::timestamptz
         WHERE run_id = $1 AND client_order_id = $2
           AND (last_event_ts IS NULL OR last_event_ts <= $6::timestamptz)
           AND ${statusRank('status')} < ${FINAL_RANK}
           AND ${statusRank('status')} <= ${statusRank('$3::text')}`,
      [
        runId,
        e.clientOrderId,
        e.type,
        filledQtyOf(e),
        e.type === 'OrderAccepted' ? e.venueOrderId : null,
        isoTs(e.ts),
      ],
    );
  }
  return applied;
}

interface OrderRow {
  intent: OrderIntent;
  status: StoredOrder['status'];
  filled_qty: number;
}

const toStored = (r: OrderRow): StoredOrder => ({
  intent: r.intent,
  status: r.status,
  filledQty: r.filled_qty,
});

export async function getOrder(
  ctx: OrderContext,
  runId: RunId,
  clientOrderId: ClientOrderId,
): Promise<StoredOrder | null> {
  const { rows } = await ctx.db.query<OrderRow>(
    'SELECT intent, status, filled_qty FROM orders WHERE run_id = $1 AND client_order_id = $2',
    [runId, clientOrderId],
  );
  return rows[0] ? toStored(rows[0]) : null;
}

/** Orders not in a terminal state, including intents not yet sent (the reconciler must ask). */
export async function listOpenOrders(ctx: OrderContext, runId: RunId): Promise<StoredOrder[]> {
  const placeholders = TERMINAL_ORDER_STATUSES.map((_, i) => `$${i + 2}`).join(', ');
  const { rows } = await ctx.db.query<OrderRow>(
    `SELECT intent, status, filled_qty FROM orders
      WHERE run_id = $1 AND status NOT IN (${placeholders})
      ORDER BY ts, client_order_id`,
    [runId, ...TERMINAL_ORDER_STATUSES],
  );
  return rows.map(toStored);
}

export async function recordFills(ctx: OrderContext, runId: RunId, events: readonly FillReceived[]) {
  if (events.length === 0) return;
  await insertFills(ctx.db, runId, events);
}

/** The fills not stored before, in the order given. */
export async function insertFills(
  db: SqlExecutor,
  runId: RunId,
  events: readonly FillReceived[],
): Promise<FillReceived[]> {
  const inserted = await insertRows<{ event_id: string }>(
    db,
    {
      table: 'fills',
      columns: [
        'run_id',
        'fill_id',
        'event_id',
        'ts',
        'client_order_id',
        'game_id',
        'instrument_id',
        'venue',
        'side',
        'action',
        'price',
        'qty',
        'fee',
        'liquidity',
        'payload',
      ],
      tail: 'ON CONFLICT DO NOTHING RETURNING event_id',
    },
    events.map((e) => [
      runId,
      e.fillId,
      e.id,
      isoTs(e.ts),
      e.clientOrderId,
      e.gameId,
      e.instrumentId,
      e.venue,
      e.side,
      e.action,
      e.price,
      e.qty,
      e.fee,
      e.liquidity,
      jsonb(e),
    ]),
  );
  const fresh = new Set(inserted.map((r) => r.event_id));
  return events.filter((e) => fresh.delete(e.id));
}

/** Fills in the order they were first stored. */
export async function listFills(ctx: OrderContext, runId: RunId): Promise<FillReceived[]> {
  const { rows } = await ctx.db.query<{ payload: FillReceived }>(
    'SELECT payload FROM fills WHERE run_id = $1 ORDER BY seq',
    [runId],
  );
  return rows.map((r) => r.payload);
}
