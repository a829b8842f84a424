/**
 * The simulated Polymarket exchange: markets (each one frame-of-token-0 matching book), funder
 * accounts holding pUSD and outcome shares, orders, trades, taker fees and resolution. Pure:
 * every call takes the time it happens at; listeners hear what changed (the WebSocket feeds).
 *
 * Money (integers throughout): pUSD in micro-dollars, shares in micro-shares, both the
 * 6-decimal base units of the signed amounts. A match between a token-0 buyer and a token-1
 * buyer mints the pair (they pay P and 1−P per share); between two sellers it merges it; a
 * buyer and a seller of the same token swap. Cash legs round in the exchange's favour (buyers
 * pay the ceiling, sellers receive the floor) and the surplus is kept in `dustPico`, so
 * deposits = Σ pUSD + Σ fees + dust + $1 × (token-0 shares outstanding).
 *
 * Collateral: an order reserves what it may spend, a BUY its signed maker amount plus the
 * largest taker fee it could owe, a SELL its shares; the reserve shrinks as it fills and is
 * freed when it ends. An order needs that much available (balance minus other reserves).
 *
 * Live sports (`sd`/`itode` on the venue): in a market with a taker delay, an order that would
 * cross is answered `delayed` and matched against the book as it is when the delay is over.
 * A market may also clear its resting orders at game start (`cbos`).
 */
import type { Micros } from '../../core/money.js';
import type { FrameSide } from './engine.js';
import {
  newMarket,
  type SimPolyEventSpec,
  type SimPolyMarket,
  type SimPolyMarketSpec,
  type SimPolyResolution,
  takerDelayActive,
} from './market.js';
import type {
  NewPolyOrder,
  PlaceResult,
  PolySide,
  SimPolyAccount,
  SimPolyEvent,
  SimPolyOrder,
  SimPolyOrderStatus,
  SimPolyTrade,
} from './records.js';
import { orderReserve, orderRuleBroken, payResolution, settleFill, toFrame } from './settlement.js';

const refuse = (error: string, status: 400 | 404 = 400): PlaceResult => ({
  ok: false,
  refusal: { status, error },
});

/** The frame-of-token-0 side of a token order. */
function frameSide(tokenIndex: 0 | 1, side: PolySide): FrameSide {
  return (tokenIndex === 0) === (side === 'BUY') ? 'bid' : 'ask';
}
/** Orders that hold funds and can still trade (a DELAYED one waits out the sports taker delay). */
const isOpen = (o: SimPolyOrder) => o.status === 'LIVE' || o.status === 'DELAYED';

