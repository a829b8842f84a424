/**
 * One WebSocket to a Polymarket channel that keeps itself alive: a text `PING` every interval
 * (the venue closes idle connections), and after a drop a new connection with exponential
 * backoff and jitter. What to send on open and what to do with each frame are the caller's.
 * Timers and randomness are injected so tests run quickly.
 */
import WebSocket from 'ws';

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

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000 };

/** Exponential backoff capped at maxMs, the upper half jittered so clients spread out. */
export function backoffDelayMs(attempt: number, backoff: Backoff, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface SocketCounters {
  connects: number;
  reconnects: number;
  pingsSent: number;
}

export interface KeptSocketOptions {
  readonly url: string;
  /** Text PING interval (documented 10 s). */
  readonly pingIntervalMs?: number;
  readonly backoff?: Backoff;
  readonly timers?: Timers;
  /** [0, 1); the jitter's source. */
  readonly random?: () => number;
  /** Called on each open with a sender: the subscription goes here. */
  readonly onOpen: (send: (text: string) => void) => void;
  readonly onText: (text: string) => void;
  readonly onConnectionEvent?: (event: { kind: 'open' | 'close' | 'error'; detail: string }) => void;
}

export class KeptSocket {
  readonly counters: SocketCounters = { connects: 0, reconnects: 0, pingsSent: 0 };
  private socket: WebSocket | null = null;
  private attempt = 0;
  private pingTimer: unknown = null;
  private retryTimer: unknown = null;
  private closed = false;
  open = false;
  private readonly timers: Timers;

  constructor(private readonly options: KeptSocketOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.connect();
  }

  send(text: string): boolean {
    if (!this.open || this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(text);
    return true;
  }

  /** Drops the socket as the network would (for tests): it reconnects with backoff. */
  drop(): void {
    this.socket?.terminate();
  }

  close(): void {
    this.closed = true;
    this.open = false;
    this.timers.clearInterval(this.pingTimer);
    this.timers.clearTimeout(this.retryTimer);
    const s = this.socket;
    if (s) {
      s.removeAllListeners();
      s.on('error', () => undefined);
      s.terminate();
    }
  }

  private connect(): void {
    if (this.closed) return;
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.on('open', () => {
      this.open = true;
      this.counters.connects += 1;
      this.options.onOpen((text) => socket.send(text));
      this.pingTimer = this.timers.setInterval(() => {
        if (socket.readyState !== WebSocket.OPEN) return;
        socket.send('PING');
        this.counters.pingsSent += 1;
      }, this.options.pingIntervalMs ?? 10_000);
      this.options.onConnectionEvent?.({ kind: 'open', detail: this.options.url });
    });
    socket.on('message', (data, isBinary) => {
      // A frame means the connection works: the next failure starts the backoff afresh.
      this.attempt = 0;
      this.options.onText(isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data));
    });
    socket.on('error', (error) => this.options.onConnectionEvent?.({ kind: 'error', detail: error.message }));
    socket.on('close', (code) => {
      this.open = false;
      this.timers.clearInterval(this.pingTimer);
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
