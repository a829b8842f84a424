/**
 * RedisBus against a real Redis server, when REDIS_URL is set: the shared conformance suite, then
 * what only Redis has (takeover of a dead consumer's entries, trimming, malformed entries,
 * restarts). Every bus works under a key prefix of its own and deletes its keys afterwards.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArbeesEvent } from '../core/events.js';
import { asClientOrderId, asEventId, asInstrumentId } from '../core/ids.js';
import { centis, micros } from '../core/money.js';
import { alert, busConformanceSuite, gameFinal } from './bus-conformance.js';
import type { DeadLetter, Delivery } from './port.js';
import { type MalformedEntry, RedisBus, type RedisBusOptions } from './redis-bus.js';
import { pairsToRecord, parseReadReply } from './redis-stream-replies.js';

const url = process.env.REDIS_URL ?? '';

async function deleteKeys(admin: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Cleanups of the harnesses a test opened, run after it even when it failed or timed out. */
const openHarnesses: Array<() => Promise<void>> = [];

/**
 * A RedisBus under a fresh prefix. Its cleanup (run after each test, or by the conformance suite;
 * once either way) closes the bus, checks that it reported no error, and deletes its keys.
 */
function openHarness(options: Partial<RedisBusOptions> = {}) {
  const prefix = `arbees:test:${randomUUID()}:`;
  const errors: string[] = [];
  const bus = new RedisBus({
    url,
    keyPrefix: prefix,
    retryDelayMs: 1,
    onError: (error, where) => void errors.push(`${where}: ${String(error)}`),
    ...options,
  });
  const admin = new Redis(url, { protocol: 2 });
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    try {
      await bus.close();
      expect(errors).toEqual([]);
    } finally {
      await deleteKeys(admin, prefix);
      await admin.quit();
    }
  };
  openHarnesses.push(cleanup);
  return { bus, prefix, admin, errors, cleanup };
}

