/**
 * What a game shard knows of every game, owned or not: each game's events in the order they came
 * (announcement, markets, states, books, positions). A shard that takes a game over replays that
 * history into a fresh strategy, the time of each event as its "now", dropping what it raises:
 * the strategy ends in the state the game's previous owner had (the same latest state and books,
 * positions, and the same memory of what it already raised, so it does not raise an old
 * opportunity again), and acts on the next event as that owner would have.
 */
import type { ArbeesEvent, SignalRaised } from '../core/events.js';
import type { GameId, InstrumentId } from '../core/ids.js';
import type { EdgeShard } from '../strategy/edge-shard.js';

/** The events a strategy uses; the history keeps only these. */
type StrategyEvent = Extract<
  ArbeesEvent,
  {
    type:
      | 'GameScheduled'
      | 'MarketMapped'
      | 'GameStateUpdated'
      | 'BookSnapshot'
      | 'GameFinal'
      | 'PositionChanged';
  }
>;

/** Hands one event to a game's strategy; returns what it raised. */
export function applyToStrategy(strategy: EdgeShard, event: StrategyEvent, now: number): SignalRaised[] {
  switch (event.type) {
    case 'GameScheduled':
      strategy.onGameScheduled(event);
      return [];
    case 'MarketMapped':
      strategy.onMarketMapped(event.instrument);
      return [];
    case 'GameStateUpdated':
      return strategy.onGameState({ state: event.state, ts: event.ts, now });
    case 'BookSnapshot':
      return strategy.onBook(event, now);
    case 'GameFinal':
      strategy.onGameFinal(event.gameId);
      return [];
    case 'PositionChanged':
      strategy.onPositionChanged(event);
      return [];
  }
}

export class GameContext {
  private readonly history = new Map<GameId, StrategyEvent[]>();
  private readonly gameOfInstrument = new Map<InstrumentId, GameId>();

  /** Records the event under its game; returns the game and the event when a strategy uses it. */
  observe(event: ArbeesEvent): { gameId: GameId; event: StrategyEvent } | undefined {
    const found = this.classify(event);
    if (!found) return undefined;
    const list = this.history.get(found.gameId) ?? [];
    if (found.event.type === 'GameFinal') {
      // A final game trades no more: its states and books are not needed to take it over.
      const kept = list.filter((e) => e.type !== 'GameStateUpdated' && e.type !== 'BookSnapshot');
      kept.push(found.event);
      this.history.set(found.gameId, kept);
    } else {
      list.push(found.event);
      this.history.set(found.gameId, list);
    }
    return found;
  }

  /** Replays the game's history into a new strategy; what it raises meanwhile is dropped. */
  warm(gameId: GameId, strategy: EdgeShard): void {
    for (const e of this.history.get(gameId) ?? []) applyToStrategy(strategy, e, e.ts);
  }

  private classify(event: ArbeesEvent): { gameId: GameId; event: StrategyEvent } | undefined {
    switch (event.type) {
      case 'GameScheduled':
      case 'GameStateUpdated':
      case 'GameFinal':
      case 'PositionChanged':
        return { gameId: event.gameId, event };
      case 'MarketMapped':
        this.gameOfInstrument.set(event.instrument.instrumentId, event.instrument.gameId);
        return { gameId: event.instrument.gameId, event };
      case 'BookSnapshot': {
        const gameId = this.gameOfInstrument.get(event.instrumentId);
        return gameId === undefined ? undefined : { gameId, event };
      }
      default:
        return undefined;
    }
  }
}
