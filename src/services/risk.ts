/** Risk service (the signal processor): signals in, risk decisions, order intents and trading states out. */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import { type ArbeesEvent, isOrderEvent, type TradingStateChanged } from '../core/events.js';
import type { RiskEngine } from '../risk/risk-engine.js';

export function startRiskService(opts: {
  bus: Bus;
  clock: Clock;
  engine: RiskEngine;
  /** Consumer name in the `risk` group (the instance id when run as a service). */
  consumer?: string;
}): Subscription {
  const { bus, clock, engine } = opts;
  const announce = async (changes: readonly TradingStateChanged[]) => {
    for (const change of changes) await bus.publish(change);
  };
  return bus.subscribe({
    group: 'risk',
    consumer: opts.consumer ?? 'risk-1',
    topics: ['signals', 'games', 'orders', 'fills', 'portfolio', 'risk'],
    handler: async (event: ArbeesEvent) => {
      const now = clock.now();
      switch (event.type) {
        case 'SignalRaised': {
          const outcome = engine.assess(event, now);
          await announce(outcome.stateChanges);
          await bus.publish(outcome.decision);
          for (const intent of outcome.intents) await bus.publish(intent);
          return;
        }
        case 'GameStateUpdated':
          engine.onGameLive(event.gameId, event.state.status === 'in');
          return;
        case 'GameFinal':
          engine.onGameLive(event.gameId, false);
          return;
        case 'FillReceived':
          engine.onFill(event);
          return;
        case 'LedgerPosted':
          engine.onLedgerPosted(event);
          return;
        case 'PositionChanged':
          await announce(engine.onPositionChanged(event, now));
          return;
        case 'BankrollSnapshot':
          await announce(engine.onBankroll(event, now));
          return;
        case 'TradingStateChanged':
          engine.onTradingState(event);
          return;
        default:
          if (isOrderEvent(event)) await announce(engine.onOrderEvent(event, now));
      }
    },
  });
}
