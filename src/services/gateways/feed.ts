/**
 * What a market-data gateway needs of a venue's WebSocket client, so one gateway composition
 * (market-data-gateway.ts) serves Kalshi and Polymarket alike: follow and unfollow the venue's
 * symbols, the synced local book of each, whether the connection carrying it is open, and the
 * client's counters. The venue adapters (kalshi-feed.ts, polymarket-feed.ts) are thin wrappers
 * over our existing clients, which keep the books, reconnect with backoff and resync on gaps.
 */
import type { Level, Trade } from '../../core/events.js';

export type GatewayVenue = 'kalshi' | 'polymarket' | 'polymarket-us';

export interface BookLevels {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** Connection-level news, for the log. */
export interface FeedConnectionEvent {
  readonly kind: 'open' | 'closed' | 'error' | 'stale';
  readonly detail: string;
}

/** What a feed tells the gateway as frames arrive. */
export interface GatewayFeedEvents {
  /** A followed symbol's book changed: a snapshot (after a subscribe, reconnect or resync) or a change. */
  onBookChanged(symbol: string): void;
  /** A public trade on a followed symbol (its ids and times are the gateway's to set). */
  onTrade(symbol: string, trade: Trade): void;
  /**
   * The venue was heard (a frame or a keep-alive) on the connection carrying these symbols, after
   * that frame was handled; `all` when one connection carries every symbol.
   */
  onHeard(symbols: ReadonlySet<string> | 'all'): void;
  /** A frame that did not parse, with what was wrong; already counted by the feed. */
  onMalformed(reason: string): void;
  onConnection(event: FeedConnectionEvent): void;
}

/** The client's own counts, cumulative since the feed started. */
export interface FeedCounters {
  /** Frames handled (keep-alive answers aside). */
  readonly frames: number;
  readonly malformed: number;
  /** Sequence gaps (Kalshi) and local books found to differ from the venue's (Polymarket resyncs). */
  readonly gaps: number;
  /** Fresh snapshots asked for or fetched to repair a book. */
  readonly resyncs: number;
  readonly reconnects: number;
  /** Connections cut for silence. */
  readonly staleDrops: number;
}

export interface GatewayFeed {
  readonly venue: GatewayVenue;
  start(): void;
  stop(): Promise<void>;
  /** Subscribes the symbol (a Kalshi ticker, a Polymarket token id); again is a no-op. */
  follow(symbol: string): void;
  unfollow(symbol: string): void;
  /**
   * The symbol's local book when it is in sync with the venue on an open connection (its snapshot
   * since the connection opened, no gap since); null otherwise.
   */
  levels(symbol: string): BookLevels | null;
  /** Whether `levels(symbol)` would give a book, without building it (a replay's barrier asks often). */
  inSync(symbol: string): boolean;
  /** Whether the connection carrying the symbol is open. */
  isOpen(symbol: string): boolean;
  /** Whether every connection the feed holds is open (with none, whether it could be). */
  connected(): boolean;
  /**
   * Frames handled, for a replay's barrier: Kalshi counts those of the current connection (as the
   * simulator's `sentTo` counts the open ones), Polymarket all of them (as its `sentTo(tag)` does).
   */
  framesHandled(): number;
  counters(): FeedCounters;
}

/** A feed is made with the gateway's listener. */
export type GatewayFeedFactory = (events: GatewayFeedEvents) => GatewayFeed;
