/**
 * Kalshi WebSocket client (venues.md §2.6): connects with the signed handshake
 * (`timestamp + GET + /trade-api/ws/v2`), subscribes its markets to `orderbook_delta` and
 * `trade` and, if asked, the private `fill` channel, and hands every frame to
 * KalshiMarketStream (data.ts), which keeps the books and emits the normalised events.
 *
 * Resilience: a dropped or refused connection is retried with exponential backoff and full
 * jitter (half to all of the step), reset once a connection opens; a stream silent for
 * `staleAfterMs` (Kalshi pings every 10 s, so silence means a dead link) is cut and reconnected.
 * Each new connection subscribes afresh and every book waits for its new snapshot. Timers and
 * randomness are injected so tests neither sleep long nor flake.
 */
import WebSocket from 'ws';
import type { Clock } from '../../core/clock.js';
import type { EventId, InstrumentId } from '../../core/ids.js';
import { type KalshiSigningKey, kalshiWebSocketAuthHeaders } from './auth.js';
import type { KalshiOrderBook } from './book.js';
import {
  KalshiMarketStream,
  type KalshiStreamCounters,
  type KalshiStreamSinks,
  newKalshiStreamCounters,
} from './data.js';

export interface KalshiWsTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: KalshiWsTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface KalshiWsClientOptions {
  /** e.g. `wss://external-api-ws.kalshi.com/trade-api/ws/v2`, or the simulator's ws:// URL. */
  readonly url: string;
  readonly key: KalshiSigningKey;
  readonly tickers: readonly string[];
  /** Subscribe the private `fill` channel (default true) and public `trade` (default true). */
  readonly fills?: boolean;
  readonly trades?: boolean;
  readonly sinks: KalshiStreamSinks;
  /** Stamps the events (`ts`); replay runs pass their simulated clock. */
  readonly clock: Clock;
  readonly nextId: () => EventId;
  readonly instrumentIdOf?: (ticker: string) => InstrumentId;
  /** Wall time for the silence watchdog; Date.now by default. */
  readonly wallNow?: () => number;
  /** The handshake's signature time; wallNow by default (a simulator on replay time passes its clock). */
  readonly signingNow?: () => number;
  readonly timers?: KalshiWsTimers;
  /** In [0, 1); Math.random by default. */
  readonly random?: () => number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly staleAfterMs?: number;
  /** Connection-level events (open, close, errors) for logs. */
  readonly onConnectionEvent?: (event: KalshiWsConnectionEvent) => void;
  /**
   * Told of every frame and every Ping on the open connection, after the frame is handled: the
   * venue is still there, and (frames arriving in order) nothing it sent before is missing.
   */
  readonly onHeard?: () => void;
}

export type KalshiWsConnectionEvent =
  | { readonly kind: 'open' }
  | { readonly kind: 'closed'; readonly code: number; readonly reconnectInMs: number | null }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'stale'; readonly silentMs: number };

export class KalshiWsClient {
  readonly counters: KalshiStreamCounters = newKalshiStreamCounters();
  private readonly stream: KalshiMarketStream;
  private readonly tickers: Set<string>;
  private readonly timers: KalshiWsTimers;
  private readonly wallNow: () => number;
  private readonly random: () => number;
  private socket: WebSocket | null = null;
  private stopped = true;
  private attempt = 0;
  private nextCommandId = 1;
  private reconnectTimer: unknown = null;
  private watchdogTimer: unknown = null;
  private lastFrameAt = 0;
  /** Per market channel, the tickers asked for on this connection. */
  private readonly requested = new Map<string, Set<string>>();
  /** Connections opened, the first included. */
  connections = 0;
  /** Text frames handled on the current connection. */
  messagesOnConnection = 0;
  lastError: string | null = null;

