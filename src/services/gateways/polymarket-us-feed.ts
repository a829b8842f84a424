/**
 * Polymarket US's market data for a gateway: our markets WebSocket client
 * (src/venues/polymarket-us/ws.ts) on the signed handshake (the channel needs an API key even on
 * paper), and our frame reader (market-feed.ts). Every `marketData` frame is the market's whole
 * book, so a market is in sync from its first book on the current connection until that
 * connection closes; there are no sequence numbers to check and nothing to resync. One connection
 * carries every market, and any frame on it (the venue's heartbeat included) confirms them all.
 */
import type { Clock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import type { Backoff, Timers } from '../../venues/polymarket/socket.js';
import type { PmusSigningKey } from '../../venues/polymarket-us/auth.js';
import { PmusMarketFeed } from '../../venues/polymarket-us/market-feed.js';
import { PmusMarketWs } from '../../venues/polymarket-us/ws.js';
import type { BookLevels, FeedCounters, GatewayFeed, GatewayFeedEvents, GatewayFeedFactory } from './feed.js';

const PREFIX = 'polymarket-us:';

export interface PolymarketUsFeedOptions {
  /** The WebSocket origin, e.g. `wss://api.polymarket.us` or a simulator's ws:// origin. */
  readonly origin: string;
  readonly key: PmusSigningKey;
  /** Stamps the reader's internal events; the gateway restamps what it publishes. */
  readonly clock: Clock;
  /** Reconnect when nothing (not even a heartbeat) came for this long, wall ms (default 30 s). */
  readonly silenceMs?: number;
  readonly backoff?: Backoff;
  readonly timers?: Timers;
  readonly random?: () => number;
}

export function polymarketUsFeed(opts: PolymarketUsFeedOptions): GatewayFeedFactory {
  return (events: GatewayFeedEvents): GatewayFeed => {
    const internal = new EventIdSequence('polymarket-us-ws-internal');
    const followed = new Set<string>();
    /** Each followed market's last whole book on the current connection. */
    const books = new Map<string, BookLevels>();
    let reconnects = 0;
    const feed = new PmusMarketFeed({
      clock: opts.clock,
      nextId: () => internal.next(),
      onMalformed: (reason) => events.onMalformed(reason),
      onVenueError: (message) => events.onConnection({ kind: 'error', detail: `venue said: ${message}` }),
      sink: (event) => {
        const slug = event.instrumentId.slice(PREFIX.length);
        if (!followed.has(slug)) return;
        if (event.type === 'Trade') return events.onTrade(slug, event);
        books.set(slug, { bids: event.bids, asks: event.asks });
        events.onBookChanged(slug);
      },
    });
    let ws: PmusMarketWs | null = null;
    const open = (): PmusMarketWs => {
      ws ??= new PmusMarketWs({
        origin: opts.origin,
        key: opts.key,
        slugs: [],
        onText: (text) => {
          feed.onText(text);
          events.onHeard('all');
        },
        ...(opts.silenceMs === undefined ? {} : { silenceMs: opts.silenceMs }),
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        ...(opts.timers ? { timers: opts.timers } : {}),
        ...(opts.random ? { random: opts.random } : {}),
        onConnectionEvent: (event) => {
          // A new or lost connection: every book waits for its fresh whole book.
          if (event.kind === 'open' || event.kind === 'close') books.clear();
          if (event.kind === 'open' && ws && ws.counters.connects > 1) reconnects += 1;
          events.onConnection({
            kind: event.kind === 'close' ? 'closed' : event.kind === 'silent' ? 'stale' : event.kind,
            detail: event.detail,
          });
        },
      });
      return ws;
    };
    let stopped = false;
    const inSync = (slug: string) => followed.has(slug) && books.has(slug) && ws?.open === true;
    return {
      venue: 'polymarket-us',
      // The connection opens with the first market followed: it has nothing to say before.
      start: () => undefined,
      stop: async () => {
        stopped = true;
        ws?.close();
      },
      follow: (slug) => {
        if (stopped || followed.has(slug)) return;
        followed.add(slug);
        open().subscribe([slug]);
      },
      unfollow: (slug) => {
        if (!followed.delete(slug)) return;
        books.delete(slug);
        ws?.unsubscribe([slug]);
      },
      levels: (slug) => (inSync(slug) ? (books.get(slug) ?? null) : null),
      inSync,
      isOpen: () => ws?.open === true,
      connected: () => ws === null || ws.open,
      framesHandled: () => feed.counters.frames,
      counters: (): FeedCounters => ({
        frames: feed.counters.frames,
        malformed: feed.counters.malformed,
        gaps: 0,
        resyncs: 0,
        reconnects,
        staleDrops: ws?.counters.silentDrops ?? 0,
      }),
    };
  };
}
