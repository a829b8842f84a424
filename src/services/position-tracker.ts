/** Position tracker: fills and settlements in; positions, ledger postings and bankroll out, stored first. */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { InstrumentId, RunId } from '../core/ids.js';
import type { FeeSchedule } from '../core/instruments.js';
import type { PortfolioEvent, PortfolioProjector } from '../portfolio/projector.js';
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
  /** Books the opening deposits; call once every other service is listening. */
  open(): Promise<void>;
}

const ENDED = new Set(['OrderFilled', 'OrderCanceled', 'OrderExpired', 'OrderRejected']);

export function startPositionTracker(opts: PositionTrackerOptions): PositionTracker {
  const { bus, clock, store, runId, projector } = opts;
  const fees = new Map<InstrumentId, FeeSchedule>();
  const persistThenPublish = async (events: readonly PortfolioEvent[]) => {
    if (events.length === 0) return;
    const positions = events.filter((e) => e.type === 'PositionChanged');
    const ledger = events.filter((e) => e.type === 'LedgerPosted');
    const bankroll = events.filter((e) => e.type === 'BankrollSnapshot');
    if (ledger.length) await store.recordLedger(runId, ledger);
    if (positions.length) await store.upsertPositions(runId, positions);
    if (bankroll.length) await store.recordBankroll(runId, bankroll);
    for (const e of events) await bus.publish(e);
  };
  const subscription = bus.subscribe({
    group: 'position-tracker',
    consumer: opts.consumer ?? 'position-tracker-1',
    topics: ['fills', 'markets', 'md', 'orders'],
    handler: async (event) => {
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
  return { subscription, open: () => persistThenPublish(projector.open(clock.now())) };
}
