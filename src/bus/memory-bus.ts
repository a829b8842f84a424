/**
 * The in-memory Bus for the one-process shape and backtests. One dispatcher delivers in strict
 * publish order and awaits each handler before the next delivery, so the same input always gives
 * the same interleaving: that is what makes backtests byte-for-byte reproducible.
 */
import { type ArbeesEvent, type Topic, topicOf } from '../core/events.js';
import type { Bus, BusStats, DeadLetter, Delivery, Handler, SubscribeOptions, Subscription } from './port.js';

interface Consumer {
  readonly name: string;
  readonly handler: Handler;
  closed: boolean;
}

interface Group {
  readonly name: string;
  readonly consumers: Consumer[];
  next: number;
}

interface Task {
  readonly event: ArbeesEvent;
  readonly streamId: string;
  readonly topic: Topic;
  readonly group: Group;
  readonly attempt: number;
}

export interface MemoryBusOptions {
  /** Deliveries per event before it is dead-lettered. */
  readonly maxAttempts?: number;
  /** Called for each handler failure (logging, metrics). */
  readonly onHandlerError?: (error: unknown, event: ArbeesEvent, delivery: Delivery) => void;
  /** Called when an event is given up on. */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /** Time source for stream ids. */
  readonly now?: () => number;
}

export class MemoryBus implements Bus {
  private readonly groups = new Map<Topic, Map<string, Group>>();
  private readonly queue: Task[] = [];
  private head = 0;
  private pumping = false;
  private idleWaiters: Array<() => void> = [];
  private seq = 0;
  private closed = false;
  private readonly counters = { published: 0, delivered: 0, acked: 0, failed: 0, deadLettered: 0 };
  readonly deadLetters: DeadLetter[] = [];

  constructor(private readonly options: MemoryBusOptions = {}) {}

  async publish(event: ArbeesEvent): Promise<string> {
    if (this.closed) throw new Error('bus is closed');
    const topic = topicOf(event);
    this.seq += 1;
    const streamId = `${this.options.now?.() ?? 0}-${this.seq}`;
    this.counters.published += 1;
    const groups = this.groups.get(topic);
    if (groups) {
      for (const group of groups.values()) this.queue.push({ event, streamId, topic, group, attempt: 1 });
      this.pump();
    }
    return streamId;
  }

  subscribe({ group: groupName, consumer: consumerName, topics, handler }: SubscribeOptions): Subscription {
    const consumer: Consumer = { name: consumerName, handler, closed: false };
    for (const topic of topics) {
      let byName = this.groups.get(topic);
      if (!byName) {
        byName = new Map();
        this.groups.set(topic, byName);
      }
      let group = byName.get(groupName);
      if (!group) {
        group = { name: groupName, consumers: [], next: 0 };
        byName.set(groupName, group);
      }
      group.consumers.push(consumer);
    }
    return {
      close: async () => {
        consumer.closed = true;
      },
    };
  }

  idle(): Promise<void> {
    if (!this.pumping && this.head >= this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): BusStats {
    return { ...this.counters, pending: this.queue.length - this.head };
  }

  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    // Start on a microtask: a handler never runs inside publish(), so a burst of publishes is
    // queued whole before the first delivery.
    queueMicrotask(() => void this.run());
  }

  private async run(): Promise<void> {
    try {
      while (this.head < this.queue.length) {
        const task = this.queue[this.head]!;
        this.head += 1;
        await this.deliver(task);
        // Drop delivered tasks now and then so a long run does not keep every event alive.
        if (this.head > 4096 && this.head * 2 > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
      }
    } finally {
      this.pumping = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async deliver(task: Task): Promise<void> {
    const live = task.group.consumers.filter((c) => !c.closed);
    if (live.length === 0) return; // nobody in the group any more: the event stays unread, as in Redis
    const consumer = live[task.group.next % live.length]!;
    task.group.next += 1;
    const delivery: Delivery = {
      streamId: task.streamId,
      topic: task.topic,
      group: task.group.name,
      consumer: consumer.name,
      attempt: task.attempt,
    };
    this.counters.delivered += 1;
    try {
      await consumer.handler(task.event, delivery);
      this.counters.acked += 1;
    } catch (error) {
      this.counters.failed += 1;
      this.options.onHandlerError?.(error, task.event, delivery);
      if (task.attempt < (this.options.maxAttempts ?? 3)) {
        this.queue.push({ ...task, attempt: task.attempt + 1 });
      } else {
        this.counters.deadLettered += 1;
        const letter: DeadLetter = {
          event: task.event,
          delivery,
          error: String((error as Error)?.message ?? error),
        };
        this.deadLetters.push(letter);
        this.options.onDeadLetter?.(letter);
      }
    }
  }
}
