/**
 * The Bus on Redis Streams, for the distributed shape. One stream per topic (`<keyPrefix><topic>`),
 * one Redis consumer group per (group, topic), one read loop per subscription on its own
 * connection (XREADGROUP BLOCK holds a connection). Delivery is at-least-once:
 *
 * - A group is created at `$` (XGROUP CREATE … $ MKSTREAM): a new group starts at the end of the
 *   stream rather than replaying its whole history (for `md`, up to the trim cap; for orders,
 *   everything ever written). Every entry added after the group exists is delivered to it, also
 *   across restarts, since the group's position lives in Redis. `publish()` in this process waits
 *   for the groups that this process's `subscribe()` calls are creating, so subscribe-then-publish
 *   in one process never loses an event.
 * - A handler that returns gets the entry XACKed. One that throws leaves it pending; it is read
 *   again from the consumer's own pending list (XREADGROUP id `0`) after `retryDelayMs`, up to
 *   `maxAttempts` deliveries, then copied to `<keyPrefix>dead` and XACKed in one MULTI.
 * - Entries left pending longer than `claimIdleMs` by any consumer of the group (one that died
 *   while handling them) are taken over with XAUTOCLAIM by a live one. The attempt number is
 *   Redis's delivery counter, so a poison entry that kills its consumers is dead-lettered too.
 * - Undecodable entries (bad JSON, unknown type, wrong topic) are counted, reported through
 *   `onMalformed`, and moved to the dead-letter stream: never handled, never silently dropped.
 * - Only `md` is trimmed (XADD MAXLEN ~). Trimming can delete market data a lagging group has not
 *   read: acceptable for quotes, never for orders, fills or the portfolio, which are not trimmed.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { type ArbeesEvent, type Topic, topicOf } from '../core/events.js';
import type { Bus, BusStats, DeadLetter, Delivery, SubscribeOptions, Subscription } from './port.js';
import {
  type ConsumerCounters,
  type ConsumerHooks,
  errorText,
  type MalformedEntry,
  quitQuietly,
  StreamConsumer,
} from './redis-consumer.js';
import { EVENT_FIELD, pairsToRecord } from './redis-stream-replies.js';
import { compareStreamIds } from './stream-ids.js';

export type { MalformedEntry } from './redis-consumer.js';

/** The one topic whose stream is capped: market data is superseded by the next quote. */
const TRIMMED_TOPIC: Topic = 'md';

export interface RedisBusOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Extra ioredis options for every connection this bus opens. */
  readonly connection?: RedisOptions;
  /** Prefix of every key: topic streams are `<keyPrefix><topic>`, dead letters `<keyPrefix>dead`. */
  readonly keyPrefix?: string;
  /** Deliveries per entry before it is dead-lettered (default 3). */
  readonly maxAttempts?: number;
  /** An entry pending this long in any consumer of the group is taken over (default 30 s). */
  readonly claimIdleMs?: number;
  /** Wait before a failed entry is delivered again (default 100 ms). */
  readonly retryDelayMs?: number;
  /** Longest XREADGROUP BLOCK (default 2 s); the loop also wakes for claims and retries. */
  readonly blockMs?: number;
  /** Entries per read (default 100). */
  readonly batchSize?: number;
  /** Approximate cap of the `md` stream (default 100 000; 0 disables trimming). */
  readonly marketDataMaxLen?: number;
  /** Poll interval of `idle()` (default 5 ms). */
  readonly idlePollMs?: number;
  readonly onHandlerError?: (error: unknown, event: ArbeesEvent, delivery: Delivery) => void;
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  readonly onMalformed?: (entry: MalformedEntry) => void;
  /** Redis and connection errors; the bus keeps going (ioredis reconnects). Default: stderr. */
  readonly onError?: (error: unknown, context: string) => void;
}

export interface RedisBusStats extends BusStats {
  /** Entries that could not be decoded, moved to the dead-letter stream. */
  readonly malformed: number;
  /** Entries taken over with XAUTOCLAIM after idling past `claimIdleMs`. */
  readonly claimed: number;
  /** Pending entries deleted by `md` trimming before they were handled. */
  readonly trimmedBeforeHandled: number;
}

