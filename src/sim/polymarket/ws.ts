/**
 * The simulator's WebSocket channels (venues.md §3.6), on the HTTP server's upgrade:
 * - `/ws/market`: subscribe with `{"assets_ids":[…],"type":"market"}` (or later
 *   `{"assets_ids":[…],"operation":"subscribe"|"unsubscribe"}`); a `book` per asset on
 *   subscribe and after trades, `price_change` with the new aggregate size per changed level
 *   (and the asset's new book hash, the one `/book` returns), `last_trade_price`,
 *   `tick_size_change`.
 * - `/ws/user`: `{"auth":{apiKey,secret,passphrase},"markets":[…],"type":"user"}`; `order`
 *   (PLACEMENT/UPDATE/CANCELLATION) and `trade` messages for that key's orders.
 * The text `PING` gets `PONG`; a client that sends nothing for the idle timeout is dropped.
 * While a market's book is frozen (the stale-book scenario) its feed says nothing; while the
 * feeds are stalled (`stall`, a simulated world's stale-books fault) nothing reaches any client
 * until `resume` sends what was held.
 */
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ApiKeyRecord, ApiKeyRegistry } from './api-keys.js';
import type { PolySimExchange } from './exchange.js';
import { decimalText, type SimPolyMarket } from './market.js';
import type { SimPolyEvent, SimPolyOrder } from './records.js';
import { bookSummary } from './wire.js';
import {
  bestBidAskMessage,
  levelMap,
  marketResolvedMessage,
  newMarketMessage,
  orderMessage,
  type Summary,
  tradeMessage,
} from './ws-messages.js';

interface Client {
  readonly ws: WebSocket;
  readonly channel: 'market' | 'user';
  readonly assets: Set<string>;
  /** User channel: condition ids; empty means every market. */
  readonly markets: Set<string>;
  auth: ApiKeyRecord | null;
  /** The `client` query parameter of the URL it connected with, if any (see sentTo). */
  readonly tag: string | null;
  lastSeenMs: number;
  /** `custom_feature_enabled`: best_bid_ask, new_market and market_resolved too. */
  customFeatures: boolean;
  /** Frames held while the feeds are stalled, sent in order on resume. */
  readonly held: string[];
}

export interface FeedStats {
  connections: number;
  /** Subscribe and unsubscribe messages applied (either channel). */
  subscriptions: number;
  messagesSent: number;
  badMessages: number;
  idleDrops: number;
  forcedDrops: number;
}

export class PolySimFeeds {
  readonly stats: FeedStats = {
    connections: 0,
    subscriptions: 0,
    messagesSent: 0,
    badMessages: 0,
    idleDrops: 0,
    forcedDrops: 0,
  };
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  /** Per asset, the levels last published: "b:price" / "a:price" → size text. */
  private readonly published = new Map<string, Map<string, string>>();
  /** Per asset, the top of book last announced in `best_bid_ask`. */
  private readonly topOfBook = new Map<string, string>();
  /** Messages sent per client tag, summed over its connections. */
  private readonly sentByTag = new Map<string, number>();
  /** The stale-book fault: nothing reaches any client (PONGs included) until `resume`. */
  private stalled = false;

