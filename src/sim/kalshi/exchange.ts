/**
 * The simulated Kalshi exchange: markets (each with its matching book), accounts, orders, fills,
 * collateral, fees and settlement. Pure: every call takes the time it happens at.
 *
 * Money model (integers throughout): a trade of C contracts at YES price P moves P·C from the
 * buyer of YES and (1−P)·C from the buyer of NO into escrow, which therefore holds $1 per open
 * YES contract; an account that trades against its own opposite position is paid $1 per pair
 * closed (Kalshi nets YES against NO). So deposits = balances + reserves + fees + $1 × Σ long YES.
 *
 * Collateral: an order reserves its worst-case cost at its limit plus the taker fee at P=0.50
 * for its whole count; fills draw on that reserve, and the rest returns when the order ends.
 * Selling a position already held still reserves (Kalshi would not) [simplification].
 *
 * Listing and lifecycle (opening, pausing, closing, determining, settling) are `lifecycle`'s,
 * over the same markets; `settle` is its shortcut from any open state to paid out.
 */
import { tradeFee } from '../../core/fees.js';
import type { FeeSchedule } from '../../core/instruments.js';
import { type Centis, type Micros, notional, ONE_DOLLAR } from '../../core/money.js';
import { type BookMatch, type KalshiBookSide, KalshiMatchingBook } from './engine.js';
import { ExchangeChanges } from './exchange-changes.js';
import { KalshiSimLifecycle } from './exchange-lifecycle.js';
import type {
  CreateOrderResult,
  ExchangeChange,
  NewOrder,
  SimAccount,
  SimFill,
  SimMarket,
  SimOrder,
  SimPosition,
  SimRefusal,
} from './exchange-types.js';
import { settlementPayout } from './lifecycle.js';
import type { KalshiEventListing, KalshiSeriesListing } from './listing-types.js';

const TICK = 10_000; // $0.01: the simulator's markets are all linear_cent
const FEE_MARGIN_PRICE = 500_000 as Micros; // P(1-P) peaks at 0.50

export class KalshiSimExchange {
  readonly markets = new Map<string, SimMarket>();
  readonly accounts = new Map<string, SimAccount>();
  readonly orders = new Map<string, SimOrder>();
  readonly fills: SimFill[] = [];
  /** Each account's orders and fills: a trader's queries must not scan the makers' requotes. */
  private readonly ordersByAccount = new Map<string, Map<string, SimOrder>>();
  private readonly fillsByAccount = new Map<string, SimFill[]>();
  /** Listed games' events and series, by ticker (bare markets have neither). */
  readonly events = new Map<string, KalshiEventListing>();
  readonly series = new Map<string, KalshiSeriesListing>();
  /** `GET /exchange/status`: false under maintenance (exchange) or a trading pause; orders refused. */
  exchangeActive = true;
  tradingActive = true;
  feesCollected = 0 as Micros;
  deposits = 0 as Micros;
  private orderSeq = 0;
  private tradeSeq = 0;
  /** `account|client_order_id` of every order placed with one, for the duplicate check. */
  private readonly clientOrderIds = new Set<string>();
  /**
   * Markets that may hold a resting order with an expiration time: `expire` runs before every
   * order operation and looks at these only, not at every book (2,000 markets made each
   * requote scan them all).
   */
  private readonly mayExpire = new Set<string>();
  private readonly changes = new ExchangeChanges<ExchangeChange>();
  /** Listing games, and moving markets through their lifecycle. */
  readonly lifecycle = new KalshiSimLifecycle({
    exchange: this,
    emit: (change) => this.emit(change),
    cancelResting: (ticker, nowMs) => this.cancelResting(ticker, nowMs),
  });

  /** Calls `listener` with every change until the returned function is called. */
  onChange(listener: (change: ExchangeChange) => void): () => void {
    return this.changes.listen(listener);
  }

  /**
   * Runs `fn` with book changes reported once per market at the end (a maker replacing its
   * quotes shows as the net change, not every cancel and placement on the way).
   */
  batch<T>(fn: () => T): T {
    return this.changes.batch(fn);
  }

  private emit(change: ExchangeChange): void {
    this.changes.emit(change);
  }

