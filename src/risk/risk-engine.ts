/**
 * The risk engine's view of the book and its decisions. It projects positions and cash from the
 * position tracker's events, and adds its own exposure not yet booked: orders it approved that
 * have not finished, and fills the ledger has not posted yet. That way two signals in quick
 * succession cannot both spend the same room. It keeps the trading state of every scope and
 * applies the portfolio rules. Pure: events in, decisions, order intents and state changes out.
 */
import type {
  BankrollSnapshot,
  FillReceived,
  LedgerPosted,
  OrderEvent,
  OrderIntent,
  PositionChanged,
  RiskDecision,
  SignalRaised,
  TradingStateChanged,
} from '../core/events.js';
import {
  type ClientOrderId,
  clientOrderIdFor,
  type EventId,
  type GameId,
  type InstrumentId,
} from '../core/ids.js';
import type { ContractSide, VenueName } from '../core/instruments.js';
import { type Centis, type Micros, notional } from '../core/money.js';
import { BookClaims } from './book-claims.js';
import { applyErrorRule, applyPortfolioRules, type PortfolioRuleLimits } from './portfolio-rules.js';
import { assessSignal, type OpenPositionView, orderCost, type RiskLimits } from './pre-trade.js';
import { type ScopeChange, type ScopeOrigin, ScopeStates, scopes, utcDay } from './scopes.js';

interface Pending {
  readonly venue: VenueName;
  readonly clientOrderId?: ClientOrderId;
  readonly action: 'buy' | 'sell';
  readonly position: OpenPositionView;
}

export interface RiskOutcome {
  readonly decision: RiskDecision;
  readonly intents: readonly OrderIntent[];
  readonly stateChanges: readonly TradingStateChanged[];
}

const TERMINAL_ORDER_EVENTS = new Set<OrderEvent['type']>([
  'OrderFilled',
  'OrderCanceled',
  'OrderExpired',
  'OrderRejected',
]);
const posKey = (instrumentId: string, side: string) => `${instrumentId}|${side}`;

export class RiskEngine {
  readonly states = new ScopeStates();
  private readonly positions = new Map<string, OpenPositionView>();
  private readonly cash = new Map<VenueName, number>();
  private readonly pendingOrders = new Map<ClientOrderId, Pending>();
  private readonly unbookedFills = new Map<string, Pending>();
  private readonly bookedFills = new Set<string>();
  private readonly reservedInLedger = new Set<string>();
  private readonly liveGames = new Set<GameId>();
  private readonly realizedByDay = new Map<string, number>();
  private readonly realizedByPosition = new Map<string, number>();
  private readonly errorsInARow = new Map<VenueName, number>();
  /** What approved orders take from the book snapshots their signals were raised on. */
  private readonly claims = new BookClaims();
  private equity = 0;
  private bankrollSeen = false;
  private peakEquity = 0;
  private dayOpen: { day: string; equity: number } | null = null;
  private stateSeq = 0;

  constructor(
    private readonly limits: RiskLimits,
    private readonly rules: PortfolioRuleLimits,
    options: { holdUntilReconciled?: boolean } = {},
  ) {
    if (options.holdUntilReconciled) {
      this.states.set(scopes.reconciliation, {
        state: 'HALTED',
        reason: 'awaiting the start-up reconciliation',
        origin: 'reconciler',
      });
    }
  }

  /**
   * The ledger's holdings as they stand (free cash per venue, open positions), for a run started
   * again under its id: this process did not see the postings that made them. Sets, never adds,
   * so it may follow postings this process did see.
   */
  restoreHoldings(h: {
    readonly cash: ReadonlyMap<VenueName, Micros>;
    readonly positions: readonly (OpenPositionView & { readonly realizedPnl: Micros })[];
  }): void {
    for (const [venue, amount] of h.cash) this.cash.set(venue, amount);
    for (const p of h.positions) {
      const key = posKey(p.instrumentId, p.side);
      this.realizedByPosition.set(key, p.realizedPnl);
      if (p.qty === 0) continue;
      const { realizedPnl: _, ...view } = p;
      this.positions.set(key, view);
    }
  }

  /**
   * Realized P&L per UTC day as the whole ledger of the run books it, for a run started again:
   * replaces what this process summed, so a restart after a losing morning does not hand out a
   * fresh MAX_DAILY_LOSS.
   */
  restoreDailyRealized(byDay: ReadonlyMap<string, number>): void {
    this.realizedByDay.clear();
    for (const [day, pnl] of byDay) this.realizedByDay.set(day, pnl);
  }

  /** Trading states stored by an earlier run of the same account: they survive a restart. */
  restore(events: readonly TradingStateChanged[]): void {
    for (const e of events) this.onTradingState(e);
  }

  onGameLive(gameId: GameId, live: boolean): void {
    if (live) this.liveGames.add(gameId);
    else this.liveGames.delete(gameId);
  }

