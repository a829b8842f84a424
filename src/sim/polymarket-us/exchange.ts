/**
 * The Polymarket US simulator's exchange: markets on the shared price-time book (one YES book
 * per market: BUY_LONG and SELL_SHORT bid, SELL_LONG and BUY_SHORT ask, every price the YES
 * price), accounts with USD and net positions, fees per the published schedule (taker pays,
 * maker is paid the rebate), settlement. Pure apart from the clock passed in; the server turns
 * its results into the venue's JSON.
 *
 * Money: buying YES at p costs p; selling YES one does not hold opens a short that costs 1 − p
 * (the NO side); closing pays back p (long) or 1 − p (short). A settled market pays the YES
 * payout per long contract and one minus it per short. A taker's fees are rounded per fill and
 * capped at the order's rounded cumulative exact fee.
 */
import { POLYMARKET_US_FEES, polymarketUsTakerFees, tradeFee } from '../../core/fees.js';
import type { FeeSchedule } from '../../core/instruments.js';
import { type Centis, type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { PmusIntent, PmusOrderState } from '../../venues/polymarket-us/parse.js';
import { type MatchTimeInForce, PriceTimeBook } from '../matching-book.js';
import type {
  SimPmusAccount,
  SimPmusExecution,
  SimPmusMarket,
  SimPmusMarketSpec,
  SimPmusOrder,
  SimPmusTrade,
} from './types.js';

export interface SimPmusOrderRequest {
  readonly slug: string;
  readonly intent: PmusIntent;
  readonly price: Micros;
  /** Centi-contracts. */
  readonly qty: number;
  readonly tif: string;
  readonly postOnly: boolean;
}

export type SimPmusSubmit =
  | {
      readonly kind: 'created';
      readonly order: SimPmusOrder;
      readonly executions: readonly SimPmusExecution[];
    }
  /** Refused before it became an order: the request itself is wrong (HTTP 400). */
  | { readonly kind: 'bad_request'; readonly message: string };

const TIF: Record<string, MatchTimeInForce> = {
  TIME_IN_FORCE_GOOD_TILL_CANCEL: 'rest',
  TIME_IN_FORCE_GOOD_TILL_DATE: 'rest',
  TIME_IN_FORCE_DAY: 'rest',
  TIME_IN_FORCE_IMMEDIATE_OR_CANCEL: 'ioc',
  TIME_IN_FORCE_FILL_OR_KILL: 'fok',
};

export interface SimPmusListener {
  book?(slug: string): void;
  trade?(trade: SimPmusTrade & { takerIntent: PmusIntent; makerIntent: PmusIntent }): void;
  execution?(accountId: string, execution: SimPmusExecution): void;
}

type PolymarketUsSchedule = Extract<FeeSchedule, { kind: 'polymarket_us' }>;

const cost = (price: number, centis: number) => Math.round((price * centis) / 100);

export class SimPmusExchange {
  readonly markets = new Map<string, SimPmusMarket>();
  readonly orders = new Map<string, SimPmusOrder>();
  readonly accounts = new Map<string, SimPmusAccount>();
  readonly executions = new Map<string, SimPmusExecution[]>();
  private readonly listeners: SimPmusListener[] = [];
  private nextId = 1;
  /** Markets whose book changed inside `batch`, told once it ends; null outside a batch. */
  private held: Set<string> | null = null;
  /** Each order's taker fills so far, for the order's fee cap. */
  private readonly takerFills = new Map<string, { price: Micros; qty: Centis }[]>();

  /**
   * Runs `fn` with book notifications held, then tells each changed market's book once, so the
   * WebSocket never sends a book half-way through a requote.
   */
  batch<T>(fn: () => T): T {
    if (this.held) return fn();
    this.held = new Set();
    try {
      return fn();
    } finally {
      const changed = this.held;
      this.held = null;
      for (const slug of changed) this.bookChanged(slug);
    }
  }

  private bookChanged(slug: string): void {
    if (this.held) {
      this.held.add(slug);
      return;
    }
    for (const l of this.listeners) l.book?.(slug);
  }

  listen(listener: SimPmusListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  addMarket(spec: SimPmusMarketSpec, state: SimPmusMarket['state'] = 'MARKET_STATE_OPEN'): SimPmusMarket {
    const market: SimPmusMarket = {
      ...spec,
      state,
      book: new PriceTimeBook(),
      lastTradePx: null,
      settlement: null,
      settledAtMs: null,
    };
    this.markets.set(spec.slug, market);
    return market;
  }

  account(accountId: string): SimPmusAccount {
    let a = this.accounts.get(accountId);
    if (!a) {
      a = { cash: 0 as Micros, positions: new Map(), trades: [] };
      this.accounts.set(accountId, a);
    }
    return a;
  }

  deposit(accountId: string, amount: Micros): void {
    const a = this.account(accountId);
    a.cash = (a.cash + amount) as Micros;
  }

  submit(accountId: string, req: SimPmusOrderRequest, nowMs: number): SimPmusSubmit {
    const tif = TIF[req.tif];
    if (!tif) return { kind: 'bad_request', message: `unknown tif ${JSON.stringify(req.tif)}` };
    const order: SimPmusOrder = {
      id: this.id('ord'),
      accountId,
      slug: req.slug,
      intent: req.intent,
      side:
        req.intent === 'ORDER_INTENT_BUY_LONG' || req.intent === 'ORDER_INTENT_SELL_SHORT' ? 'bid' : 'ask',
      price: req.price,
      qty: req.qty,
      tif: req.tif,
      createTimeMs: nowMs,
      state: 'ORDER_STATE_PENDING_NEW',
      cum: 0,
      commission: 0 as Micros,
      notional: 0 as Micros,
    };
    this.orders.set(order.id, order);
    const refusal = this.refusal(accountId, order);
    if (refusal) return this.created(order, [this.reject(order, refusal.reason, refusal.text, nowMs)]);
    const market = this.markets.get(order.slug) as SimPmusMarket;
    const result = market.book.submit({
      orderId: order.id,
      accountId,
      side: order.side,
      price: order.price,
      qty: order.qty,
      timeInForce: tif,
      postOnly: req.postOnly,
    });
    if (result.kind === 'refused') {
      order.state = 'ORDER_STATE_CANCELED';
      const text =
        result.reason === 'fill_or_kill_unfillable' ? 'fill or kill: not enough liquidity' : 'would cross';
      return this.created(order, [this.execution(order, 'EXECUTION_TYPE_CANCELED', nowMs, { text })]);
    }
    const executions: SimPmusExecution[] = [];
    for (const c of result.selfTradeCanceled) {
      const maker = this.orders.get(c.orderId);
      if (maker)
        this.emit(
          maker.accountId,
          this.finish(maker, 'ORDER_STATE_CANCELED', nowMs, 'self-trade prevention'),
        );
    }
    for (const fill of result.fills) executions.push(this.trade(order, fill, nowMs));
    if (result.rests) {
      order.state = order.cum > 0 ? 'ORDER_STATE_PARTIALLY_FILLED' : 'ORDER_STATE_NEW';
      if (order.cum === 0) executions.push(this.execution(order, 'EXECUTION_TYPE_NEW', nowMs));
    } else if (order.cum < order.qty) {
      executions.push(this.finish(order, 'ORDER_STATE_CANCELED', nowMs, 'immediate or cancel remainder'));
    }
    for (const e of executions) this.emit(accountId, e, false);
    this.bookChanged(order.slug);
    return this.created(order, executions);
  }

  cancel(accountId: string, orderId: string, nowMs: number): SimPmusExecution | null {
    const order = this.orders.get(orderId);
    if (!order || order.accountId !== accountId) return null;
    const market = this.markets.get(order.slug);
    if (!market?.book.cancel(orderId)) return null;
    const e = this.finish(order, 'ORDER_STATE_CANCELED', nowMs, 'canceled by user');
    this.emit(accountId, e);
    this.bookChanged(order.slug);
    return e;
  }

  /**
   * The account's open orders in the markets (every market when none is named), oldest first.
   * Read from the books, where every open order rests, not from all orders ever kept: a maker
   * requoting all game long would make that scan grow with every quote.
   */
  openOrders(accountId: string, slugs: readonly string[]): SimPmusOrder[] {
    const markets =
      slugs.length === 0
        ? [...this.markets.values()]
        : [...new Set(slugs)].flatMap((s) => this.markets.get(s) ?? []);
    const open: SimPmusOrder[] = [];
    for (const market of markets)
      for (const resting of market.book.resting()) {
        if (resting.accountId !== accountId) continue;
        const order = this.orders.get(resting.orderId);
        if (order && (order.state === 'ORDER_STATE_NEW' || order.state === 'ORDER_STATE_PARTIALLY_FILLED'))
          open.push(order);
      }
    // Ids count up: their order is the order of creation.
    return open.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Cash not held back for the account's open orders. */
  buyingPower(accountId: string): Micros {
    let held = 0;
    for (const o of this.openOrders(accountId, []))
      held += this.holdFor(accountId, o.slug, o.side, o.price, o.qty - o.cum);
    return (this.account(accountId).cash - held) as Micros;
  }

  /**
   * What an order (or its remainder) holds back: the part that opens a position, at its limit
   * (p for YES, 1 − p for a short), with the taker fee on the whole. Closing needs no cash.
   */
  private holdFor(accountId: string, slug: string, side: 'bid' | 'ask', price: Micros, qty: number): number {
    const net = this.account(accountId).positions.get(slug) ?? 0;
    const closing = side === 'bid' ? Math.max(0, -net) : Math.max(0, net);
    const opening = Math.max(0, qty - closing);
    const unit = side === 'bid' ? price : ONE_DOLLAR - price;
    return (
      cost(unit, opening) +
      tradeFee({ schedule: POLYMARKET_US_FEES, price, qty: qty as Centis, liquidity: 'taker' })
    );
  }

  /**
   * Stops trading a market (its game is over, or called off): resting orders are canceled and
   * new ones refused until it settles (`MARKET_STATE_HALTED`). Again is a no-op.
   */
  halt(slug: string, nowMs: number): void {
    const market = this.markets.get(slug);
    if (market?.state !== 'MARKET_STATE_OPEN') return;
    this.cancelResting(market, nowMs, 'market halted');
    market.state = 'MARKET_STATE_HALTED';
    this.bookChanged(slug);
  }

  private cancelResting(market: SimPmusMarket, nowMs: number, text: string): void {
    for (const o of market.book.removeWhere(() => true)) {
      const order = this.orders.get(o.orderId);
      if (order) this.emit(order.accountId, this.finish(order, 'ORDER_STATE_CANCELED', nowMs, text), false);
    }
  }

  /** Pays out a market: the YES payout per long contract, the rest per short; cancels its orders. */
  settle(slug: string, yesPayout: Micros, nowMs: number): void {
    const market = this.markets.get(slug);
    if (!market || market.settlement !== null) return;
    this.cancelResting(market, nowMs, 'market settled');
    for (const account of this.accounts.values()) {
      const net = account.positions.get(slug) ?? 0;
      if (net === 0) continue;
      account.cash = (account.cash +
        (net > 0 ? cost(yesPayout, net) : cost(ONE_DOLLAR - yesPayout, -net))) as Micros;
      account.positions.set(slug, 0);
    }
    market.settlement = yesPayout;
    market.settledAtMs = nowMs;
    market.state = 'MARKET_STATE_EXPIRED';
    this.bookChanged(slug);
  }

  private refusal(accountId: string, order: SimPmusOrder): { reason: string; text: string } | null {
    const market = this.markets.get(order.slug);
    if (!market) return { reason: 'ORD_REJECT_REASON_UNKNOWN_MARKET', text: `no market ${order.slug}` };
    if (market.state !== 'MARKET_STATE_OPEN')
      return { reason: 'ORD_REJECT_REASON_EXCHANGE_CLOSED', text: `market is ${market.state}` };
    if (order.price <= 0 || order.price >= ONE_DOLLAR)
      return { reason: 'ORD_REJECT_REASON_PRICE_OUT_OF_BOUNDS', text: 'price must be between 0 and 1' };
    if (order.price % market.tick !== 0)
      return { reason: 'ORD_REJECT_REASON_INVALID_PRICE_INCREMENT', text: `tick is ${market.tick / 1e6}` };
    if (order.qty <= 0 || order.qty % 100 !== 0)
      return { reason: 'ORD_REJECT_REASON_INCORRECT_QUANTITY', text: 'whole contracts only' };
    // Buying power: cash less what the account's open orders hold back.
    const need = this.holdFor(accountId, order.slug, order.side, order.price, order.qty);
    if (need > this.buyingPower(accountId))
      return { reason: 'ORD_REJECT_REASON_EXCHANGE_OPTION', text: 'insufficient buying power' };
    return null;
  }

  private trade(
    taker: SimPmusOrder,
    fill: { makerOrderId: string; price: Micros; qty: number },
    nowMs: number,
  ) {
    const maker = this.orders.get(fill.makerOrderId) as SimPmusOrder;
    const tradeId = this.id('trd');
    const market = this.markets.get(taker.slug) as SimPmusMarket;
    market.lastTradePx = fill.price;
    const takerExec = this.fillSide(taker, fill.price, fill.qty, tradeId, true, nowMs);
    const makerExec = this.fillSide(maker, fill.price, fill.qty, tradeId, false, nowMs);
    this.emit(maker.accountId, makerExec, false);
    for (const l of this.listeners)
      l.trade?.({
        tradeId,
        slug: taker.slug,
        price: fill.price,
        qty: fill.qty,
        aggressor: true,
        timeMs: nowMs,
        takerIntent: taker.intent,
        makerIntent: maker.intent,
      });
    return takerExec;
  }

  private fillSide(
    order: SimPmusOrder,
    price: Micros,
    qty: number,
    tradeId: string,
    aggressor: boolean,
    nowMs: number,
  ) {
    const account = this.account(order.accountId);
    const fee = aggressor
      ? this.takerFee(order.id, price, qty)
      : tradeFee({ schedule: POLYMARKET_US_FEES, price, qty: qty as Centis, liquidity: 'maker' });
    const net = account.positions.get(order.slug) ?? 0;
    let cash = account.cash - fee;
    if (order.side === 'bid') {
      const closing = Math.min(qty, Math.max(0, -net));
      cash += cost(ONE_DOLLAR - price, closing) - cost(price, qty - closing);
      account.positions.set(order.slug, net + qty);
    } else {
      const closing = Math.min(qty, Math.max(0, net));
      cash += cost(price, closing) - cost(ONE_DOLLAR - price, qty - closing);
      account.positions.set(order.slug, net - qty);
    }
    account.cash = cash as Micros;
    account.trades.push({ tradeId, slug: order.slug, price, qty, aggressor, timeMs: nowMs });
    order.cum += qty;
    order.commission = (order.commission + fee) as Micros;
    order.notional = (order.notional + cost(price, qty)) as Micros;
    const done = order.cum >= order.qty;
    order.state = done ? 'ORDER_STATE_FILLED' : 'ORDER_STATE_PARTIALLY_FILLED';
    return this.execution(order, done ? 'EXECUTION_TYPE_FILL' : 'EXECUTION_TYPE_PARTIAL_FILL', nowMs, {
      lastShares: qty,
      lastPx: price,
      tradeId,
      aggressor,
      commission: fee,
    });
  }

  /** The order's next taker fee: rounded per fill, the order's total capped (core/fees.ts). */
  private takerFee(orderId: string, price: Micros, qty: number): Micros {
    const fills = this.takerFills.get(orderId) ?? [];
    fills.push({ price, qty: qty as Centis });
    this.takerFills.set(orderId, fills);
    return polymarketUsTakerFees(POLYMARKET_US_FEES as PolymarketUsSchedule, fills).at(-1) ?? (0 as Micros);
  }

  private finish(order: SimPmusOrder, state: PmusOrderState, nowMs: number, text: string): SimPmusExecution {
    order.state = state;
    return this.execution(order, 'EXECUTION_TYPE_CANCELED', nowMs, { text });
  }

  private reject(order: SimPmusOrder, reason: string, text: string, nowMs: number): SimPmusExecution {
    order.state = 'ORDER_STATE_REJECTED';
    return this.execution(order, 'EXECUTION_TYPE_REJECTED', nowMs, { rejectReason: reason, text });
  }

  private execution(
    order: SimPmusOrder,
    type: SimPmusExecution['type'],
    nowMs: number,
    extra: Partial<Omit<SimPmusExecution, 'id' | 'orderId' | 'type' | 'transactTimeMs' | 'orderAfter'>> = {},
  ): SimPmusExecution {
    const e: SimPmusExecution = {
      id: this.id('exe'),
      orderId: order.id,
      type,
      lastShares: 0,
      lastPx: null,
      tradeId: null,
      aggressor: null,
      commission: 0 as Micros,
      transactTimeMs: nowMs,
      ...extra,
      orderAfter: {
        state: order.state,
        cum: order.cum,
        commission: order.commission,
        notional: order.notional,
      },
    };
    const list = this.executions.get(order.id) ?? [];
    list.push(e);
    this.executions.set(order.id, list);
    return e;
  }

  private created(order: SimPmusOrder, executions: readonly SimPmusExecution[]): SimPmusSubmit {
    return { kind: 'created', order, executions };
  }

  private emit(accountId: string, e: SimPmusExecution, bookChanged = true): void {
    for (const l of this.listeners) {
      l.execution?.(accountId, e);
    }
    if (bookChanged) this.bookChanged(this.orders.get(e.orderId)?.slug ?? '');
  }

  private id(prefix: string): string {
    const n = this.nextId++;
    return `${prefix}-${String(n).padStart(8, '0')}`;
  }
}