  /**
   * A bare market, open at once and trading until told otherwise (see SimMarket.timeDriven);
   * a listed game's markets come from `lifecycle.listGame`. Replaces a market of the same ticker.
   */
  addMarket(m: {
    ticker: string;
    eventTicker: string;
    seriesTicker: string;
    title?: string;
    closeTimeMs: number;
    fees: FeeSchedule;
    /** Default 0: open since ever. */
    openTimeMs?: number;
  }): SimMarket {
    const openTimeMs = m.openTimeMs ?? 0;
    return this.putMarket({
      ticker: m.ticker,
      eventTicker: m.eventTicker,
      seriesTicker: m.seriesTicker,
      title: m.title ?? m.ticker,
      listing: null,
      timeDriven: false,
      status: 'active',
      createdMs: openTimeMs,
      openTimeMs,
      closeTimeMs: m.closeTimeMs,
      settlementTimerSeconds: 0,
      updatedMs: openTimeMs,
      fees: m.fees,
    });
  }

  /** Stores a new market with an empty book, unresolved. */
  putMarket(
    m: Omit<
      SimMarket,
      'result' | 'settlementValue' | 'determinedMs' | 'settledMs' | 'book' | 'volume' | 'lastPrice'
    >,
  ): SimMarket {
    const market: SimMarket = {
      ...m,
      result: '',
      settlementValue: null,
      determinedMs: null,
      settledMs: null,
      book: new KalshiMatchingBook(),
      volume: 0 as Centis,
      lastPrice: null,
    };
    this.markets.set(m.ticker, market);
    return market;
  }

  /** Opens an account, or adds to its balance. */
  deposit(accountId: string, amount: Micros): SimAccount {
    const account = this.accounts.get(accountId) ?? {
      accountId,
      balance: 0 as Micros,
      reserved: 0 as Micros,
      positions: new Map<string, SimPosition>(),
    };
    account.balance = (account.balance + amount) as Micros;
    this.deposits = (this.deposits + amount) as Micros;
    this.accounts.set(accountId, account);
    return account;
  }

