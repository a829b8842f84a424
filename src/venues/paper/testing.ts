/** Test plumbing for the paper venue: instruments, books, intents, and a sleep the test wakes. */
import type { SimulatedClock } from '../../core/clock.js';
import type { BookDelta, BookSnapshot, OrderIntent } from '../../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../../core/fees.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asOutcomeId,
  asSignalId,
  type InstrumentId,
} from '../../core/ids.js';
import type { VenueInstrument, VenueName } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';

export const KALSHI_INSTRUMENT = asInstrumentId('kalshi:G-HOME');
export const POLY_INSTRUMENT = asInstrumentId('polymarket:123456');

export function paperInstrument(
  venue: Extract<VenueName, 'kalshi' | 'polymarket'>,
  over: Partial<VenueInstrument> = {},
): VenueInstrument {
  return {
    instrumentId: venue === 'kalshi' ? KALSHI_INSTRUMENT : POLY_INSTRUMENT,
    venue,
    symbol: venue === 'kalshi' ? 'G-HOME' : '123456',
    gameId: asGameId('G'),
    outcomeId: asOutcomeId('G/home_win'),
    outcome: 'home_win',
    tickSize: 10_000 as Micros,
    fees: venue === 'kalshi' ? KALSHI_SPORTS_FEES : POLYMARKET_SPORTS_FEES,
    settlement: { includesOvertime: true, drawPossible: false, postponement: 'follows_rescheduled_game' },
    simulated: false,
    ...over,
  };
}

/** `[cents, contracts]` pairs to levels. */
const levels = (ls: readonly (readonly [number, number])[]) =>
  ls.map(([cents, contracts]) => ({ price: (cents * 10_000) as Micros, qty: (contracts * 100) as Centis }));

let bookSeq = 0;

export function snapshot(opts: {
  instrumentId: InstrumentId;
  venue: VenueName;
  venueTs: number;
  bids: readonly (readonly [number, number])[];
  asks: readonly (readonly [number, number])[];
}): BookSnapshot {
  bookSeq += 1;
  return {
    type: 'BookSnapshot',
    id: asEventId(`book:${bookSeq}`),
    ts: opts.venueTs,
    instrumentId: opts.instrumentId,
    venue: opts.venue,
    bids: levels(opts.bids),
    asks: levels(opts.asks),
    venueTs: opts.venueTs,
  };
}

export function delta(opts: {
  instrumentId: InstrumentId;
  venue: VenueName;
  venueTs: number;
  side: 'bid' | 'ask';
  cents: number;
  contracts: number;
}): BookDelta {
  bookSeq += 1;
  return {
    type: 'BookDelta',
    id: asEventId(`delta:${bookSeq}`),
    ts: opts.venueTs,
    instrumentId: opts.instrumentId,
    venue: opts.venue,
    side: opts.side,
    price: (opts.cents * 10_000) as Micros,
    delta: (opts.contracts * 100) as Centis,
    venueTs: opts.venueTs,
  };
}

export function paperIntent(
  over: Omit<Partial<OrderIntent>, 'clientOrderId'> & { clientOrderId: string },
): OrderIntent {
  const { clientOrderId, ...rest } = over;
  return {
    type: 'OrderIntent',
    id: asEventId(`intent:${clientOrderId}`),
    ts: 0,
    clientOrderId: asClientOrderId(clientOrderId),
    signalId: asSignalId(clientOrderId.split('.')[0] ?? clientOrderId),
    leg: 1,
    gameId: asGameId('G'),
    instrumentId: KALSHI_INSTRUMENT,
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    qty: 1_000 as Centis,
    limitPrice: 500_000 as Micros,
    tif: 'IOC',
    legCount: 1,
    purpose: 'entry',
    ...rest,
  };
}

/**
 * A sleep that returns only when the test wakes it: `wake()` moves the clock on by the sleep's
 * length and lets the sleeper go, so the test decides what happens to the book meanwhile.
 * `asleep()` is the barrier: it resolves once something is sleeping.
 */
export class ManualSleep {
  private readonly waiting: { ms: number; resolve: () => void }[] = [];
  private readonly watchers: (() => void)[] = [];
  /** Every sleep asked for, in order. */
  readonly asked: number[] = [];

  constructor(private readonly clock: SimulatedClock) {}

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.asked.push(ms);
      this.waiting.push({ ms, resolve });
      for (const w of this.watchers.splice(0)) w();
    });

  get pending(): number {
    return this.waiting.length;
  }

  /** Resolves with the length of the oldest sleep once there is one. */
  asleep(): Promise<number> {
    const first = this.waiting[0];
    if (first) return Promise.resolve(first.ms);
    return new Promise<number>((resolve) => this.watchers.push(() => resolve(this.waiting[0]!.ms)));
  }

  /** Ends the oldest sleep, moving the clock on by its length. */
  wake(): void {
    const next = this.waiting.shift();
    if (!next) throw new Error('nothing is sleeping');
    this.clock.advance(next.ms);
    next.resolve();
  }
}
