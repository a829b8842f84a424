/**
 * Position tracker: fills and settlements in; positions, ledger postings and bankroll out. Each
 * batch is stored and queued in the outbox in one transaction, published, then dequeued; what a
 * kill left queued is published again when the tracker opens, before anything new is booked.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { InstrumentId, RunId } from '../core/ids.js';
import type { FeeSchedule } from '../core/instruments.js';
import type { PortfolioEvent, PortfolioProjector, RestoreReport } from '../portfolio/projector.js';
import type { Store } from '../store/port.js';

export interface PositionTrackerOptions {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly store: Store;
  readonly runId: RunId;
  readonly projector: PortfolioProjector;
  /** Consumer name in the `position-tracker` group (the instance id when run as a service). */
  readonly consumer?: string;
}

export interface PositionTracker {
  readonly subscription: Subscription;
  /**
   * Books the opening deposits not yet in the ledger, brings stored positions in line with the
   * portfolio, and books stored fills the ledger does not have yet (one journaled by execution
   * while the tracker was down); call once every other service is listening. Events are held
   * until it has run.
   */
  open(): Promise<{
    /** Events a kill left in the outbox, published again before anything else. */
    relayed: number;
    repairedPositions: number;
    fillsFromStore: number;
    fillsRefused: string[];
  }>;
  /**
   * Publishes, in the order they were stored, the events still in the outbox (a publish that
   * failed in this process: the bus was down); open() runs it first. Consumers keep an event id
   * once, so one published already is harmless. Returns the count.
   */
  relayUnpublished(): Promise<number>;
}

/** How many outbox events the relay reads at a time. */
const RELAY_PAGE = 500;
/** The tracker's queue in the outbox. */
const OUTBOX = 'position-tracker';

/**
 * Rebuilds a fresh projector from the run's stored ledger, fills and latest bankroll; call
 * before `startPositionTracker`. A new run has nothing stored and restores nothing.
 */
export async function restorePortfolio(opts: {
  readonly store: Store;
  readonly runId: RunId;
  readonly projector: PortfolioProjector;
}): Promise<RestoreReport> {
  const { store, runId } = opts;
  const ledger = await store.listLedger(runId);
  if (ledger.length === 0) return { transactions: 0, fills: 0, settlements: 0, mismatched: [], lastSeq: 0 };
  const [fills, bankroll] = await Promise.all([store.listFills(runId), store.latestBankroll(runId)]);
  return opts.projector.restore({ ledger, fills, bankroll });
}

const ENDED = new Set(['OrderFilled', 'OrderCanceled', 'OrderExpired', 'OrderRejected']);

export function startPositionTracker(opts: PositionTrackerOptions): PositionTracker {
  const { bus, clock, store, runId, projector } = opts;
  const fees = new Map<InstrumentId, FeeSchedule>();
  // Set when a publish or dequeue failed: what is queued goes out before anything newer does.
  let backlog = false;
  const relayNow = async (): Promise<number> => {
    let relayed = 0;
    try {
      for (;;) {
        const page = await store.listOutbox(runId, OUTBOX, RELAY_PAGE);
        for (const e of page) await bus.publish(e);
        await store.removeFromOutbox(
          runId,
          OUTBOX,
          page.map((e) => e.id),
        );
        relayed += page.length;
        if (page.length < RELAY_PAGE) break;
      }
    } catch (error) {
      backlog = true;
      throw error;
    }
    backlog = false;
    return relayed;
  };
  const storeThenPublish = async (events: readonly PortfolioEvent[]) => {
    await store.journalPortfolio(runId, events);
    if (backlog) {
      await relayNow(); // this batch is queued behind the older ones
      return;
    }
    try {
      for (const e of events) await bus.publish(e);
      await store.removeFromOutbox(
        runId,
        OUTBOX,
        events.map((e) => e.id),
      );
    } catch (error) {
      backlog = true;
      throw error;
    }
  };
  // One batch or relay at a time, so a relay never publishes an event after a newer one.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work, work);
    turn = run.catch(() => undefined);
    return run;
  };
  const persistThenPublish = (events: readonly PortfolioEvent[]) =>
    events.length === 0 && !backlog ? Promise.resolve() : inTurn(() => storeThenPublish(events));
  const relayUnpublished = () => inTurn(relayNow);
  // Events wait until open() has booked the store's fills, so bookings keep the store's order.
  let opened: () => void = () => {};
  const opening = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const subscription = bus.subscribe({
    group: 'position-tracker',
    consumer: opts.consumer ?? 'position-tracker-1',
    topics: ['fills', 'markets', 'md', 'orders'],
    handler: async (event) => {
      await opening;
      if (event.type === 'MarketMapped') fees.set(event.instrument.instrumentId, event.instrument.fees);
      else if (event.type === 'OrderIntent')
        await persistThenPublish(projector.onIntent(event, fees.get(event.instrumentId), clock.now()));
      else if (ENDED.has(event.type) && 'clientOrderId' in event)
        await persistThenPublish(projector.onOrderEnded(event.clientOrderId, clock.now()));
      else if (event.type === 'FillReceived') await persistThenPublish(projector.onFill(event, clock.now()));
      else if (event.type === 'MarketSettled')
        await persistThenPublish(projector.onSettled(event, clock.now()));
      else if (event.type === 'BookSnapshot') projector.onBook(event);
    },
  });
  const open = () => openNow().finally(opened);
  const openNow = async () => {
    // A kill between storing a batch and publishing it: those events go out first, in order.
    const relayed = await relayUnpublished();
    const now = clock.now();
    const [stored, fills] = await Promise.all([store.listPositions(runId), store.listFills(runId)]);
    const repaired = projector.repairPositions(stored, now);
    await persistThenPublish([...repaired, ...projector.open(now)]);
    let fillsFromStore = 0;
    const fillsRefused: string[] = [];
    for (const fill of fills) {
      if (projector.hasBooked(fill.fillId)) continue;
      try {
        await persistThenPublish(projector.onFill(fill, clock.now()));
        fillsFromStore += 1;
      } catch (error) {
        // A sale of more than is held: the caller logs it, the tracker goes on.
        fillsRefused.push(`${fill.fillId}: ${String(error)}`);
      }
    }
    return { relayed, repairedPositions: repaired.length, fillsFromStore, fillsRefused };
  };
  return { subscription, open, relayUnpublished };
}
