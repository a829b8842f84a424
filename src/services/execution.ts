/** Execution service: order intents in, order events and fills out, journaled first. */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Scheduler } from '../core/scheduler.js';
import { type OrderJournal, OrderManager } from '../execution/order-manager.js';
import type { Store } from '../store/port.js';
import type { VenueClient } from '../venues/port.js';
import type { Logger } from './logger.js';

export interface ExecutionServiceOptions {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly store: Store;
  readonly runId: RunId;
  readonly venues: ReadonlyMap<VenueName, VenueClient>;
  readonly log: Logger;
  /** How long arbitrage stays REDUCING after an unhedged pair was made whole, ms. */
  readonly reducingCooldownMs: number;
  /** Consumer name in the `execution` group (the instance id when run as a service). */
  readonly consumer?: string;
  /**
   * Runs the follow-ups of orders the venue accepted and has not finished (asked again at 1 s,
   * doubling to 30 s, on the run's clock). Absent: each order is looked at once, when sent.
   */
  readonly scheduler?: Scheduler;
}

/**
 * The order journal over the store, with the outbox: each order event and fill is stored and
 * queued in one transaction, and leaves the queue once the bus has accepted it.
 */
export function storeOrderJournal(store: Store, runId: RunId): OrderJournal {
  return {
    saveIntent: (intent) => store.saveOrderIntent(runId, intent),
    claimSend: (clientOrderId) => store.claimOrderSend(runId, clientOrderId),
    intentOf: async (clientOrderId) => (await store.getOrder(runId, clientOrderId))?.intent ?? null,
    recordOrderEvents: (events) => store.journalOrderEvents(runId, events),
    recordFills: (fills) => store.journalFills(runId, fills),
    unpublished: (limit) => store.listOutbox(runId, 'execution', limit),
    markPublished: (eventIds) => store.removeFromOutbox(runId, 'execution', eventIds),
  };
}

export function startExecutionService(opts: ExecutionServiceOptions): {
  subscription: Subscription;
  manager: OrderManager;
} {
  const { bus, store, runId, clock } = opts;
  let alerts = 0;
  const manager = new OrderManager({
    venues: opts.venues,
    clock,
    journal: storeOrderJournal(store, runId),
    ...(opts.scheduler
      ? {
          followUp: {
            scheduler: opts.scheduler,
            onError: (clientOrderId, error) =>
              opts.log.warn('order follow-up failed; asked again later', {
                clientOrderId,
                error: String(error),
              }),
          },
        }
      : {}),
    publish: async (event) => {
      await bus.publish(event);
    },
    publishIntent: async (intent) => {
      await bus.publish(intent);
    },
    // An unhedged leg sends arbitrage to REDUCING; once hedged or flat again it stays there for a
    // cool-down, and if exposure is left it stays until an operator resumes it.
    onUnhedged: async ({ signalId, unhedged, resolved, detail }) => {
      if (!resolved)
        opts.log.warn('arbitrage leg unhedged; strategy goes to REDUCING', { signalId, unhedged, detail });
      const now = clock.now();
      await bus.publish({
        type: 'TradingStateChanged',
        id: `execution-state:${signalId}:${resolved ? 'resolved' : 'open'}:${unhedged}` as never,
        ts: now,
        scope: 'strategy:arbitrage',
        state: 'REDUCING',
        reason: `arbitrage leg on ${signalId}: ${detail}`,
        origin: 'execution',
        ...(resolved ? { untilTs: now + opts.reducingCooldownMs } : {}),
      });
    },
    onIllegalTransition: (clientOrderId, error) => {
      opts.log.warn('refused order event', { clientOrderId, error });
      alerts += 1;
      void bus.publish({
        type: 'Alert',
        // The time and instance keep it apart from the alerts of an earlier process of this run.
        id: `alert:order-state:${opts.consumer ?? 'execution-1'}:${clock.now()}:${alerts}` as never,
        ts: clock.now(),
        severity: 'warning',
        source: 'order-state',
        message: `${clientOrderId}: ${error}`,
      });
    },
  });
  const subscription = bus.subscribe({
    group: 'execution',
    consumer: opts.consumer ?? 'execution-1',
    topics: ['orders'],
    handler: async (event) => {
      if (event.type === 'OrderIntent') await manager.handleIntent(event);
    },
  });
  // A halt (an operator's kill switch, or a rule) also cancels every resting order it covers; an
  // operator's cancel-all does only that.
  const halts = bus.subscribe({
    group: 'execution.halts',
    consumer: opts.consumer ?? 'execution-1',
    topics: ['risk'],
    handler: async (event) => {
      const halted = event.type === 'TradingStateChanged' && event.state === 'HALTED';
      if (!halted && event.type !== 'CancelAllRequested') return;
      const venue = /^venue:([a-z]+)$/.exec(event.scope)?.[1];
      if (event.scope !== 'global' && !venue) return;
      const result = await manager.cancelAll(venue ? { venues: [venue as VenueName] } : {});
      if (result.canceled > 0 || result.failed.length > 0)
        opts.log.warn(`${halted ? 'halted' : 'cancel-all'}: resting orders cancelled`, {
          scope: event.scope,
          reason: event.reason,
          canceled: result.canceled,
          failed: result.failed,
        });
    },
  });
  const readyOf = (sub: Subscription) => (sub as { ready?: Promise<void> }).ready ?? Promise.resolve();
  const both: Subscription & { ready: Promise<void> } = {
    // Redis creates each consumer group asynchronously: ready once both exist.
    ready: Promise.all([readyOf(subscription), readyOf(halts)]).then(() => undefined),
    close: async () => {
      await subscription.close();
      await halts.close();
    },
  };
  return { subscription: both, manager };
}
