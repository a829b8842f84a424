/**
 * One subscription of the RedisBus: a consumer of one group on the streams of its topics, with a
 * read loop on a connection of its own (XREADGROUP BLOCK holds the connection). The loop reads new
 * entries (`>`), re-reads its own pending list (id `0`) to retry failures, and XAUTOCLAIMs what
 * other consumers of the group left idle. See redis-bus.ts for the delivery guarantees.
 */
import type { Redis } from 'ioredis';
import type { ArbeesEvent, Topic } from '../core/events.js';
import type { DeadLetter, Delivery, Handler } from './port.js';
import {
  decodeEntry,
  EVENT_FIELD,
  parseAutoClaimReply,
  parseDeliveryCounts,
  parseReadReply,
  type StreamEntry,
} from './redis-stream-replies.js';

export interface MalformedEntry {
  readonly topic: Topic;
  readonly streamId: string;
  readonly group: string;
  readonly consumer: string;
  readonly reason: string;
  readonly payload: string;
}

/** Counters shared by a bus's consumers (the bus reports them in stats()). */
export interface ConsumerCounters {
  delivered: number;
  acked: number;
  failed: number;
  deadLettered: number;
  malformed: number;
  claimed: number;
  trimmedBeforeHandled: number;
}

export interface ConsumerSettings {
  readonly maxAttempts: number;
  readonly claimIdleMs: number;
  readonly retryDelayMs: number;
  readonly blockMs: number;
  readonly batchSize: number;
  readonly deadLetterKey: string;
}

export interface ConsumerHooks {
  readonly onHandlerError?: (error: unknown, event: ArbeesEvent, delivery: Delivery) => void;
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  readonly onMalformed?: (entry: MalformedEntry) => void;
  /** Reports an operational error; never throws. */
  readonly reportError: (error: unknown, context: string) => void;
}

export interface StreamConsumerOptions {
  readonly reader: Redis;
  readonly group: string;
  readonly consumer: string;
  readonly topicByKey: ReadonlyMap<string, Topic>;
  readonly handler: Handler;
  readonly settings: ConsumerSettings;
  readonly counters: ConsumerCounters;
  readonly hooks: ConsumerHooks;
  /** Wakes the reader from a blocking read (CLIENT UNBLOCK, sent on another connection). */
  readonly unblock: (clientId: number) => Promise<unknown>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const errorText = (error: unknown) => String((error as Error)?.message ?? error);

export class StreamConsumer {
  /** Resolves once the groups exist (XGROUP CREATE … $ MKSTREAM); rejects if that failed. */
  readonly ready: Promise<void>;
  private readonly loop: Promise<void>;
  /** Entries handed to the handler and not yet acked or dead-lettered, by "<key> <id>". */
  private readonly inHand = new Set<string>();
  private readonly claimCursors = new Map<string, string>();
  private readerClientId: number | undefined;
  private closing = false;
  private blocked = false;
  private backingOff = false;

  constructor(private readonly o: StreamConsumerOptions) {
    // A reconnected reader has a new client id; forget the old one so close() cannot unblock a stranger.
    o.reader.on('close', () => {
      this.readerClientId = undefined;
    });
    this.ready = this.createGroups();
    this.loop = this.readLoop();
  }

  /** Entries this consumer holds unsettled: in its handler, or failed and awaiting a retry. */
  get pending(): number {
    return this.inHand.size;
  }

  /**
   * True while the loop waits (blocked in XREADGROUP, or backing off after an error) rather than
   * working: no reply of ours is left to process, so counters and `pending` are up to date.
   */
  get quiet(): boolean {
    return this.blocked || this.backingOff;
  }

  get keys(): Iterable<string> {
    return this.o.topicByKey.keys();
  }

  get group(): string {
    return this.o.group;
  }

  /** Stops after the batch in hand (each entry handled and acked), then QUITs the reader. */
  async close(): Promise<void> {
    this.closing = true;
    // The blocking read may still be on its way to the server, so unblock a few times before
    // dropping the connection.
    for (let tries = 0; tries < 20 && this.blocked; tries++) {
      if (this.readerClientId !== undefined) await this.o.unblock(this.readerClientId).catch(() => undefined);
      await Promise.race([this.loop, sleep(10)]);
    }
    if (this.blocked) this.o.reader.disconnect();
    await this.loop;
    await quitQuietly(this.o.reader);
  }

