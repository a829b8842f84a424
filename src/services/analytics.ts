/**
 * Analytics service: listens to everything and keeps the run's report up to date. The report
 * counts what it is told (fills, fees, ledger transactions, bankroll points), so each event id is
 * taken once: the outboxes of execution and the position tracker republish after a kill what may
 * already have gone out, with the same ids.
 */
import type { Bus, Subscription } from '../bus/port.js';
import { TOPICS } from '../core/events.js';
import type { RunAnalytics } from '../portfolio/run-analytics.js';

/** How many recent event ids are remembered: a republish follows its original within a restart. */
const REMEMBERED_IDS = 200_000;

/** The most recent ids seen, up to a capacity (the oldest are forgotten first). */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  /** True the first time `id` is offered (while it is remembered), false for a repeat. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    // A Set iterates in insertion order: its first element is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
  get size(): number {
    return this.ids.size;
  }
}

export function startAnalytics(opts: {
  bus: Bus;
  analytics: RunAnalytics;
  consumer?: string;
  /** Told of each repeated event dropped (metrics, tests). */
  onDuplicate?: (id: string) => void;
}): Subscription {
  const seen = new RecentIds(REMEMBERED_IDS);
  return opts.bus.subscribe({
    group: 'analytics',
    consumer: opts.consumer ?? 'analytics-1',
    topics: TOPICS,
    handler: (event, delivery) => {
      // Market data only moves marks (a repeat changes nothing) and is most of the traffic.
      if (delivery.topic !== 'md' && !seen.add(event.id)) {
        opts.onDuplicate?.(event.id);
        return;
      }
      opts.analytics.on(event);
    },
  });
}
