/**
 * The market channel over WebSocket (venues.md §3.6): tokens spread over several connections
 * under a per-connection cap, each connection kept alive by KeptSocket (PING, backoff
 * reconnects), frames into the market feed (parse, book, events), and a periodic REST `/book`
 * resync of books that are due. A reconnected socket subscribes again and the venue answers
 * with fresh `book` snapshots, which replace the local books.
 */
import type { PolymarketMarketFeed } from './market-feed.js';
import type { PolymarketBook } from './parse-book.js';
import {
  type Backoff,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  KeptSocket,
  NODE_TIMERS,
  type SocketCounters,
  type Timers,
} from './socket.js';

export { NODE_TIMERS, type Timers };

export interface MarketWsOptions {
  /** e.g. `wss://ws-subscriptions-clob.polymarket.com/ws/market` or the simulator's. */
  readonly url: string;
  readonly feed: PolymarketMarketFeed;
  /** REST `/book` for a token; null when it could not be read (tried again next round). */
  readonly fetchBook: (tokenId: string) => Promise<PolymarketBook | null>;
  /** Tokens per connection; more open another connection. The venue's cap is not in venues.md: 500. */
  readonly maxAssetsPerConnection?: number;
  /** Text PING interval; the venue closes idle connections (documented 10 s). */
  readonly pingIntervalMs?: number;
  /** How often books are checked for a due resync. */
  readonly resyncCheckMs?: number;
  readonly backoff?: Backoff;
  readonly timers?: Timers;
  /** [0, 1); the jitter's source. */
  readonly random?: () => number;
  /** Told when a connection opens, drops or fails, for logging. */
  readonly onConnectionEvent?: (event: { kind: 'open' | 'close' | 'error'; detail: string }) => void;
  /**
   * Told when a connection opens or closes, with the tokens it carries: a reopened connection
   * subscribes them again and each waits for its fresh `book`.
   */
  readonly onConnectionState?: (state: {
    readonly tokens: ReadonlySet<string>;
    readonly open: boolean;
  }) => void;
  /**
   * Told of every frame a connection receives (PONGs too), after the feed has handled it, with the
   * connection's tokens: the venue is still there, and nothing sent before it is missing.
   */
  readonly onHeard?: (tokens: ReadonlySet<string>) => void;
  /**
   * A connection silent this long (wall ms; PINGs are answered, so silence means a dead link) is
   * dropped and reconnects. Off when absent.
   */
  readonly staleAfterMs?: number;
  /** Wall time for the silence check; Date.now by default. */
  readonly wallNow?: () => number;
}

interface Connection {
  readonly tokens: Set<string>;
  readonly socket: KeptSocket;
  /** Wall time of the last frame, or of the open. */
  lastFrameAt: number;
}

export class PolymarketMarketWs {
  private readonly connections: Connection[] = [];
  private readonly timers: Timers;
  private readonly maxAssets: number;
  private readonly resyncTimer: unknown;
  private readonly silenceTimer: unknown = null;
  private resyncing = false;
  private closed = false;
  /** Connections dropped for silence. */
  staleDrops = 0;

  constructor(private readonly options: MarketWsOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.maxAssets = options.maxAssetsPerConnection ?? 500;
    if (!(this.maxAssets >= 1))
      throw new Error(`maxAssetsPerConnection must be at least 1, got ${this.maxAssets}`);
    this.resyncTimer = this.timers.setInterval(() => void this.resyncDue(), options.resyncCheckMs ?? 5_000);
    const staleAfterMs = options.staleAfterMs;
    if (staleAfterMs !== undefined)
      this.silenceTimer = this.timers.setInterval(
        () => this.dropSilent(staleAfterMs),
        Math.max(1, Math.floor(staleAfterMs / 4)),
      );
  }

  /** Connects, reconnects and PINGs summed over the connections. */
  get counters(): SocketCounters {
    const sum: SocketCounters = { connects: 0, reconnects: 0, pingsSent: 0 };
    for (const c of this.connections) {
      sum.connects += c.socket.counters.connects;
      sum.reconnects += c.socket.counters.reconnects;
      sum.pingsSent += c.socket.counters.pingsSent;
    }
    return sum;
  }

  /** Subscribes tokens not yet subscribed, filling open connections before opening new ones. */
  subscribe(tokenIds: readonly string[]): void {
    const have = new Set(this.connections.flatMap((c) => [...c.tokens]));
    const fresh = [...new Set(tokenIds)].filter((t) => !have.has(t));
    for (const conn of this.connections) {
      if (fresh.length === 0) break;
      const room = this.maxAssets - conn.tokens.size;
      if (room <= 0) continue;
      const added = fresh.splice(0, room);
      for (const t of added) conn.tokens.add(t);
      // Not open: the next open subscribes the whole set.
      conn.socket.send(JSON.stringify({ assets_ids: added, operation: 'subscribe' }));
    }
    while (fresh.length > 0) this.open(new Set(fresh.splice(0, this.maxAssets)));
  }

