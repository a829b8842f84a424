/**
 * Which books a market-data gateway publishes, and with what time. Pure: the gateway tells it
 * what changed and what the connection confirms; it answers with the events to publish.
 *
 * - A book that changed is published once per `due` (a burst of deltas becomes one snapshot),
 *   stamped `venueTs` = now: the local book, just brought up to date, is the venue's as of now.
 * - A quiet book is re-published when the venue has confirmed it again `refreshMs` after the last
 *   publication, stamped with the confirmation's time: frames arrive in order on one connection,
 *   so a connection in sync that was heard at T (a frame or a keep-alive after everything before
 *   it) says the book stood unchanged at T. The strategy measures a book's age from `venueTs`
 *   (PRICE_STALENESS_TTL), so a quiet book the venue keeps confirming stays fresh.
 * - A book on a connection that is closed, silent or out of sync (waiting for a snapshot after a
 *   gap or a reconnect) is not confirmed: nothing is published for it, and the last snapshot the
 *   strategy holds grows old until the connection is back in sync.
 *
 * BookDelta is not published. Every consumer (strategy, paper venues, position tracker marks)
 * reads snapshots, and a snapshot stands alone: under the bus's at-least-once delivery a
 * redelivered or lost delta would corrupt a rebuilt book, which a snapshot cannot.
 */
import type { ArbeesEvent, BookSnapshot, Trade } from '../../core/events.js';
import type { EventId, InstrumentId } from '../../core/ids.js';
import type { BookLevels, GatewayVenue } from './feed.js';

/** What the gateway knows of a symbol's book at the moment of publishing. */
export interface PublisherView {
  /** The synced local book, or null while it is not in sync. */
  levels(symbol: string): BookLevels | null;
  /**
   * When the venue last confirmed the connection carrying the symbol (clock ms), or null when
   * that connection is closed or out of sync.
   */
  confirmedAt(symbol: string): number | null;
}

interface Tracked {
  readonly instrumentId: InstrumentId;
  readonly symbol: string;
  changed: boolean;
  /** `venueTs` of the last snapshot published. */
  lastVenueTs: number | null;
}

export interface PublisherCounts {
  /** Snapshots published because the book changed. */
  changes: number;
  /** Snapshots re-published for a quiet book the venue confirmed. */
  refreshes: number;
  trades: number;
}

export class BookPublisher {
  private readonly bySymbol = new Map<string, Tracked>();
  private readonly byInstrument = new Map<InstrumentId, Tracked>();
  private trades: { readonly instrumentId: InstrumentId; readonly trade: Trade }[] = [];
  private ordered: Tracked[] | null = null;
  readonly counts: PublisherCounts = { changes: 0, refreshes: 0, trades: 0 };

  constructor(
    private readonly opts: {
      readonly venue: GatewayVenue;
      /** How long after a publication a confirmed quiet book is published again (clock ms). */
      readonly refreshMs: number;
      readonly nextId: () => EventId;
    },
  ) {
    if (!(opts.refreshMs > 0)) throw new Error(`refreshMs must be positive, got ${opts.refreshMs}`);
  }

  /** Starts tracking an instrument; false if it was tracked already. */
  track(instrumentId: InstrumentId, symbol: string): boolean {
    if (this.byInstrument.has(instrumentId)) return false;
    const t: Tracked = { instrumentId, symbol, changed: false, lastVenueTs: null };
    this.byInstrument.set(instrumentId, t);
    this.bySymbol.set(symbol, t);
    this.ordered = null;
    return true;
  }

  /** Stops tracking; returns the symbol it had, or null if it was not tracked. */
  untrack(instrumentId: InstrumentId): string | null {
    const t = this.byInstrument.get(instrumentId);
    if (!t) return null;
    this.byInstrument.delete(instrumentId);
    this.bySymbol.delete(t.symbol);
    this.ordered = null;
    this.trades = this.trades.filter((x) => x.instrumentId !== instrumentId);
    return t.symbol;
  }

  isTracked(symbol: string): boolean {
    return this.bySymbol.has(symbol);
  }

  /** The symbols tracked. */
  symbols(): IterableIterator<string> {
    return this.bySymbol.keys();
  }

  get size(): number {
    return this.byInstrument.size;
  }

  markChanged(symbol: string): void {
    const t = this.bySymbol.get(symbol);
    if (t) t.changed = true;
  }

  queueTrade(symbol: string, trade: Trade): void {
    const t = this.bySymbol.get(symbol);
    if (t) this.trades.push({ instrumentId: t.instrumentId, trade });
  }

  /** Whether anything changed or traded since the last `due`. */
  get pending(): boolean {
    return this.trades.length > 0 || [...this.byInstrument.values()].some((t) => t.changed);
  }

  /**
   * The events to publish now: the trades in the order they came, then a snapshot per book that
   * changed or is due a refresh, by instrument id so a replay publishes them in a fixed order.
   */
  due(now: number, view: PublisherView): ArbeesEvent[] {
    const out: ArbeesEvent[] = [];
    for (const { instrumentId, trade } of this.trades) {
      out.push({ ...trade, id: this.opts.nextId(), ts: now, instrumentId, venue: this.opts.venue });
      this.counts.trades += 1;
    }
    this.trades = [];
    for (const t of this.inIdOrder()) {
      const changed = t.changed;
      t.changed = false;
      const confirmed = view.confirmedAt(t.symbol);
      if (confirmed === null) continue;
      const refreshDue = t.lastVenueTs === null || confirmed - t.lastVenueTs >= this.opts.refreshMs;
      // A quiet book not yet due: its levels are not even looked at (a replay flushes after every task).
      if (!changed && !refreshDue) continue;
      const levels = view.levels(t.symbol);
      // Out of sync: its fresh snapshot marks it changed again when it comes.
      if (levels === null) continue;
      if (changed) {
        out.push(this.snapshot(t, levels, now, now));
        this.counts.changes += 1;
      } else {
        out.push(this.snapshot(t, levels, now, confirmed));
        this.counts.refreshes += 1;
      }
    }
    return out;
  }

  /** The tracked books by instrument id, sorted once per change of what is tracked. */
  private inIdOrder(): readonly Tracked[] {
    this.ordered ??= [...this.byInstrument.values()].sort((a, b) =>
      a.instrumentId < b.instrumentId ? -1 : a.instrumentId > b.instrumentId ? 1 : 0,
    );
    return this.ordered;
  }

  /** Each tracked instrument's published age at `now` (null before its first snapshot). */
  ages(now: number): { readonly instrumentId: InstrumentId; readonly ageMs: number | null }[] {
    return [...this.byInstrument.values()].map((t) => ({
      instrumentId: t.instrumentId,
      ageMs: t.lastVenueTs === null ? null : Math.max(0, now - t.lastVenueTs),
    }));
  }

  private snapshot(t: Tracked, levels: BookLevels, now: number, venueTs: number): BookSnapshot {
    t.lastVenueTs = venueTs;
    return {
      type: 'BookSnapshot',
      id: this.opts.nextId(),
      ts: now,
      instrumentId: t.instrumentId,
      venue: this.opts.venue,
      bids: levels.bids,
      asks: levels.asks,
      venueTs,
    };
  }
}
