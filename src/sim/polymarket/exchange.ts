/**
 * The simulated Polymarket exchange: markets (each one frame-of-token-0 matching book), funder
 * accounts holding pUSD and outcome shares, orders, trades, taker fees and resolution. Pure:
 * every call takes the time it happens at; listeners hear what changed (the WebSocket feeds).
 *
 * Money (integers throughout): pUSD in micro-dollars, shares in micro-shares, both the
 * 6-decimal base units of the signed amounts. A match between a token-0 buyer and a token-1
 * buyer mints the pair (they pay P and 1−P per share); between two sellers it merges it; a
 * buyer and a seller of the same token swap. Cash legs round in the exchange's favour (buyers
 * pay the ceiling, sellers receive the floor) and the surplus is kept in `dust`, so
 * deposits = Σ pUSD + Σ fees + dust + $1 × (token-0 shares outstanding).
 *
 * Collateral: an order reserves what it may spend, a BUY its signed maker amount plus the
 * largest taker fee it could owe, a SELL its shares; the reserve shrinks as it fills and is
 * freed when it ends. An order needs that much available (balance minus other reserves).
 */
import type { Micros } from '../../core/money.js';
import type { FrameSide, TimeInForce } from './engine.js';
import {
  mulCeil,
  mulFloor,
  newMarket,
  type SimPolyEventSpec,
  type SimPolyMarket,
  type SimPolyMarketSpec,
  takerFee,
  tickMicros,
} from './market.js';

export type PolySide = 'BUY' | 'SELL';
export type SimPolyOrderStatus = 'LIVE' | 'MATCHED' | 'CANCELED';

export interface SimPolyAccount {
  /** Funder (maker) wallet, lower case. */
  readonly accountId: string;
  collateral: Micros;
  readonly shares: Map<string, number>;
  feesPaid: Micros;
}

export interface SimPolyOrder {
  readonly orderId: string;
  readonly accountId: string;
  /** Checksummed maker address as signed. */
  readonly makerAddress: string;
  /** The API key that posted it. */
  readonly owner: string;
  readonly conditionId: string;
  readonly tokenId: string;
  readonly tokenIndex: 0 | 1;
  readonly side: PolySide;
  /** Limit price in this token's own frame. */
  readonly price: Micros;
  readonly originalSize: number;
  sizeMatched: number;
  status: SimPolyOrderStatus;
  readonly orderType: TimeInForce;
  /** Unix seconds; 0 for none. */
  readonly expirationSeconds: number;
  readonly createdMs: number;
  readonly associateTrades: string[];
  /** pUSD (BUY) or shares (SELL) still held for it. */
  reserve: number;
}

export interface SimPolyMakerFill {
  readonly orderId: string;
  readonly owner: string;
  readonly makerAddress: string;
  readonly accountId: string;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: PolySide;
  /** In the maker token's frame. */
  readonly price: Micros;
  readonly size: number;
}

export interface SimPolyTrade {
  readonly id: string;
  readonly conditionId: string;
  readonly takerOrderId: string;
  readonly takerAccountId: string;
  readonly takerOwner: string;
  readonly takerAddress: string;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: PolySide;
  /** In the taker token's frame. */
  readonly price: Micros;
  readonly size: number;
  readonly takerFee: Micros;
  readonly feeRateBps: number;
  readonly maker: SimPolyMakerFill;
  status: 'MATCHED' | 'MINED' | 'CONFIRMED';
  readonly matchMs: number;
  lastUpdateMs: number;
  readonly transactionHash: string;
}

export interface NewPolyOrder {
  readonly orderId: string;
  readonly accountId: string;
  readonly makerAddress: string;
  readonly owner: string;
  readonly tokenId: string;
  readonly side: PolySide;
  readonly price: Micros;
  /** Micro-shares. */
  readonly size: number;
  readonly orderType: TimeInForce;
  readonly postOnly: boolean;
  readonly expirationSeconds: number;
}

export interface PolyRefusal {
  readonly status: 400 | 404;
  readonly error: string;
}