export interface RedisSubscription extends Subscription {
  /** Resolves once the consumer groups exist: entries added from then on reach this group. */
  readonly ready: Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisBus implements Bus {
  private readonly command: Redis;
  private readonly prefix: string;
  private readonly consumers = new Set<StreamConsumer>();
  /** Set while groups this process is creating do not exist yet; publishes queue behind it. */
  private publishGate: Promise<void> | null = null;
  private readonly publishing = new Set<Promise<unknown>>();
  private closed = false;
  private published = 0;
  private readonly counters: ConsumerCounters = {
    delivered: 0,
    acked: 0,
    failed: 0,
    deadLettered: 0,
    malformed: 0,
    claimed: 0,
    trimmedBeforeHandled: 0,
  };
  private readonly hooks: ConsumerHooks;

  constructor(private readonly options: RedisBusOptions) {
    this.prefix = options.keyPrefix ?? '';
    const report =
      options.onError ??
      ((e: unknown, where: string) => process.stderr.write(`redis-bus: ${where}: ${errorText(e)}\n`));
    this.hooks = {
      onHandlerError: options.onHandlerError,
      onDeadLetter: options.onDeadLetter,
      onMalformed: options.onMalformed,
      reportError: (error, context) => {
        try {
          report(error, context);
        } catch {
          // The error callback itself failed: nothing sensible is left to report it to.
        }
      },
    };
    this.command = this.connect('command');
  }

  /** The stream key of a topic. */
  keyOf(topic: Topic): string {
    return `${this.prefix}${topic}`;
  }

  /** The dead-letter stream key. */
  get deadLetterKey(): string {
    return `${this.prefix}dead`;
  }

  publish(event: ArbeesEvent): Promise<string> {
    if (this.closed) return Promise.reject(new Error('bus is closed'));
    // Without a gate the XADD is issued right now, so one connection keeps the calls' order; with
    // one, publishes run in call order once the groups exist, or they would start after the entry.
    const gate = this.publishGate;
    const pending = gate ? gate.then(() => this.append(event)) : this.append(event);
    this.publishing.add(pending);
    void pending.catch(() => undefined).finally(() => this.publishing.delete(pending));
    return pending;
  }

  subscribe({ group, consumer, topics, handler }: SubscribeOptions): RedisSubscription {
    if (this.closed) throw new Error('bus is closed');
    const o = this.options;
    const streamConsumer = new StreamConsumer({
      reader: this.connect(`reader ${group}/${consumer}`),
      group,
      consumer,
      topicByKey: new Map(topics.map((t) => [this.keyOf(t), t])),
      handler,
      settings: {
        maxAttempts: o.maxAttempts ?? 3,
        claimIdleMs: o.claimIdleMs ?? 30_000,
        retryDelayMs: o.retryDelayMs ?? 100,
        blockMs: o.blockMs ?? 2_000,
        batchSize: o.batchSize ?? 100,
        deadLetterKey: this.deadLetterKey,
      },
      counters: this.counters,
      hooks: this.hooks,
      unblock: (clientId) => this.command.call('CLIENT', 'UNBLOCK', clientId),
    });
    const created = streamConsumer.ready.catch((e) => this.hooks.reportError(e, `XGROUP CREATE ${group}`));
    this.holdPublishesUntil(created);
    this.consumers.add(streamConsumer);
    return {
      ready: streamConsumer.ready,
      close: async () => {
        if (!this.consumers.delete(streamConsumer)) return;
        await streamConsumer.close();
      },
    };
  }

  /**
   * Resolves when, in one atomic snapshot (MULTI of XINFO STREAM and XINFO GROUPS), every
   * (group, topic) of this bus's open subscriptions has read up to its stream's last generated id
   * and has no pending entry, no publish() of this bus is in flight, and each of this bus's
   * consumers is waiting for entries rather than working (checked after the snapshot, so
   * `stats()` already counts every entry the snapshot shows as acked). So every entry added
   * before that snapshot, by any process, was handled and acked or dead-lettered by each of those
   * groups (whichever of its consumers, in any process, took it). It does not wait for entries
   * added later, and it waits for as long as a group's entries stay pending (a dead consumer's
   * entries until `claimIdleMs` lets a live one take them over). On a closed bus it resolves at once.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      await Promise.all([this.publishGate, ...this.publishing].map((p) => p?.catch(() => undefined)));
      // Quiet is checked after the snapshot: a consumer whose XACK is in the snapshot may not have
      // processed the reply yet, and its counters must be final when idle() resolves.
      const caughtUp = this.publishing.size === 0 && (await this.caughtUp().catch(() => false));
      if (caughtUp && [...this.consumers].every((c) => c.quiet)) return;
      await sleep(this.options.idlePollMs ?? 5);
    }
  }

  /**
   * Counters of this bus instance. `pending` is what this process holds: entries handed to a
   * handler and not yet acked or dead-lettered (in a handler, or failed and awaiting a retry).
   */
  stats(): RedisBusStats {
    let pending = 0;
    for (const consumer of this.consumers) pending += consumer.pending;
    return { published: this.published, ...this.counters, pending };
  }

  /**
   * Stops every read loop after the batch in hand (at most `batchSize` entries, each handled and
   * acked), waits for publishes in flight, then QUITs the connections. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.all(consumers.map((c) => c.close()));
    await Promise.all([...this.publishing].map((p) => p.catch(() => undefined)));
    await quitQuietly(this.command);
  }

  private holdPublishesUntil(setup: Promise<void>): void {
    const gate = Promise.all([this.publishGate, setup]).then(() => undefined);
    this.publishGate = gate;
    // Registered before any publish chains on the gate, so it runs first and those follow in order.
    void gate.then(() => {
      if (this.publishGate === gate) this.publishGate = null;
    });
  }

  /** Issues the XADD synchronously (no await before it): publish() relies on that for ordering. */
  private async append(event: ArbeesEvent): Promise<string> {
    const topic = topicOf(event);
    const payload = JSON.stringify(event);
    const cap = this.options.marketDataMaxLen ?? 100_000;
    const trim = topic === TRIMMED_TOPIC && cap > 0 ? ['MAXLEN', '~', cap] : [];
    const id = await this.command.call('XADD', this.keyOf(topic), ...trim, '*', EVENT_FIELD, payload);
    this.published += 1;
    return String(id);
  }

  private async caughtUp(): Promise<boolean> {
    const groupsByKey = new Map<string, Set<string>>();
    for (const consumer of this.consumers) {
      for (const key of consumer.keys) {
        const groups = groupsByKey.get(key) ?? new Set<string>();
        groups.add(consumer.group);
        groupsByKey.set(key, groups);
      }
    }
    if (groupsByKey.size === 0) return true;
    const snapshot = this.command.multi();
    for (const key of groupsByKey.keys()) snapshot.call('XINFO', 'STREAM', key).call('XINFO', 'GROUPS', key);
    const results = await snapshot.exec();
    if (!results) return false;
    let i = 0;
    for (const groups of groupsByKey.values()) {
      const [streamError, streamInfo] = results[i++]!;
      const [groupsError, groupsInfo] = results[i++]!;
      if (streamError || groupsError || !Array.isArray(groupsInfo)) return false;
      const lastId = String(pairsToRecord(streamInfo)['last-generated-id'] ?? '0-0');
      let seen = 0;
      for (const raw of groupsInfo) {
        const info = pairsToRecord(raw);
        if (!groups.has(String(info.name))) continue;
        seen += 1;
        if (Number(info.pending) !== 0) return false;
        if (compareStreamIds(String(info['last-delivered-id']), lastId) < 0) return false;
      }
      if (seen !== groups.size) return false;
    }
    return true;
  }

  private connect(role: string): Redis {
    // RESP2: the reply shapes parsed in redis-stream-replies.ts (RESP3 reshapes XREADGROUP's).
    const connection = new Redis(this.options.url, { ...this.options.connection, protocol: 2 });
    connection.on('error', (error) => this.hooks.reportError(error, `connection (${role})`));
    return connection;
  }
}
