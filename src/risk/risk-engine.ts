/**
 * The risk engine's view of the book and its decisions. It projects positions and cash from the
 * position tracker's events, and adds its own exposure not yet booked: orders it approved that
 * have not finished, and fills the ledger has not posted yet. That way two signals in quick
 * succession cannot both spend the same room. Pure: events in, decisions and order intents out.
 */
import type {
  FillReceived,
  LedgerPosted,
  OrderEvent,
  OrderIntent,
  PositionChanged,
  RiskDecision,
  SignalRaised,
  TradingStateChanged,
} from '../core/events.js';
import { type ClientOrderId, clientOrderIdFor, type EventId, type GameId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import { type Centis, type Micros, notional } from '../core/money.js';
import { assessSignal, type OpenPositionView, orderCost, type RiskLimits } from './pre-trade.js';
import { ACTIVE, nextGlobalState, type ScopeState, utcDay } from './trading-state.js';

interface Exposure {
  readonly gameId: GameId;
  readonly venue: VenueName;
  readonly position: OpenPositionView;
}

export interface RiskOutcome {
  readonly decision: RiskDecision;
  readonly intent: OrderIntent | null;
  readonly stateChanges: readonly TradingStateChanged[];
}

const TERMINAL_ORDER_EVENTS = new Set<OrderEvent['type']>([
  'OrderFilled',
  'OrderCanceled',
  'OrderExpired',
  'OrderRejected',
]);

export class RiskEngine {
  private readonly positions = new Map<string, OpenPositionView>();
  private readonly cash = new Map<VenueName, number>();
  private readonly reservations = new Map<ClientOrderId, Exposure>();
  private readonly unbookedFills = new Map<string, Exposure>();
  private readonly bookedFills = new Set<string>();
  private readonly liveGames = new Set<GameId>();
  private readonly realizedByDay = new Map<string, number>();
  private readonly realizedByPosition = new Map<string, number>();
  private global: ScopeState = ACTIVE;
  private stateSeq = 0;

  constructor(private readonly limits: RiskLimits) {}

  get tradingState(): ScopeState {
    return this.global;
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
  }

  onPositionChanged(event: PositionChanged): void {
    const key = `${event.instrumentId}|${event.side}`;
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
  }

  onFill(fill: FillReceived): void {
    if (this.bookedFills.has(fill.fillId)) return;
    this.unbookedFills.set(fill.fillId, {
      gameId: fill.gameId,
      venue: fill.venue,
      position: {
        instrumentId: fill.instrumentId,
        gameId: fill.gameId,
        venue: fill.venue,
        side: fill.side,
        qty: fill.qty,
        costBasis: (notional(fill.price, fill.qty) + fill.fee) as Micros,
      },
    });
  }

  onOrderEvent(event: OrderEvent): void {
    if (TERMINAL_ORDER_EVENTS.has(event.type)) this.reservations.delete(event.clientOrderId);
  }

  /** Re-checks the daily loss rule at `now`; returns a state change to announce, if any. */
  checkState(now: number): TradingStateChanged[] {
    const { state, change } = nextGlobalState({
      current: this.global,
      now,
      dailyRealizedPnl: (this.realizedByDay.get(utcDay(now)) ?? 0) as Micros,
      maxDailyLoss: this.limits.maxDailyLoss,
    });
    this.global = state;
    if (!change) return [];
    this.stateSeq += 1;
    return [
      { type: 'TradingStateChanged', id: `risk-state:${this.stateSeq}` as EventId, ts: now, ...change },
    ];
  }

  assess(signal: SignalRaised, now: number): RiskOutcome {
    const stateChanges = this.checkState(now);
    const venueCash = (this.cash.get(signal.venue) ?? 0) - this.pendingCost(signal.venue);
    const positions = this.exposureView();
    // Bankroll for sizing: cash plus booked positions at cost (pending orders are still in cash).
    let equity = 0;
    for (const c of this.cash.values()) equity += c;
    for (const p of this.positions.values()) equity += p.costBasis;
    const verdict = assessSignal(
      signal,
      {
        cash: venueCash as Micros,
        equity: equity as Micros,
        dailyRealizedPnl: (this.realizedByDay.get(utcDay(now)) ?? 0) as Micros,
        positions,
        tradingState: this.global.state,
        gameLive: this.liveGames.has(signal.gameId),
      },
      this.limits,
    );
    const decision: RiskDecision = {
      type: 'RiskDecision',
      id: `risk:${signal.signalId}` as EventId,
      ts: now,
      signalId: signal.signalId,
      approved: verdict.approved,
      reasons: verdict.reasons,
      qty: verdict.qty,
      limitPrice: verdict.limitPrice,
      kellyPpm: verdict.kellyPpm,
    };
    if (!verdict.approved) return { decision, intent: null, stateChanges };
    const clientOrderId = clientOrderIdFor(signal.signalId, 1);
    const intent: OrderIntent = {
      type: 'OrderIntent',
      id: `intent:${clientOrderId}` as EventId,
      ts: now,
      clientOrderId,
      signalId: signal.signalId,
      leg: 1,
      gameId: signal.gameId,
      instrumentId: signal.instrumentId,
      venue: signal.venue,
      side: signal.side,
      action: 'buy',
      qty: verdict.qty,
      limitPrice: verdict.limitPrice,
      tif: 'IOC',
    };
    this.reservations.set(clientOrderId, {
      gameId: signal.gameId,
      venue: signal.venue,
      position: {
        instrumentId: signal.instrumentId,
        gameId: signal.gameId,
        venue: signal.venue,
        side: signal.side,
        qty: verdict.qty,
        costBasis: orderCost(verdict.qty, verdict.limitPrice, signal.feePerContract),
      },
    });
    return { decision, intent, stateChanges };
  }

  /** Booked positions plus approved orders and unbooked fills, merged per instrument and side. */
  private exposureView(): OpenPositionView[] {
    const merged = new Map<string, OpenPositionView>(this.positions);
    const add = (e: Exposure) => {
      const key = `${e.position.instrumentId}|${e.position.side}`;
      const prev = merged.get(key);
      merged.set(
        key,
        prev
          ? {
              ...prev,
              qty: (prev.qty + e.position.qty) as Centis,
              costBasis: (prev.costBasis + e.position.costBasis) as Micros,
            }
          : e.position,
      );
    };
    for (const e of this.reservations.values()) add(e);
    for (const e of this.unbookedFills.values()) add(e);
    return [...merged.values()];
  }

  private pendingCost(venue: VenueName): number {
    let sum = 0;
    for (const e of this.reservations.values()) if (e.venue === venue) sum += e.position.costBasis;
    for (const e of this.unbookedFills.values()) if (e.venue === venue) sum += e.position.costBasis;
    return sum;
  }
}