export type PlaceResult =
  | { readonly ok: true; readonly order: SimPolyOrder; readonly trades: readonly SimPolyTrade[] }
  | { readonly ok: false; readonly refusal: PolyRefusal };

export type SimPolyEvent =
  | {
      readonly kind: 'order';
      readonly type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION';
      readonly order: SimPolyOrder;
    }
  | { readonly kind: 'trade'; readonly trade: SimPolyTrade }
  | { readonly kind: 'book'; readonly conditionId: string; readonly traded: boolean }
  | {
      readonly kind: 'tick_size';
      readonly conditionId: string;
      readonly oldTick: string;
      readonly newTick: string;
    };

const refuse = (error: string, status: 400 | 404 = 400): PlaceResult => ({
  ok: false,
  refusal: { status, error },
});

/** The frame-of-token-0 side of a token order. */
function frameSide(tokenIndex: 0 | 1, side: PolySide): FrameSide {
  return (tokenIndex === 0) === (side === 'BUY') ? 'bid' : 'ask';
}
const toFrame = (tokenIndex: 0 | 1, price: Micros) =>
  tokenIndex === 0 ? price : ((1_000_000 - price) as Micros);

export class PolySimExchange {
  readonly markets = new Map<string, SimPolyMarket>();
  readonly events = new Map<string, SimPolyEventSpec>();
  readonly accounts = new Map<string, SimPolyAccount>();
  readonly orders = new Map<string, SimPolyOrder>();
  readonly trades: SimPolyTrade[] = [];
  /** Rounding surplus kept by the exchange (see the header), in 1e-12 dollars to stay exact. */
  dustPico = 0n;
  private readonly tokens = new Map<string, { conditionId: string; index: 0 | 1 }>();
  private readonly listeners: ((event: SimPolyEvent) => void)[] = [];
  private tradeSeq = 0;

  onEvent(listener: (event: SimPolyEvent) => void): void {
    this.listeners.push(listener);
  }

  addEvent(spec: SimPolyEventSpec): void {
    this.events.set(spec.id, spec);
  }

  addMarket(spec: SimPolyMarketSpec, nowMs: number): SimPolyMarket {
    if (this.markets.has(spec.conditionId)) throw new Error(`market ${spec.conditionId} already exists`);
    for (const t of spec.tokenIds)
      if (this.tokens.has(t)) throw new Error(`token ${t} already belongs to a market`);
    const market = newMarket(spec, nowMs);
    this.markets.set(spec.conditionId, market);
    spec.tokenIds.forEach((t, i) => {
      this.tokens.set(t, { conditionId: spec.conditionId, index: i as 0 | 1 });
    });
    return market;
  }

  tokenInfo(tokenId: string): { market: SimPolyMarket; index: 0 | 1 } | null {
    const t = this.tokens.get(tokenId);
    const market = t ? this.markets.get(t.conditionId) : undefined;
    return t && market ? { market, index: t.index } : null;
  }

  account(accountId: string): SimPolyAccount {
    const id = accountId.toLowerCase();
    let a = this.accounts.get(id);
    if (!a) {
      a = { accountId: id, collateral: 0 as Micros, shares: new Map(), feesPaid: 0 as Micros };
      this.accounts.set(id, a);
    }
    return a;
  }

  deposit(accountId: string, amount: Micros): void {
    const a = this.account(accountId);
    a.collateral = (a.collateral + amount) as Micros;
  }

  /** Splits pUSD into equal amounts of both tokens (the CTF split), $1 per pair. */
  split(accountId: string, conditionId: string, size: number): void {
    const market = this.markets.get(conditionId);
    if (!market) throw new Error(`no market ${conditionId}`);
    const a = this.account(accountId);
    if (this.available(a) < size) throw new Error('not enough pUSD to split');
    a.collateral = (a.collateral - size) as Micros;
    for (const t of market.spec.tokenIds) a.shares.set(t, (a.shares.get(t) ?? 0) + size);
  }

