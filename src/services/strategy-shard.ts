/** Strategy shard service: game states and books in, edge signals out. */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { EdgeShard } from '../strategy/edge-shard.js';

export function startStrategyShard(opts: {
  bus: Bus;
  clock: Clock;
  shard: EdgeShard;
  name: string;
}): Subscription {
  const { bus, clock, shard } = opts;
  return bus.subscribe({
    group: 'strategy-shard',
    consumer: opts.name,
    topics: ['games', 'markets', 'md', 'portfolio'],
    handler: async (event) => {
      switch (event.type) {
        case 'GameScheduled':
          shard.onGameScheduled(event);
          return;
        case 'MarketMapped':
          shard.onMarketMapped(event.instrument);
          return;
        case 'GameStateUpdated':
          for (const s of shard.onGameState({ state: event.state, ts: event.ts, now: clock.now() }))
            await bus.publish(s);
          return;
        case 'BookSnapshot':
          for (const s of shard.onBook(event, clock.now())) await bus.publish(s);
          return;
        case 'GameFinal':
          shard.onGameFinal(event.gameId);
          return;
        case 'PositionChanged':
          shard.onPositionChanged(event);
          return;
        default:
          return;
      }
    },
  });
}
