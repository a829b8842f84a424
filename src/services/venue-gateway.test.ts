import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, GameScheduled } from '../core/events.js';
import type { NflGameState } from '../core/game-state.js';
import { asEventId, type GameId } from '../core/ids.js';
import { Timeline } from '../feeds/replay/timeline.js';
import { startVenueGateway } from './venue-gateway.js';

const T0 = Date.UTC(2024, 8, 8, 17, 0, 0);
const gameId = 'nfl:g1' as GameId;
const scheduled: GameScheduled = {
  type: 'GameScheduled',
  id: asEventId('t:scheduled'),
  ts: T0,
  gameId,
  sport: 'nfl',
  homeTeam: 'KC',
  awayTeam: 'BAL',
  startTs: T0 + 600_000,
  homeSpread: 3,
  season: 2024,
  week: 1,
  seasonType: 'REG',
};
const state = (playSeq: number, homeScore: number): NflGameState => ({
  sport: 'nfl',
  gameId,
  status: 'in',
  quarter: 1,
  clockSeconds: 800,
  gameSecondsRemaining: 3500,
  homeScore,
  awayScore: 0,
  possession: 'home',
  down: 1,
  distance: 10,
  yardline100: 60,
  homeTimeouts: 3,
  awayTimeouts: 3,
  playSeq,
});

describe('venue gateway (simulated venue)', () => {
  it("lists and quotes its own venue's market only, re-prices on a new play, not on a repeated state", async () => {
    const clock = new SimulatedClock(T0);
    const timeline = new Timeline(clock);
    const bus = new MemoryBus({ now: () => clock.now() });
    const seen: ArbeesEvent[] = [];
    bus.subscribe({
      group: 'watch',
      consumer: 'w',
      topics: ['markets', 'md'],
      handler: (e) => void seen.push(e),
    });
    const gateway = startVenueGateway({
      bus,
      clock,
      scheduler: timeline,
      venue: 'polymarket',
      seed: 42,
      instanceId: 'pm-1',
    });
    await bus.publish(scheduled);
    await bus.idle();
    const mapped = seen.filter((e) => e.type === 'MarketMapped');
    expect(mapped.map((e) => e.type === 'MarketMapped' && e.instrument.venue)).toEqual(['polymarket']);
    expect(mapped[0]?.id).toMatch(/^polymarket-gateway:pm-1:/);
    const books = () => seen.filter((e) => e.type === 'BookSnapshot').length;
    const before = books();
    expect(before).toBe(1);

    const update = (playSeq: number, score: number, n: number) =>
      bus.publish({
        type: 'GameStateUpdated',
        id: asEventId(`t:state:${n}`),
        ts: clock.now(),
        gameId,
        state: state(playSeq, score),
      });
    await update(1, 7, 1);
    await update(1, 7, 2);
    await bus.idle();
    await timeline.run({
      speed: null,
      sleep: async () => undefined,
      wallNow: () => 0,
      afterTask: () => bus.idle(),
      shouldStop: () => clock.now() > T0 + 9_000,
    });
    // One play: the maker pulls its quotes, then re-prices (the repeated state changed nothing).
    expect(books() - before).toBe(2);
    await gateway.stop();
  });
});
