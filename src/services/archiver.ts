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
import { stateProgressKey } from '../core/game-state.js';
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
  const lastPlay = new Map<GameId, string>();
  let buffered = 0;

  const take = <T>(list: T[]): T[] => list.splice(0, list.length);
  const flushNow = async () => {
    buffered = 0;
    // All taken at once, then written parents before children (games and markets first): what
    // arrives during the writes waits for the next flush, so no child goes before its parent.
    const b = {
      games: take(buf.games),
      markets: take(buf.markets),
      states: take(buf.states),
      quotes: take(buf.quotes),
      signals: take(buf.signals),
      decisions: take(buf.decisions),
      tradingStates: take(buf.tradingStates),
      finals: take(buf.finals),
      settlements: take(buf.settlements),
    };
    if (b.games.length) await store.recordGames(runId, b.games);
    if (b.markets.length) await store.recordMarkets(runId, b.markets);
    if (b.states.length) await store.recordGameStates(runId, b.states);
    if (b.quotes.length) await store.recordQuotes(runId, b.quotes);
    if (b.signals.length) await store.recordSignals(runId, b.signals);
    if (b.decisions.length) await store.recordRiskDecisions(runId, b.decisions);
    if (b.tradingStates.length) await store.recordTradingStates(runId, b.tradingStates);
    if (b.finals.length) await store.recordGameFinals(runId, b.finals);
    if (b.settlements.length) await store.recordSettlements(runId, b.settlements);
  };
  // One flush at a time: a full batch and a timer (trading-core's archiveEveryMs) may both ask.
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    const next = flushing.then(flushNow);
    flushing = next.catch(() => {});
    return next;
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
          const key = stateProgressKey(event.state);
          if (lastPlay.get(event.gameId) === key) return;
          lastPlay.set(event.gameId, key);
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