  private async createGroups(): Promise<void> {
    for (const key of this.keys) {
      try {
        await this.o.reader.call('XGROUP', 'CREATE', key, this.o.group, '$', 'MKSTREAM');
      } catch (error) {
        if (!errorText(error).startsWith('BUSYGROUP')) throw error;
      }
    }
  }

  private async readLoop(): Promise<void> {
    await this.ready.catch(() => undefined); // reported by the bus; reads fail with NOGROUP and retry
    const { claimIdleMs, retryDelayMs } = this.o.settings;
    const claimEveryMs = Math.max(1, Math.floor(claimIdleMs / 2));
    let nextClaimAt = 0;
    // Start with our own pending list: entries a previous run under this name left unacked.
    let retryAt: number | null = 0;
    let backoffMs = 0;
    while (!this.closing) {
      try {
        if (Date.now() >= nextClaimAt) {
          if (await this.claimIdleEntries()) retryAt = 0;
          nextClaimAt = Date.now() + claimEveryMs;
        }
        if (retryAt !== null && Date.now() >= retryAt) {
          retryAt = (await this.redeliverOwnPending()) ? Date.now() + retryDelayMs : null;
          continue;
        }
        const wakeAt = Math.min(nextClaimAt, retryAt ?? Number.POSITIVE_INFINITY);
        const batches = await this.readNew(
          Math.max(1, Math.min(this.o.settings.blockMs, wakeAt - Date.now())),
        );
        // The batch in hand is finished even when closing, so a graceful stop uses up no attempts.
        for (const [key, entries] of batches) {
          for (const entry of entries) {
            if (!(await this.process(key, entry, 1))) retryAt ??= Date.now() + retryDelayMs;
          }
        }
        backoffMs = 0;
      } catch (error) {
        if (this.closing) break;
        this.o.hooks.reportError(error, `read loop ${this.o.group}/${this.o.consumer}`);
        retryAt = 0; // an entry whose ack failed is still ours: read our pending list again
        if (errorText(error).startsWith('NOGROUP')) await this.createGroups().catch(() => undefined);
        backoffMs = Math.min(2_000, Math.max(50, backoffMs * 2));
        this.backingOff = true;
        await sleep(backoffMs);
        this.backingOff = false;
      }
    }
  }

  private async readNew(blockMs: number): Promise<Map<string, StreamEntry[]>> {
    this.readerClientId ??= Number(await this.o.reader.call('CLIENT', 'ID'));
    if (this.closing) return new Map();
    const keys = [...this.keys];
    const { group, consumer, settings } = this.o;
    const args = ['GROUP', group, consumer, 'COUNT', settings.batchSize, 'BLOCK', blockMs, 'STREAMS'];
    this.blocked = true;
    try {
      return parseReadReply(await this.o.reader.call('XREADGROUP', ...args, ...keys, ...keys.map(() => '>')));
    } finally {
      this.blocked = false;
    }
  }

  /**
   * Delivers again what this consumer holds unacked (id `0` reads our own pending list and bumps
   * each entry's delivery counter). Returns whether some entry failed again and awaits a retry.
   */
  private async redeliverOwnPending(): Promise<boolean> {
    const { reader, group, consumer, settings } = this.o;
    let stillFailing = false;
    for (const key of this.keys) {
      const args = ['GROUP', group, consumer, 'COUNT', settings.batchSize, 'STREAMS', key, '0'];
      const entries = parseReadReply(await reader.call('XREADGROUP', ...args)).get(key) ?? [];
      if (entries.length === 0) continue;
      const range = [entries[0]!.id, entries[entries.length - 1]!.id, entries.length];
      const counts = parseDeliveryCounts(await reader.call('XPENDING', key, group, ...range, consumer));
      for (const entry of entries) {
        if (!(await this.process(key, entry, counts.get(entry.id) ?? 1))) stillFailing = true;
      }
    }
    return stillFailing;
  }

