/**
 * The markets WebSocket of Polymarket US, kept alive: each connection opens with the signed
 * handshake (`ts + "GET" + "/v1/ws/markets"`, fresh per attempt so a reconnect is never refused
 * for an old timestamp), subscribes its markets in groups of at most 100 (the venue's limit per
 * subscription), and reconnects with exponential backoff and jitter after a drop, or when no
 * frame (not even the venue's heartbeat) arrived for `silenceMs`. Frames go to the feed.
 */
import WebSocket from 'ws';
import {
  type Backoff,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  NODE_TIMERS,
  type Timers,
} from '../polymarket/socket.js';
import { type PmusSigningKey, pmusAuthHeaders } from './auth.js';

export const PMUS_MARKETS_PATH = '/v1/ws/markets';
export const PMUS_PRIVATE_PATH = '/v1/ws/private';
/** The private channel's order subscription for every market (empty `marketSlugs` = all). */
export const PMUS_ORDER_SUBSCRIPTION = JSON.stringify({
  subscribe: { requestId: 'orders', subscriptionType: 'SUBSCRIPTION_TYPE_ORDER', marketSlugs: [] },
});
export const MAX_SLUGS_PER_SUBSCRIPTION = 100;

export interface PmusMarketWsOptions {
  /** `wss://api.polymarket.us` or the simulator's ws:// origin. */
  readonly origin: string;
  readonly key: PmusSigningKey;
  readonly slugs: readonly string[];
  /** The channel: the markets one by default; `/v1/ws/private` with `subscriptions`. */
  readonly path?: string;
  /** What to send on each open instead of the market-data subscriptions of `slugs`. */
  readonly subscriptions?: readonly string[];
  readonly onText: (text: string) => void;
  /** Reconnect when nothing arrived for this long (the venue sends heartbeats). */
  readonly silenceMs?: number;
  readonly backoff?: Backoff;
  readonly timers?: Timers;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly onConnectionEvent?: (event: {
    kind: 'open' | 'close' | 'error' | 'silent';
    detail: string;
  }) => void;
}

export interface PmusWsCounters {
  connects: number;
  reconnects: number;
  silentDrops: number;
  subscriptionsSent: number;
}

/** The subscribe messages for a list of slugs: one per group of at most 100. */
export function pmusSubscribeMessages(slugs: readonly string[], prefix = 'md'): string[] {
  const out: string[] = [];
  for (let i = 0; i < slugs.length; i += MAX_SLUGS_PER_SUBSCRIPTION) {
    out.push(
      JSON.stringify({
        subscribe: {
          requestId: `${prefix}-${i / MAX_SLUGS_PER_SUBSCRIPTION + 1}`,
          subscriptionType: 'SUBSCRIPTION_TYPE_MARKET_DATA',
          marketSlugs: slugs.slice(i, i + MAX_SLUGS_PER_SUBSCRIPTION),
        },
      }),
    );
  }
  return out;
}

export class PmusMarketWs {
  readonly counters: PmusWsCounters = { connects: 0, reconnects: 0, silentDrops: 0, subscriptionsSent: 0 };
  /** The markets followed: subscribed again, in groups of 100, on every connection. */
  private readonly slugs: Set<string>;
  /** Markets subscribed one by one on the current connection, by request id (to unsubscribe). */
  private readonly single = new Map<string, string>();
  private nextRequest = 1;
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: unknown = null;
  private silenceTimer: unknown = null;
  private closed = false;
  private readonly timers: Timers;
  open = false;

  constructor(private readonly options: PmusMarketWsOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.slugs = new Set(options.slugs);
    this.connect();
  }

  /**
   * Follows more markets: each subscribed at once on an open connection (its book comes back
   * whole), and with the rest on every reconnect.
   */
  subscribe(slugs: readonly string[]): void {
    for (const slug of slugs) {
      if (this.slugs.has(slug)) continue;
      this.slugs.add(slug);
      if (!this.open || !this.socket || this.options.subscriptions) continue;
      const requestId = `md-s${this.nextRequest++}`;
      this.single.set(slug, requestId);
      this.socket.send(
        JSON.stringify({
          subscribe: { requestId, subscriptionType: 'SUBSCRIPTION_TYPE_MARKET_DATA', marketSlugs: [slug] },
        }),
      );
      this.counters.subscriptionsSent += 1;
    }
  }

  /**
   * Stops following markets: a market subscribed on its own is unsubscribed at once; one in a
   * group of the connection's opening subscriptions stays on it until the next reconnect (its
   * frames are the caller's to ignore).
   */
  unsubscribe(slugs: readonly string[]): void {
    for (const slug of slugs) {
      if (!this.slugs.delete(slug)) continue;
      const requestId = this.single.get(slug);
      this.single.delete(slug);
      if (requestId && this.open && this.socket)
        this.socket.send(JSON.stringify({ unsubscribe: { requestId } }));
    }
  }

  /** Drops the connection as the network would (tests): it reconnects with backoff. */
  drop(): void {
    this.socket?.terminate();
  }

  close(): void {
    this.closed = true;
    this.open = false;
    this.timers.clearTimeout(this.retryTimer);
    this.timers.clearTimeout(this.silenceTimer);
    const s = this.socket;
    if (s) {
      s.removeAllListeners();
      s.on('error', () => undefined);
      s.terminate();
    }
  }

  private armSilence(socket: WebSocket): void {
    this.timers.clearTimeout(this.silenceTimer);
    const ms = this.options.silenceMs ?? 30_000;
    this.silenceTimer = this.timers.setTimeout(() => {
      if (this.socket !== socket) return;
      this.counters.silentDrops += 1;
      this.options.onConnectionEvent?.({ kind: 'silent', detail: `no frame for ${ms} ms` });
      socket.terminate();
    }, ms);
  }

  private connect(): void {
    if (this.closed) return;
    const path = this.options.path ?? PMUS_MARKETS_PATH;
    const url = `${this.options.origin.replace(/\/+$/, '')}${path}`;
    const headers = pmusAuthHeaders(this.options.key, {
      timestampMs: (this.options.now ?? Date.now)(),
      method: 'GET',
      path,
    });
    const socket = new WebSocket(url, { headers });
    this.socket = socket;
    socket.on('open', () => {
      this.open = true;
      this.counters.connects += 1;
      this.single.clear();
      for (const msg of this.options.subscriptions ?? pmusSubscribeMessages([...this.slugs])) {
        socket.send(msg);
        this.counters.subscriptionsSent += 1;
      }
      this.armSilence(socket);
      this.options.onConnectionEvent?.({ kind: 'open', detail: url });
    });
    socket.on('message', (data, isBinary) => {
      this.attempt = 0;
      this.armSilence(socket);
      this.options.onText(isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data));
    });
    socket.on('error', (error) => this.options.onConnectionEvent?.({ kind: 'error', detail: error.message }));
    socket.on('close', (code) => {
      this.open = false;
      this.timers.clearTimeout(this.silenceTimer);
      if (this.closed || this.socket !== socket) return;
      this.options.onConnectionEvent?.({ kind: 'close', detail: `code ${code}` });
      const delay = backoffDelayMs(
        this.attempt,
        this.options.backoff ?? DEFAULT_BACKOFF,
        this.options.random ?? Math.random,
      );
      this.attempt += 1;
      this.retryTimer = this.timers.setTimeout(() => {
        this.counters.reconnects += 1;
        this.connect();
      }, delay);
    });
  }
}