  /** pUSD not held by open orders. */
  available(a: SimPolyAccount): number {
    let held = 0;
    for (const o of this.openOrders(a.accountId)) if (o.side === 'BUY') held += o.reserve;
    return a.collateral - held;
  }

  availableShares(a: SimPolyAccount, tokenId: string): number {
    let held = 0;
    for (const o of this.openOrders(a.accountId))
      if (o.side === 'SELL' && o.tokenId === tokenId) held += o.reserve;
    return (a.shares.get(tokenId) ?? 0) - held;
  }

  openOrders(accountId: string): SimPolyOrder[] {
    const id = accountId.toLowerCase();
    return [...this.orders.values()].filter((o) => o.accountId === id && o.status === 'LIVE');
  }

  place(req: NewPolyOrder, nowMs: number): PlaceResult {
    const info = this.tokenInfo(req.tokenId);
    if (!info) return refuse('Invalid token id', 400);
    const { market, index } = info;
    if (market.status !== 'open') return refuse('market is closed: orders are not accepted');
    if (this.orders.has(req.orderId)) return refuse(`order ${req.orderId} already exists`);
    const tick = tickMicros(market.tickSize);
    if (req.price % tick !== 0)
      return refuse(
        `order ${req.orderId} is invalid. Price (${req.price / 1e6}) breaks minimum tick size rule: ${market.tickSize}`,
      );
    if (req.price < tick || req.price > 1_000_000 - tick)
      return refuse(`invalid price (${req.price / 1e6}), min: ${tick / 1e6} - max: ${1 - tick / 1e6}`);
    const resting = req.orderType === 'GTC' || req.orderType === 'GTD';
    if (resting && req.size < market.spec.minOrderSize)
      return refuse(`Size (${req.size / 1e6}) lower than the minimum: ${market.spec.minOrderSize / 1e6}`);
    if (req.postOnly && !resting)
      return refuse('invalid post-only order: only GTC and GTD orders can be post-only');
    if (req.orderType === 'GTD' && req.expirationSeconds * 1000 <= nowMs + 60_000)
      return refuse('invalid expiration: a GTD order must expire at least one minute from now');
    if (req.orderType !== 'GTD' && req.expirationSeconds !== 0)
      return refuse('invalid expiration: only GTD orders can expire');

    const account = this.account(req.accountId);
    const reserve = this.reserveFor(market, req.side, req.price, req.size);
    const have = req.side === 'BUY' ? this.available(account) : this.availableShares(account, req.tokenId);
    if (have < reserve) return refuse('not enough balance / allowance');

    const result = market.book.submit({
      orderId: req.orderId,
      accountId: account.accountId,
      side: frameSide(index, req.side),
      price: toFrame(index, req.price),
      size: req.size,
      timeInForce: req.orderType,
      postOnly: req.postOnly,
    });
    if (result.kind === 'refused') {
      if (result.reason === 'post_only_crosses') return refuse('invalid post-only order: order crosses book');
      if (result.reason === 'fok_unfillable')
        return refuse("order couldn't be fully filled. FOK orders are fully filled or killed.");
      return refuse(
        'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.',
      );
    }

    const order: SimPolyOrder = {
      orderId: req.orderId,
      accountId: account.accountId,
      makerAddress: req.makerAddress,
      owner: req.owner,
      conditionId: market.spec.conditionId,
      tokenId: req.tokenId,
      tokenIndex: index,
      side: req.side,
      price: req.price,
      originalSize: req.size,
      sizeMatched: 0,
      status: 'LIVE',
      orderType: req.orderType,
      expirationSeconds: req.expirationSeconds,
      createdMs: nowMs,
      associateTrades: [],
      reserve,
    };
    this.orders.set(order.orderId, order);
    for (const gone of result.selfTradeCanceled) this.endOrder(gone.orderId, 'CANCELED', nowMs);

    const trades: SimPolyTrade[] = [];
    for (const m of result.matches) {
      const maker = this.orders.get(m.makerOrderId);
      if (!maker) throw new Error(`resting order ${m.makerOrderId} has no record`);
      trades.push(this.settle(market, order, maker, m.price, m.size, nowMs));
    }
    order.reserve = this.reserveFor(market, order.side, order.price, order.originalSize - order.sizeMatched);
    if (!result.rests) {
      order.status = order.sizeMatched > 0 ? 'MATCHED' : 'CANCELED';
      order.reserve = 0;
    }
    if (result.rests || trades.length > 0 || result.selfTradeCanceled.length > 0 || order.sizeMatched === 0) {
      market.bookChangedMs = nowMs;
    }
    if (result.rests) this.emit({ kind: 'order', type: 'PLACEMENT', order });
    for (const t of trades) this.emit({ kind: 'trade', trade: t });
    this.emit({ kind: 'book', conditionId: market.spec.conditionId, traded: trades.length > 0 });
    return { ok: true, order, trades };
  }

