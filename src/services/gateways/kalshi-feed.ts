/**
 * Kalshi's market data for a gateway: our WebSocket client (src/venues/kalshi/ws.ts) on the
 * signed handshake, `orderbook_delta` and `trade` for the tickers followed (no private `fill`
 * channel: fills reach execution through its own adapter). The client keeps the books, resyncs a
 * sid after a seq gap (`get_snapshot`), cuts a silent stream and reconnects with backoff; on a
 * new connection every book waits for its new snapshot, so `levels` is null until then.
 */
import type { Clock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import type { KalshiSigningKey } from '../../venues/kalshi/auth.js';
import { describeKalshiParseError } from '../../venues/kalshi/errors.js';
import { KalshiWsClient, type KalshiWsTimers } from '../../venues/kalshi/ws.js';
import type { FeedCounters, GatewayFeed, GatewayFeedEvents, GatewayFeedFactory } from './feed.js';

export interface KalshiFeedOptions {
  /** `wss://…/trade-api/ws/v2`, or a simulator's ws:// URL. */
  readonly url: string;
  readonly key: KalshiSigningKey;
  /** Stamps the client's internal events; the gateway restamps what it publishes. */
  readonly clock: Clock;
  /** The handshake's signature time; the wall clock by default (a replay's simulator passes its clock). */
  readonly signingNow?: () => number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Silence (wall ms) after which the stream is cut; Kalshi pings every 10 s. */
  readonly staleAfterMs?: number;
  readonly timers?: KalshiWsTimers;
  readonly random?: () => number;
}

export function kalshiFeed(opts: KalshiFeedOptions): GatewayFeedFactory {
  return (events: GatewayFeedEvents): GatewayFeed => {
    // Ids of the client's own events, never published: the gateway gives what it publishes its own.
    const internal = new EventIdSequence('kalshi-ws-internal');
    const tickerOf = (instrumentId: string) => instrumentId.slice(instrumentId.indexOf(':') + 1);
    const ws = new KalshiWsClient({
      url: opts.url,
      key: opts.key,
      tickers: [],
      fills: false,
      trades: true,
      clock: opts.clock,
      nextId: () => internal.next(),
      ...(opts.signingNow ? { signingNow: opts.signingNow } : {}),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      ...(opts.staleAfterMs === undefined ? {} : { staleAfterMs: opts.staleAfterMs }),
      ...(opts.timers ? { timers: opts.timers } : {}),
      ...(opts.random ? { random: opts.random } : {}),
      sinks: {
        onBook: (event) => events.onBookChanged(tickerOf(event.instrumentId)),
        onTrade: (trade) => events.onTrade(tickerOf(trade.instrumentId), trade),
        onParseError: (error) => events.onMalformed(describeKalshiParseError(error)),
        onVenueError: (error) =>
          events.onConnection({
            kind: 'error',
            detail: `command ${error.id ?? '?'} refused: ${error.code} ${error.message}`,
          }),
      },
      onConnectionEvent: (event) => {
        if (event.kind === 'open') events.onConnection({ kind: 'open', detail: opts.url });
        else if (event.kind === 'closed')
          events.onConnection({
            kind: 'closed',
            detail: `code ${event.code}, reconnect in ${event.reconnectInMs ?? '-'} ms`,
          });
        else if (event.kind === 'stale')
          events.onConnection({ kind: 'stale', detail: `silent for ${event.silentMs} ms` });
        else events.onConnection({ kind: 'error', detail: event.message });
      },
      onHeard: () => events.onHeard('all'),
    });
    return {
      venue: 'kalshi',
      start: () => ws.start(),
      stop: () => ws.stop(),
      follow: (ticker) => void ws.addTickers([ticker]),
      unfollow: (ticker) => void ws.removeTickers([ticker]),
      levels: (ticker) => (ws.isOpen ? (ws.book(ticker)?.levels() ?? null) : null),
      inSync: (ticker) => ws.isOpen && ws.book(ticker) !== undefined,
      isOpen: () => ws.isOpen,
      connected: () => ws.isOpen,
      framesHandled: () => ws.messagesOnConnection,
      counters: (): FeedCounters => ({
        frames: ws.counters.messages,
        malformed: ws.counters.malformed,
        gaps: ws.counters.gaps,
        resyncs: ws.counters.resyncs,
        reconnects: ws.counters.reconnects,
        staleDrops: ws.counters.staleStreams,
      }),
    };
  };
}
