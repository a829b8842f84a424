/**
 * The simulator's WebSocket protocol (venues.md §2.6) without the socket: each connection is a
 * peer that can be sent messages. Commands `subscribe`, `unsubscribe` and `update_subscription`
 * (`add_markets`, `delete_markets`, `get_snapshot`), answered with `subscribed` / `unsubscribed` /
 * `ok` or an `error` with Kalshi's code. Channels: `orderbook_delta` (a snapshot per market, then
 * signed deltas, `seq` per subscription), `trade`, `ticker`, and the private `fill` and
 * `user_orders` for the connection's own account, and `market_lifecycle_v2` (every market: Kalshi
 * supports no ticker filter on it) with `event_lifecycle` when a game is listed. Pure: the exchange reports every change, and
 * the feed turns a book change into deltas by diffing the market's levels against what it last
 * published, so any way the book moves (orders, cancels, fills, maker quotes, expiry) is covered.
 *
 * Faults for tests: `skipSeq` (the next book message of every subscription skips a seq),
 * `stall` (the open connections send nothing, heartbeats included, until `resume`; seqs still
 * advance, so a stream that resumes does so with a gap; new connections are served).
 */
import type { Centis } from '../../core/money.js';
import type { KalshiSimExchange } from './exchange.js';
import type { ExchangeChange, SimFill } from './exchange-types.js';
import {
  deltaMessage,
  diffLegBooks,
  eventLifecycleMessage,
  fillMessage,
  type LegBook,
  legBook,
  lifecycleMessage,
  snapshotMessage,
  tickerMessage,
  tradeMessage,
  userOrderMessage,
  type WsErrorName,
  wsError,
} from './ws-wire.js';

export const KALSHI_SIM_WS_CHANNELS = [
  'orderbook_delta',
  'trade',
  'ticker',
  'fill',
  'user_orders',
  'market_lifecycle_v2',
] as const;
export type KalshiSimWsChannel = (typeof KALSHI_SIM_WS_CHANNELS)[number];
const isChannel = (c: unknown): c is KalshiSimWsChannel =>
  typeof c === 'string' && (KALSHI_SIM_WS_CHANNELS as readonly string[]).includes(c);

/** One connection, as the transport gives it to the feed. */
export interface KalshiSimWsPeer {
  /** The account whose key signed the handshake. */
  readonly accountId: string;
  send(message: object): void;
  /** A frame as given, for tests that feed clients malformed input. */
  sendText(text: string): void;
}

interface Subscription {
  readonly sid: number;
  readonly channel: KalshiSimWsChannel;
  /** null: every market (trade, ticker, fill, user_orders without a ticker filter). */
  tickers: Set<string> | null;
  /** The last seq sent on this subscription (book subscriptions only). */
  seq: number;
  readonly useYesPrice: boolean;
}

export interface KalshiSimWsSession {
  readonly peer: KalshiSimWsPeer;
  readonly subscriptions: Map<number, Subscription>;
  nextSid: number;
  /** Silent (the stall fault): nothing is sent, heartbeats included. */
  stalled: boolean;
  /** Messages sent on this connection. */
  sent: number;
}

export interface KalshiSimWsStats {
  commands: number;
  commandErrors: number;
  messagesSent: number;
  messagesDropped: number;
}

const emptyBook = (): LegBook => ({ yes: new Map(), no: new Map() });

export class KalshiSimFeed {
  readonly stats: KalshiSimWsStats = { commands: 0, commandErrors: 0, messagesSent: 0, messagesDropped: 0 };
  private readonly sessions = new Set<KalshiSimWsSession>();
  /** Each market's book as last published: the base the next change is diffed against. */
  private readonly published = new Map<string, LegBook>();
  private readonly stopListening: () => void;

