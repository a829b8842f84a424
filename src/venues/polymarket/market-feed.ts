/**
 * The market channel's frames to local books and core events: parse (parse-ws), apply to the
 * books (book.ts), emit BookSnapshot / BookDelta / Trade to a sink. The WebSocket client and the
 * benchmark both go through `onText`, so the bench measures the client's own path.
 * Resync: a REST `/book` replaces the local book after the levels are compared; a difference
 * is counted as a mismatch. The hashes alone cannot settle it: a lost price change leaves the
 * stream's later hashes equal to the venue's while the local levels are wrong. Whether the
 * hashes agreed is reported (agreeing hashes with different levels prove a lost message,
 * differing ones may be a change in flight). Pure: no Node API.
 */

import type { Clock } from '../../core/clock.js';
import type { ArbeesEvent, BookSnapshot } from '../../core/events.js';
import type { EventId, InstrumentId } from '../../core/ids.js';
import { PolymarketBooks, type ResyncPolicy } from './book.js';
import { describePolymarketParseError } from './errors.js';
import { type PolymarketBook, polymarketBookSnapshot } from './parse-book.js';
import { polymarketInstrumentId } from './parse-fields.js';
import { parsePolymarketWsText, polymarketTrade } from './parse-ws.js';

export type MarketFeedEvent = Extract<ArbeesEvent, { type: 'BookSnapshot' | 'BookDelta' | 'Trade' }>;

export interface MarketFeedCounters {
  /** Frames received (PONG included). */
  frames: number;
  /** Frames that did not parse, each counted and skipped. */
  malformed: number;
  pongs: number;
  /** REST books fetched to check the local one. */
  resyncs: number;
  /** Resyncs where the local book differed from the venue's. */
  hashMismatches: number;
  /** Fetched books older than the stream's last change for the token, not adopted. */
  staleResyncs: number;
}

export interface MarketFeedOptions {
  readonly clock: Clock;
  readonly nextId: () => EventId;
  readonly sink: (event: MarketFeedEvent) => void;
  readonly instrumentIdOf?: (tokenId: string) => InstrumentId;
  readonly policy?: ResyncPolicy;
  /** Told of each malformed frame, with a message naming what was wrong. */
  readonly onMalformed?: (reason: string) => void;
}

export class PolymarketMarketFeed {
  readonly books: PolymarketBooks;
  readonly counters: MarketFeedCounters = {
    frames: 0,
    malformed: 0,
    pongs: 0,
    resyncs: 0,
    hashMismatches: 0,
    staleResyncs: 0,
  };
  /** The newest hash the stream gave per token (a book's, or a price change's). */
  private readonly lastHash = new Map<string, string>();
  /** The venue time of the newest book or change applied per token. */
  private readonly lastVenueTs = new Map<string, number>();
  private readonly ctx;

  constructor(private readonly options: MarketFeedOptions) {
    const instrumentIdOf = options.instrumentIdOf ?? polymarketInstrumentId;
    this.books = new PolymarketBooks({
      instrumentIdOf,
      ...(options.policy ? { policy: options.policy } : {}),
    });
    this.ctx = { clock: options.clock, nextId: options.nextId, instrumentIdOf };
  }

  /** One text frame from the market channel. Never throws: a bad frame is counted. */
  onText(text: string): void {
    this.counters.frames += 1;
    const parsed = parsePolymarketWsText(text);
    if (!parsed.ok) {
      this.counters.malformed += 1;
      this.options.onMalformed?.(describePolymarketParseError(parsed.error));
      return;
    }
    const nowMs = this.options.clock.now();
    for (const msg of parsed.value) {
      switch (msg.type) {
        case 'book':
          this.books.applySnapshot(msg.book, { nowMs });
          this.lastHash.set(msg.book.tokenId, msg.book.hash);
          this.lastVenueTs.set(msg.book.tokenId, msg.book.timestampMs);
          this.options.sink(polymarketBookSnapshot(msg.book, this.ctx));
          break;
        case 'price_change':
          for (const change of msg.changes) {
            const delta = this.books.applyPriceChange(change, {
              venueTs: msg.timestampMs,
              id: this.options.nextId,
              nowMs,
            });
            if (this.books.hash(change.tokenId) !== null) {
              if (change.hash !== null) this.lastHash.set(change.tokenId, change.hash);
              this.lastVenueTs.set(
                change.tokenId,
                Math.max(msg.timestampMs, this.lastVenueTs.get(change.tokenId) ?? 0),
              );
            }
            if (delta) this.options.sink(delta);
          }
          break;
        case 'last_trade_price':
          this.options.sink(polymarketTrade(msg, this.ctx));
          break;
        case 'tick_size_change':
          this.books.setTickSize(msg.tokenId, msg.newTickSize);
          break;
        case 'pong':
          this.counters.pongs += 1;
          break;
        case 'ignored':
          break;
      }
    }
  }

  /** Whether the token's book is due for a REST check. */
  needsResync(tokenId: string): boolean {
    return this.books.needsResync(tokenId, { nowMs: this.options.clock.now() });
  }

  /**
   * Checks the local book against a REST `/book` and adopts the fetched one. Returns whether
   * they differed; a difference is counted and a fresh BookSnapshot emitted.
   */
  resync(book: PolymarketBook): {
    readonly mismatch: boolean;
    readonly hashAgreed: boolean;
    readonly stale: boolean;
  } {
    this.counters.resyncs += 1;
    const hashAgreed = this.lastHash.get(book.tokenId) === book.hash;
    // The stream moved past the fetched book while it was in flight: adopting it would undo
    // changes already applied. Left for the next round.
    if (book.timestampMs < (this.lastVenueTs.get(book.tokenId) ?? 0)) {
      this.counters.staleResyncs += 1;
      return { mismatch: false, hashAgreed, stale: true };
    }
    const result = this.books.resync(book, { nowMs: this.options.clock.now() });
    this.lastHash.set(book.tokenId, book.hash);
    this.lastVenueTs.set(book.tokenId, book.timestampMs);
    const mismatch = !result.matched;
    if (mismatch) {
      this.counters.hashMismatches += 1;
      this.options.sink(polymarketBookSnapshot(book, this.ctx));
    }
    return { mismatch, hashAgreed, stale: false };
  }

  /** The local book of a token as a core snapshot, or null before its first `book`. */
  snapshot(tokenId: string): BookSnapshot | null {
    const levels = this.books.levels(tokenId);
    if (!levels) return null;
    return {
      type: 'BookSnapshot',
      id: this.options.nextId(),
      ts: this.options.clock.now(),
      instrumentId: this.ctx.instrumentIdOf(tokenId),
      venue: 'polymarket',
      ...levels,
      venueTs: this.options.clock.now(),
    };
  }
}
