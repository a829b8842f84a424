/** What the gateway tests share: instruments as discovery maps them, a bus watcher, a wait. */
import type { Bus } from '../../bus/port.js';
import type { ArbeesEvent, MarketClosed, MarketMapped, Topic } from '../../core/events.js';
import { asEventId, asGameId, asInstrumentId, type InstrumentId } from '../../core/ids.js';
import { type OutcomeKind, outcomeIdFor, type VenueInstrument } from '../../core/instruments.js';
import type { Micros } from '../../core/money.js';
import type { GatewayVenue } from './feed.js';

export const GAME = asGameId('nfl:test-game');

export function testInstrument(
  venue: GatewayVenue,
  symbol: string,
  outcome: OutcomeKind = 'home_win',
): VenueInstrument {
  return {
    instrumentId: asInstrumentId(`${venue}:${symbol}`),
    venue,
    symbol,
    gameId: GAME,
    outcomeId: outcomeIdFor(GAME, outcome),
    outcome,
    tickSize: 10_000 as Micros,
    fees: { kind: 'none' },
    settlement: { includesOvertime: true, drawPossible: true, postponement: 'follows_rescheduled_game' },
    simulated: true,
  };
}

let n = 0;
export const mapped = (instrument: VenueInstrument, ts = 0): MarketMapped => ({
  type: 'MarketMapped',
  id: asEventId(`test-mapped:${++n}`),
  ts,
  instrument,
});
export const closed = (instrumentId: InstrumentId, ts = 0): MarketClosed => ({
  type: 'MarketClosed',
  id: asEventId(`test-closed:${++n}`),
  ts,
  instrumentId,
});

/** Every event of the topics, in the order handled. */
export function watch(bus: Bus, topics: readonly Topic[]) {
  const seen: ArbeesEvent[] = [];
  const sub = bus.subscribe({
    group: `watch-${++n}`,
    consumer: 'w',
    topics,
    handler: (e) => void seen.push(e),
  });
  return { seen, close: () => sub.close() };
}

/** Waits (polling every 5 ms) until `check` is true; fails naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