  constructor(
    private readonly opts: {
      readonly server: Server;
      readonly exchange: PolySimExchange;
      readonly keys: ApiKeyRegistry;
      readonly now: () => number;
      /** When a client was last heard from, for the idle timeout; `now` when absent. */
      readonly idleNow?: () => number;
      readonly hashBook: (s: Summary) => Summary;
      readonly idleTimeoutMs: number;
    },
  ) {
    opts.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://sim.invalid');
      const path = url.pathname;
      const channel = path === '/ws/market' ? 'market' : path === '/ws/user' ? 'user' : null;
      if (!channel) {
        socket.destroy();
        return;
      }
      const tag = url.searchParams.get('client');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, channel, tag));
    });
    opts.exchange.onEvent((e) => this.onExchangeEvent(e));
  }

  /**
   * Messages sent (PONGs aside) to the connections made with `?client=<tag>` in their URL, over
   * reconnects too: a client that waits until it has handled all it was sent counts only its
   * own, whoever else is connected (stats.messagesSent counts every client's).
   */
  sentTo(tag: string): number {
    return this.sentByTag.get(tag) ?? 0;
  }

  /** Closes every client, as a venue-side drop would; returns how many. */
  dropAll(): number {
    const n = this.clients.size;
    for (const c of this.clients) c.ws.terminate();
    this.stats.forcedDrops += n;
    return n;
  }

  /**
   * The venue goes silent: every frame for every client (PONGs included) is held, so books
   * go stale and quiet connections look dead, until `resume` sends what was held, in order.
   */
  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
    for (const c of this.clients) for (const text of c.held.splice(0)) this.write(c, text);
  }

  dropIdle(nowMs: number): void {
    for (const c of this.clients)
      if (nowMs - c.lastSeenMs > this.opts.idleTimeoutMs) {
        this.stats.idleDrops += 1;
        c.ws.terminate();
      }
  }

  close(): void {
    for (const c of this.clients) c.ws.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket, channel: 'market' | 'user', tag: string | null): void {
    const client: Client = {
      ws,
      channel,
      assets: new Set(),
      markets: new Set(),
      auth: null,
      tag,
      lastSeenMs: this.idleNow(),
      customFeatures: false,
      held: [],
    };
    this.clients.add(client);
    this.stats.connections += 1;
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    ws.on('message', (data) => {
      client.lastSeenMs = this.idleNow();
      const text = data.toString();
      if (text === 'PING') {
        if (this.stalled) client.held.push('PONG');
        else ws.send('PONG');
        return;
      }
      let msg: unknown;
      try {
        msg = JSON.parse(text);
      } catch {
        this.stats.badMessages += 1;
        return;
      }
      if (typeof msg !== 'object' || msg === null) {
        this.stats.badMessages += 1;
        return;
      }
      if (channel === 'market') this.onMarketMessage(client, msg as Record<string, unknown>);
      else this.onUserMessage(client, msg as Record<string, unknown>);
    });
  }

  private onMarketMessage(client: Client, msg: Record<string, unknown>): void {
    const ids = msg.assets_ids;
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) {
      this.stats.badMessages += 1;
      return;
    }
    if (msg.custom_feature_enabled === true) client.customFeatures = true;
    this.stats.subscriptions += 1;
    if (msg.operation === 'unsubscribe') {
      for (const id of ids) client.assets.delete(id);
      return;
    }
    const books: Summary[] = [];
    for (const id of ids as string[]) {
      const info = this.opts.exchange.tokenInfo(id);
      if (!info) continue;
      client.assets.add(id);
      books.push(this.bookMessage(info.market, info.index));
    }
    // `initial_dump: false` asks for no snapshot on subscribe (docs, AsyncAPI subscription request).
    if (msg.initial_dump !== false)
      this.send(
        client,
        books.map((b) => ({ event_type: 'book', ...b })),
      );
  }

  private onUserMessage(client: Client, msg: Record<string, unknown>): void {
    const auth = msg.auth as { apiKey?: unknown; secret?: unknown; passphrase?: unknown } | undefined;
    if (!client.auth) {
      const record = typeof auth?.apiKey === 'string' ? this.opts.keys.lookup(auth.apiKey) : null;
      if (!record || record.secret !== auth?.secret || record.passphrase !== auth?.passphrase) {
        this.stats.badMessages += 1;
        client.ws.close(1008, 'invalid auth');
        return;
      }
      client.auth = record;
    }
    const markets = msg.markets;
    if (Array.isArray(markets)) {
      const op = msg.operation === 'unsubscribe' ? 'delete' : 'add';
      for (const m of markets) if (typeof m === 'string') client.markets[op](m);
    }
    this.stats.subscriptions += 1;
  }

  private bookMessage(market: SimPolyMarket, index: 0 | 1): Summary {
    const summary = this.opts.hashBook(bookSummary(market, index));
    this.published.set(summary.asset_id, levelMap(summary));
    return summary;
  }

  private onExchangeEvent(e: SimPolyEvent): void {
    if (e.kind === 'book') {
      this.onBook(e.conditionId, e.traded);
      return;
    }
    if (e.kind === 'market_added' || e.kind === 'resolved') {
      const market = this.opts.exchange.markets.get(e.conditionId);
      if (!market) return;
      const now = this.opts.now();
      const event = this.opts.exchange.events.get(market.spec.eventId);
      const msg =
        e.kind === 'resolved'
          ? marketResolvedMessage(market, event, now)
          : newMarketMessage(market, event, now);
      for (const c of this.clients)
        if (
          c.channel === 'market' &&
          c.customFeatures &&
          (e.kind === 'market_added' || market.spec.tokenIds.some((t) => c.assets.has(t)))
        )
          this.send(c, msg);
      return;
    }
    if (e.kind === 'tick_size') {
      const market = this.opts.exchange.markets.get(e.conditionId);
      if (!market) return;
      for (const asset of market.spec.tokenIds)
        this.toAsset(asset, {
          event_type: 'tick_size_change',
          asset_id: asset,
          market: e.conditionId,
          old_tick_size: e.oldTick,
          new_tick_size: e.newTick,
          timestamp: String(this.opts.now()),
        });
      return;
    }
    if (e.kind === 'order') {
      this.toOwner(e.order.owner, e.order.conditionId, (key) =>
        orderMessage(e.type, e.order, this.outcome(e.order), key),
      );
      return;
    }
    const t = e.trade;
    if (t.status === 'MATCHED')
      this.toAsset(t.tokenId, {
        event_type: 'last_trade_price',
        asset_id: t.tokenId,
        market: t.conditionId,
        price: decimalText(t.price),
        side: t.side,
        size: decimalText(t.size),
        fee_rate_bps: String(t.feeRateBps),
        timestamp: String(t.matchMs),
      });
    const owners = new Set([t.takerOwner, t.maker.owner]);
    for (const owner of owners) this.toOwner(owner, t.conditionId, (key) => tradeMessage(t, key));
  }

  private onBook(conditionId: string, traded: boolean): void {
    const market = this.opts.exchange.markets.get(conditionId);
    if (!market || market.frozenBook) return;
    const changes: {
      asset_id: string;
      price: string;
      size: string;
      side: string;
      hash: string;
      best_bid: string;
      best_ask: string;
    }[] = [];
    const books: Summary[] = [];
    for (const index of [0, 1] as const) {
      const asset = market.spec.tokenIds[index];
      const before = this.published.get(asset) ?? new Map<string, string>();
      const summary = this.bookMessage(market, index);
      const after = levelMap(summary);
      const bestBid = summary.bids.at(-1)?.price ?? '0';
      const bestAsk = summary.asks.at(-1)?.price ?? '1';
      for (const k of new Set([...before.keys(), ...after.keys()])) {
        const size = after.get(k) ?? '0';
        if (before.get(k) === size) continue;
        changes.push({
          asset_id: asset,
          price: k.slice(2),
          size,
          side: k.startsWith('b:') ? 'BUY' : 'SELL',
          hash: summary.hash,
          best_bid: bestBid,
          best_ask: bestAsk,
        });
      }
      books.push(summary);
      const top = `${bestBid}|${bestAsk}`;
      if (this.topOfBook.get(asset) !== top) {
        this.topOfBook.set(asset, top);
        const bbo = bestBidAskMessage(summary, this.opts.now());
        for (const c of this.clients)
          if (c.channel === 'market' && c.customFeatures && c.assets.has(asset)) this.send(c, bbo);
      }
    }
    if (changes.length > 0) {
      const msg = {
        event_type: 'price_change',
        market: conditionId,
        timestamp: String(this.opts.now()),
        price_changes: changes,
      };
      const assets = new Set(changes.map((c) => c.asset_id));
      for (const c of this.clients)
        if (c.channel === 'market' && [...assets].some((a) => c.assets.has(a))) this.send(c, msg);
    }
    if (traded) for (const b of books) this.toAsset(b.asset_id, { event_type: 'book', ...b });
  }

  private outcome(o: SimPolyOrder): string {
    return this.opts.exchange.markets.get(o.conditionId)?.spec.outcomes[o.tokenIndex] ?? '';
  }

  private toAsset(asset: string, msg: object): void {
    for (const c of this.clients) if (c.channel === 'market' && c.assets.has(asset)) this.send(c, msg);
  }

  private toOwner(owner: string, conditionId: string, build: (key: string) => object): void {
    for (const c of this.clients)
      if (
        c.channel === 'user' &&
        c.auth?.key === owner &&
        (c.markets.size === 0 || c.markets.has(conditionId))
      )
        this.send(c, build(owner));
  }

  private idleNow(): number {
    return (this.opts.idleNow ?? this.opts.now)();
  }

  private send(client: Client, msg: object): void {
    if (client.ws.readyState !== client.ws.OPEN) return;
    const text = JSON.stringify(msg);
    if (this.stalled) client.held.push(text);
    else this.write(client, text);
  }

  /** Sends a frame and counts it (a held PONG is sent but, as always, not counted). */
  private write(client: Client, text: string): void {
    if (client.ws.readyState !== client.ws.OPEN) return;
    client.ws.send(text);
    if (text === 'PONG') return;
    this.stats.messagesSent += 1;
    if (client.tag !== null) this.sentByTag.set(client.tag, (this.sentByTag.get(client.tag) ?? 0) + 1);
  }
}
