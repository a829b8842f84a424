/**
 * Archiver: writes the time series and the decision trail to the store in batches, off the
 * decision path. Quotes are written when the top of the book changes, not on every refresh.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type {
  BookSnapshot,
  GameFinal,
  GameScheduled,
  GameStateUpdated,
  MarketMapped,
  MarketSettled,
  RiskDecision,
  SignalRaised,
  TradingStateChanged,
} from '../core/events.js';
import type { GameId, InstrumentId, RunId } from '../core/ids.js';
import type { Store } from '../store/port.js';

export interface Archiver {
  readonly subscription: Subscription;
  flush(): Promise<void>;
}

export function startArchiver(opts: {
  bus: Bus;
  store: Store;
  runId: RunId;
  batchSize?: number;
  /** Consumer name in the `archiver` group (the instance id when run as a service). */
  consumer?: string;
}): Archiver {
  const { store, runId } = opts;
  const batchSize = opts.batchSize ?? 1000;
  const buf = {
    games: [] as GameScheduled[],
    finals: [] as GameFinal[],
    states: [] as GameStateUpdated[],
    markets: [] as MarketMapped[],
    settlements: [] as MarketSettled[],
    quotes: [] as BookSnapshot[],
    signals: [] as SignalRaised[],
    decisions: [] as RiskDecision[],
    tradingStates: [] as TradingStateChanged[],
  };
  const lastTop = new Map<InstrumentId, string>();
  const lastPlay = new Map<GameId, number>();
  let buffered = 0;

  const take = <T>(list: T[]): T[] => list.splice(0, list.length);
  const flush = async () => {
    buffered = 0;
    // Parents before children: games and markets first.
    if (buf.games.length) await store.recordGames(runId, take(buf.games));
    if (buf.markets.length) await store.recordMarkets(runId, take(buf.markets));
    if (buf.states.length) await store.recordGameStates(runId, take(buf.states));
    if (buf.quotes.length) await store.recordQuotes(runId, take(buf.quotes));
    if (buf.signals.length) await store.recordSignals(runId, take(buf.signals));
    if (buf.decisions.length) await store.recordRiskDecisions(runId, take(buf.decisions));
    if (buf.tradingStates.length) await store.recordTradingStates(runId, take(buf.tradingStates));
    if (buf.finals.length) await store.recordGameFinals(runId, take(buf.finals));
    if (buf.settlements.length) await store.recordSettlements(runId, take(buf.settlements));
  };

  const subscription = opts.bus.subscribe({
    group: 'archiver',
    consumer: opts.consumer ?? 'archiver-1',
    topics: ['games', 'markets', 'md', 'signals', 'risk'],
    handler: async (event) => {
      switch (event.type) {
        case 'GameScheduled':
          buf.games.push(event);
          break;
        case 'GameFinal':
          buf.finals.push(event);
          break;
        case 'GameStateUpdated': {
          // A poll that saw no new play repeats the state: store each play once.
          if (lastPlay.get(event.gameId) === event.state.playSeq) return;
          lastPlay.set(event.gameId, event.state.playSeq);
          buf.states.push(event);
          break;
        }
        case 'MarketMapped':
          buf.markets.push(event);
          break;
        case 'MarketSettled':
          buf.settlements.push(event);
          break;
        case 'BookSnapshot': {
          const top = `${event.bids[0]?.price}/${event.bids[0]?.qty}/${event.asks[0]?.price}/${event.asks[0]?.qty}`;
          if (lastTop.get(event.instrumentId) === top) return;
          lastTop.set(event.instrumentId, top);
          buf.quotes.push(event);
          break;
        }
        case 'SignalRaised':
          buf.signals.push(event);
          break;
        case 'RiskDecision':
          buf.decisions.push(event);
          break;
        case 'TradingStateChanged':
          buf.tradingStates.push(event);
          break;
        default:
          return;
      }
      buffered += 1;
      if (buffered >= batchSize) await flush();
    },
  });
  return { subscription, flush };
}
