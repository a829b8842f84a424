/**
 * Kalshi's market-data stream without the socket: one text frame in, parsed (parse-ws.ts),
 * applied to the local books (book.ts), and the normalised events out to the sinks. The
 * WebSocket client (ws.ts) feeds it every frame, and the ingest benchmark drives the same
 * `handleText`, so the measured path is the one that runs. Pure: no I/O, time from the Clock in
 * the parse context.
 *
 * A gap in a book subscription's `seq` (or a delta for a book with no snapshot) makes the books
 * of that subscription stale; the handler asks for fresh snapshots with `update_subscription`
 * `get_snapshot` (venues.md §2.6) through `sendCommand`, and drops their deltas until the
 * snapshot arrives. A frame that does not parse is counted and reported, never thrown.
 */
import type { BookDelta, BookSnapshot, Trade } from '../../core/events.js';
import { type BookUpdate, KalshiBooks, type KalshiOrderBook } from './book.js';
import type { KalshiParseError } from './errors.js';
import type { KalshiParseContext } from './parse-fields.js';
import type { KalshiFill, KalshiOrder } from './parse-portfolio.js';
import { parseKalshiWsText } from './parse-ws.js';

export interface KalshiStreamSinks {
  /** A book snapshot (after a subscribe or a resync) or a change applied to a synced book. */
  readonly onBook: (event: BookSnapshot | BookDelta) => void;
  readonly onTrade?: (event: Trade) => void;
  /** Our own fills (the private `fill` channel). */
  readonly onFill?: (fill: KalshiFill) => void;
  readonly onUserOrder?: (order: KalshiOrder) => void;
  readonly onParseError?: (error: KalshiParseError) => void;
  /** An `error` reply to one of our commands. */
  readonly onVenueError?: (error: { id: number | null; code: number; message: string }) => void;
}

/** Counters for metrics; the client adds the connection ones. */
export interface KalshiStreamCounters {
  /** Text frames handled. */
  messages: number;
  /** Frames that did not parse (bad JSON, wrong shape, bad decimal). */
  malformed: number;
  /** Sequence gaps and deltas without a snapshot, each needing a resync. */
  gaps: number;
  /** get_snapshot requests sent for stale books. */
  resyncs: number;
  /** `error` replies from the venue. */
  venueErrors: number;
  /** Deltas dropped because their book was waiting for a snapshot. */
  droppedWhileStale: number;
  /** Reconnections scheduled after a drop, a failed connect or a silent stream (ws.ts). */
  reconnects: number;
  /** Streams that went silent past the watchdog limit (ws.ts). */
  staleStreams: number;
}

export const newKalshiStreamCounters = (): KalshiStreamCounters => ({
  messages: 0,
  malformed: 0,
  gaps: 0,
  resyncs: 0,
  venueErrors: 0,
  droppedWhileStale: 0,
  reconnects: 0,
  staleStreams: 0,
});

export interface KalshiStreamOptions {
  readonly ctx: KalshiParseContext;
  readonly sinks: KalshiStreamSinks;
  /** Sends a command on the current connection (the handler builds it without its `id`). */
  readonly sendCommand: (cmd: string, params: Record<string, unknown>) => void;
  readonly counters?: KalshiStreamCounters;
  /** A `subscribed` reply: the connection's sid for a channel. */
  readonly onSubscribed?: (channel: string, sid: number) => void;
  /**
   * Whether a market is still followed; all are by default. A book or trade message for one that
   * is not (in flight when it was deleted from the subscription) only moves its sid's sequence.
   */
  readonly isWanted?: (ticker: string) => boolean;
}

export class KalshiMarketStream {
  readonly counters: KalshiStreamCounters;
  private books = new KalshiBooks();
  /** sid -> channel, from the `subscribed` replies of this connection. */
  private readonly channelOfSid = new Map<number, string>();

  constructor(private readonly opts: KalshiStreamOptions) {
    this.counters = opts.counters ?? newKalshiStreamCounters();
  }

  /** A new connection: sids start over, so every book waits for its new snapshot. */
  reset(): void {
    this.books = new KalshiBooks();
    this.channelOfSid.clear();
  }

  /** The synced book of a market, or undefined while it has none. */
  book(ticker: string): KalshiOrderBook | undefined {
    return this.books.book(ticker);
  }

  /** Drops the book of a market no longer followed (see `isWanted`). */
  forget(ticker: string): void {
    this.books.forget(ticker);
  }

  /** The sid of this connection's subscription to `channel`, once subscribed. */
  sidOf(channel: string): number | null {
    for (const [sid, c] of this.channelOfSid) if (c === channel) return sid;
    return null;
  }

  handleText(text: string): void {
    this.counters.messages += 1;
    const parsed = parseKalshiWsText(text, this.opts.ctx);
    if (!parsed.ok) {
      this.counters.malformed += 1;
      this.opts.sinks.onParseError?.(parsed.error);
      return;
    }
    const m = parsed.value;
    if ((m.type === 'orderbook_snapshot' || m.type === 'orderbook_delta') && !this.wanted(m.marketTicker)) {
      // Deleted from the subscription while this was on its way: the sequence still counts it.
      const update = this.books.observeSeq(m.sid, m.seq);
      if (update) this.afterUpdate(update);
      return;
    }
    if (m.type === 'trade' && !this.wanted(m.trade.ticker)) return;
    switch (m.type) {
      case 'orderbook_snapshot': {
        const update = this.books.onSnapshot(m);
        this.opts.sinks.onBook(m.event);
        this.afterUpdate(update);
        return;
      }
      case 'orderbook_delta': {
        const update = this.books.onDelta(m);
        if (update.kind === 'applied') this.opts.sinks.onBook(m.event);
        else this.afterUpdate(update);
        return;
      }
      case 'trade':
        this.opts.sinks.onTrade?.(m.trade.event);
        return;
      case 'fill':
        this.opts.sinks.onFill?.(m.fill);
        return;
      case 'user_order':
        this.opts.sinks.onUserOrder?.(m.order);
        return;
      case 'subscribed':
        this.channelOfSid.set(m.sid, m.channel);
        this.opts.onSubscribed?.(m.channel, m.sid);
        return;
      case 'unsubscribed':
        this.channelOfSid.delete(m.sid);
        this.books.onUnsubscribed(m.sid);
        return;
      case 'ok':
        if (m.sid !== null && m.seq !== null) {
          const update = this.books.observeSeq(m.sid, m.seq);
          if (update) this.afterUpdate(update);
        }
        return;
      case 'error':
        this.counters.venueErrors += 1;
        this.opts.sinks.onVenueError?.({ id: m.id, code: m.code, message: m.message });
        return;
      default:
        return; // ticker, positions, other channels: not used by this adapter yet
    }
  }

  private wanted(ticker: string): boolean {
    return this.opts.isWanted?.(ticker) ?? true;
  }

  private afterUpdate(update: BookUpdate): void {
    if (update.kind === 'awaiting_snapshot') {
      this.counters.droppedWhileStale += 1;
      return;
    }
    if (update.kind !== 'gap') return;
    this.counters.gaps += 1;
    if (update.tickers.length === 0) return;
    this.counters.resyncs += 1;
    this.opts.sendCommand('update_subscription', {
      sids: [update.sid],
      market_tickers: update.tickers,
      action: 'get_snapshot',
    });
  }
}