export class PolySimExchange {
  readonly markets = new Map<string, SimPolyMarket>();
  readonly events = new Map<string, SimPolyEventSpec>();
  readonly accounts = new Map<string, SimPolyAccount>();
  readonly orders = new Map<string, SimPolyOrder>();
  readonly trades: SimPolyTrade[] = [];
  /** Each account's trades (as taker or maker) with their place in `trades`: a trader's query must not scan every trade. */
  private readonly tradesByAccount = new Map<
    string,
    { readonly seq: number; readonly trade: SimPolyTrade }[]
  >();
  /** Accounts that have not approved the exchange contracts (allowance 0): they cannot trade. */
  readonly withoutAllowance = new Set<string>();
  /** Rounding surplus kept by the exchange (see the header), in 1e-12 dollars to stay exact. */
  dustPico = 0n;
  private readonly tokens = new Map<string, { conditionId: string; index: 0 | 1 }>();
  private readonly listeners: ((event: SimPolyEvent) => void)[] = [];
  private tradeSeq = 0;
  /** Every order kept, per account: open-order scans look at one account's, not the whole map. */
  private readonly byAccount = new Map<string, Map<string, SimPolyOrder>>();
  /** Counter for ids of orders placed on the exchange directly (the scripted makers). */
  private localOrderSeq = 0;
  /** Inside batch(): the markets whose book changed, and whether a trade did it. */
  private batching: Map<string, boolean> | null = null;
  /** Marketable orders waiting out their market's taker delay, with when they run. */
  private readonly delayed: { order: SimPolyOrder; postOnly: boolean; dueMs: number }[] = [];

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
    this.emit({ kind: 'market_added', conditionId: spec.conditionId });
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
    const mine = this.byAccount.get(accountId.toLowerCase());
    return mine ? [...mine.values()].filter(isOpen) : [];
  }

  /**
   * A fresh id for an order placed on the exchange directly (not signed by a wallet): `0x`, 32
   * f's (no signed order's hash looks like it), then the sequence number in 32 hex digits. Padding
   * the number with f's instead made 0xb and 0xfb the same id, so a maker's resting order could
   * refuse its next quote as "already exists".
   */
  nextLocalOrderId(): string {
    this.localOrderSeq += 1;
    return `0x${'f'.repeat(32)}${this.localOrderSeq.toString(16).padStart(32, '0')}`;
  }

  /**
   * Runs `fn` and announces each changed book once at the end, with the net change, instead of
   * once per order placed or cancelled (a maker replacing its quote in one step).
   */
  batch<T>(fn: () => T): T {
    if (this.batching) return fn();
    const changed = new Map<string, boolean>();
    this.batching = changed;
    try {
      return fn();
    } finally {
      this.batching = null;
      for (const [conditionId, traded] of changed) this.emit({ kind: 'book', conditionId, traded });
    }
  }

  /** The trades any of the accounts took part in, in the order they happened. */
  tradesOf(accountIds: ReadonlySet<string>): SimPolyTrade[] {
    const found = new Map<number, SimPolyTrade>();
    for (const id of accountIds)
      for (const e of this.tradesByAccount.get(id) ?? []) found.set(e.seq, e.trade);
    return [...found].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
  }

  private keepTrade(trade: SimPolyTrade): void {
    const entry = { seq: this.trades.length, trade };
    this.trades.push(trade);
    for (const id of new Set([trade.takerAccountId, trade.maker.accountId])) {
      const mine = this.tradesByAccount.get(id) ?? [];
      this.tradesByAccount.set(id, mine);
      mine.push(entry);
    }
  }

  /** Drops an account's finished orders (a maker's cancelled quotes), so memory stays flat. */
  forgetFinishedOrders(accountId: string): void {
    const mine = this.byAccount.get(accountId.toLowerCase());
    if (!mine) return;
    for (const [orderId, order] of mine)
      if (!isOpen(order)) {
        mine.delete(orderId);
        this.orders.delete(orderId);
      }
  }

  private keep(order: SimPolyOrder): void {
    this.orders.set(order.orderId, order);
    let mine = this.byAccount.get(order.accountId);
    if (!mine) {
      mine = new Map();
      this.byAccount.set(order.accountId, mine);
    }
    mine.set(order.orderId, order);
  }

  place(req: NewPolyOrder, nowMs: number): PlaceResult {
    const info = this.tokenInfo(req.tokenId);
    if (!info) return refuse('Invalid token id', 400);
    const { market, index } = info;
    if (this.orders.has(req.orderId)) return refuse(`order ${req.orderId} already exists`);
    const broken = orderRuleBroken(market, req, nowMs);
    if (broken) return refuse(broken);
    const account = this.account(req.accountId);
    if (this.withoutAllowance.has(account.accountId)) return refuse('not enough balance / allowance');
    const reserve = orderReserve(market, req.side, req.price, req.size);
    const have = req.side === 'BUY' ? this.available(account) : this.availableShares(account, req.tokenId);
    if (have < reserve) return refuse('not enough balance / allowance');
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
    const delayMs = (market.spec.takerDelaySeconds ?? 0) * 1000;
    if (takerDelayActive(market) && !req.postOnly && this.crosses(market, order)) {
      order.status = 'DELAYED';
      this.keep(order);
      this.delayed.push({ order, postOnly: false, dueMs: nowMs + delayMs });
      this.emit({ kind: 'order', type: 'PLACEMENT', order });
      return { ok: true, order, trades: [] };
    }
    return this.execute(market, order, req.postOnly, nowMs);
  }

  /** Matches an order against the book, settles its fills, and rests what is left if it may. */
  private execute(market: SimPolyMarket, order: SimPolyOrder, postOnly: boolean, nowMs: number): PlaceResult {
    const result = market.book.submit({
      orderId: order.orderId,
      accountId: order.accountId,
      side: frameSide(order.tokenIndex, order.side),
      price: toFrame(order.tokenIndex, order.price),
      size: order.originalSize,
      timeInForce: order.orderType,
      postOnly,
    });
    if (result.kind === 'refused') {
      if (result.reason === 'post_only_crosses') return refuse('invalid post-only order: order crosses book');
      if (result.reason === 'fok_unfillable')
        return refuse("order couldn't be fully filled. FOK orders are fully filled or killed.");
      return refuse(
        'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.',
      );
    }
    order.status = 'LIVE';
    this.keep(order);
    for (const gone of result.selfTradeCanceled) this.endOrder(gone.orderId, 'CANCELED', nowMs);
    const trades: SimPolyTrade[] = [];
    for (const m of result.matches) {
      const maker = this.orders.get(m.makerOrderId);
      if (!maker) throw new Error(`resting order ${m.makerOrderId} has no record`);
      this.tradeSeq += 1;
      const fill = settleFill({
        market,
        taker: order,
        maker,
        framePrice: m.price,
        size: m.size,
        nowMs,
        tradeSeq: this.tradeSeq,
        account: (id) => this.account(id),
      });
      this.dustPico += fill.dustPico;
      this.keepTrade(fill.trade);
      trades.push(fill.trade);
      this.emit({ kind: 'order', type: 'UPDATE', order: maker });
    }
    order.reserve = orderReserve(market, order.side, order.price, order.originalSize - order.sizeMatched);
    if (!result.rests) {
      order.status = order.sizeMatched > 0 ? 'MATCHED' : 'CANCELED';
      order.reserve = 0;
    }
    if (result.rests || trades.length > 0 || result.selfTradeCanceled.length > 0)
      market.bookChangedMs = nowMs;
    if (result.rests) this.emit({ kind: 'order', type: 'PLACEMENT', order });
    for (const t of trades) this.emit({ kind: 'trade', trade: t });
    this.emit({ kind: 'book', conditionId: market.spec.conditionId, traded: trades.length > 0 });
    this.refineTick(market);
    return { ok: true, order, trades };
  }

  /**
   * The venue moves a 0.01 market to a 0.001 tick when its book's price passes 0.96 or 0.04
   * (docs, market channel `tick_size_change`). Opt-in per market (`autoTickSize`); never reverted.
   */
  private refineTick(market: SimPolyMarket): void {
    if (!market.spec.autoTickSize || market.tickSize !== '0.01') return;
    const prices = [market.book.bestBid(), market.book.bestAsk()].filter((p) => p !== null);
    if (prices.some((p) => p > 960_000 || p < 40_000)) this.setTickSize(market.spec.conditionId, '0.001');
  }

  private crosses(market: SimPolyMarket, order: SimPolyOrder): boolean {
    const side = frameSide(order.tokenIndex, order.side);
    const price = toFrame(order.tokenIndex, order.price);
    const best = side === 'bid' ? market.book.bestAsk() : market.book.bestBid();
    return best !== null && (side === 'bid' ? best <= price : best >= price);
  }

  cancel(orderId: string, accountId: string, nowMs: number): SimPolyOrder | null {
    const order = this.orders.get(orderId);
    if (!order || order.accountId !== accountId.toLowerCase() || !isOpen(order)) return null;
    this.endOrder(orderId, 'CANCELED', nowMs);
    return order;
  }

  /** Cancels an account's open orders that the filter selects; returns their ids. */
  cancelWhere(accountId: string, filter: (o: SimPolyOrder) => boolean, nowMs: number): string[] {
    const ids = this.openOrders(accountId)
      .filter(filter)
      .map((o) => o.orderId);
    for (const id of ids) this.endOrder(id, 'CANCELED', nowMs);
    return ids;
  }

  /**
   * The exchange's timers: delayed orders whose delay is over are matched, GTD orders expire,
   * books marked clear-on-start are cleared at game start, and trades advance MATCHED → MINED
   * → CONFIRMED, a step per `confirmAfterMs`.
   */
  tick(nowMs: number, confirmAfterMs: number): void {
    for (const d of this.delayed.filter((x) => x.dueMs <= nowMs)) {
      this.delayed.splice(this.delayed.indexOf(d), 1);
      const market = this.markets.get(d.order.conditionId);
      if (d.order.status !== 'DELAYED' || !market) continue;
      const result = market.status === 'open' ? this.execute(market, d.order, d.postOnly, nowMs) : null;
      if (!result?.ok) this.endOrder(d.order.orderId, 'CANCELED', nowMs);
    }
    for (const o of [...this.orders.values()])
      if (o.status === 'LIVE' && o.expirationSeconds > 0 && o.expirationSeconds * 1000 <= nowMs)
        this.endOrder(o.orderId, 'CANCELED', nowMs);
    for (const market of this.markets.values()) {
      const start = market.spec.gameStartTimeMs;
      if (market.liveSinceMs === null && start !== null && nowMs >= start && market.status === 'open')
        this.startGame(market.spec.conditionId, nowMs);
    }
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

  /**
   * The game has started (at its scheduled time from `tick`, or when told): the live-sports
   * rules take hold. A market that clears its book on start (`cbos`) cancels its resting
   * orders, and a live-only taker delay starts to apply. Done once.
   */
  startGame(conditionId: string, nowMs: number): void {
    const market = this.markets.get(conditionId);
    if (!market) throw new Error(`no market ${conditionId}`);
    if (market.liveSinceMs !== null) return;
    market.liveSinceMs = nowMs;
    if (!market.spec.clearBookOnStart) return;
    for (const r of market.book.resting()) this.endOrder(r.orderId, 'CANCELED', nowMs);
  }

  /** Stops a market trading (open orders cancelled) without resolving it. */
  close(conditionId: string, nowMs: number): void {
    const market = this.markets.get(conditionId);
    if (!market) throw new Error(`no market ${conditionId}`);
    for (const o of [...this.orders.values()])
      if (o.conditionId === conditionId && isOpen(o)) this.endOrder(o.orderId, 'CANCELED', nowMs);
    if (market.status === 'open') market.status = 'closed';
  }

  /**
   * Resolves a market: cancels its orders and pays out every holder, $1 per share of the winning
   * token, or $0.50 per share of either token when it resolves 50-50. Resolving again the same
   * way does nothing; another way is refused.
   */
  resolve(conditionId: string, outcome: 0 | 1 | SimPolyResolution, nowMs: number): void {
    const market = this.markets.get(conditionId);
    if (!market) throw new Error(`no market ${conditionId}`);
    const resolution: SimPolyResolution =
      typeof outcome === 'number' ? { kind: 'winner', index: outcome } : outcome;
    if (market.resolution !== null) {
      if (JSON.stringify(market.resolution) === JSON.stringify(resolution)) return;
      throw new Error(`market ${conditionId} is already resolved otherwise`);
    }
    this.close(conditionId, nowMs);
    market.status = 'resolved';
    market.resolution = resolution;
    market.winner = resolution.kind === 'winner' ? resolution.index : null;
    market.resolvedAtMs = nowMs;
    this.dustPico += payResolution(this.accounts.values(), market.spec.tokenIds, resolution);
    market.bookChangedMs = nowMs;
    this.emit({ kind: 'book', conditionId, traded: false });
    this.emit({ kind: 'resolved', conditionId });
  }

  private endOrder(orderId: string, status: SimPolyOrderStatus, nowMs: number): void {
    const order = this.orders.get(orderId);
    if (!order || !isOpen(order)) return;
    const market = this.markets.get(order.conditionId);
    if (order.status === 'LIVE' && market) {
      market.book.cancel(orderId);
      market.bookChangedMs = nowMs;
    }
    order.status = status;
    order.reserve = 0;
    this.emit({ kind: 'order', type: 'CANCELLATION', order });
    if (market) this.emit({ kind: 'book', conditionId: market.spec.conditionId, traded: false });
  }

  private emit(event: SimPolyEvent): void {
    if (event.kind === 'book' && this.batching) {
      this.batching.set(event.conditionId, (this.batching.get(event.conditionId) ?? false) || event.traded);
      return;
    }
    for (const l of this.listeners) l(event);
  }
}
