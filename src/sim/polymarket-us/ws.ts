/**
 * The Polymarket US simulator's WebSockets: `/v1/ws/markets` and `/v1/ws/private`, each opened
 * with the signed handshake (`ts + "GET" + path`). Markets: `SUBSCRIPTION_TYPE_MARKET_DATA` sends
 * the full book (`marketData`) at once and on every change, `SUBSCRIPTION_TYPE_TRADE` each trade
 * (its quantity an Amount, as the docs show); at most 100 markets per subscription. Private:
 * `SUBSCRIPTION_TYPE_ORDER` sends `orderSubscriptionSnapshot` then an `orderSubscriptionUpdate`
 * per execution. A `{"heartbeat":{}}` goes to every client on a timer.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { microsToAmount, microsToDecimal } from '../../venues/polymarket-us/amounts.js';
import type { SimPmusExchange } from './exchange.js';
import { wireExecution, wireMarketData, wireOrder } from './wire.js';

export const MAX_MARKETS_PER_SUBSCRIPTION = 100;

type Channel = 'markets' | 'private';

interface Subscription {
  readonly requestId: string;
  readonly type: string;
  readonly slugs: ReadonlySet<string>;
}

interface Client {
  readonly ws: WebSocket;
  readonly channel: Channel;
  readonly accountId: string;
  readonly subs: Map<string, Subscription>;
}

export interface SimPmusFeedsOptions {
  readonly server: Server;
  readonly exchange: SimPmusExchange;
  readonly now: () => number;
  /** The account of a signed handshake, or null to refuse it (401). */
  readonly authenticate: (req: IncomingMessage, path: string) => string | null;
  readonly heartbeatMs: number;
  /** Counts a frame it could not read. */
  readonly onBadFrame: () => void;
}

export class SimPmusFeeds {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private readonly timer: NodeJS.Timeout | null;
  private readonly unlisten: () => void;
  /** Frames sent on the markets channel, by the account that signed the handshake (see sentTo). */
  private readonly sentByAccount = new Map<string, number>();

  constructor(private readonly opts: SimPmusFeedsOptions) {
    opts.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://sim').pathname;
      const channel: Channel | null =
        path === '/v1/ws/markets' ? 'markets' : path === '/v1/ws/private' ? 'private' : null;
      const accountId = channel ? opts.authenticate(req, path) : null;
      if (!channel || accountId === null) {
        socket.end(channel ? 'HTTP/1.1 401 Unauthorized\r\n\r\n' : 'HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, channel, accountId));
    });
    this.unlisten = opts.exchange.listen({
      book: (slug) => this.pushBook(slug),
      trade: (t) => {
        const body = {
          trade: {
            marketSlug: t.slug,
            price: microsToAmount(t.price),
            quantity: { value: microsToDecimal(t.qty * 10_000), currency: 'USD' },
            tradeTime: new Date(t.timeMs).toISOString(),
            maker: { side: sideOf(t.makerIntent), intent: t.makerIntent },
            taker: { side: sideOf(t.takerIntent), intent: t.takerIntent },
          },
        };
        this.broadcast('markets', 'SUBSCRIPTION_TYPE_TRADE', t.slug, body);
      },
      execution: (accountId, e) => {
        const order = opts.exchange.orders.get(e.orderId);
        if (!order) return;
        for (const c of this.clients) {
          if (c.channel !== 'private' || c.accountId !== accountId) continue;
          for (const s of c.subs.values())
            if (s.type === 'SUBSCRIPTION_TYPE_ORDER' && (s.slugs.size === 0 || s.slugs.has(order.slug)))
              this.send(c, {
                requestId: s.requestId,
                orderSubscriptionUpdate: { execution: wireExecution(e, opts.exchange) },
              });
        }
      },
    });
    this.timer =
      opts.heartbeatMs > 0
        ? setInterval(() => {
            for (const c of this.clients) this.send(c, { heartbeat: {} });
          }, opts.heartbeatMs)
        : null;
    this.timer?.unref();
  }