  cancel(orderId: string, accountId: string, nowMs: number): SimPolyOrder | null {
    const order = this.orders.get(orderId);
    if (!order || order.accountId !== accountId.toLowerCase() || order.status !== 'LIVE') return null;
    this.endOrder(orderId, 'CANCELED', nowMs);
    return order;
  }

  /** Cancels an account's live orders that the filter selects; returns their ids. */
  cancelWhere(accountId: string, filter: (o: SimPolyOrder) => boolean, nowMs: number): string[] {
    const ids = this.openOrders(accountId)
      .filter(filter)
      .map((o) => o.orderId);
    for (const id of ids) this.endOrder(id, 'CANCELED', nowMs);
    return ids;
  }

  /** Expires GTD orders whose time has come, and advances trades MATCHED → MINED → CONFIRMED. */
  tick(nowMs: number, confirmAfterMs: number): void {
    for (const o of [...this.orders.values()])
      if (o.status === 'LIVE' && o.expirationSeconds > 0 && o.expirationSeconds * 1000 <= nowMs)
        this.endOrder(o.orderId, 'CANCELED', nowMs);
    for (const t of this.trades) {
      if (t.status === 'CONFIRMED' || nowMs - t.lastUpdateMs < confirmAfterMs) continue;
      t.status = t.status === 'MATCHED' ? 'MINED' : 'CONFIRMED';
      t.lastUpdateMs = nowMs;
      this.emit({ kind: 'trade', trade: t });
    }
  }

  setTickSize(conditionId: string, tick: SimPolyMarket['tickSize']): void {
    const market = this.markets.get(conditionId);
    if (!market) throw new Error(`no market ${conditionId}`);
    const oldTick = market.tickSize;
    market.tickSize = tick;
    this.emit({ kind: 'tick_size', conditionId, oldTick, newTick: tick });
  }

  /** Resolves a market: cancels its orders and pays $1 per winning share. */
  resolve(conditionId: string, winner: 0 | 1, nowMs: number): void {
    const market = this.markets.get(conditionId);
    if (!market) throw new Error(`no market ${conditionId}`);
    for (const r of market.book.resting()) this.endOrder(r.orderId, 'CANCELED', nowMs);
    market.status = 'resolved';
    market.winner = winner;
    const winning = market.spec.tokenIds[winner];
    for (const a of this.accounts.values()) {
      a.collateral = (a.collateral + (a.shares.get(winning) ?? 0)) as Micros;
      for (const t of market.spec.tokenIds) a.shares.delete(t);
    }
    market.bookChangedMs = nowMs;
    this.emit({ kind: 'book', conditionId, traded: false });
  }

  private endOrder(orderId: string, status: SimPolyOrderStatus, nowMs: number): void {
    const order = this.orders.get(orderId);
    if (order?.status !== 'LIVE') return;
    const market = this.markets.get(order.conditionId);
    market?.book.cancel(orderId);
    if (market) market.bookChangedMs = nowMs;
    order.status = status;
    order.reserve = 0;
    this.emit({ kind: 'order', type: 'CANCELLATION', order });
    if (market) this.emit({ kind: 'book', conditionId: market.spec.conditionId, traded: false });
  }

