/**
 * The user channel (venues.md §3.6): our orders' `order` events (PLACEMENT / UPDATE /
 * CANCELLATION) and our `trade` events, authenticated with the API credentials in the
 * subscription. The same trade arrives again as its status moves (MATCHED, MINED, CONFIRMED),
 * so consumers dedupe fills by fill id. Malformed frames are counted and skipped.
 */
import type { ApiCredentials } from './auth.js';
import { describePolymarketParseError } from './errors.js';
import {
  type PolymarketOrder,
  type PolymarketTrade,
  parsePolymarketOrder,
  parsePolymarketTrade,
} from './parse-order.js';
import { type Backoff, KeptSocket, type SocketCounters, type Timers } from './socket.js';

export interface UserWsOptions {
  /** e.g. `wss://ws-subscriptions-clob.polymarket.com/ws/user` or the simulator's. */
  readonly url: string;
  readonly credentials: ApiCredentials;
  /** Condition ids to follow; empty for every market of the key. */
  readonly markets?: readonly string[];
  readonly onOrder?: (order: PolymarketOrder) => void;
  readonly onTrade?: (trade: PolymarketTrade) => void;
  readonly onMalformed?: (reason: string) => void;
  readonly pingIntervalMs?: number;
  readonly backoff?: Backoff;
  readonly timers?: Timers;
  readonly random?: () => number;
}

export class PolymarketUserWs {
  readonly counters = { frames: 0, orders: 0, trades: 0, malformed: 0, pongs: 0 };
  private readonly socket: KeptSocket;

  constructor(private readonly options: UserWsOptions) {
    const c = options.credentials;
    this.socket = new KeptSocket({
      url: options.url,
      ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.random ? { random: options.random } : {}),
      onOpen: (send) =>
        send(
          JSON.stringify({
            auth: { apiKey: c.key, secret: c.secret, passphrase: c.passphrase },
            markets: [...(options.markets ?? [])],
            type: 'user',
          }),
        ),
      onText: (text) => this.onText(text),
    });
  }

  get socketCounters(): SocketCounters {
    return this.socket.counters;
  }

  get open(): boolean {
    return this.socket.open;
  }

  close(): void {
    this.socket.close();
  }

  /** One frame; public so a recorded stream can be replayed through it. */
  onText(text: string): void {
    this.counters.frames += 1;
    if (text === 'PONG') {
      this.counters.pongs += 1;
      return;
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(text);
    } catch {
      this.malformed('ws:user: not JSON');
      return;
    }
    for (const item of Array.isArray(decoded) ? decoded : [decoded]) {
      const kind = (item as { event_type?: unknown } | null)?.event_type;
      if (kind === 'order') {
        const o = parsePolymarketOrder(item);
        if (!o.ok) this.malformed(describePolymarketParseError(o.error));
        else {
          this.counters.orders += 1;
          this.options.onOrder?.(o.value);
        }
      } else if (kind === 'trade') {
        const t = parsePolymarketTrade(item);
        if (!t.ok) this.malformed(describePolymarketParseError(t.error));
        else {
          this.counters.trades += 1;
          this.options.onTrade?.(t.value);
        }
      } else if (typeof kind !== 'string') this.malformed(`ws:user: event_type ${JSON.stringify(kind)}`);
    }
  }

  private malformed(reason: string): void {
    this.counters.malformed += 1;
    this.options.onMalformed?.(reason);
  }
}
