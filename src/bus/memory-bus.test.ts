import { describe, expect, it } from 'vitest';
import type { ArbeesEvent } from '../core/events.js';
import { asEventId } from '../core/ids.js';
import { MemoryBus } from './memory-bus.js';

const alert = (n: number): ArbeesEvent => ({
  type: 'Alert',
  id: asEventId(`a${n}`),
  ts: n,
  severity: 'info',
  source: 'test',
  message: String(n),
});

describe('MemoryBus', () => {
  it('delivers every event to every group, once per group, in publish order', async () => {
    const bus = new MemoryBus();
    const seen: string[] = [];
    bus.subscribe({
      group: 'a',
      consumer: 'a1',
      topics: ['ops'],
      handler: (e) => void seen.push(`a:${e.id}`),
    });
    bus.subscribe({
      group: 'b',
      consumer: 'b1',
      topics: ['ops'],
      handler: (e) => void seen.push(`b:${e.id}`),
    });
    await bus.publish(alert(1));
    await bus.publish(alert(2));
    await bus.idle();
    expect(seen).toEqual(['a:a1', 'b:a1', 'a:a2', 'b:a2']);
  });

  it('shares a group between its consumers', async () => {
    const bus = new MemoryBus();
    const byConsumer: Record<string, number> = {};
    for (const c of ['c1', 'c2']) {
      bus.subscribe({
        group: 'g',
        consumer: c,
        topics: ['ops'],
        handler: () => {
          byConsumer[c] = (byConsumer[c] ?? 0) + 1;
        },
      });
    }
    for (let i = 0; i < 10; i++) await bus.publish(alert(i));
    await bus.idle();
    expect(byConsumer).toEqual({ c1: 5, c2: 5 });
  });

  it('delivers events published by handlers after the ones already queued', async () => {
    const bus = new MemoryBus();
    const order: number[] = [];
    bus.subscribe({
      group: 'g',
      consumer: 'c',
      topics: ['ops'],
      handler: async (e) => {
        order.push(e.ts);
        if (e.ts < 10) await bus.publish(alert(e.ts + 10));
      },
    });
    void bus.publish(alert(1));
    void bus.publish(alert(2));
    await bus.idle();
    expect(order).toEqual([1, 2, 11, 12]);
  });

  it('redelivers after a failure, then dead-letters, counting both', async () => {
    const errors: string[] = [];
    const bus = new MemoryBus({ maxAttempts: 3, onHandlerError: (e) => void errors.push(String(e)) });
    const attempts: number[] = [];
    bus.subscribe({
      group: 'g',
      consumer: 'c',
      topics: ['ops'],
      handler: (e, d) => {
        attempts.push(d.attempt);
        if (e.ts === 1) throw new Error('boom');
      },
    });
    void bus.publish(alert(1));
    void bus.publish(alert(2));
    await bus.idle();
    expect(attempts).toEqual([1, 1, 2, 3]);
    expect(errors).toHaveLength(3);
    expect(bus.stats()).toMatchObject({ published: 2, failed: 3, deadLettered: 1, acked: 1, pending: 0 });
    expect(bus.deadLetters[0]?.event.id).toBe('a1');
  });

  it('routes events to topics by type', async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    bus.subscribe({ group: 'g', consumer: 'c', topics: ['games'], handler: (e) => void got.push(e.type) });
    await bus.publish(alert(1));
    await bus.idle();
    expect(got).toEqual([]);
  });
});
