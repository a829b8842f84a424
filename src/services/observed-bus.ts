/**
 * A Bus view that feeds the trading metrics: every event the service publishes, and the handled
 * events of the types it names (the facts it owns but others produce, e.g. signals for the risk
 * engine). Each fact is thus counted in one process.
 */
import type { Bus, SubscribeOptions, Subscription } from '../bus/port.js';
import type { ArbeesEvent } from '../core/events.js';
import { observeEvent, type TradingMetrics } from './metrics.js';

export function observedBus(
  bus: Bus,
  metrics: TradingMetrics,
  handledTypes: readonly ArbeesEvent['type'][] = [],
): Bus {
  const handled = new Set<string>(handledTypes);
  return {
    publish: async (event) => {
      const id = await bus.publish(event);
      observeEvent(metrics, event);
      return id;
    },
    subscribe: (options: SubscribeOptions): Subscription =>
      bus.subscribe({
        ...options,
        handler: async (event, delivery) => {
          await options.handler(event, delivery);
          if (handled.has(event.type)) observeEvent(metrics, event);
        },
      }),
    idle: () => bus.idle(),
    stats: () => bus.stats(),
    close: () => bus.close(),
  };
}
