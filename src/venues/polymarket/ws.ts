/**
 * The market channel over WebSocket (venues.md §3.6): tokens spread over several connections
 * under a per-connection cap, a text `PING` on each every interval, frames into the market
 * feed (parse, book, events), a periodic REST `/book` resync of books that are due, and
 * reconnection with exponential backoff and jitter. A reconnected socket subscribes again and
 * the venue answers with fresh `book` snapshots, which replace the local books.
 * Timers and randomness are injected so tests run quickly.
 */
import WebSocket from 'ws';
import type { PolymarketMarketFeed } from './market-feed.js';
import type { PolymarketBook } from './parse-book.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const NODE_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

export interface MarketWsOptions {
  /** e.g. `wss://ws-subscriptions-clob.polymarket.com/ws/market` or the simulator's. */
  readonly url: string;
  readonly feed: PolymarketMarketFeed;
  /** REST `/book` for a token; null when it could not be read (tried again next round). */
  readonly fetchBook: (tokenId: string) => Promise<PolymarketBook | null>;
  /** Tokens per connection; more open another connection. Unverified venue limit: 500. */
  readonly maxAssetsPerConnection?: number;
  /** Text PING interval; the venue closes idle connections (documented 10 s). */
  readonly pingIntervalMs?: number;
  /** How often books are checked for a due resync. */
  readonly resyncCheckMs?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly timers?: Timers;
  /** [0, 1); the jitter's source. */
  readonly random?: () => number;
  /** Told when a connection drops or fails, for logging. */
  readonly onConnectionEvent?: (event: { kind: 'open' | 'close' | 'error'; detail: string }) => void;
}

export interface MarketWsCounters {
  connects: number;
  reconnects: number;
  pingsSent: number;
}

class Connection {
  socket: WebSocket | null = null;
  attempt = 0;
  pingTimer: unknown = null;
  retryTimer: unknown = null;
  open = false;
  constructor(readonly tokens: Set<string>) {}
}

export class PolymarketMarketWs {
  readonly counters: MarketWsCounters = { connects: 0, reconnects: 0, pingsSent: 0 };
  private readonly connections: Connection[] = [];
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly maxAssets: number;
  private resyncTimer: unknown = null;
  private resyncing = false;
  private closed = false;

  constructor(private readonly options: MarketWsOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.random = options.random ?? Math.random;
    this.maxAssets = options.maxAssetsPerConnection ?? 500;
    if (!(this.maxAssets >= 1))
      throw new Error(`maxAssetsPerConnection must be at least 1, got ${this.maxAssets}`);
    this.resyncTimer = this.timers.setInterval(() => void this.resyncDue(), options.resyncCheckMs ?? 5_000);
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
      if (conn.open) conn.socket?.send(JSON.stringify({ assets_ids: added, operation: 'subscribe' }));
    }
    while (fresh.length > 0) {
      const conn = new Connection(new Set(fresh.splice(0, this.maxAssets)));
      this.connections.push(conn);
      this.connect(conn);
    }
  }

  get connectionCount(): number {
    return this.connections.length;
  }

  /** Resolves once every connection is open and has been sent its subscription. */
  async ready(timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!this.connections.every((c) => c.open)) {
      if (Date.now() - start > timeoutMs) throw new Error('market WebSocket not open in time');
      await new Promise((r) => setTimeout(r, 10));
    }
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
    for (const c of this.connections) c.socket?.terminate();
  }

  close(): void {
    this.closed = true;
    this.timers.clearInterval(this.resyncTimer);
    for (const c of this.connections) {
      this.timers.clearInterval(c.pingTimer);
      this.timers.clearTimeout(c.retryTimer);
      c.socket?.removeAllListeners();
      c.socket?.on('error', () => undefined);
      c.socket?.terminate();
      c.open = false;
    }
  }

  private connect(conn: Connection): void {
    if (this.closed) return;
    const socket = new WebSocket(this.options.url);
    conn.socket = socket;
    socket.on('open', () => {
      conn.open = true;
      this.counters.connects += 1;
      socket.send(JSON.stringify({ assets_ids: [...conn.tokens], type: 'market' }));
      conn.pingTimer = this.timers.setInterval(() => {
        if (socket.readyState === WebSocket.OPEN) {
          socket.send('PING');
          this.counters.pingsSent += 1;
        }
      }, this.options.pingIntervalMs ?? 10_000);
      this.options.onConnectionEvent?.({ kind: 'open', detail: `${conn.tokens.size} tokens` });
    });
    socket.on('message', (data, isBinary) => {
      // A frame means the connection works: the next failure starts the backoff afresh.
      conn.attempt = 0;
      this.options.feed.onText(isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data));
    });
    socket.on('error', (error) => this.options.onConnectionEvent?.({ kind: 'error', detail: error.message }));
    socket.on('close', (code) => {
      conn.open = false;
      this.timers.clearInterval(conn.pingTimer);
      if (this.closed || conn.socket !== socket) return;
      this.options.onConnectionEvent?.({ kind: 'close', detail: `code ${code}` });
      const delay = this.backoffMs(conn.attempt);
      conn.attempt += 1;
      conn.retryTimer = this.timers.setTimeout(() => {
        this.counters.reconnects += 1;
        this.connect(conn);
      }, delay);
    });
  }

  /** Exponential backoff capped at maxMs, with the upper half jittered so clients spread out. */
  backoffMs(attempt: number): number {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    const ceiling = Math.min(maxMs, initialMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