  onLedgerPosted(event: LedgerPosted): void {
    for (const p of event.postings) {
      if (p.account.startsWith('assets:cash:')) {
        const venue = p.account.slice('assets:cash:'.length) as VenueName;
        this.cash.set(venue, (this.cash.get(venue) ?? 0) + p.amount);
      }
    }
    if (event.kind === 'trade') {
      this.unbookedFills.delete(event.ref);
      this.bookedFills.add(event.ref);
    }
    // Once the ledger holds an order's reservation, its cash is already out of the cash account.
    if (event.kind === 'reservation') this.reservedInLedger.add(event.ref);
  }

  onPositionChanged(event: PositionChanged, now: number): TradingStateChanged[] {
    const key = posKey(event.instrumentId, event.side);
    const before = this.realizedByPosition.get(key) ?? 0;
    if (event.realizedPnl !== before) {
      const day = utcDay(event.ts);
      this.realizedByDay.set(day, (this.realizedByDay.get(day) ?? 0) + (event.realizedPnl - before));
      this.realizedByPosition.set(key, event.realizedPnl);
    }
    if (event.qty === 0) this.positions.delete(key);
    else
      this.positions.set(key, {
        instrumentId: event.instrumentId,
        gameId: event.gameId,
        venue: event.venue,
        side: event.side,
        qty: event.qty,
        costBasis: event.costBasis,
      });
    return this.runRules(now);
  }

  onBankroll(event: BankrollSnapshot, now: number): TradingStateChanged[] {
    this.bankrollSeen = true;
    this.equity = event.equity;
    this.peakEquity = Math.max(this.peakEquity, event.peakEquity);
    const day = utcDay(event.ts);
    if (!this.dayOpen || this.dayOpen.day !== day) this.dayOpen = { day, equity: event.equity };
    return this.runRules(now);
  }

  onFill(fill: FillReceived): void {
    if (this.bookedFills.has(fill.fillId)) return;
    const sign = fill.action === 'buy' ? 1 : -1;
    this.unbookedFills.set(fill.fillId, {
      venue: fill.venue,
      clientOrderId: fill.clientOrderId,
      action: fill.action,
      position: {
        instrumentId: fill.instrumentId,
        gameId: fill.gameId,
        venue: fill.venue,
        side: fill.side,
        qty: (sign * fill.qty) as Centis,
        costBasis: (sign * (notional(fill.price, fill.qty) + fill.fee)) as Micros,
      },
    });
  }

  onOrderEvent(event: OrderEvent, now: number): TradingStateChanged[] {
    if (TERMINAL_ORDER_EVENTS.has(event.type)) this.pendingOrders.delete(event.clientOrderId);
    if (event.type === 'OrderRejected') {
      const n = (this.errorsInARow.get(event.venue) ?? 0) + 1;
      this.errorsInARow.set(event.venue, n);
      return this.announce(applyErrorRule(this.states, this.rules, event.venue, n), now, 'rule');
    }
    if (event.type === 'OrderAccepted') this.errorsInARow.set(event.venue, 0);
    return [];
  }

  /** A state set elsewhere (an operator, or execution after an unhedged leg). */
  onTradingState(event: TradingStateChanged): void {
    if (event.origin === 'rule') return; // our own announcement coming back
    this.states.set(event.scope, {
      state: event.state,
      reason: event.reason,
      origin: event.origin,
      untilTs: event.untilTs ?? null,
    });
  }

  /** Lifts day-bound halts on a new day and re-applies the rules; returns changes to announce. */
  checkState(now: number): TradingStateChanged[] {
    return [...this.announce(this.states.expire(now), now, 'rule'), ...this.runRules(now)];
  }

