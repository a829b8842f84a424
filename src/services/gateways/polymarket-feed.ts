/**
 * Polymarket's market channel for a gateway: our market feed (books, price changes, trades) over
 * our WebSocket client (src/venues/polymarket/ws.ts), which spreads tokens over connections,
 * PINGs, reconnects with backoff, and checks due books against REST `/book`. The market channel
 * is public: no wallet or API key here.
 *
 * The channel has no sequence numbers (venues.md §3.6). A token's book is in sync from the `book`
 * its connection sent after it last opened (or a REST resync) until that connection closes; a
 * silent connection (no PONG to our PINGs) is dropped by the client's watchdog and reconnects.
 */
import type { Clock } from '../../core/clock.js';
import { asInstrumentId, EventIdSequence } from '../../core/ids.js';
import type { ResyncPolicy } from '../../venues/polymarket/book.js';
import { PolymarketHttp } from '../../venues/polymarket/http.js';
import { PolymarketMarketFeed } from '../../venues/polymarket/market-feed.js';
import { restBookFetcher } from '../../venues/polymarket/markets.js';
import type { Backoff, Timers } from '../../venues/polymarket/socket.js';
import { PolymarketMarketWs } from '../../venues/polymarket/ws.js';
import type { FeedCounters, GatewayFeed, GatewayFeedEvents, GatewayFeedFactory } from './feed.js';

/** The public endpoints need no signer; the client sends this as nobody's address. */
const NO_ADDRESS = '0x0000000000000000000000000000000000000000';
const PREFIX = 'polymarket:';

export interface PolymarketFeedOptions {
  /** The market channel, e.g. `wss://ws-subscriptions-clob.polymarket.com/ws/market`. */
  readonly wsMarketUrl: string;
  /** The CLOB REST base, for `/book` resyncs. */
  readonly clobUrl: string;
  readonly clock: Clock;
  /** Text PING interval (the venue's keep-alive: 10 s). */
  readonly pingIntervalMs?: number;
  /** Silence (wall ms) after which a connection is dropped; default 3 PING intervals. */
  readonly staleAfterMs?: number;
  /** How often books are checked for a due REST resync; a replay passes one that never comes. */
  readonly resyncCheckMs?: number;
  readonly resyncPolicy?: ResyncPolicy;
  readonly backoff?: Backoff;
  readonly timers?: Timers;
  readonly random?: () => number;
}

export function polymarketFeed(opts: PolymarketFeedOptions): GatewayFeedFactory {
  return (events: GatewayFeedEvents): GatewayFeed => {
    const internal = new EventIdSequence('polymarket-ws-internal');
    const tokenOf = (instrumentId: string) => instrumentId.slice(PREFIX.length);
    /** Tokens whose book came on their connection since it last opened. */
    const synced = new Set<string>();
    const followed = new Set<string>();
    const feed = new PolymarketMarketFeed({
      clock: opts.clock,
      nextId: () => internal.next(),
      instrumentIdOf: (token) => asInstrumentId(`${PREFIX}${token}`),
      ...(opts.resyncPolicy ? { policy: opts.resyncPolicy } : {}),
      onMalformed: (reason) => events.onMalformed(reason),
      sink: (event) => {
        const token = tokenOf(event.instrumentId);
        // The channel may carry both tokens of a market: only the followed ones count.
        if (!followed.has(token)) return;
        if (event.type === 'Trade') return events.onTrade(token, event);
        if (event.type === 'BookSnapshot') synced.add(token);
        if (synced.has(token)) events.onBookChanged(token);
      },
    });
    const http = new PolymarketHttp({ baseUrl: opts.clobUrl, address: NO_ADDRESS });
    const pingIntervalMs = opts.pingIntervalMs ?? 10_000;
    let resyncs = 0;
    const fetchBook = restBookFetcher(http, (reason) =>
      events.onConnection({ kind: 'error', detail: `REST resync: ${reason}` }),
    );
    let ws: PolymarketMarketWs | null = null;
    const open = (): PolymarketMarketWs => {
      ws ??= new PolymarketMarketWs({
        url: opts.wsMarketUrl,
        feed,
        fetchBook: async (token) => {
          resyncs += 1;
          return fetchBook(token);
        },
        pingIntervalMs,
        staleAfterMs: opts.staleAfterMs ?? 3 * pingIntervalMs,
        ...(opts.resyncCheckMs === undefined ? {} : { resyncCheckMs: opts.resyncCheckMs }),
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        ...(opts.timers ? { timers: opts.timers } : {}),
        ...(opts.random ? { random: opts.random } : {}),
        onConnectionState: ({ tokens }) => {
          // Opened: each waits for its fresh `book`. Closed: out of sync until then too.
          for (const t of tokens) synced.delete(t);
        },
        onHeard: (tokens) => events.onHeard(tokens),
        onConnectionEvent: (event) =>
          events.onConnection({ kind: event.kind === 'close' ? 'closed' : event.kind, detail: event.detail }),
      });
      return ws;
    };
    let stopped = false;
    return {
      venue: 'polymarket',
      // Connections open with the first token: the channel has nothing to say before.
      start: () => void open(),
      stop: async () => {
        stopped = true;
        ws?.close();
      },
      follow: (token) => {
        if (stopped || followed.has(token)) return;
        followed.add(token);
        open().subscribe([token]);
      },
      unfollow: (token) => {
        if (!followed.delete(token)) return;
        synced.delete(token);
        ws?.unsubscribe([token]);
      },
      levels: (token) =>
        followed.has(token) && synced.has(token) && ws?.isOpen(token) ? feed.books.levels(token) : null,
      inSync: (token) => followed.has(token) && synced.has(token) && ws?.isOpen(token) === true,
      isOpen: (token) => ws?.isOpen(token) ?? false,
      connected: () => ws === null || ws.openConnections === ws.connectionCount,
      framesHandled: () => feed.counters.frames - feed.counters.pongs,
      counters: (): FeedCounters => ({
        frames: feed.counters.frames - feed.counters.pongs,
        malformed: feed.counters.malformed,
        gaps: feed.counters.hashMismatches,
        resyncs,
        reconnects: ws?.counters.reconnects ?? 0,
        staleDrops: ws?.staleDrops ?? 0,
      }),
    };
  };
}