  /**
   * What an order holds: shares for a SELL; for a BUY its cash at the limit plus the largest
   * taker fee it could pay at any fill price up to the limit (p(1−p) peaks at 0.5).
   */
  private reserveFor(market: SimPolyMarket, side: PolySide, price: Micros, remaining: number): number {
    if (remaining <= 0) return 0;
    if (side === 'SELL') return remaining;
    const worstFeePrice = Math.min(price, 500_000) as Micros;
    return mulCeil(remaining, price) + takerFee(market.spec.fee, worstFeePrice, remaining);
  }

  private settle(
    market: SimPolyMarket,
    taker: SimPolyOrder,
    maker: SimPolyOrder,
    framePrice: Micros,
    size: number,
    nowMs: number,
  ): SimPolyTrade {
    const legs = [taker, maker].map((o) => ({ o, price: toFrame(o.tokenIndex, framePrice) }));
    for (const { o, price } of legs) {
      const a = this.account(o.accountId);
      const shares = a.shares.get(o.tokenId) ?? 0;
      if (o.side === 'BUY') {
        const cost = mulCeil(size, price);
        this.dustPico += BigInt(cost) * 1_000_000n - BigInt(size) * BigInt(price);
        a.collateral = (a.collateral - cost) as Micros;
        a.shares.set(o.tokenId, shares + size);
      } else {
        const proceeds = mulFloor(size, price);
        this.dustPico += BigInt(size) * BigInt(price) - BigInt(proceeds) * 1_000_000n;
        a.collateral = (a.collateral + proceeds) as Micros;
        a.shares.set(o.tokenId, shares - size);
      }
      o.sizeMatched += size;
    }
    const takerPrice = toFrame(taker.tokenIndex, framePrice);
    const fee = takerFee(market.spec.fee, takerPrice, size);
    const takerAccount = this.account(taker.accountId);
    takerAccount.collateral = (takerAccount.collateral - fee) as Micros;
    takerAccount.feesPaid = (takerAccount.feesPaid + fee) as Micros;
    maker.reserve = this.reserveFor(market, maker.side, maker.price, maker.originalSize - maker.sizeMatched);
    if (maker.sizeMatched >= maker.originalSize) {
      maker.status = 'MATCHED';
      maker.reserve = 0;
    }
    market.lastTradePrice = framePrice;
    this.tradeSeq += 1;
    const id = tradeUuid(this.tradeSeq);
    const trade: SimPolyTrade = {
      id,
      conditionId: market.spec.conditionId,
      takerOrderId: taker.orderId,
      takerAccountId: taker.accountId,
      takerOwner: taker.owner,
      takerAddress: taker.makerAddress,
      tokenId: taker.tokenId,
      outcome: market.spec.outcomes[taker.tokenIndex],
      side: taker.side,
      price: takerPrice,
      size,
      takerFee: fee,
      feeRateBps: Math.round(market.spec.fee.ratePpm / 100),
      maker: {
        orderId: maker.orderId,
        owner: maker.owner,
        makerAddress: maker.makerAddress,
        accountId: maker.accountId,
        tokenId: maker.tokenId,
        outcome: market.spec.outcomes[maker.tokenIndex],
        side: maker.side,
        price: toFrame(maker.tokenIndex, framePrice),
        size,
      },
      status: 'MATCHED',
      matchMs: nowMs,
      lastUpdateMs: nowMs,
      transactionHash: `0x${this.tradeSeq.toString(16).padStart(64, '0')}`,
    };
    taker.associateTrades.push(id);
    maker.associateTrades.push(id);
    this.trades.push(trade);
    this.emit({ kind: 'order', type: 'UPDATE', order: maker });
    return trade;
  }

  private emit(event: SimPolyEvent): void {
    for (const l of this.listeners) l(event);
  }
}

/** Trade ids look like the venue's UUIDs; a counter keeps them deterministic. */
function tradeUuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}
