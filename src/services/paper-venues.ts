/**
 * The paper venues of a run: opened (from the store, when the run keeps its accounts there) and
 * fed the instruments, books and settlements they match against.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import type { Store } from '../store/port.js';
import { PaperVenue } from '../venues/paper/paper-venue.js';
import type { PaperAccountPersistence } from '../venues/paper/persistence.js';
import type { Logger } from './logger.js';

/** The paper account of one venue in a run, kept in the store. */
export function storePaperPersistence(opts: {
  readonly store: Store;
  readonly runId: RunId;
  readonly venue: VenueName;
}): PaperAccountPersistence {
  const { store, runId, venue } = opts;
  return {
    load: () => store.loadPaperAccount(runId, venue),
    save: (change) => store.savePaperAccount(runId, venue, change),
  };
}

export interface PaperVenuesOptions {
  readonly clock: Clock;
  /** The venues to open, each with its starting cash (an account restored from the store keeps its own). */
  readonly accounts: readonly { readonly venue: VenueName; readonly startingBalance: Micros }[];
  /**
   * Submission to matching per venue, ms (DEFAULT_PAPER_LATENCY_MS in paper runs); a venue not
   * named: 0. Backtests and replays on the timeline must leave it at 0: waiting for a later
   * timeline task from inside one never ends.
   */
  readonly latencyMs?: Partial<Record<VenueName, number>>;
  /** How latency and taker delays are waited out (a timer, or `sleepOnScheduler`). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** No fill against a book the venue stamped longer ago than this, ms. */
  readonly maxBookAgeMs?: number;
  /**
   * Where the accounts are kept, so the run started again under its id continues them. Absent:
   * in memory only, nothing written (the backtest).
   */
  readonly persist?: { readonly store: Store; readonly runId: RunId };
  readonly log: Logger;
}

export async function openPaperVenues(opts: PaperVenuesOptions): Promise<Map<VenueName, PaperVenue>> {
  const venues = new Map<VenueName, PaperVenue>();
  for (const { venue, startingBalance } of opts.accounts) {
    const options = {
      venue,
      clock: opts.clock,
      startingBalance,
      latencyMs: opts.latencyMs?.[venue] ?? 0,
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      ...(opts.maxBookAgeMs !== undefined ? { maxBookAgeMs: opts.maxBookAgeMs } : {}),
      onPersistError: (error: unknown) =>
        opts.log.warn('paper account not saved; retried with the next change', {
          venue,
          error: String(error),
        }),
    };
    const persist = opts.persist;
    venues.set(
      venue,
      persist
        ? await PaperVenue.open({ ...options, persistence: storePaperPersistence({ ...persist, venue }) })
        : new PaperVenue(options),
    );
  }
  return venues;
}

export function startPaperVenueFeed(opts: {
  bus: Bus;
  venues: ReadonlyMap<VenueName, PaperVenue>;
  /** Every process holding paper venues needs every book: a group of its own. */
  group?: string;
  consumer?: string;
}): Subscription {
  return opts.bus.subscribe({
    group: opts.group ?? 'paper-venues',
    consumer: opts.consumer ?? 'paper-venues-1',
    topics: ['markets', 'md'],
    // Not async: a book is applied within its delivery, as the backtest always had it. Only a
    // settlement returns a promise, done once the account is saved.
    handler: (event) => {
      if (event.type === 'MarketMapped')
        opts.venues.get(event.instrument.venue)?.addInstrument(event.instrument);
      else if (event.type === 'BookSnapshot') opts.venues.get(event.venue)?.onBook(event);
      else if (event.type === 'BookDelta') opts.venues.get(event.venue)?.onBookDelta(event);
      else if (event.type === 'MarketSettled')
        return opts.venues.get(event.venue)?.settle(event.instrumentId, event.result);
    },
  });
}
