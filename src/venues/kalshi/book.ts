/**
 * Local Kalshi order books, one per market, kept from `orderbook_snapshot` and `orderbook_delta`
 * messages (venues.md §2.6). Pure: no I/O, integers only.
 *
 * Input is what parse-ws.ts makes of those messages: a YES book. Kalshi sends YES bids and NO
 * bids; a NO bid at q is a YES ask at 1 - q under the default pricing, or at q itself when the
 * subscription set `use_yes_price: true` (then NO levels already carry YES-leg prices). The
 * parser applies that rule (KalshiParseContext.useYesPrice), so the books here never see a NO
 * price, and one subscription must not mix the two conventions. (The reference gives one sentence
 * on `use_yes_price`: "YES-leg prices on both sides"; that NO levels then keep `side: "no"` and
 * only their prices change is an inference to confirm on the demo exchange.)
 *
 * Sequence numbers belong to a subscription (`sid`), not to a market: one sid may carry many
 * markets, and a missed message could have been for any of them. So a jump in a sid's `seq`
 * makes every book of that sid stale until its next snapshot, and the caller asks for them with
 * `update_subscription` / `get_snapshot`.
 */
import type { Level } from '../../core/events.js';
import type { Centis, Micros } from '../../core/money.js';

/** One side: sizes by integer price, and the prices kept sorted ascending for best and depth. */
class PriceLadder {
  private readonly sizeByPrice = new Map<number, number>();
  private readonly prices: number[] = [];

  get levelCount(): number {
    return this.prices.length;
  }

  clear(): void {
    this.sizeByPrice.clear();
    this.prices.length = 0;
  }

  /** Adds a signed change; a level at or below zero is removed. Returns false if it removed from nothing. */
  apply(price: number, delta: number): boolean {
    const current = this.sizeByPrice.get(price);
    if (current === undefined) {
      if (delta <= 0) return false;
      this.sizeByPrice.set(price, delta);
      this.prices.splice(this.insertionIndex(price), 0, price);
      return true;
    }
    const next = current + delta;
    if (next > 0) {
      this.sizeByPrice.set(price, next);
    } else {
      this.sizeByPrice.delete(price);
      this.prices.splice(this.insertionIndex(price), 1);
    }
    return true;
  }

  /** The highest price (`fromTop`) or the lowest, with its size. */
  best(fromTop: boolean): Level | null {
    const price = fromTop ? this.prices[this.prices.length - 1] : this.prices[0];
    return price === undefined ? null : this.level(price);
  }

  /** Up to `depth` levels, best first. */
  levels(fromTop: boolean, depth: number): Level[] {
    const n = Math.min(depth, this.prices.length);
    const out: Level[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const price = fromTop ? this.prices[this.prices.length - 1 - i]! : this.prices[i]!;
      out[i] = this.level(price);
    }
    return out;
  }

  private level(price: number): Level {
    return { price: price as Micros, qty: this.sizeByPrice.get(price)! as Centis };
  }

