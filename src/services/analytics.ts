/** Analytics service: listens to everything and keeps the run's report up to date. */
import type { Bus, Subscription } from '../bus/port.js';
import { TOPICS } from '../core/events.js';
import type { RunAnalytics } from '../portfolio/run-analytics.js';

export function startAnalytics(opts: { bus: Bus; analytics: RunAnalytics; consumer?: string }): Subscription {
  return opts.bus.subscribe({
    group: 'analytics',
    consumer: opts.consumer ?? 'analytics-1',
    topics: TOPICS,
    handler: (event) => opts.analytics.on(event),
  });
}