  createOrder(req: NewOrder, nowMs: number): CreateOrderResult {
    this.expire(nowMs);
    const account = this.accounts.get(req.accountId);
    const market = this.markets.get(req.ticker);
    if (!account) return refuse(404, 'account_not_found', `no account ${req.accountId}`);
    if (!market) return refuse(404, 'market_not_found', `no market ${req.ticker}`);
    if (!this.tradingActive || !this.exchangeActive)
      return refuse(400, 'trading_is_paused', 'trading is paused on the exchange');
    // Kalshi's word for every order operation on a market that is not trading (market_lifecycle.md).
    if (market.status !== 'active')
      return refuse(400, 'market_inactive', `market ${req.ticker} is ${market.status}, not open for trading`);
    if (req.price < TICK || req.price > ONE_DOLLAR - TICK || req.price % TICK !== 0)
      return refuse(400, 'invalid_price', 'price must be on the $0.01 tick between 0.01 and 0.99');
    if (req.count <= 0 || req.count % 100 !== 0)
      return refuse(400, 'invalid_count', 'count must be a positive whole number of contracts');
    if (req.expirationTime !== null && req.timeInForce !== 'good_till_canceled')
      return refuse(400, 'invalid_parameters', 'expiration_time is only allowed with good_till_canceled');
    // Kalshi does not document what a repeated client_order_id does; the simulator refuses it.
    const clientKey = `${req.accountId}|${req.clientOrderId}`;
    if (req.clientOrderId !== '' && this.clientOrderIds.has(clientKey))
      return refuse(409, 'duplicate_client_order_id', `client_order_id ${req.clientOrderId} already used`);
    const reserve = (legCost(req.side, req.price, req.count) + this.feeMargin(market, req.count)) as Micros;
    if (reserve > account.balance)
      return refuse(400, 'insufficient_balance', 'insufficient balance for this order');

    this.orderSeq += 1;
    const order: SimOrder = {
      orderId: `sim-order-${String(this.orderSeq).padStart(8, '0')}`,
      clientOrderId: req.clientOrderId,
      accountId: req.accountId,
      ticker: req.ticker,
      side: req.side,
      price: req.price,
      initialCount: req.count,
      fillCount: 0 as Centis,
      remainingCount: req.count,
      status: 'resting',
      timeInForce: req.timeInForce,
      selfTradePrevention: req.selfTradePrevention,
      expirationTime: req.expirationTime,
      createdMs: nowMs,
      lastUpdateMs: nowMs,
      takerFillCost: 0 as Micros,
      makerFillCost: 0 as Micros,
      takerFees: 0 as Micros,
      makerFees: 0 as Micros,
      reserve: 0 as Micros,
    };
    const result = market.book.submit({
      orderId: order.orderId,
      accountId: req.accountId,
      side: req.side,
      price: req.price,
      qty: req.count,
      timeInForce: req.timeInForce,
      postOnly: req.postOnly,
      selfTradePrevention: req.selfTradePrevention,
    });
    if (result.kind === 'refused' && result.reason === 'post_only_would_cross')
      return refuse(400, 'post_only_cross', 'post-only order would cross the book');
    this.orders.set(order.orderId, order);
    const mine = this.ordersByAccount.get(order.accountId) ?? new Map<string, SimOrder>();
    this.ordersByAccount.set(order.accountId, mine);
    mine.set(order.orderId, order);
    if (order.expirationTime !== null) this.mayExpire.add(order.ticker);
    if (req.clientOrderId !== '') this.clientOrderIds.add(clientKey);
    this.move(account, order, reserve);
    if (result.kind === 'refused') {
      // Fill-or-kill that cannot fill whole: the order ends canceled with nothing traded.
      this.finish(order, 'canceled', nowMs);
      this.emit({ kind: 'order', order });
      return { ok: true, order, fills: [] };
    }
    for (const canceled of result.selfTradeCanceled) {
      const own = this.orders.get(canceled.orderId);
      if (own) {
        this.finish(own, 'canceled', nowMs);
        this.emit({ kind: 'order', order: own });
      }
    }
    const fills = result.matches.flatMap((m) => this.trade(market, order, m, nowMs));
    if (result.rests) order.status = 'resting';
    else this.finish(order, order.remainingCount === 0 ? 'executed' : 'canceled', nowMs);
    this.emit({ kind: 'order', order });
    this.emit({ kind: 'book', ticker: req.ticker, tsMs: nowMs });
    return { ok: true, order, fills };
  }

  cancelOrder(accountId: string, orderId: string, nowMs: number): SimOrder | SimRefusal {
    this.expire(nowMs);
    const order = this.orders.get(orderId);
    if (!order || order.accountId !== accountId)
      return { status: 404, code: 'not_found', message: `no order ${orderId}` };
    const status = this.markets.get(order.ticker)?.status;
    // "Once close_time passes, all order operations, including cancellations, are rejected."
    if (status === 'closed' || status === 'determined' || status === 'finalized')
      return { status: 400, code: 'market_inactive', message: `market ${order.ticker} is ${status}` };
    if (order.status !== 'resting')
      return { status: 400, code: 'order_not_resting', message: `order ${orderId} is ${order.status}` };
    this.markets.get(order.ticker)?.book.cancel(orderId);
    this.finish(order, 'canceled', nowMs);
    this.emit({ kind: 'order', order });
    this.emit({ kind: 'book', ticker: order.ticker, tsMs: nowMs });
    return order;
  }

  /**
   * Resolves a market at once: closes it if open, determines it (`yes`/`no`, or a settlement
   * value such as a tie's $0.50) and finalizes it, paying every position.
   */
  settle(
    ticker: string,
    result: 'yes' | 'no' | { readonly value: Micros },
    nowMs: number,
  ): SimRefusal | null {
    return this.lifecycle.settleNow(
      ticker,
      typeof result === 'string' ? { kind: 'result', result } : { kind: 'value', value: result.value },
      nowMs,
    );
  }

  /** Cancels every resting order of a market (Kalshi does so on close and on reactivation). */
  private cancelResting(ticker: string, nowMs: number): void {
    const market = this.markets.get(ticker);
    if (!market) return;
    for (const resting of market.book.removeWhere(() => true)) {
      const order = this.orders.get(resting.orderId);
      if (order) {
        this.finish(order, 'canceled', nowMs);
        this.emit({ kind: 'order', order });
      }
    }
    this.emit({ kind: 'book', ticker, tsMs: nowMs });
  }