  /**
   * Stops following tokens: `{"assets_ids":[…],"operation":"unsubscribe"}` on the connection
   * that carries them (venues.md §3.6), and left out of its later reconnects.
   */
  unsubscribe(tokenIds: readonly string[]): void {
    const gone = new Set(tokenIds);
    for (const conn of this.connections) {
      const removed = [...conn.tokens].filter((t) => gone.has(t));
      if (removed.length === 0) continue;
      for (const t of removed) conn.tokens.delete(t);
      // Not open: the next open subscribes only what is left.
      conn.socket.send(JSON.stringify({ assets_ids: removed, operation: 'unsubscribe' }));
    }
  }

  /** Whether the connection carrying `tokenId` is open; false for a token not subscribed. */
  isOpen(tokenId: string): boolean {
    return this.connections.some((c) => c.tokens.has(tokenId) && c.socket.open);
  }

  /** Tokens subscribed, over every connection. */
  get tokenCount(): number {
    return this.connections.reduce((n, c) => n + c.tokens.size, 0);
  }

  /** Connections open now. */
  get openConnections(): number {
    return this.connections.filter((c) => c.socket.open).length;
  }

  get connectionCount(): number {
    return this.connections.length;
  }

  /** Checks every subscribed book that is due (or all with `force`) against REST `/book`. */
  async resyncDue(opts: { readonly force?: boolean } = {}): Promise<void> {
    if (this.resyncing || this.closed) return;
    this.resyncing = true;
    try {
      for (const conn of this.connections)
        for (const token of conn.tokens) {
          if (this.closed) return;
          if (!opts.force && !this.options.feed.needsResync(token)) continue;
          const book = await this.options.fetchBook(token);
          if (book) this.options.feed.resync(book);
        }
    } finally {
      this.resyncing = false;
    }
  }

  /** Drops every socket as the network would (for tests): each reconnects with backoff. */
  dropConnections(): void {
    for (const c of this.connections) c.socket.drop();
  }

  close(): void {
    this.closed = true;
    this.timers.clearInterval(this.resyncTimer);
    if (this.silenceTimer !== null) this.timers.clearInterval(this.silenceTimer);
    for (const c of this.connections) c.socket.close();
  }

  /** The delay before reconnect attempt `attempt` (0-based). */
  backoffMs(attempt: number): number {
    return backoffDelayMs(
      attempt,
      this.options.backoff ?? DEFAULT_BACKOFF,
      this.options.random ?? Math.random,
    );
  }

  private open(tokens: Set<string>): void {
    const wallNow = this.options.wallNow ?? Date.now;
    const { onConnectionState, onHeard, onConnectionEvent } = this.options;
    const conn: { tokens: Set<string>; socket: KeptSocket | null; lastFrameAt: number } = {
      tokens,
      socket: null,
      lastFrameAt: wallNow(),
    };
    const socket = new KeptSocket({
      url: this.options.url,
      ...(this.options.pingIntervalMs === undefined ? {} : { pingIntervalMs: this.options.pingIntervalMs }),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      timers: this.timers,
      ...(this.options.random ? { random: this.options.random } : {}),
      onConnectionEvent: (event) => {
        if (event.kind === 'close') onConnectionState?.({ tokens, open: false });
        onConnectionEvent?.(event);
      },
      onOpen: (send) => {
        conn.lastFrameAt = wallNow();
        onConnectionState?.({ tokens, open: true });
        send(JSON.stringify({ assets_ids: [...tokens], type: 'market' }));
      },
      onText: (text) => {
        conn.lastFrameAt = wallNow();
        this.options.feed.onText(text);
        onHeard?.(tokens);
      },
    });
    conn.socket = socket;
    this.connections.push(conn as Connection);
  }

  /** Drops the open connections silent for `staleAfterMs`: each reconnects with backoff. */
  private dropSilent(staleAfterMs: number): void {
    const now = (this.options.wallNow ?? Date.now)();
    for (const c of this.connections)
      if (c.socket.open && now - c.lastFrameAt >= staleAfterMs) {
        this.staleDrops += 1;
        c.lastFrameAt = now; // once per silence: the reconnect's open resets it
        c.socket.drop();
      }
  }
}