  constructor(private readonly opts: KalshiWsClientOptions) {
    this.tickers = new Set(opts.tickers);
    this.timers = opts.timers ?? realTimers;
    this.wallNow = opts.wallNow ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.stream = new KalshiMarketStream({
      ctx: {
        clock: opts.clock,
        nextId: opts.nextId,
        useYesPrice: false,
        ...(opts.instrumentIdOf ? { instrumentIdOf: opts.instrumentIdOf } : {}),
      },
      sinks: opts.sinks,
      sendCommand: (cmd, params) => this.command(cmd, params),
      counters: this.counters,
      onSubscribed: (channel, sid) => this.addMissing(channel, sid),
      isWanted: (ticker) => this.tickers.has(ticker),
    });
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** The synced local book of a market, or undefined while it waits for a snapshot. */
  book(ticker: string): KalshiOrderBook | undefined {
    return this.stream.book(ticker);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Adds markets: on the open subscription at once, and on every later connection. */
  addTickers(tickers: readonly string[]): undefined {
    const added = tickers.filter((t) => !this.tickers.has(t));
    for (const t of added) this.tickers.add(t);
    if (added.length === 0 || !this.isOpen) return;
    // Not subscribed yet: subscribe. Subscribed: add. Waiting for the reply: addMissing sends them.
    if (!this.requested.has('orderbook_delta')) return this.subscribeMarkets(added);
    for (const channel of this.requested.keys()) {
      const sid = this.stream.sidOf(channel);
      if (sid !== null) this.addMissing(channel, sid);
    }
  }

  /**
   * Stops following markets: deleted from the open subscriptions (`update_subscription`
   * `delete_markets`, venues.md §2.6) and left out of later connections; their books are dropped.
   */
  removeTickers(tickers: readonly string[]): undefined {
    const removed = tickers.filter((t) => this.tickers.has(t));
    for (const t of removed) {
      this.tickers.delete(t);
      this.stream.forget(t);
    }
    if (removed.length === 0) return;
    for (const [channel, asked] of this.requested) {
      const gone = removed.filter((t) => asked.has(t));
      for (const t of gone) asked.delete(t);
      const sid = this.stream.sidOf(channel);
      // Not subscribed yet: the subscribe on its way still carries them, and what the venue sends
      // for them is dropped as unwanted (data.ts) until the next connection leaves them out.
      if (gone.length === 0 || sid === null) continue;
      this.command('update_subscription', { sids: [sid], market_tickers: gone, action: 'delete_markets' });
    }
  }

  /** The markets followed, on this connection and the next. */
  get followed(): readonly string[] {
    return [...this.tickers];
  }

  /** Adds the markets this connection's `channel` subscription was not asked for yet. */
  private addMissing(channel: string, sid: number): void {
    const asked = this.requested.get(channel);
    if (!asked) return;
    const missing = [...this.tickers].filter((t) => !asked.has(t));
    if (missing.length === 0) return;
    for (const t of missing) asked.add(t);
    this.command('update_subscription', { sids: [sid], market_tickers: missing, action: 'add_markets' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    });
  }

  private connect(): void {
    const headers = kalshiWebSocketAuthHeaders(this.opts.key, {
      timestampMs: (this.opts.signingNow ?? this.wallNow)(),
    });
    const socket = new WebSocket(this.opts.url, { headers: { ...headers } });
    this.socket = socket;
    this.stream.reset();
    this.requested.clear();
    this.messagesOnConnection = 0;
    socket.on('open', () => {
      if (socket !== this.socket) return;
      this.connections += 1;
      this.attempt = 0;
      this.lastFrameAt = this.wallNow();
      this.armWatchdog();
      this.opts.onConnectionEvent?.({ kind: 'open' });
      this.subscribeMarkets([...this.tickers]);
      if (this.opts.fills ?? true) this.command('subscribe', { channels: ['fill'] });
    });
    socket.on('message', (data, isBinary) => {
      if (socket !== this.socket) return;
      this.lastFrameAt = this.wallNow();
      this.messagesOnConnection += 1;
      // A binary frame is not part of the protocol: handled as text so it is counted malformed.
      this.stream.handleText(isBinary ? '' : data.toString());
      this.opts.onHeard?.();
    });
    socket.on('ping', () => {
      if (socket !== this.socket) return;
      this.lastFrameAt = this.wallNow();
      this.opts.onHeard?.();
    });
    let refused = false;
    socket.on('unexpected-response', (_req, res) => {
      // The handshake was refused (401 on bad auth): the body says why.
      refused = true;
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => {
        this.lastError = `handshake refused: HTTP ${res.statusCode} ${body}`;
        this.opts.onConnectionEvent?.({ kind: 'error', message: this.lastError });
        socket.terminate();
      });
    });
    socket.on('error', (error) => {
      if (refused) return; // terminate() after a refusal reports itself as an error too
      this.lastError = error.message;
      this.opts.onConnectionEvent?.({ kind: 'error', message: error.message });
    });
    socket.on('close', (code) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.clearTimers();
      if (this.stopped) return;
      const delay = this.backoffMs();
      this.counters.reconnects += 1;
      this.opts.onConnectionEvent?.({ kind: 'closed', code, reconnectInMs: delay });
      this.reconnectTimer = this.timers.setTimeout(() => {
        this.reconnectTimer = null;
        if (!this.stopped) this.connect();
      }, delay);
    });
  }

  /** Exponential in the attempt, capped, with jitter: half the step plus up to half again. */
  private backoffMs(): number {
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 500, maxMs: 30_000 };
    const step = Math.min(maxMs, initialMs * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(step / 2 + (step / 2) * this.random());
  }

  private armWatchdog(): void {
    const limit = this.opts.staleAfterMs ?? 30_000;
    const check = () => {
      this.watchdogTimer = null;
      const socket = this.socket;
      if (!socket || this.stopped) return;
      const silentMs = this.wallNow() - this.lastFrameAt;
      if (silentMs >= limit) {
        this.counters.staleStreams += 1;
        this.opts.onConnectionEvent?.({ kind: 'stale', silentMs });
        socket.terminate(); // 'close' schedules the reconnect
        return;
      }
      this.watchdogTimer = this.timers.setTimeout(check, Math.max(1, limit - silentMs));
    };
    this.watchdogTimer = this.timers.setTimeout(check, limit);
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    if (this.watchdogTimer !== null) this.timers.clearTimeout(this.watchdogTimer);
    this.reconnectTimer = null;
    this.watchdogTimer = null;
  }

  /** Books and (if wanted) trades of these markets; nothing while there are none. */
  private subscribeMarkets(tickers: readonly string[]): undefined {
    if (tickers.length === 0) return;
    const channels = (this.opts.trades ?? true) ? ['orderbook_delta', 'trade'] : ['orderbook_delta'];
    for (const channel of channels) {
      this.requested.set(channel, new Set(tickers));
      this.command('subscribe', { channels: [channel], market_tickers: tickers });
    }
  }

  private command(cmd: string, params: Record<string, unknown>): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ id: this.nextCommandId++, cmd, params }));
  }
}
