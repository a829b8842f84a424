/**
 * A Bus decorator that counts what this process handles (events per topic, redeliveries) and
 * remembers which (group, topic) pairs it reads, so the runner can report their lag and pending
 * entries. Services see a plain Bus. Given an EventClock (lock-step replay), it sets it to each
 * event's time before the handler runs; `ops` events (shard assignments, on the wall clock) do
 * not move it.
 */
import type { Bus, BusStats, SubscribeOptions, Subscription } from '../bus/port.js';
import type { EventClock } from '../core/clock.js';
import type { ArbeesEvent, Topic } from '../core/events.js';
import type { TradingMetrics } from './metrics.js';

export interface GroupTopic {
  readonly group: string;
  readonly topic: Topic;
}

export class InstrumentedBus implements Bus {
  private readonly reads = new Map<string, GroupTopic>();

  constructor(
    private readonly inner: Bus,
    private readonly metrics: TradingMetrics,
    private readonly eventClock: EventClock | null = null,
  ) {}

  /** The (group, topic) pairs subscribed through this bus. */
  groupTopics(): GroupTopic[] {
    return [...this.reads.values()];
  }

  publish(event: ArbeesEvent): Promise<string> {
    return this.inner.publish(event);
  }

  subscribe(options: SubscribeOptions): Subscription {
    for (const topic of options.topics)
      this.reads.set(`${options.group}\u0000${topic}`, { group: options.group, topic });
    const { metrics, eventClock } = this;
    return this.inner.subscribe({
      ...options,
      handler: async (event, delivery) => {
        if (eventClock && delivery.topic !== 'ops') eventClock.set(event.ts);
        if (delivery.attempt > 1)
          metrics.busRedeliveriesTotal.inc({ group: delivery.group, topic: delivery.topic });
        await options.handler(event, delivery);
        metrics.busEventsHandledTotal.inc({ topic: delivery.topic });
      },
    });
  }

  idle(): Promise<void> {
    return this.inner.idle();
  }

  stats(): BusStats {
    return this.inner.stats();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