  /**
   * Frames sent on the markets channel to the connections the account's key opened: a replay
   * waits until its gateway has handled this many.
   */
  sentTo(accountId: string): number {
    return this.sentByAccount.get(accountId) ?? 0;
  }

  /** Drops every client, as a venue restart would (clients must reconnect). */
  dropAll(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.unlisten();
    this.dropAll();
    this.wss.close();
  }

  private accept(ws: WebSocket, channel: Channel, accountId: string): void {
    const client: Client = { ws, channel, accountId, subs: new Map() };
    this.clients.add(client);
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    ws.on('message', (data) => this.onMessage(client, data.toString()));
  }

  private onMessage(client: Client, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.opts.onBadFrame();
      this.send(client, { error: 'message is not JSON' });
      return;
    }
    const m = (msg ?? {}) as { subscribe?: Record<string, unknown>; unsubscribe?: Record<string, unknown> };
    if (m.unsubscribe && typeof m.unsubscribe.requestId === 'string') {
      client.subs.delete(m.unsubscribe.requestId);
      return;
    }
    const s = m.subscribe;
    if (!s || typeof s.requestId !== 'string' || typeof s.subscriptionType !== 'string') {
      this.opts.onBadFrame();
      this.send(client, {
        error:
          'expected {"subscribe":{requestId, subscriptionType, marketSlugs}} or {"unsubscribe":{requestId}}',
      });
      return;
    }
    const slugs = Array.isArray(s.marketSlugs)
      ? s.marketSlugs.filter((x): x is string => typeof x === 'string')
      : [];
    if (slugs.length > MAX_MARKETS_PER_SUBSCRIPTION) {
      this.send(client, {
        requestId: s.requestId,
        error: `at most ${MAX_MARKETS_PER_SUBSCRIPTION} markets per subscription, got ${slugs.length}`,
      });
      return;
    }
    const sub: Subscription = { requestId: s.requestId, type: s.subscriptionType, slugs: new Set(slugs) };
    client.subs.set(sub.requestId, sub);
    if (client.channel === 'markets' && sub.type === 'SUBSCRIPTION_TYPE_MARKET_DATA') {
      for (const slug of slugs) {
        const market = this.opts.exchange.markets.get(slug);
        if (market)
          this.send(client, {
            requestId: sub.requestId,
            subscriptionType: sub.type,
            marketData: wireMarketData(market, this.opts.now()),
          });
        else this.send(client, { requestId: sub.requestId, error: `unknown market ${slug}` });
      }
    }
    if (client.channel === 'private' && sub.type === 'SUBSCRIPTION_TYPE_ORDER') {
      const orders = this.opts.exchange.openOrders(client.accountId, slugs);
      this.send(client, {
        requestId: sub.requestId,
        orderSubscriptionSnapshot: {
          orders: orders.map((o) => wireOrder(o, o, this.opts.exchange.markets.get(o.slug))),
          eof: true,
        },
      });
    }
  }

  private send(client: Client, body: unknown): void {
    if (!send(client.ws, body) || client.channel !== 'markets') return;
    this.sentByAccount.set(client.accountId, (this.sentByAccount.get(client.accountId) ?? 0) + 1);
  }

  private pushBook(slug: string): void {
    const market = this.opts.exchange.markets.get(slug);
    if (!market) return;
    this.broadcast('markets', 'SUBSCRIPTION_TYPE_MARKET_DATA', slug, () => ({
      marketData: wireMarketData(market, this.opts.now()),
    }));
  }

  private broadcast(channel: Channel, type: string, slug: string, body: object | (() => object)): void {
    let payload: object | null = null;
    for (const c of this.clients) {
      if (c.channel !== channel) continue;
      for (const s of c.subs.values()) {
        if (s.type !== type || !s.slugs.has(slug)) continue;
        payload ??= typeof body === 'function' ? body() : body;
        this.send(c, { requestId: s.requestId, subscriptionType: type, ...payload });
      }
    }
  }
}

function sideOf(intent: string): string {
  return intent.includes('BUY') ? 'ORDER_SIDE_BUY' : 'ORDER_SIDE_SELL';
}

function send(ws: WebSocket, body: unknown): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  ws.send(JSON.stringify(body));
  return true;
}