  assess(signal: SignalRaised, now: number): RiskOutcome {
    const stateChanges = this.checkState(now);
    const touched = [
      scopes.global,
      scopes.venue(signal.venue),
      scopes.strategy(signal.kind),
      scopes.game(signal.gameId),
    ];
    if (signal.hedge) touched.push(scopes.venue(signal.hedge.venue));
    const effective = this.states.effective(touched);
    const cash: Partial<Record<VenueName, Micros>> = {};
    for (const [venue, amount] of this.cash) cash[venue] = (amount - this.pendingCost(venue)) as Micros;
    const equity = this.projectedEquity();
    const verdict = assessSignal(
      signal,
      {
        cash,
        equity: equity as Micros,
        dailyRealizedPnl: (this.realizedByDay.get(utcDay(now)) ?? 0) as Micros,
        positions: this.exposureView(),
        sellable: (instrumentId, side) => this.sellable(instrumentId, side),
        tradingState: effective.state,
        gameLive: this.liveGames.has(signal.gameId),
        untaken: (leg) => this.claims.untaken(leg),
      },
      this.limits,
    );
    const first = verdict.legs[0];
    const decision: RiskDecision = {
      type: 'RiskDecision',
      id: `risk:${signal.signalId}` as EventId,
      ts: now,
      signalId: signal.signalId,
      approved: verdict.approved,
      reasons: verdict.reasons,
      qty: (first?.qty ?? 0) as Centis,
      limitPrice: (first?.limitPrice ?? signal.price) as Micros,
      kellyPpm: verdict.kellyPpm,
      legs: verdict.legs,
      inputs: effective.scope ? { ...verdict.inputs, stateScope: effective.scope } : verdict.inputs,
    };
    if (!verdict.approved) return { decision, intents: [], stateChanges };
    // The granted legs take their levels: a later signal from the same snapshot sees the rest.
    const [firstLeg, secondLeg] = verdict.legs;
    if (firstLeg) this.claims.claim(signal, firstLeg.qty);
    if (secondLeg && signal.hedge) this.claims.claim(signal.hedge, secondLeg.qty);
    const purpose = signal.kind === 'exit' ? 'exit' : signal.kind === 'arbitrage' ? 'arbitrage' : 'entry';
    const intents = verdict.legs.map((leg, i): OrderIntent => {
      const clientOrderId = clientOrderIdFor(signal.signalId, i + 1);
      const fee = i === 0 ? signal.feePerContract : (signal.hedge?.feePerContract ?? signal.feePerContract);
      this.pendingOrders.set(clientOrderId, {
        venue: leg.venue,
        action: leg.action,
        position: {
          instrumentId: leg.instrumentId,
          gameId: signal.gameId,
          venue: leg.venue,
          side: leg.side,
          qty: leg.qty,
          costBasis: orderCost(leg.qty, leg.limitPrice, fee as Micros),
        },
      });
      return {
        type: 'OrderIntent',
        id: `intent:${clientOrderId}` as EventId,
        ts: now,
        clientOrderId,
        signalId: signal.signalId,
        leg: i + 1,
        gameId: signal.gameId,
        instrumentId: leg.instrumentId,
        venue: leg.venue,
        side: leg.side,
        action: leg.action,
        qty: leg.qty,
        limitPrice: leg.limitPrice,
        tif: signal.kind === 'arbitrage' ? 'FOK' : 'IOC',
        legCount: verdict.legs.length,
        purpose,
      };
    });
    return { decision, intents, stateChanges };
  }

  /** Cash plus booked positions at cost: the bankroll for sizing (orders in flight are still cash). */
  private projectedEquity(): number {
    let equity = 0;
    for (const c of this.cash.values()) equity += c;
    for (const p of this.positions.values()) equity += p.costBasis;
    return equity;
  }

  /** Contracts held and not already being sold. */
  private sellable(instrumentId: InstrumentId, side: ContractSide): Centis {
    const key = posKey(instrumentId, side);
    let qty = this.positions.get(key)?.qty ?? 0;
    for (const p of this.pendingOrders.values()) {
      if (p.action === 'sell' && posKey(p.position.instrumentId, p.position.side) === key)
        qty -= p.position.qty;
    }
    for (const p of this.unbookedFills.values()) {
      if (posKey(p.position.instrumentId, p.position.side) === key) qty += p.position.qty;
    }
    return Math.max(0, qty) as Centis;
  }

  private runRules(now: number): TradingStateChanged[] {
    // Before the first bankroll snapshot, equity is what the ledger shows: cash plus positions at cost.
    const equity = this.bankrollSeen ? this.equity : this.projectedEquity();
    const changes = applyPortfolioRules(this.states, this.rules, {
      now,
      dailyRealizedPnl: this.realizedByDay.get(utcDay(now)) ?? 0,
      dayOpenEquity: this.dayOpen?.equity ?? equity,
      equity,
      peakEquity: Math.max(this.peakEquity, equity),
    });
    return this.announce(changes, now, 'rule');
  }

  private announce(changes: readonly ScopeChange[], now: number, origin: ScopeOrigin): TradingStateChanged[] {
    return changes.map((c) => {
      this.stateSeq += 1;
      return {
        type: 'TradingStateChanged',
        id: `risk-state:${this.stateSeq}` as EventId,
        ts: now,
        origin,
        ...c,
      };
    });
  }

  /** Booked positions plus approved buys and unbooked fills, merged per instrument and side. */
  private exposureView(): OpenPositionView[] {
    const merged = new Map<string, OpenPositionView>(this.positions);
    const add = (p: OpenPositionView) => {
      const key = posKey(p.instrumentId, p.side);
      const prev = merged.get(key);
      const next = prev
        ? { ...prev, qty: (prev.qty + p.qty) as Centis, costBasis: (prev.costBasis + p.costBasis) as Micros }
        : p;
      if (next.qty > 0) merged.set(key, next);
      else merged.delete(key);
    };
    for (const e of this.pendingOrders.values()) if (e.action === 'buy') add(e.position);
    for (const e of this.unbookedFills.values()) add(e.position);
    return [...merged.values()];
  }

  private pendingCost(venue: VenueName): number {
    let sum = 0;
    for (const e of this.pendingOrders.values())
      if (e.venue === venue && e.action === 'buy') sum += e.position.costBasis;
    for (const e of this.unbookedFills.values()) if (e.venue === venue) sum += e.position.costBasis;
    return sum;
  }
}
