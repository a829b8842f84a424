/** Strategy shard service: game states and books in, edge signals out. */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { EventId, GameId, InstrumentId } from '../core/ids.js';
import type { EdgeShard } from '../strategy/edge-shard.js';
import type { LineMove, PregameMonitor } from '../strategy/pregame-monitor.js';

export function startStrategyShard(opts: {
  bus: Bus;
  clock: Clock;
  shard: EdgeShard;
  name: string;
  /** The futures monitor: pre-game line moves and the kick-off handoff, as info alerts. */
  pregame?: PregameMonitor;
}): Subscription {
  const { bus, clock, shard, pregame } = opts;
  const gameOf = new Map<InstrumentId, GameId>();
  let alerts = 0;
  const tell = async (move: LineMove | null) => {
    if (!move) return;
    alerts += 1;
    await bus.publish({
      type: 'Alert',
      id: `${opts.name}:futures:${alerts}` as EventId,
      ts: clock.now(),
      severity: 'info',
      source: 'futures-monitor',
      message: `${move.instrumentId}: ${move.message}`,
    });
  };
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
          gameOf.set(event.instrument.instrumentId, event.instrument.gameId);
          return;
        case 'GameStateUpdated':
          if (pregame && event.state.status === 'in')
            for (const move of pregame.kickOff(event.gameId)) await tell(move);
          for (const s of shard.onGameState({ state: event.state, ts: event.ts, now: clock.now() }))
            await bus.publish(s);
          return;
        case 'BookSnapshot': {
          const gameId = gameOf.get(event.instrumentId);
          if (pregame && gameId) await tell(pregame.onBook(gameId, event));
          for (const s of shard.onBook(event, clock.now())) await bus.publish(s);
          return;
        }
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
