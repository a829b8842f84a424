/**
 * The markets channel's frames to core events: each `marketData` is a whole book, so it becomes
 * a BookSnapshot (no deltas, no sequence numbers to check); each `trade` a Trade. Counts what it
 * saw, and knows when each market last spoke, for staleness. Pure: no Node API; the WebSocket
 * client and the benchmark both go through `onText`.
 */
import type { Clock } from '../../core/clock.js';
import type { BookSnapshot, Trade } from '../../core/events.js';
import type { EventId, InstrumentId } from '../../core/ids.js';
import { describePmusParseError } from './errors.js';
import { pmusInstrumentId } from './ids.js';
import { parsePmusWsText } from './parse-ws.js';

export type PmusFeedEvent = BookSnapshot | Trade;

export interface PmusFeedCounters {
  frames: number;
  books: number;
  trades: number;
  heartbeats: number;
  /** Frames that did not parse, each counted and skipped. */
  malformed: number;
  /** Error frames from the venue (`{requestId, error}`). */
  venueErrors: number;
}

export interface PmusMarketFeedOptions {
  readonly clock: Clock;
  readonly nextId: () => EventId;
  readonly sink: (event: PmusFeedEvent) => void;
  readonly instrumentIdOf?: (slug: string) => InstrumentId;
  readonly onMalformed?: (reason: string) => void;
  readonly onVenueError?: (message: string) => void;
}

export class PmusMarketFeed {
  readonly counters: PmusFeedCounters = {
    frames: 0,
    books: 0,
    trades: 0,
    heartbeats: 0,
    malformed: 0,
    venueErrors: 0,
  };
  /** Local time of the last book per market slug. */
  private readonly lastBookAt = new Map<string, number>();
  /** Local time of the last frame of any kind (heartbeats included). */
  lastFrameAt: number | null = null;
  private readonly instrumentIdOf: (slug: string) => InstrumentId;

  constructor(private readonly options: PmusMarketFeedOptions) {
    this.instrumentIdOf = options.instrumentIdOf ?? pmusInstrumentId;
  }

  /** One text frame. Never throws. */
  onText(text: string): void {
    const now = this.options.clock.now();
    this.counters.frames += 1;
    this.lastFrameAt = now;
    const parsed = parsePmusWsText(text);
    if (!parsed.ok) {
      this.counters.malformed += 1;
      this.options.onMalformed?.(describePmusParseError(parsed.error));
      return;
    }
    const frame = parsed.value;
    switch (frame.kind) {
      case 'heartbeat':
        this.counters.heartbeats += 1;
        return;
      case 'error':
        this.counters.venueErrors += 1;
        this.options.onVenueError?.(frame.message);
        return;
      case 'book': {
        this.counters.books += 1;
        this.lastBookAt.set(frame.book.slug, now);
        this.options.sink({
          type: 'BookSnapshot',
          id: this.options.nextId(),
          ts: now,
          instrumentId: this.instrumentIdOf(frame.book.slug),
          venue: 'polymarket-us',
          bids: frame.book.bids,
          asks: frame.book.asks,
          venueTs: frame.book.venueTs ?? now,
        });
        return;
      }
      case 'trade': {
        this.counters.trades += 1;
        this.options.sink({
          type: 'Trade',
          id: this.options.nextId(),
          ts: now,
          instrumentId: this.instrumentIdOf(frame.trade.slug),
          venue: 'polymarket-us',
          price: frame.trade.price,
          qty: frame.trade.qty,
          takerSide: frame.trade.takerBoughtYes === false ? 'no' : 'yes',
          venueTs: frame.trade.venueTs ?? now,
        });
        return;
      }
      case 'other':
        return;
    }
  }

  /** Markets among `slugs` with no book for `ttlMs` (or never). */
  staleMarkets(slugs: readonly string[], ttlMs: number): string[] {
    const now = this.options.clock.now();
    return slugs.filter((s) => {
      const at = this.lastBookAt.get(s);
      return at === undefined || now - at > ttlMs;
    });
  }
}
