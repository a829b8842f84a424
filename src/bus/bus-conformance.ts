/**
 * What every Bus guarantees, whatever carries it. Each implementation's test file calls
 * busConformanceSuite with a factory for a fresh bus. The suite asserts only what both the
 * in-memory bus and Redis Streams promise: MemoryBus delivers in one global FIFO and round-robins
 * a group's consumers, Redis hands entries to whichever consumer reads first, so nothing here
 * depends on the interleaving across topics or on which consumer of a group gets which event.
 * All waiting is `bus.idle()` or a bounded loop around it; nothing is timed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ArbeesEvent, Topic } from '../core/events.js';
import { asEventId, asGameId } from '../core/ids.js';
import type { Bus, Delivery } from './port.js';
import { compareStreamIds } from './stream-ids.js';

export interface BusUnderTest {
  readonly bus: Bus;
  /** Closes the bus if the test did not, and removes whatever it left behind. */
  cleanup(): Promise<void>;
}

/** An `ops` event. */
export const alert = (n: number, tag = 'a'): ArbeesEvent => ({
  type: 'Alert',
  id: asEventId(`${tag}${n}`),
  ts: n,
  severity: 'info',
  source: 'conformance',
  message: String(n),
});

/** A `games` event. */
export const gameFinal = (n: number): ArbeesEvent => ({
  type: 'GameFinal',
  id: asEventId(`g${n}`),
  ts: n,
  gameId: asGameId(`game-${n}`),
  homeScore: 21,
  awayScore: 17,
  winner: 'home',
});

const ids = (events: readonly ArbeesEvent[]) => events.map((e) => e.id as string);

