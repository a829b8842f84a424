/** Analytics takes each event id once: an outbox republishing after a kill is not counted twice. */
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import type { ArbeesEvent } from '../core/events.js';
import { asEventId, asGameId } from '../core/ids.js';
import type { RunAnalytics } from '../portfolio/run-analytics.js';
import { RecentIds, startAnalytics } from './analytics.js';

describe('RecentIds', () => {
  it('says yes once per id and forgets the oldest past its capacity', () => {
    const ids = new RecentIds(2);
    expect([ids.add('a'), ids.add('a'), ids.add('b'), ids.add('c')]).toEqual([true, false, true, true]);
    expect(ids.size).toBe(2);
    expect(ids.add('a')).toBe(true); // forgotten
    expect(ids.add('c')).toBe(false);
  });
});

describe('startAnalytics', () => {
  it('hands each event id to the report once, whatever the bus delivers twice', async () => {
    const bus = new MemoryBus({ now: () => 0 });
    const handled: string[] = [];
    const dropped: string[] = [];
    const analytics = { on: (e: ArbeesEvent) => void handled.push(e.id) } as unknown as RunAnalytics;
    const sub = startAnalytics({ bus, analytics, onDuplicate: (id) => dropped.push(id) });
    const final: ArbeesEvent = {
      type: 'GameFinal',
      id: asEventId('final-1'),
      ts: 1,
      gameId: asGameId('g'),
      homeScore: 1,
      awayScore: 0,
      winner: 'home',
    };
    await bus.publish(final);
    await bus.publish(final); // a relay after a kill: same id
    await bus.publish({ ...final, id: asEventId('final-2') });
    await bus.idle();
    expect(handled).toEqual(['final-1', 'final-2']);
    expect(dropped).toEqual(['final-1']);
    await sub.close();
  });
});
