/**
 * What the order manager writes and how it reads a venue's answer: the journal port, the steps
 * of an order's life with their stable event ids, and the translation of a venue order report
 * into the new fills and the steps they lead to. Pure.
 */
import type { FillReceived, OrderEvent, OrderIntent } from '../core/events.js';
import type { ClientOrderId, EventId } from '../core/ids.js';
import { type Centis, notional } from '../core/money.js';
import type { VenueOrderReport } from '../venues/port.js';
import type { OrderState } from './order-state.js';

/** Where orders are written before and after they are sent (the store, in practice). */
export interface OrderJournal {
  /** False if this intent was journaled before (a retry or a restart). */
  saveIntent(intent: OrderIntent): Promise<boolean>;
  /**
   * Marks a journaled order as being sent, once, before it is sent: true for the one caller that
   * marked it (the send is its own), false if it was marked before (an earlier process, or one
   * that took the intent over, may have sent it). Without it, only a fresh intent is sent.
   */
  claimSend?(clientOrderId: ClientOrderId): Promise<boolean>;
  /** The intent journaled under a client order id, if any (an arbitrage leg an earlier process took). */
  intentOf?(clientOrderId: ClientOrderId): Promise<OrderIntent | null>;
  recordOrderEvents(events: readonly OrderEvent[]): Promise<void>;
  recordFills(fills: readonly FillReceived[]): Promise<void>;
  /**
   * The outbox, when the journal keeps one: what was journaled and may not have been published
   * (a kill between the two), oldest first, at most `limit`.
   */
  unpublished?(limit: number): Promise<readonly (OrderEvent | FillReceived)[]>;
  /** The bus has accepted these: they leave the outbox. */
  markPublished?(eventIds: readonly EventId[]): Promise<void>;
}

/** How many outbox events the relay reads at a time. */
const RELAY_PAGE = 500;

/**
 * Publishes what the journal's outbox holds, oldest first, page by page. The outbox only ever
 * holds a status after the fills it counts were dequeued (published), so a relay running beside
 * the normal flow keeps the fill-before-status order on the bus.
 */
export async function relayOutbox(
  journal: OrderJournal,
  publish: (event: OrderEvent | FillReceived) => Promise<void>,
): Promise<number> {
  if (!journal.unpublished || !journal.markPublished) return 0;
  let relayed = 0;
  for (;;) {
    const page = await journal.unpublished(RELAY_PAGE);
    for (const event of page) await publish(event);
    await journal.markPublished(page.map((e) => e.id));
    relayed += page.length;
    if (page.length < RELAY_PAGE) return relayed;
  }
}

export type Step =
  | { kind: 'OrderSubmitted' }
  | { kind: 'OrderAccepted'; venueOrderId: VenueOrderReport['venueOrderId'] }
  | { kind: 'OrderRejected'; reason: string }
  | { kind: 'OrderUnresolved'; reason: string }
  | { kind: 'OrderPartiallyFilled'; filledQty: Centis; leavesQty: Centis }
  | { kind: 'OrderFilled'; filledQty: Centis }
  | { kind: 'OrderCanceled'; reason: string; canceledQty: Centis }
  | { kind: 'OrderExpired' };

/**
 * An order event's id, from facts that stay the same across restarts: the client order id and
 * the transition (a partial fill also by its cumulative quantity, which only grows). A recovered
 * order re-announcing the same fact gets the same id, so stores and consumers keep it once; a
 * new fact never collides with a stored one.
 */
export function orderEventId(clientOrderId: ClientOrderId, step: Step): EventId {
  const base = `order:${clientOrderId}`;
  switch (step.kind) {
    case 'OrderPartiallyFilled':
      return `${base}:partial:${step.filledQty}` as EventId;
    case 'OrderFilled':
      return `${base}:filled:${step.filledQty}` as EventId;
    default:
      return `${base}:${step.kind.slice('Order'.length).toLowerCase()}` as EventId;
  }
}

export interface ReportReading {
  /** Fills not seen before, in the report's order. */
  readonly fills: readonly FillReceived[];
  /** What they cost together, fees excluded (micro-dollars). */
  readonly notional: number;
  /** The status steps the report leads to, after the fills. */
  readonly steps: readonly Step[];
}

/**
 * The fills of a report not seen before (by fill id) and the steps they and the report's status
 * lead to from `state`. A resting report with no new fill leads to no step.
 */
export function readReport(
  intent: OrderIntent,
  state: OrderState,
  report: VenueOrderReport,
  seen: (fillId: string) => boolean,
): ReportReading {
  const fills: FillReceived[] = [];
  const steps: Step[] = [];
  let cumulative = state.filledQty as number;
  let cost = 0;
  const taken = new Set<string>();
  for (const f of report.fills) {
    if (seen(f.fillId) || taken.has(f.fillId)) continue;
    taken.add(f.fillId);
    cumulative += f.qty;
    cost += notional(f.price, f.qty);
    fills.push({
      type: 'FillReceived',
      id: `fill:${f.fillId}` as EventId,
      ts: f.ts,
      fillId: f.fillId,
      clientOrderId: intent.clientOrderId,
      gameId: intent.gameId,
      instrumentId: intent.instrumentId,
      venue: intent.venue,
      side: intent.side,
      action: intent.action,
      price: f.price,
      qty: f.qty,
      fee: f.fee,
      liquidity: f.liquidity,
    });
  }
  if (cumulative >= intent.qty) steps.push({ kind: 'OrderFilled', filledQty: cumulative as Centis });
  else {
    if (cumulative > state.filledQty) {
      steps.push({
        kind: 'OrderPartiallyFilled',
        filledQty: cumulative as Centis,
        leavesQty: (intent.qty - cumulative) as Centis,
      });
    }
    if (report.status === 'canceled')
      steps.push({
        kind: 'OrderCanceled',
        // A resting (GTC) order ends canceled only when it is cancelled; any other at once.
        reason: intent.tif === 'GTC' ? 'canceled at the venue' : 'unfilled remainder canceled (IOC)',
        canceledQty: (intent.qty - cumulative) as Centis,
      });
    if (report.status === 'expired') steps.push({ kind: 'OrderExpired' });
  }
  return { fills, notional: cost, steps };
}
