/**
 * Local Polymarket order books, one per outcome token, kept from `book` snapshots and
 * `price_change` updates (venues.md §3.6). Pure: no I/O, no clock of its own, integers only.
 *
 * The channel has no sequence numbers, so a lost message cannot be detected from the stream.
 * Each book keeps the server `hash` of its last snapshot and counts the changes and the time
 * since; `needsResync` says when the caller should re-fetch `GET /book` and hand it to
 * `resync`, which reports whether the local book had drifted. A `price_change` carries the new
 * total size at a price (not a difference); the BookDelta it yields is the difference.
 */
import type { BookDelta, Level } from '../../core/events.js';
import type { EventId, InstrumentId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import type { PolymarketBook } from './parse-book.js';
import { type MicroShares, polymarketInstrumentId, sharesToCentis } from './parse-fields.js';
import type { PriceChange } from './parse-ws.js';

export interface ResyncPolicy {
  /** Re-fetch after this many price changes since the last snapshot. */
  readonly maxChangesSinceSnapshot: number;
  /** Re-fetch when the last snapshot is older than this, ms. */
  readonly maxSnapshotAgeMs: number;
}

export const DEFAULT_RESYNC_POLICY: ResyncPolicy = { maxChangesSinceSnapshot: 500, maxSnapshotAgeMs: 60_000 };

interface TokenBook {
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
  hash: string;
  snapshotAtMs: number;
  changesSinceSnapshot: number;
  tickSize: Micros | null;
  lastUpdateMs: number;
}

export interface ResyncResult {
  /** Whether the local levels equalled the fetched book's before it replaced them. */
  readonly matched: boolean;
  readonly previousHash: string | null;
}

function levelsOf(side: Map<number, number>, descending: boolean, depth: number): Level[] {
  const prices = [...side.keys()].sort((a, b) => (descending ? b - a : a - b));
  const out: Level[] = [];
  for (const price of prices) {
    if (out.length >= depth) break;
    const qty = sharesToCentis(side.get(price) as MicroShares);
    if (qty > 0) out.push({ price: price as Micros, qty });
  }
  return out;
}

function sameLevels(side: Map<number, number>, levels: PolymarketBook['bids']): boolean {
  if (side.size !== levels.length) return false;
  for (const l of levels) if (side.get(l.price) !== l.size) return false;
  return true;
}

export class PolymarketBooks {
  private readonly books = new Map<string, TokenBook>();
  private readonly policy: ResyncPolicy;
  private readonly instrumentIdOf: (tokenId: string) => InstrumentId;
  /** price_change messages for tokens with no snapshot yet: they cannot be applied. */
  ignoredChanges = 0;

  constructor(
    opts: {
      readonly policy?: ResyncPolicy;
      readonly instrumentIdOf?: (tokenId: string) => InstrumentId;
    } = {},
  ) {
    this.policy = opts.policy ?? DEFAULT_RESYNC_POLICY;
    this.instrumentIdOf = opts.instrumentIdOf ?? polymarketInstrumentId;
  }

  /** Replaces a token's book with a snapshot (REST `/book` or WS `book`). */
  applySnapshot(book: PolymarketBook, opts: { readonly nowMs: number }): void {
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    for (const l of book.bids) if (l.size > 0) bids.set(l.price, l.size);
    for (const l of book.asks) if (l.size > 0) asks.set(l.price, l.size);
    const previous = this.books.get(book.tokenId);
    this.books.set(book.tokenId, {
      bids,
      asks,
      hash: book.hash,
      snapshotAtMs: opts.nowMs,
      changesSinceSnapshot: 0,
      tickSize: book.tickSize ?? previous?.tickSize ?? null,
      lastUpdateMs: book.timestampMs,
    });
  }

  /**
   * Sets one level to its new total size. Returns the core BookDelta (signed change in
   * centi-contracts), or null when nothing visible changed or the token has no book yet.
   */
  applyPriceChange(
    change: PriceChange,
    opts: { readonly venueTs: number; readonly id: () => EventId; readonly nowMs: number },
  ): BookDelta | null {
    const book = this.books.get(change.tokenId);
    if (!book) {
      this.ignoredChanges += 1;
      return null;
    }
    const side = change.side === 'BUY' ? book.bids : book.asks;
    const before = side.get(change.price) ?? 0;
    if (change.size > 0) side.set(change.price, change.size);
    else side.delete(change.price);
    book.changesSinceSnapshot += 1;
    book.lastUpdateMs = opts.venueTs;
    const delta = sharesToCentis(change.size) - sharesToCentis(before as MicroShares);
    if (delta === 0) return null;
    return {
      type: 'BookDelta',
      id: opts.id(),
      ts: opts.nowMs,
      instrumentId: this.instrumentIdOf(change.tokenId),
      venue: 'polymarket',
      side: change.side === 'BUY' ? 'bid' : 'ask',
      price: change.price,
      delta: delta as Centis,
      venueTs: opts.venueTs,
    };
  }

  setTickSize(tokenId: string, tickSize: Micros): void {
    const book = this.books.get(tokenId);
    if (book) book.tickSize = tickSize;
  }

  tickSize(tokenId: string): Micros | null {
    return this.books.get(tokenId)?.tickSize ?? null;
  }

  /** Whether the caller should re-fetch `/book` for this token (no book, too many changes, or too old). */
  needsResync(tokenId: string, opts: { readonly nowMs: number }): boolean {
    const book = this.books.get(tokenId);
    if (!book) return true;
    return (
      book.changesSinceSnapshot >= this.policy.maxChangesSinceSnapshot ||
      opts.nowMs - book.snapshotAtMs >= this.policy.maxSnapshotAgeMs
    );
  }

  /** Compares a freshly fetched book with the local one, then adopts it. */
  resync(book: PolymarketBook, opts: { readonly nowMs: number }): ResyncResult {
    const local = this.books.get(book.tokenId);
    const matched =
      local !== undefined && sameLevels(local.bids, book.bids) && sameLevels(local.asks, book.asks);
    this.applySnapshot(book, opts);
    return { matched, previousHash: local?.hash ?? null };
  }

  hash(tokenId: string): string | null {
    return this.books.get(tokenId)?.hash ?? null;
  }

  changesSinceSnapshot(tokenId: string): number {
    return this.books.get(tokenId)?.changesSinceSnapshot ?? 0;
  }

  /** YES levels of one token, best first, at most `depth` per side. */
  levels(tokenId: string, depth = Number.POSITIVE_INFINITY): { bids: Level[]; asks: Level[] } | null {
    const book = this.books.get(tokenId);
    if (!book) return null;
    return { bids: levelsOf(book.bids, true, depth), asks: levelsOf(book.asks, false, depth) };
  }

  /** Raw sizes in micro-shares at one price, for exact checks. */
  sizeAt(tokenId: string, side: 'bid' | 'ask', price: Micros): MicroShares {
    const book = this.books.get(tokenId);
    return ((side === 'bid' ? book?.bids : book?.asks)?.get(price) ?? 0) as MicroShares;
  }

  get tokenCount(): number {
    return this.books.size;
  }
}
