/**
 * Paper accounts: the paper venue's cash, positions and finished orders per run and venue. A
 * save is one transaction guarded by the account's version, so a save from an earlier state
 * (a process that should have stopped) never overwrites a later one.
 */
import type { ClientOrderId, FillId, InstrumentId, RunId, VenueOrderId } from '../core/ids.js';
import type { ContractSide, VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { insertRows, jsonb } from './batch.js';
import type {
  PaperAccountRecord,
  PaperAccountWrite,
  PaperFillRecord,
  PaperOrderRecord,
  PaperPositionRecord,
} from './port.js';
import type { SqlClient, SqlExecutor } from './sql.js';

export async function loadPaperAccount(
  db: SqlExecutor,
  runId: RunId,
  venue: VenueName,
): Promise<PaperAccountRecord | null> {
  const account = await db.query<{ cash: number; version: number }>(
    'SELECT cash, version FROM paper_accounts WHERE run_id = $1 AND venue = $2',
    [runId, venue],
  );
  const head = account.rows[0];
  if (!head) return null;
  const positions = await db.query<{ instrument_id: string; side: ContractSide; qty: number }>(
    `SELECT instrument_id, side, qty FROM paper_positions WHERE run_id = $1 AND venue = $2
      ORDER BY instrument_id, side`,
    [runId, venue],
  );
  const orders = await db.query<{
    client_order_id: string;
    venue_order_id: string;
    status: PaperOrderRecord['status'];
    qty: number;
    filled_qty: number;
    fills: PaperFillRecord[];
  }>(
    `SELECT client_order_id, venue_order_id, status, qty, filled_qty, fills FROM paper_orders
      WHERE run_id = $1 AND venue = $2 ORDER BY seq`,
    [runId, venue],
  );
  return {
    version: Number(head.version),
    cash: Number(head.cash) as Micros,
    positions: positions.rows.map(
      (r): PaperPositionRecord => ({
        instrumentId: r.instrument_id as InstrumentId,
        side: r.side,
        qty: Number(r.qty) as Centis,
      }),
    ),
    orders: orders.rows.map(
      (r): PaperOrderRecord => ({
        clientOrderId: r.client_order_id as ClientOrderId,
        venueOrderId: r.venue_order_id as VenueOrderId,
        status: r.status,
        qty: Number(r.qty) as Centis,
        filledQty: Number(r.filled_qty) as Centis,
        fills: r.fills.map((f) => ({ ...f, fillId: f.fillId as FillId })),
      }),
    ),
  };
}

export async function savePaperAccount(
  db: SqlClient,
  runId: RunId,
  venue: VenueName,
  write: PaperAccountWrite,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ version: number }>(
      `INSERT INTO paper_accounts AS a (run_id, venue, cash, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (run_id, venue) DO UPDATE SET cash = excluded.cash, version = excluded.version
       WHERE a.version <= excluded.version
       RETURNING version`,
      [runId, venue, write.cash, write.version],
    );
    if (rows.length === 0) return false;
    const open = write.positions.filter((p) => p.qty !== 0);
    const closed = write.positions.filter((p) => p.qty === 0);
    if (open.length > 0)
      await insertRows(
        tx,
        {
          table: 'paper_positions',
          columns: ['run_id', 'venue', 'instrument_id', 'side', 'qty'],
          tail: 'ON CONFLICT (run_id, venue, instrument_id, side) DO UPDATE SET qty = excluded.qty',
        },
        open.map((p) => [runId, venue, p.instrumentId, p.side, p.qty]),
      );
    if (closed.length > 0) {
      const params: unknown[] = [runId, venue];
      const pairs = closed.map((p) => {
        params.push(p.instrumentId, p.side);
        return `($${params.length - 1}::text, $${params.length}::text)`;
      });
      await tx.query(
        `DELETE FROM paper_positions WHERE run_id = $1 AND venue = $2
           AND (instrument_id, side) IN (${pairs.join(', ')})`,
        params,
      );
    }
    if (write.orders.length > 0)
      await insertRows(
        tx,
        {
          table: 'paper_orders',
          columns: [
            'run_id',
            'venue',
            'client_order_id',
            'venue_order_id',
            'status',
            'qty',
            'filled_qty',
            'fills',
          ],
          tail: 'ON CONFLICT (run_id, venue, client_order_id) DO NOTHING',
        },
        write.orders.map((o) => [
          runId,
          venue,
          o.clientOrderId,
          o.venueOrderId,
          o.status,
          o.qty,
          o.filledQty,
          jsonb(o.fills),
        ]),
      );
    return true;
  });
}