  /** First index whose price is >= `price` (binary search). */
  private insertionIndex(price: number): number {
    let lo = 0;
    let hi = this.prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.prices[mid]! < price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The book of one market: YES bids and YES asks. */
export class KalshiOrderBook {
  private readonly bids = new PriceLadder();
  private readonly asks = new PriceLadder();

  constructor(readonly ticker: string) {}

  /** Replaces the whole book; levels in any order, duplicates summed, empty ones ignored. */
  replace(book: { readonly bids: readonly Level[]; readonly asks: readonly Level[] }): void {
    this.bids.clear();
    this.asks.clear();
    for (const l of book.bids) this.bids.apply(l.price, l.qty);
    for (const l of book.asks) this.asks.apply(l.price, l.qty);
  }

  /** A signed change at one price; false if it took size from a level that was not there. */
  apply(side: 'bid' | 'ask', price: Micros, delta: Centis): boolean {
    return (side === 'bid' ? this.bids : this.asks).apply(price, delta);
  }

  bestBid(): Level | null {
    return this.bids.best(true);
  }

  bestAsk(): Level | null {
    return this.asks.best(false);
  }

  /** Up to `depth` levels a side (all by default), best first: the shape of a BookSnapshot. */
  levels(depth = Number.POSITIVE_INFINITY): { bids: Level[]; asks: Level[] } {
    return { bids: this.bids.levels(true, depth), asks: this.asks.levels(false, depth) };
  }

  get levelCount(): { readonly bids: number; readonly asks: number } {
    return { bids: this.bids.levelCount, asks: this.asks.levelCount };
  }

  /** A bid at or above the ask: never so on the venue, so the book has drifted and needs a snapshot. */
  isCrossed(): boolean {
    const bid = this.bestBid();
    const ask = this.bestAsk();
    return bid !== null && ask !== null && bid.price >= ask.price;
  }
}

export type BookUpdate =
  | { readonly kind: 'applied'; readonly ticker: string }
  /**
   * Data was missed: `seq_jump` (expected `expected`, got `got`) or a delta for a book with no
   * snapshot yet (`expected` null). Ask for snapshots of `tickers` on `sid`.
   */
  | {
      readonly kind: 'gap';
      readonly reason: 'seq_jump' | 'no_snapshot';
      readonly sid: number;
      readonly expected: number | null;
      readonly got: number;
      readonly tickers: readonly string[];
    }
  /** A delta for a book already reported stale: dropped, its snapshot is on the way. */
  | { readonly kind: 'awaiting_snapshot'; readonly ticker: string };

export interface SnapshotInput {
  readonly sid: number;
  readonly seq: number;
  readonly marketTicker: string;
  readonly event: { readonly bids: readonly Level[]; readonly asks: readonly Level[] };
}

export interface DeltaInput {
  readonly sid: number;
  readonly seq: number;
  readonly marketTicker: string;
  readonly event: { readonly side: 'bid' | 'ask'; readonly price: Micros; readonly delta: Centis };
}

interface BookEntry {
  readonly book: KalshiOrderBook;
  sid: number;
  synced: boolean;
  /** A gap was already returned for this book; later deltas are dropped quietly. */
  gapReported: boolean;
}

interface Subscription {
  lastSeq: number | null;
  readonly tickers: Set<string>;
}

/** Every market's book, and the sequence of every book subscription. */
export class KalshiBooks {
  private readonly entries = new Map<string, BookEntry>();
  private readonly subscriptions = new Map<number, Subscription>();
  private negativeOnMissing = 0;

  /** Deltas that took size from a level the book did not have: a sign of drift, for the caller to count. */
  get negativeDeltasOnMissingLevels(): number {
    return this.negativeOnMissing;
  }

  /** The book of a market, or undefined while it has no snapshot (or is stale after a gap). */
  book(ticker: string): KalshiOrderBook | undefined {
    const entry = this.entries.get(ticker);
    return entry?.synced ? entry.book : undefined;
  }

  onSnapshot(m: SnapshotInput): BookUpdate {
    const sub = this.subscription(m.sid);
    const jump = this.advance(sub, m.seq);
    const entry = this.adopt(m.marketTicker, m.sid, sub);
    entry.book.replace(m.event);
    entry.synced = true;
    entry.gapReported = false;
    if (jump === null) return { kind: 'applied', ticker: m.marketTicker };
    const stale = this.markStale(sub, m.marketTicker);
    return stale.length === 0
      ? { kind: 'applied', ticker: m.marketTicker }
      : { kind: 'gap', reason: 'seq_jump', sid: m.sid, expected: jump, got: m.seq, tickers: stale };
  }

  onDelta(m: DeltaInput): BookUpdate {
    const sub = this.subscription(m.sid);
    const jump = this.advance(sub, m.seq);
    if (jump !== null) {
      // This delta may rest on what was missed, so it is dropped with the rest of the sid's books.
      this.adopt(m.marketTicker, m.sid, sub);
      const stale = this.markStale(sub, null);
      return { kind: 'gap', reason: 'seq_jump', sid: m.sid, expected: jump, got: m.seq, tickers: stale };
    }
    const entry = this.entries.get(m.marketTicker);
    if (!entry?.synced || entry.sid !== m.sid) {
      if (entry?.gapReported && entry.sid === m.sid)
        return { kind: 'awaiting_snapshot', ticker: m.marketTicker };
      this.adopt(m.marketTicker, m.sid, sub).gapReported = true;
      return {
        kind: 'gap',
        reason: 'no_snapshot',
        sid: m.sid,
        expected: null,
        got: m.seq,
        tickers: [m.marketTicker],
      };
    }
    const { side, price, delta } = m.event;
    if (!entry.book.apply(side, price, delta)) this.negativeOnMissing += 1;
    return { kind: 'applied', ticker: m.marketTicker };
  }

  /**
   * Another message with a `seq` on a book subscription (an `ok` to update_subscription):
   * whether it shares the book sequence is not documented, so feed it; a false gap costs one
   * snapshot, a missed one a wrong book.
   */
  observeSeq(sid: number, seq: number): BookUpdate | null {
    const sub = this.subscriptions.get(sid);
    if (!sub) return null;
    const jump = this.advance(sub, seq);
    if (jump === null) return null;
    const stale = this.markStale(sub, null);
    return stale.length === 0
      ? null
      : { kind: 'gap', reason: 'seq_jump', sid, expected: jump, got: seq, tickers: stale };
  }

  /** A market no longer followed (`delete_markets`): its book is dropped; its subscription's sequence goes on. */
  forget(ticker: string): void {
    const entry = this.entries.get(ticker);
    if (!entry) return;
    this.subscriptions.get(entry.sid)?.tickers.delete(ticker);
    this.entries.delete(ticker);
  }

  /** The subscription is gone: forget its sequence and its books. */
  onUnsubscribed(sid: number): void {
    const sub = this.subscriptions.get(sid);
    if (!sub) return;
    for (const ticker of sub.tickers) if (this.entries.get(ticker)?.sid === sid) this.entries.delete(ticker);
    this.subscriptions.delete(sid);
  }

  private subscription(sid: number): Subscription {
    let sub = this.subscriptions.get(sid);
    if (!sub) {
      sub = { lastSeq: null, tickers: new Set() };
      this.subscriptions.set(sid, sub);
    }
    return sub;
  }

  /** Records `seq`; returns the seq that was expected if this one is not the next, else null. */
  private advance(sub: Subscription, seq: number): number | null {
    const expected = sub.lastSeq === null ? null : sub.lastSeq + 1;
    sub.lastSeq = seq;
    return expected !== null && seq !== expected ? expected : null;
  }

  /** Marks the sid's books stale (but `except`); returns their tickers, sorted for stable output. */
  private markStale(sub: Subscription, except: string | null): string[] {
    const stale: string[] = [];
    for (const ticker of sub.tickers) {
      const entry = this.entries.get(ticker);
      if (ticker === except || !entry) continue;
      entry.synced = false;
      entry.gapReported = true;
      stale.push(ticker);
    }
    return stale.sort();
  }

  /** The entry of a market, created if new, and moved to subscription `sid` if it was on another. */
  private adopt(ticker: string, sid: number, sub: Subscription): BookEntry {
    let entry = this.entries.get(ticker);
    if (!entry) {
      entry = { book: new KalshiOrderBook(ticker), sid, synced: false, gapReported: false };
      this.entries.set(ticker, entry);
    } else if (entry.sid !== sid) {
      this.subscriptions.get(entry.sid)?.tickers.delete(ticker);
      entry.sid = sid;
      entry.synced = false;
      entry.gapReported = false;
    }
    sub.tickers.add(ticker);
    return entry;
  }
}
