/**
 * What the client knows of the orders it sent. Polymarket US takes no client order id (the
 * create schema has none), so the record is written before the POST: market, intent, YES price,
 * quantity and when it was sent. A create whose answer was lost is found again without
 * resending: among the market's open orders, one with the same intent, price and quantity,
 * created no earlier than the send (less the 30 s signing window) and not claimed by another
 * of our records. Executions seen in create answers are kept per order: they carry the fee.
 */
import type { ClientOrderId } from '../../core/ids.js';
import type { ContractSide } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';
import type { PmusExecution, PmusIntent, PmusOrder } from './parse.js';

export interface PmusOrderRecord {
  readonly clientOrderId: ClientOrderId;
  readonly slug: string;
  readonly intent: PmusIntent;
  /** The limit in the YES frame, as sent. */
  readonly yesPrice: Micros;
  readonly qty: Centis;
  /** The leg the intent traded, to price fills on it. */
  readonly leg: ContractSide;
  readonly sentAtMs: number;
  orderId: string | null;
}

/** How far before the send a venue creation time may read: the venue's clock may differ. */
export const CLOCK_SKEW_MS = 30_000;

export class PmusOrderStore {
  private readonly byClient = new Map<ClientOrderId, PmusOrderRecord>();
  private readonly byOrder = new Map<string, ClientOrderId>();
  private readonly executions = new Map<string, Map<string, PmusExecution>>();

  add(record: Omit<PmusOrderRecord, 'orderId'>): PmusOrderRecord {
    const full: PmusOrderRecord = { ...record, orderId: null };
    this.byClient.set(record.clientOrderId, full);
    return full;
  }

  get(clientOrderId: ClientOrderId): PmusOrderRecord | undefined {
    return this.byClient.get(clientOrderId);
  }

  bind(record: PmusOrderRecord, orderId: string): void {
    record.orderId = orderId;
    this.byOrder.set(orderId, record.clientOrderId);
  }

  clientIdOf(orderId: string): ClientOrderId | undefined {
    return this.byOrder.get(orderId);
  }

  addExecutions(orderId: string, executions: readonly PmusExecution[]): void {
    let map = this.executions.get(orderId);
    if (!map) {
      map = new Map();
      this.executions.set(orderId, map);
    }
    for (const e of executions) map.set(e.id, e);
  }

  executionsOf(orderId: string): PmusExecution[] {
    return [...(this.executions.get(orderId)?.values() ?? [])];
  }

  /** Trade ids already attributed to one of our orders. */
  claimedTradeIds(): Set<string> {
    const ids = new Set<string>();
    for (const map of this.executions.values())
      for (const e of map.values()) if (e.tradeId) ids.add(e.tradeId);
    return ids;
  }

  /** The open order that is this record's lost create, if exactly one fits. */
  matchOpenOrder(record: PmusOrderRecord, open: readonly PmusOrder[]): PmusOrder | null {
    const fits = open.filter(
      (o) =>
        o.marketSlug === record.slug &&
        o.intent === record.intent &&
        o.price === record.yesPrice &&
        o.quantity === record.qty &&
        (o.createTime === undefined || o.createTime >= record.sentAtMs - CLOCK_SKEW_MS) &&
        !this.byOrder.has(o.id),
    );
    // Two equal orders sent close together cannot be told apart: take the oldest, which is ours
    // if we sent first; both records end up bound, each to one.
    fits.sort((a, b) => (a.createTime ?? 0) - (b.createTime ?? 0));
    return fits[0] ?? null;
  }
}