  /** Pays each account's position in a market at `value` per YES contract, and clears it. */
  payOut(ticker: string, value: Micros, nowMs: number): void {
    for (const account of this.accounts.values()) {
      const pos = account.positions.get(ticker);
      if (!pos || pos.position === 0) continue;
      account.balance = (account.balance + settlementPayout(pos.position, value)) as Micros;
      pos.position = 0 as Centis;
      pos.lastUpdatedMs = nowMs;
    }
  }

  /** Cancels good-till-canceled orders whose expiration_time has passed. */
  expire(nowMs: number): void {
    for (const ticker of this.mayExpire) {
      const market = this.markets.get(ticker);
      if (!market) {
        this.mayExpire.delete(ticker);
        continue;
      }
      let later = false;
      const expired = market.book.removeWhere((r) => {
        const exp = this.orders.get(r.orderId)?.expirationTime ?? null;
        if (exp !== null && exp * 1000 > nowMs) later = true;
        return exp !== null && exp * 1000 <= nowMs;
      });
      if (!later) this.mayExpire.delete(ticker);
      for (const r of expired) {
        const order = this.orders.get(r.orderId);
        if (order) {
          this.finish(order, 'canceled', nowMs);
          this.emit({ kind: 'order', order });
        }
      }
      if (expired.length > 0) this.emit({ kind: 'book', ticker: market.ticker, tsMs: nowMs });
    }
  }

  /**
   * Forgets an account's finished orders (memory for a maker that requotes all day; their
   * fills stay). Kalshi keeps them; the simulator only does this when asked.
   */
  forgetFinishedOrders(accountId: string): void {
    const mine = this.ordersByAccount.get(accountId);
    if (!mine) return;
    for (const [orderId, order] of mine)
      if (order.status !== 'resting') {
        mine.delete(orderId);
        this.orders.delete(orderId);
      }
  }

  /** An account's orders, oldest first (finished ones it asked to forget are gone). */
  ordersOf(accountId: string): Iterable<SimOrder> {
    return this.ordersByAccount.get(accountId)?.values() ?? [];
  }

  /** An account's fills, oldest first. */
  fillsOf(accountId: string): readonly SimFill[] {
    return this.fillsByAccount.get(accountId) ?? [];
  }

  /** Σ money the exchange holds for its accounts; equals deposits while nothing leaks. */
  totalHeld(): number {
    let total = this.feesCollected as number;
    for (const a of this.accounts.values()) {
      total += a.balance + a.reserved;
      for (const p of a.positions.values()) total += notional(ONE_DOLLAR, Math.max(p.position, 0) as Centis);
    }
    return total;
  }

  private feeMargin(market: SimMarket, count: Centis): Micros {
    return tradeFee({ schedule: market.fees, price: FEE_MARGIN_PRICE, qty: count, liquidity: 'taker' });
  }

  private trade(market: SimMarket, taker: SimOrder, m: BookMatch, nowMs: number): SimFill[] {
    const maker = this.orders.get(m.makerOrderId);
    if (!maker) return [];
    this.tradeSeq += 1;
    const tradeId = `sim-trade-${String(this.tradeSeq).padStart(8, '0')}`;
    market.volume = (market.volume + m.qty) as Centis;
    market.lastPrice = m.price;
    const fills = [
      this.fillOne(taker, m, true, tradeId, nowMs),
      this.fillOne(maker, m, false, tradeId, nowMs),
    ];
    if (maker.remainingCount === 0) this.finish(maker, 'executed', nowMs);
    this.emit({
      kind: 'trade',
      ticker: market.ticker,
      tradeId,
      price: m.price,
      count: m.qty,
      takerSide: taker.side,
      tsMs: nowMs,
    });
    this.emit({ kind: 'order', order: maker });
    for (const fill of fills) {
      const position = this.accounts.get(fill.accountId)?.positions.get(fill.ticker)?.position ?? 0;
      this.emit({ kind: 'fill', fill, postPosition: position as Centis });
    }
    return fills;
  }