async function eventually(condition: () => Promise<boolean>, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

const deadLetters = async (admin: Redis, key: string) =>
  ((await admin.xrange(key, '-', '+')) as [string, string[]][]).map(([, fields]) => pairsToRecord(fields));

const pendingCount = async (admin: Redis, key: string, group: string) =>
  Number(((await admin.call('XPENDING', key, group)) as unknown[])[0]);

const bookDelta = (n: number): ArbeesEvent => ({
  type: 'BookDelta',
  id: asEventId(`md${n}`),
  ts: n,
  instrumentId: asInstrumentId('kalshi:TEST'),
  venue: 'kalshi',
  side: 'bid',
  price: micros(560_000),
  delta: centis(100),
  venueTs: n,
});

const orderSubmitted = (n: number): ArbeesEvent => ({
  type: 'OrderSubmitted',
  id: asEventId(`o${n}`),
  ts: n,
  clientOrderId: asClientOrderId(`co${n}`),
  instrumentId: asInstrumentId('kalshi:TEST'),
  venue: 'kalshi',
});

describe.skipIf(!url)('RedisBus', () => {
  afterEach(async () => {
    const cleanups = openHarnesses.splice(0);
    for (const cleanup of cleanups) await cleanup();
  });

  busConformanceSuite('RedisBus', async () => {
    // Short claim idle time: the close test leaves a group-mate's work to be taken over.
    const { bus, cleanup } = openHarness({ claimIdleMs: 200 });
    return { bus, cleanup };
  });

  it("takes over a dead consumer's unacked entry with XAUTOCLAIM", async () => {
    const { bus, prefix, admin } = openHarness({ claimIdleMs: 50 });
    const key = `${prefix}ops`;
    await admin.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
    const streamId = await bus.publish(alert(1));
    // The dead consumer: reads the entry, never acks, and its connection goes away.
    const ghost = new Redis(url, { protocol: 2 });
    const read = await ghost.call('XREADGROUP', 'GROUP', 'g', 'ghost', 'COUNT', 10, 'STREAMS', key, '>');
    expect(
      parseReadReply(read)
        .get(key)
        ?.map((e) => e.id),
    ).toEqual([streamId]);
    await ghost.quit();

    const deliveries: Delivery[] = [];
    bus.subscribe({
      group: 'g',
      consumer: 'live',
      topics: ['ops'],
      handler: (_e, d) => void deliveries.push(d),
    });
    await bus.idle();
    expect(deliveries).toEqual([{ streamId, topic: 'ops', group: 'g', consumer: 'live', attempt: 2 }]);
    expect(bus.stats()).toMatchObject({ claimed: 1, acked: 1, pending: 0 });
    expect(await pendingCount(admin, key, 'g')).toBe(0);
  });

  it('dead-letters, without handling, an entry whose consumers kept dying on it', async () => {
    const letters: DeadLetter[] = [];
    const { bus, prefix, admin } = openHarness({
      claimIdleMs: 50,
      onDeadLetter: (l) => void letters.push(l),
    });
    const key = `${prefix}ops`;
    await admin.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
    const streamId = await bus.publish(alert(1));
    // Three deliveries, none acked: `>` once, then the consumer's own pending list twice.
    const ghost = new Redis(url, { protocol: 2 });
    for (const id of ['>', '0', '0'])
      await ghost.call('XREADGROUP', 'GROUP', 'g', 'ghost', 'STREAMS', key, id);
    await ghost.quit();

    let handled = 0;
    bus.subscribe({
      group: 'g',
      consumer: 'live',
      topics: ['ops'],
      handler: () => {
        handled += 1;
      },
    });
    await bus.idle();
    expect(handled).toBe(0);
    expect(bus.stats()).toMatchObject({ deadLettered: 1, delivered: 0 });
    expect(letters.map((l) => [l.event.id, l.delivery.attempt])).toEqual([['a1', 4]]);
    expect(await deadLetters(admin, `${prefix}dead`)).toEqual([
      expect.objectContaining({ kind: 'handler-failed', stream: key, id: streamId, attempts: '4' }),
    ]);
  });

  it('writes a failed event to the dead-letter stream with its attempts and error', async () => {
    const { bus, prefix, admin } = openHarness();
    bus.subscribe({
      group: 'g',
      consumer: 'c',
      topics: ['ops'],
      handler: () => {
        throw new Error('handler says no');
      },
    });
    const streamId = await bus.publish(alert(1));
    await bus.idle();
    const [letter, ...rest] = await deadLetters(admin, `${prefix}dead`);
    expect(rest).toEqual([]);
    expect(letter).toMatchObject({
      kind: 'handler-failed',
      stream: `${prefix}ops`,
      id: streamId,
      group: 'g',
      consumer: 'c',
      attempts: '3',
      error: 'handler says no',
    });
    expect(JSON.parse(String(letter?.e))).toEqual(alert(1));
    expect(await pendingCount(admin, `${prefix}ops`, 'g')).toBe(0);
  });

  it('trims md with MAXLEN ~ and never orders or ops', async () => {
    const { bus, prefix, admin } = openHarness({ marketDataMaxLen: 100 });
    const n = 1000;
    const events = Array.from({ length: n }, (_, i) => [bookDelta(i), orderSubmitted(i), alert(i)]).flat();
    await Promise.all(events.map((e) => bus.publish(e)));
    const mdLength = await admin.xlen(`${prefix}md`);
    expect(mdLength).toBeGreaterThanOrEqual(100); // approximate trimming keeps at least the cap
    expect(mdLength).toBeLessThan(n);
    expect(await admin.xlen(`${prefix}orders`)).toBe(n);
    expect(await admin.xlen(`${prefix}ops`)).toBe(n);
  });

  it('counts and reports pending md entries that trimming deleted before they were handled', async () => {
    const { bus, prefix, admin, errors } = openHarness({ claimIdleMs: 50 });
    const key = `${prefix}md`;
    await admin.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
    await bus.publish(bookDelta(1));
    await admin.call('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', key, '>'); // our own earlier run
    await bus.publish(bookDelta(2));
    await admin.call('XREADGROUP', 'GROUP', 'g', 'ghost', 'COUNT', 1, 'STREAMS', key, '>'); // a dead consumer
    await admin.xtrim(key, 'MAXLEN', 0);

    let handled = 0;
    bus.subscribe({
      group: 'g',
      consumer: 'c',
      topics: ['md'],
      handler: () => {
        handled += 1;
      },
    });
    await bus.idle();
    expect(handled).toBe(0);
    expect(bus.stats()).toMatchObject({ trimmedBeforeHandled: 2, pending: 0 });
    expect(errors.splice(0)).toEqual([
      expect.stringMatching(/^trim: .*was trimmed before group g handled it/),
      expect.stringMatching(/^trim: .*was trimmed before group g handled it/),
    ]);
    expect(await pendingCount(admin, key, 'g')).toBe(0);
  });

  it('counts, reports and dead-letters malformed entries, and goes on with the good ones', async () => {
    const malformed: MalformedEntry[] = [];
    const { bus, prefix, admin } = openHarness({ onMalformed: (m) => void malformed.push(m) });
    const key = `${prefix}ops`;
    const handled: string[] = [];
    const sub = bus.subscribe({
      group: 'g',
      consumer: 'c',
      topics: ['ops'],
      handler: (e) => void handled.push(e.id),
    });
    await sub.ready;
    await bus.publish(alert(1));
    await admin.xadd(key, '*', 'e', 'not json {');
    await admin.xadd(key, '*', 'e', JSON.stringify({ type: 'NoSuchEvent', id: 'x', ts: 1 }));
    await admin.xadd(key, '*', 'other', 'field');
    await admin.xadd(key, '*', 'e', '[1,2]');
    await admin.xadd(key, '*', 'e', JSON.stringify(gameFinal(9))); // a games event on the ops stream
    await bus.publish(alert(2));
    await bus.idle();

    expect(handled).toEqual(['a1', 'a2']);
    expect(bus.stats()).toMatchObject({ malformed: 5, acked: 2, deadLettered: 0, pending: 0 });
    expect(malformed.map((m) => m.reason)).toEqual([
      expect.stringMatching(/^invalid JSON/),
      'unknown event type "NoSuchEvent"',
      'no "e" field',
      'not a JSON object',
      'GameFinal belongs on topic games, not ops',
    ]);
    const letters = await deadLetters(admin, `${prefix}dead`);
    expect(letters.map((l) => [l.kind, l.e])).toEqual([
      ['malformed', 'not json {'],
      ['malformed', JSON.stringify({ type: 'NoSuchEvent', id: 'x', ts: 1 })],
      ['malformed', JSON.stringify(['other', 'field'])],
      ['malformed', '[1,2]'],
      ['malformed', JSON.stringify(gameFinal(9))],
    ]);
    expect(await pendingCount(admin, key, 'g')).toBe(0);
  });

  it('after a restart, delivers what the group missed and what the consumer left unacked', async () => {
    const { bus, prefix, admin } = openHarness();
    const key = `${prefix}ops`;
    await admin.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
    const unacked = await bus.publish(alert(1));
    // The previous run of consumer "c" read a1 and stopped before acking it.
    await admin.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', key, '>');
    const missed = await bus.publish(alert(2)); // published while no consumer runs

    const deliveries: [string, number][] = [];
    bus.subscribe({
      group: 'g',
      consumer: 'c',
      topics: ['ops'],
      handler: (e, d) => void deliveries.push([e.id, d.attempt]),
    });
    await bus.idle();
    expect(deliveries).toEqual([
      ['a1', 2],
      ['a2', 1],
    ]);
    expect(unacked).not.toBe(missed);
    expect(bus.stats().claimed).toBe(0); // its own pending list, not a takeover
  });

  it('refuses an event that is not JSON (a BigInt) and goes on publishing', async () => {
    const { bus, admin, prefix } = openHarness();
    const notJson = { ...alert(1), ts: 1n } as unknown as ArbeesEvent;
    await expect(bus.publish(notJson)).rejects.toThrow(/BigInt/);
    await bus.publish(alert(2));
    expect(await admin.xlen(`${prefix}ops`)).toBe(1);
    expect(bus.stats().published).toBe(1);
  });

  it("starts a new group at the stream's end: history is not replayed to it", async () => {
    const { bus } = openHarness();
    const early: string[] = [];
    bus.subscribe({ group: 'early', consumer: 'e', topics: ['ops'], handler: (e) => void early.push(e.id) });
    await bus.publish(alert(1));
    await bus.idle();
    const late: string[] = [];
    bus.subscribe({ group: 'late', consumer: 'l', topics: ['ops'], handler: (e) => void late.push(e.id) });
    await bus.publish(alert(2));
    await bus.idle();
    expect(early).toEqual(['a1', 'a2']);
    expect(late).toEqual(['a2']);
  });

  it('close() stops the read loops and quits every connection it opened', async () => {
    const name = `arbees-test-${randomUUID()}`;
    const { bus, admin } = openHarness({ connection: { connectionName: name } });
    const clients = async () =>
      String(await admin.call('CLIENT', 'LIST'))
        .split('\n')
        .filter((row) => row.includes(` name=${name} `)).length;
    let handled = 0;
    for (const consumer of ['c1', 'c2']) {
      bus.subscribe({
        group: consumer,
        consumer,
        topics: ['ops', 'games'],
        handler: () => {
          handled += 1;
        },
      });
    }
    await bus.publish(alert(1));
    await bus.idle();
    expect(handled).toBe(2);
    expect(await clients()).toBe(3); // one for commands, one per subscription
    await bus.close();
    expect(await eventually(async () => (await clients()) === 0)).toBe(true);
  });
});
