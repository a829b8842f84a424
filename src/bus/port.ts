/**
 * The Bus port. Events are appended to a topic (a Redis stream key in the distributed shape) and
 * delivered at least once to each consumer group subscribed to it; within a group, each event goes
 * to one consumer. A handler that returns acknowledges the event; one that throws leaves it
 * pending, to be delivered again. Handlers must therefore be idempotent, keyed by event id.
 */
import type { ArbeesEvent, Topic } from '../core/events.js';

export interface Delivery {
  /** Position in the topic's log, "<ms>-<seq>" as in Redis Streams. */
  readonly streamId: string;
  readonly topic: Topic;
  readonly group: string;
  readonly consumer: string;
  /** 1 on first delivery, more when redelivered after a failure. */
  readonly attempt: number;
}

export type Handler = (event: ArbeesEvent, delivery: Delivery) => void | Promise<void>;

export interface SubscribeOptions {
  /** Consumer group: every group sees every event of its topics. */
  readonly group: string;
  /** Consumer name within the group. */
  readonly consumer: string;
  readonly topics: readonly Topic[];
  readonly handler: Handler;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface BusStats {
  readonly published: number;
  readonly delivered: number;
  readonly acked: number;
  readonly failed: number;
  readonly deadLettered: number;
  readonly pending: number;
}

export interface DeadLetter {
  readonly event: ArbeesEvent;
  readonly delivery: Delivery;
  readonly error: string;
}

export interface Bus {
  /** Appends the event to its topic; resolves with its stream id once stored (not once handled). */
  publish(event: ArbeesEvent): Promise<string>;
  subscribe(options: SubscribeOptions): Subscription;
  /** Resolves when nothing is left to deliver: every published event handled or dead-lettered. */
  idle(): Promise<void>;
  stats(): BusStats;
  close(): Promise<void>;
}