export function busConformanceSuite(name: string, makeBus: () => Promise<BusUnderTest>): void {
  describe(`Bus conformance: ${name}`, () => {
    let harness: BusUnderTest | undefined;
    const openBus = async () => {
      harness = await makeBus();
      return harness.bus;
    };
    afterEach(async () => {
      await harness?.cleanup();
      harness = undefined;
    });

    it('delivers every event to every group, once per group', async () => {
      const bus = await openBus();
      const seen: Record<string, string[]> = { a: [], b: [] };
      for (const group of ['a', 'b']) {
        bus.subscribe({
          group,
          consumer: `${group}-1`,
          topics: ['ops'],
          handler: (e) => void seen[group]!.push(e.id),
        });
      }
      const published = [1, 2, 3, 4, 5].map((n) => alert(n));
      for (const e of published) await bus.publish(e);
      await bus.idle();
      expect(seen.a).toEqual(ids(published));
      expect(seen.b).toEqual(ids(published));
      expect(bus.stats()).toMatchObject({ published: 5, delivered: 10, acked: 10, failed: 0, pending: 0 });
    });

    it("shares a group's events between its consumers, each event to one of them", async () => {
      const bus = await openBus();
      const byConsumer: Record<string, string[]> = { c1: [], c2: [] };
      for (const consumer of ['c1', 'c2']) {
        bus.subscribe({
          group: 'g',
          consumer,
          topics: ['ops'],
          handler: (e) => void byConsumer[consumer]!.push(e.id),
        });
      }
      // One event at a time until both consumers have had one: how a bus picks the consumer is
      // its own business, but a group with two live consumers must not starve one of them forever.
      const published: ArbeesEvent[] = [];
      for (let n = 0; n < 50 && (byConsumer.c1!.length === 0 || byConsumer.c2!.length === 0); n++) {
        published.push(alert(n));
        await bus.publish(alert(n));
        await bus.idle();
      }
      expect(byConsumer.c1!.length).toBeGreaterThan(0);
      expect(byConsumer.c2!.length).toBeGreaterThan(0);
      expect([...byConsumer.c1!, ...byConsumer.c2!].sort()).toEqual(ids(published).sort());
    });

    it('keeps publish order within each topic, with increasing stream ids', async () => {
      const bus = await openBus();
      const got: Record<string, { id: string; streamId: string }[]> = { ops: [], games: [] };
      bus.subscribe({
        group: 'g',
        consumer: 'c',
        topics: ['ops', 'games'],
        handler: (e, d) => void got[d.topic]!.push({ id: e.id, streamId: d.streamId }),
      });
      const published: ArbeesEvent[] = [];
      for (let n = 0; n < 20; n++) published.push(n % 3 === 0 ? gameFinal(n) : alert(n));
      // Published without waiting in between: order must not depend on the publisher pausing.
      const streamIds = await Promise.all(published.map((e) => bus.publish(e)));
      await bus.idle();
      expect(got.ops!.map((x) => x.id)).toEqual(ids(published.filter((e) => e.type === 'Alert')));
      expect(got.games!.map((x) => x.id)).toEqual(ids(published.filter((e) => e.type === 'GameFinal')));
      for (const topic of ['ops', 'games'] as const) {
        const received = got[topic]!.map((x) => x.streamId);
        for (let i = 1; i < received.length; i++) {
          expect(compareStreamIds(received[i - 1]!, received[i]!)).toBeLessThan(0);
        }
        for (const id of received) expect(streamIds).toContain(id);
      }
    });

    it('routes each event to the groups subscribed to its topic only', async () => {
      const bus = await openBus();
      const got: Record<string, string[]> = { games: [], ops: [], both: [] };
      const subscribe = (group: string, topics: Topic[]) =>
        bus.subscribe({ group, consumer: `${group}-1`, topics, handler: (e) => void got[group]!.push(e.id) });
      subscribe('games', ['games']);
      subscribe('ops', ['ops']);
      subscribe('both', ['games', 'ops']);
      await bus.publish(alert(1));
      await bus.publish(gameFinal(2));
      await bus.publish({ type: 'Heartbeat', id: asEventId('a3'), ts: 3, service: 'conformance' });
      await bus.idle();
      expect(got.games).toEqual(['g2']);
      expect(got.ops).toEqual(['a1', 'a3']);
      expect([...got.both!].sort()).toEqual(['a1', 'a3', 'g2']);
    });

    it('describes each delivery: topic, group, consumer, first attempt', async () => {
      const bus = await openBus();
      const deliveries: Delivery[] = [];
      bus.subscribe({
        group: 'g',
        consumer: 'c',
        topics: ['ops'],
        handler: (_e, d) => void deliveries.push(d),
      });
      const streamId = await bus.publish(alert(1));
      await bus.idle();
      expect(deliveries).toEqual([{ streamId, topic: 'ops', group: 'g', consumer: 'c', attempt: 1 }]);
      expect(streamId).toMatch(/^\d+-\d+$/);
    });

    it('redelivers a failing event, then dead-letters it, counting both', async () => {
      const bus = await openBus();
      const attempts: Record<string, number[]> = { a1: [], a2: [] };
      bus.subscribe({
        group: 'g',
        consumer: 'c',
        topics: ['ops'],
        handler: (e, d) => {
          attempts[e.id]!.push(d.attempt);
          if (e.id === 'a1') throw new Error('boom');
        },
      });
      await bus.publish(alert(1));
      await bus.publish(alert(2));
      await bus.idle();
      // Default maxAttempts is 3 for every implementation.
      expect(attempts).toEqual({ a1: [1, 2, 3], a2: [1] });
      expect(bus.stats()).toMatchObject({
        published: 2,
        delivered: 4,
        acked: 1,
        failed: 3,
        deadLettered: 1,
        pending: 0,
      });
    });

    it('idle() waits for the events that handlers publish', async () => {
      const bus = await openBus();
      const seen: number[] = [];
      bus.subscribe({
        group: 'g',
        consumer: 'c',
        topics: ['ops'],
        handler: async (e) => {
          seen.push(e.ts);
          if (e.ts < 3) await bus.publish(alert(e.ts + 1));
        },
      });
      await bus.publish(alert(0));
      await bus.idle();
      expect(seen).toEqual([0, 1, 2, 3]);
    });

    it('close: a closed consumer gets nothing more, its group-mate does; a closed bus refuses to publish', async () => {
      const bus = await openBus();
      const got: Record<string, string[]> = { c1: [], c2: [], other: [] };
      const c1 = bus.subscribe({
        group: 'g',
        consumer: 'c1',
        topics: ['ops'],
        handler: (e) => void got.c1!.push(e.id),
      });
      bus.subscribe({ group: 'g', consumer: 'c2', topics: ['ops'], handler: (e) => void got.c2!.push(e.id) });
      const other = bus.subscribe({
        group: 'h',
        consumer: 'other',
        topics: ['ops'],
        handler: (e) => void got.other!.push(e.id),
      });
      await bus.publish(alert(1));
      await bus.idle();
      await c1.close();
      await other.close();
      const c1Before = [...got.c1!];
      for (let n = 2; n <= 6; n++) await bus.publish(alert(n));
      await bus.idle();
      expect(got.c1).toEqual(c1Before);
      expect(got.other).toEqual(['a1']);
      expect([...got.c1!, ...got.c2!].sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
      await bus.close();
      await bus.close(); // idempotent
      await expect(bus.publish(alert(7))).rejects.toThrow(/closed/);
      await bus.idle(); // a closed bus is idle
    });
  });
}