  /** XAUTOCLAIMs entries idle past `claimIdleMs` into this consumer; true when some were taken. */
  private async claimIdleEntries(): Promise<boolean> {
    const { reader, group, consumer, settings } = this.o;
    let claimedAny = false;
    for (const key of this.keys) {
      const start = this.claimCursors.get(key) ?? '0-0';
      const args = [key, group, consumer, settings.claimIdleMs, start, 'COUNT', settings.batchSize, 'JUSTID'];
      const { cursor, claimed, deleted } = parseAutoClaimReply(await reader.call('XAUTOCLAIM', ...args));
      this.claimCursors.set(key, cursor);
      this.o.counters.claimed += claimed.length;
      if (claimed.length > 0) claimedAny = true;
      // Redis has already dropped these from the pending list: say so, since they were never handled.
      for (const id of deleted) this.noteTrimmed(key, id);
    }
    return claimedAny;
  }

  /** Handles one entry; true when it is settled (acked or dead-lettered), false when it awaits a retry. */
  private async process(key: string, entry: StreamEntry, attempt: number): Promise<boolean> {
    const { reader, group, consumer, counters, hooks, settings } = this.o;
    const topic = this.o.topicByKey.get(key)!;
    if (entry.fields === null) {
      await reader.call('XACK', key, group, entry.id);
      this.noteTrimmed(key, entry.id);
      return true;
    }
    const decoded = decodeEntry(entry.fields, topic);
    if (!decoded.ok) {
      const { reason, payload } = decoded;
      await this.moveToDeadLetters(key, entry.id, { kind: 'malformed', error: reason, payload, attempt });
      counters.malformed += 1;
      safely(hooks, 'onMalformed', () =>
        hooks.onMalformed?.({ topic, streamId: entry.id, group, consumer, reason, payload }),
      );
      return true;
    }
    const delivery: Delivery = { streamId: entry.id, topic, group, consumer, attempt };
    const inHandKey = `${key} ${entry.id}`;
    let failure: string | undefined;
    if (attempt > settings.maxAttempts) {
      // Delivered that often with neither an ack nor a failure: its consumers died handling it.
      failure = `no ack after ${attempt - 1} deliveries`;
    } else {
      this.inHand.add(inHandKey);
      counters.delivered += 1;
      try {
        await this.o.handler(decoded.event, delivery);
      } catch (thrown) {
        counters.failed += 1;
        safely(hooks, 'onHandlerError', () => hooks.onHandlerError?.(thrown, decoded.event, delivery));
        if (attempt < settings.maxAttempts) return false;
        failure = errorText(thrown);
      }
      if (failure === undefined) {
        await reader.call('XACK', key, group, entry.id);
        counters.acked += 1;
        this.inHand.delete(inHandKey);
        return true;
      }
    }
    const letter = { kind: 'handler-failed', error: failure, payload: decoded.payload, attempt };
    await this.moveToDeadLetters(key, entry.id, letter);
    counters.deadLettered += 1;
    this.inHand.delete(inHandKey);
    safely(hooks, 'onDeadLetter', () =>
      hooks.onDeadLetter?.({ event: decoded.event, delivery, error: letter.error }),
    );
    return true;
  }

  /** XADD to the dead-letter stream and XACK the original in one MULTI, so neither happens alone. */
  private async moveToDeadLetters(
    key: string,
    streamId: string,
    letter: { kind: string; error: string; payload: string; attempt: number },
  ): Promise<void> {
    const { reader, group, consumer, settings } = this.o;
    const fields = ['kind', letter.kind, 'stream', key, 'id', streamId, 'group', group, 'consumer', consumer];
    fields.push('attempts', String(letter.attempt), 'error', letter.error, EVENT_FIELD, letter.payload);
    const results = await reader
      .multi()
      .call('XADD', settings.deadLetterKey, '*', ...fields)
      .call('XACK', key, group, streamId)
      .exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  private noteTrimmed(key: string, id: string): void {
    this.o.counters.trimmedBeforeHandled += 1;
    this.inHand.delete(`${key} ${id}`);
    const message = `entry ${id} of ${key} was trimmed before group ${this.o.group} handled it`;
    this.o.hooks.reportError(new Error(message), 'trim');
  }
}

/** Runs a caller's callback; its failure must not stop the loop. */
function safely(hooks: ConsumerHooks, name: string, callback: () => void): void {
  try {
    callback();
  } catch (error) {
    hooks.reportError(error, `${name} callback`);
  }
}

export async function quitQuietly(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