  private fillOne(order: SimOrder, m: BookMatch, isTaker: boolean, tradeId: string, nowMs: number): SimFill {
    const market = this.markets.get(order.ticker) as SimMarket;
    const account = this.accounts.get(order.accountId) as SimAccount;
    const liquidity = isTaker ? 'taker' : 'maker';
    const fee = tradeFee({ schedule: market.fees, price: m.price, qty: m.qty, liquidity });
    const cost = legCost(order.side, m.price, m.qty);
    // Paid from the order's reserve; a shortfall (per-fill fee rounding) comes from the balance.
    const fromReserve = Math.min(order.reserve, cost + fee);
    this.move(account, order, -fromReserve as Micros);
    account.balance = (account.balance - cost - fee) as Micros;
    this.feesCollected = (this.feesCollected + fee) as Micros;
    order.fillCount = (order.fillCount + m.qty) as Centis;
    order.remainingCount = (order.remainingCount - m.qty) as Centis;
    order.lastUpdateMs = nowMs;
    if (isTaker) {
      order.takerFillCost = (order.takerFillCost + cost) as Micros;
      order.takerFees = (order.takerFees + fee) as Micros;
    } else {
      order.makerFillCost = (order.makerFillCost + cost) as Micros;
      order.makerFees = (order.makerFees + fee) as Micros;
    }
    this.applyPosition(account, order, m.qty, cost, fee, nowMs);
    const fill: SimFill = {
      fillId: `${tradeId}-${isTaker ? 't' : 'm'}`,
      tradeId,
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      accountId: order.accountId,
      ticker: order.ticker,
      side: order.side,
      price: m.price,
      count: m.qty,
      isTaker,
      fee,
      tsMs: nowMs,
    };
    this.fills.push(fill);
    const mine = this.fillsByAccount.get(fill.accountId) ?? [];
    this.fillsByAccount.set(fill.accountId, mine);
    mine.push(fill);
    return fill;
  }

  private applyPosition(
    account: SimAccount,
    order: SimOrder,
    qty: Centis,
    cost: Micros,
    fee: Micros,
    nowMs: number,
  ): void {
    const pos = account.positions.get(order.ticker) ?? {
      position: 0 as Centis,
      feesPaid: 0 as Micros,
      totalTraded: 0 as Micros,
      lastUpdatedMs: nowMs,
    };
    const signed = order.side === 'bid' ? qty : -qty;
    const opposite = pos.position !== 0 && Math.sign(pos.position) !== Math.sign(signed);
    const closed = opposite ? Math.min(Math.abs(pos.position), qty) : 0;
    // A YES and a NO contract together are worth $1 whatever happens: netting pays it out now.
    account.balance = (account.balance + notional(ONE_DOLLAR, closed as Centis)) as Micros;
    pos.position = (pos.position + signed) as Centis;
    pos.feesPaid = (pos.feesPaid + fee) as Micros;
    pos.totalTraded = (pos.totalTraded + cost) as Micros;
    pos.lastUpdatedMs = nowMs;
    account.positions.set(order.ticker, pos);
  }

  /** Moves collateral between the account's balance and the order's reserve. */
  private move(account: SimAccount, order: SimOrder, toReserve: Micros): void {
    account.balance = (account.balance - toReserve) as Micros;
    account.reserved = (account.reserved + toReserve) as Micros;
    order.reserve = (order.reserve + toReserve) as Micros;
  }

  private finish(order: SimOrder, status: 'executed' | 'canceled', nowMs: number): void {
    const account = this.accounts.get(order.accountId);
    if (account) this.move(account, order, -order.reserve as Micros);
    order.status = status;
    if (status === 'canceled') order.remainingCount = 0 as Centis;
    order.lastUpdateMs = nowMs;
  }
}

/** What the order's own leg costs: P·C for a YES bid, (1−P)·C for an ask (a NO purchase). */
function legCost(side: KalshiBookSide, yesPrice: Micros, qty: Centis): Micros {
  return notional((side === 'bid' ? yesPrice : ONE_DOLLAR - yesPrice) as Micros, qty);
}

function refuse(status: SimRefusal['status'], code: string, message: string): CreateOrderResult {
  return { ok: false, refusal: { status, code, message } };
}
