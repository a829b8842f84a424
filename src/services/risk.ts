/** Risk service (the signal processor): signals in, risk decisions and order intents out. */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import { isOrderEvent } from '../core/events.js';
import type { RiskEngine } from '../risk/risk-engine.js';

export function startRiskService(opts: { bus: Bus; clock: Clock; engine: RiskEngine }): Subscription {
  const { bus, clock, engine } = opts;
  return bus.subscribe({
    group: 'risk',
    consumer: 'risk-1',
    topics: ['signals', 'games', 'orders', 'fills', 'portfolio'],
    handler: async (event) => {
      if (event.type === 'SignalRaised') {
        const outcome = engine.assess(event, clock.now());
        for (const change of outcome.stateChanges) await bus.publish(change);
        await bus.publish(outcome.decision);
        if (outcome.intent) await bus.publish(outcome.intent);
        return;
      }
      if (event.type === 'GameStateUpdated') engine.onGameLive(event.gameId, event.state.status === 'in');
      else if (event.type === 'GameFinal') engine.onGameLive(event.gameId, false);
      else if (event.type === 'FillReceived') engine.onFill(event);
      else if (event.type === 'LedgerPosted') engine.onLedgerPosted(event);
      else if (event.type === 'PositionChanged') {
        engine.onPositionChanged(event);
        for (const change of engine.checkState(clock.now())) await bus.publish(change);
      } else if (isOrderEvent(event)) engine.onOrderEvent(event);
    },
  });
}