  constructor(
    private readonly exchange: KalshiSimExchange,
    private readonly now: () => number,
  ) {
    for (const market of exchange.markets.values()) this.published.set(market.ticker, legBook(market));
    this.stopListening = exchange.onChange((change) => this.onChange(change));
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  open(peer: KalshiSimWsPeer): KalshiSimWsSession {
    const session: KalshiSimWsSession = {
      peer,
      subscriptions: new Map(),
      nextSid: 1,
      stalled: false,
      sent: 0,
    };
    this.sessions.add(session);
    return session;
  }

  close(session: KalshiSimWsSession): void {
    this.sessions.delete(session);
  }

  dispose(): void {
    this.stopListening();
    this.sessions.clear();
  }

  /** The next book message of every subscription skips one seq: a gap for clients to detect. */
  skipSeq(): void {
    for (const session of this.sessions)
      for (const sub of session.subscriptions.values()) if (sub.channel === 'orderbook_delta') sub.seq += 1;
  }

  /**
   * Messages sent so far on the open connections of an account: an in-process client that has
   * handled this many on its connection has seen everything (the one-process run's barrier).
   */
  sentTo(accountId: string): number {
    let sent = 0;
    for (const session of this.sessions) if (session.peer.accountId === accountId) sent += session.sent;
    return sent;
  }

  /** Sends a raw text frame on every connection (tests: malformed input from the server side). */
  broadcastRaw(text: string): void {
    for (const session of this.sessions) session.peer.sendText(text);
  }

  /** The connections open now go silent (later ones are served): a stream that died quietly. */
  stall(): void {
    for (const session of this.sessions) session.stalled = true;
  }

  resume(): void {
    for (const session of this.sessions) session.stalled = false;
  }

  /** One text frame from a client. Bad input is answered with an error, never thrown. */
  onText(session: KalshiSimWsSession, text: string): undefined {
    this.stats.commands += 1;
    let command: unknown;
    try {
      command = JSON.parse(text);
    } catch {
      return this.fail(session, null, 'unprocessable');
    }
    if (command === null || typeof command !== 'object' || Array.isArray(command))
      return this.fail(session, null, 'unprocessable');
    const { id: rawId, cmd, params } = command as { id?: unknown; cmd?: unknown; params?: unknown };
    const id = Number.isSafeInteger(rawId) ? (rawId as number) : null;
    if (cmd !== 'subscribe' && cmd !== 'unsubscribe' && cmd !== 'update_subscription')
      return this.fail(session, id, 'unknownCommand');
    if (params === null || typeof params !== 'object' || Array.isArray(params))
      return this.fail(session, id, 'paramsRequired');
    const p = params as Record<string, unknown>;
    if (cmd === 'subscribe') return this.subscribe(session, id, p);
    if (cmd === 'unsubscribe') return this.unsubscribe(session, id, p);
    return this.update(session, id, p);
  }

  private subscribe(session: KalshiSimWsSession, id: number | null, p: Record<string, unknown>): undefined {
    const channels = p.channels;
    if (!Array.isArray(channels) || channels.length === 0) return this.fail(session, id, 'channelsRequired');
    if (!channels.every(isChannel)) return this.fail(session, id, 'unknownChannel');
    const tickers = this.tickersOf(p);
    if (tickers === 'invalid') return this.fail(session, id, 'invalidParameter');
    if (tickers?.some((t) => !this.exchange.markets.has(t))) return this.fail(session, id, 'marketNotFound');
    if (channels.includes('orderbook_delta') && tickers === null)
      return this.fail(session, id, 'tickerRequired');
    const taken = new Set([...session.subscriptions.values()].map((s) => s.channel));
    if (channels.some((c) => taken.has(c))) return this.fail(session, id, 'alreadySubscribed');
    for (const channel of new Set(channels)) {
      const sub: Subscription = {
        sid: session.nextSid++,
        channel,
        // The lifecycle channel covers every market whatever tickers are given.
        tickers: tickers === null || channel === 'market_lifecycle_v2' ? null : new Set(tickers),
        seq: 0,
        useYesPrice: p.use_yes_price === true,
      };
      session.subscriptions.set(sub.sid, sub);
      this.send(session, { id, type: 'subscribed', msg: { channel, sid: sub.sid } });
      if (channel === 'orderbook_delta') for (const t of tickers ?? []) this.sendSnapshot(session, sub, t);
    }
  }

  private unsubscribe(session: KalshiSimWsSession, id: number | null, p: Record<string, unknown>): undefined {
    const sids = p.sids;
    if (!Array.isArray(sids) || sids.length === 0) return this.fail(session, id, 'sidsRequired');
    if (!sids.every((s) => session.subscriptions.has(s as number)))
      return this.fail(session, id, 'unknownSid');
    for (const sid of sids as number[]) {
      const sub = session.subscriptions.get(sid) as Subscription;
      session.subscriptions.delete(sid);
      sub.seq += 1;
      this.send(session, { id, sid, seq: sub.seq, type: 'unsubscribed' });
    }
  }

  private update(session: KalshiSimWsSession, id: number | null, p: Record<string, unknown>): undefined {
    const sids = Array.isArray(p.sids) ? p.sids : p.sid === undefined ? [] : [p.sid];
    if (sids.length !== 1) return this.fail(session, id, 'exactlyOneSid');
    const sub = session.subscriptions.get(sids[0] as number);
    if (!sub) return this.fail(session, id, 'unknownSid');
    const action = p.action;
    if (action === undefined) return this.fail(session, id, 'actionRequired');
    if (action !== 'add_markets' && action !== 'delete_markets' && action !== 'get_snapshot')
      return this.fail(session, id, 'unsupportedAction');
    const tickers = this.tickersOf(p);
    if (tickers === 'invalid') return this.fail(session, id, 'invalidParameter');
    if (tickers?.some((t) => !this.exchange.markets.has(t))) return this.fail(session, id, 'marketNotFound');
    if (action !== 'get_snapshot' && tickers === null) return this.fail(session, id, 'tickerRequired');
    let snapshots: string[] = [];
    if (action === 'add_markets') {
      sub.tickers ??= new Set();
      snapshots = (tickers ?? []).filter((t) => !sub.tickers?.has(t));
      for (const t of tickers ?? []) sub.tickers.add(t);
    } else if (action === 'delete_markets') {
      for (const t of tickers ?? []) sub.tickers?.delete(t);
    } else {
      if (sub.channel !== 'orderbook_delta') return this.fail(session, id, 'invalidParameter');
      snapshots = (tickers ?? [...(sub.tickers ?? [])]).filter((t) => sub.tickers?.has(t));
    }
    const marketTickers = sub.tickers === null ? [] : [...sub.tickers].sort();
    if (sub.channel === 'orderbook_delta') sub.seq += 1;
    const seq = sub.channel === 'orderbook_delta' ? sub.seq : undefined;
    this.send(session, { id, sid: sub.sid, seq, type: 'ok', msg: { market_tickers: marketTickers } });
    if (sub.channel === 'orderbook_delta') for (const t of snapshots) this.sendSnapshot(session, sub, t);
  }

  /** `market_ticker` or `market_tickers`; null when neither is given. */
  private tickersOf(p: Record<string, unknown>): string[] | null | 'invalid' {
    if (p.market_tickers !== undefined) {
      const list = p.market_tickers;
      if (!Array.isArray(list) || !list.every((t) => typeof t === 'string' && t.length > 0)) return 'invalid';
      return list.length === 0 ? null : (list as string[]);
    }
    if (p.market_ticker !== undefined)
      return typeof p.market_ticker === 'string' && p.market_ticker.length > 0
        ? [p.market_ticker]
        : 'invalid';
    return null;
  }

  private sendSnapshot(session: KalshiSimWsSession, sub: Subscription, ticker: string): void {
    const market = this.exchange.markets.get(ticker);
    if (!market) return;
    const book = legBook(market);
    this.published.set(ticker, book);
    sub.seq += 1;
    this.send(
      session,
      snapshotMessage({ sid: sub.sid, seq: sub.seq, ticker, book, useYesPrice: sub.useYesPrice }),
    );
  }

  private onChange(change: ExchangeChange): undefined {
    switch (change.kind) {
      case 'book':
        return this.onBook(change.ticker, change.tsMs);
      case 'trade':
        for (const { session, sub } of this.subscribers('trade', change.ticker))
          this.send(session, tradeMessage({ sid: sub.sid, ...change }));
        return;
      case 'fill':
        return this.onFill(change.fill, change.postPosition);
      case 'order':
        for (const { session, sub } of this.subscribers('user_orders', change.order.ticker))
          if (session.peer.accountId === change.order.accountId)
            this.send(session, userOrderMessage(sub.sid, change.order));
        return;
      case 'lifecycle':
        for (const { session, sub } of this.subscribers('market_lifecycle_v2', ''))
          this.send(session, lifecycleMessage(sub.sid, change.event));
        return;
      case 'event_created':
        for (const { session, sub } of this.subscribers('market_lifecycle_v2', ''))
          this.send(session, eventLifecycleMessage(sub.sid, change.event));
        return;
    }
  }

  private onBook(ticker: string, tsMs: number): undefined {
    const market = this.exchange.markets.get(ticker);
    if (!market) return;
    const after = legBook(market);
    // A market added after the feed started had an empty book before its first change.
    const changes = diffLegBooks(this.published.get(ticker) ?? emptyBook(), after);
    this.published.set(ticker, after);
    if (changes.length === 0) return;
    for (const { session, sub } of this.subscribers('orderbook_delta', ticker)) {
      for (const change of changes) {
        sub.seq += 1;
        this.send(
          session,
          deltaMessage({ sid: sub.sid, seq: sub.seq, ticker, change, useYesPrice: sub.useYesPrice, tsMs }),
        );
      }
    }
    for (const { session, sub } of this.subscribers('ticker', ticker))
      this.send(session, tickerMessage(sub.sid, market, tsMs || this.now()));
  }

  private onFill(fill: SimFill, postPosition: Centis): undefined {
    for (const { session, sub } of this.subscribers('fill', fill.ticker))
      if (session.peer.accountId === fill.accountId)
        this.send(session, fillMessage(sub.sid, fill, postPosition));
  }

  private *subscribers(channel: KalshiSimWsChannel, ticker: string) {
    for (const session of this.sessions)
      for (const sub of session.subscriptions.values())
        if (sub.channel === channel && (sub.tickers === null || sub.tickers.has(ticker)))
          yield { session, sub };
  }

  private fail(session: KalshiSimWsSession, id: number | null, name: WsErrorName): undefined {
    this.stats.commandErrors += 1;
    this.send(session, wsError(id, name));
  }

  private send(session: KalshiSimWsSession, message: object): void {
    if (session.stalled) {
      this.stats.messagesDropped += 1;
      return;
    }
    this.stats.messagesSent += 1;
    session.sent += 1;
    session.peer.send(message);
  }
}
