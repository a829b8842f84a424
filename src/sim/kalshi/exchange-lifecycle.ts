/**
 * Listing games on the simulated exchange and moving their markets through Kalshi's lifecycle
 * (getting_started/market_lifecycle.md): `initialized` until open_time, `active`, `inactive`
 * while paused, `closed` when the game ends (or at close_time), `determined` with a result, and
 * `finalized` once `settlement_timer_seconds` have passed, with every position paid. One method
 * per transition, for the admin API; `advance(now)` makes the timed ones (open at open_time,
 * close at close_time, finalize when the timer runs out) and is what a scheduler calls.
 *
 * On close every resting order is canceled at once: Kalshi cancels them "shortly after close"
 * and refuses every order operation on a closed market, so nothing can tell the difference but
 * the delay, which the simulator does not model. Reactivating a paused market cancels resting
 * orders too, as Kalshi documents. Pure: every call takes the time it happens at.
 */
import type { Micros } from '../../core/money.js';
import type { ExchangeChange, SimMarket, SimRefusal } from './exchange-types.js';
import {
  type GameOutcome,
  gameDeterminations,
  type LifecycleTransition,
  type MarketDetermination,
  resultOf,
  transitionRefusal,
} from './lifecycle.js';
import type { KalshiEventListing, KalshiGameListingBuilt, KalshiSeriesListing } from './listing-types.js';

/** What the lifecycle needs of the exchange (an interface, so the two files import no cycle). */
export interface KalshiSimLifecycleHost {
  readonly exchange: {
    readonly markets: Map<string, SimMarket>;
    readonly events: Map<string, KalshiEventListing>;
    readonly series: Map<string, KalshiSeriesListing>;
    putMarket(
      m: Omit<
        SimMarket,
        'result' | 'settlementValue' | 'determinedMs' | 'settledMs' | 'book' | 'volume' | 'lastPrice'
      >,
    ): SimMarket;
    payOut(ticker: string, value: Micros, nowMs: number): void;
  };
  readonly emit: (change: ExchangeChange) => void;
  readonly cancelResting: (ticker: string, nowMs: number) => void;
}

const notFound = (what: string, ticker: string): SimRefusal => ({
  status: 404,
  code: 'not_found',
  message: `no ${what} ${ticker}`,
});

export class KalshiSimLifecycle {
  constructor(private readonly host: KalshiSimLifecycleHost) {}

  private get ex() {
    return this.host.exchange;
  }

  /**
   * Lists a game: its series (once), its event and markets, each `initialized` or already
   * `active` (or `closed`) by the time given. Refused whole when a ticker is taken.
   */
  listGame(built: KalshiGameListingBuilt, nowMs: number): SimRefusal | null {
    const { event, series } = built;
    const eventTaken =
      this.ex.events.has(event.eventTicker) || this.eventMarkets(event.eventTicker).length > 0;
    const taken = eventTaken
      ? event.eventTicker
      : built.markets.find((m) => this.ex.markets.has(m.ticker))?.ticker;
    if (taken) return { status: 409, code: 'already_exists', message: `${taken} is already listed` };
    if (!this.ex.series.has(series.ticker)) this.ex.series.set(series.ticker, series);
    this.ex.events.set(event.eventTicker, event);
    this.host.emit({ kind: 'event_created', event, seriesTicker: series.ticker });
    for (const listing of built.markets) {
      const market = this.ex.putMarket({
        ticker: listing.ticker,
        eventTicker: listing.eventTicker,
        seriesTicker: listing.seriesTicker,
        title: listing.title,
        listing,
        timeDriven: true,
        status: 'initialized',
        createdMs: listing.createdMs,
        openTimeMs: listing.openMs,
        closeTimeMs: listing.closeMs,
        settlementTimerSeconds: listing.settlementTimerSeconds,
        updatedMs: listing.createdMs,
        fees: listing.fees,
      });
      this.host.emit({ kind: 'lifecycle', event: { type: 'created', market } });
      this.advanceMarket(market, nowMs);
    }
    return null;
  }

  /** The markets of an event, in listing order. */
  eventMarkets(eventTicker: string): SimMarket[] {
    return [...this.ex.markets.values()].filter((m) => m.eventTicker === eventTicker);
  }

  /** `initialized` to `active` ahead of open_time (Kalshi sends no WebSocket event for it). */
  open(ticker: string, nowMs: number): SimRefusal | null {
    return this.transition(ticker, 'open', (m) => {
      m.status = 'active';
      m.updatedMs = nowMs;
    });
  }

  /** `active` to `inactive`: trading paused, orders refused, resting orders kept. */
  pause(ticker: string, nowMs: number): SimRefusal | null {
    return this.transition(ticker, 'pause', (m) => {
      m.status = 'inactive';
      m.updatedMs = nowMs;
      this.host.emit({ kind: 'lifecycle', event: { type: 'deactivated', ticker: m.ticker } });
    });
  }

  /** `inactive` to `active`; "all resting orders are cancelled on this reactivation". */
  resume(ticker: string, nowMs: number): SimRefusal | null {
    return this.transition(ticker, 'resume', (m) => {
      this.host.cancelResting(m.ticker, nowMs);
      m.status = 'active';
      m.updatedMs = nowMs;
      this.host.emit({ kind: 'lifecycle', event: { type: 'activated', ticker: m.ticker } });
    });
  }

  /**
   * Trading stops (the game ended): resting orders canceled; before close_time the close time
   * moves to now and `close_date_updated` is sent, as a market that can close early does.
   */
  close(ticker: string, nowMs: number): SimRefusal | null {
    return this.transition(ticker, 'close', (m) => this.closeNow(m, nowMs));
  }

  /** Sets the result (closing the market first if it still trades); the settlement timer starts. */
  determine(ticker: string, determination: MarketDetermination, nowMs: number): SimRefusal | null {
    const refusal = this.transition(ticker, 'determine', (m) => {
      if (m.status !== 'closed') this.closeNow(m, nowMs);
      const { result, value } = resultOf(determination);
      m.status = 'determined';
      m.result = result;
      m.settlementValue = value;
      m.determinedMs = nowMs;
      m.updatedMs = nowMs;
      this.host.emit({
        kind: 'lifecycle',
        event: { type: 'determined', ticker: m.ticker, result, settlementValue: value, tsMs: nowMs },
      });
    });
    const market = this.ex.markets.get(ticker);
    // No timer: settled in the same step, as advance would at once.
    if (!refusal && market?.settlementTimerSeconds === 0) this.finalize(ticker, nowMs);
    return refusal;
  }

  /** `determined` to `finalized`: every position is paid at the settlement value. */
  finalize(ticker: string, nowMs: number): SimRefusal | null {
    return this.transition(ticker, 'finalize', (m) => {
      this.ex.payOut(m.ticker, m.settlementValue ?? (0 as Micros), nowMs);
      m.status = 'finalized';
      m.settledMs = nowMs;
      m.updatedMs = nowMs;
      this.host.emit({ kind: 'lifecycle', event: { type: 'settled', ticker: m.ticker, tsMs: nowMs } });
    });
  }

  /** Determines and finalizes at once, from any status before finalized. */
  settleNow(ticker: string, determination: MarketDetermination, nowMs: number): SimRefusal | null {
    const market = this.ex.markets.get(ticker);
    if (!market) return notFound('market', ticker);
    if (market.status === 'finalized')
      return { status: 400, code: 'already_settled', message: `${ticker} is settled` };
    if (market.status !== 'determined') {
      if (market.status === 'initialized') this.closeNow(market, nowMs);
      const refusal = this.determine(ticker, determination, nowMs);
      if (refusal) return refusal;
    }
    return market.status === 'determined' ? this.finalize(ticker, nowMs) : null;
  }

  /** Applies one transition to every market of an event; refused whole if any market cannot. */
  eventTransition(
    eventTicker: string,
    transition: Exclude<LifecycleTransition, 'determine'>,
    nowMs: number,
  ): SimRefusal | null {
    const markets = this.eventMarkets(eventTicker);
    if (markets.length === 0) return notFound('event', eventTicker);
    const refusal = markets.map((m) => transitionRefusal(m, transition)).find((r) => r !== null);
    if (refusal) return refusal;
    for (const m of markets) this[transition](m.ticker, nowMs);
    return null;
  }

  /** Determines every market of a game from how it ended (a team won, or a tie). */
  determineGame(eventTicker: string, outcome: GameOutcome, nowMs: number): SimRefusal | null {
    const markets = this.eventMarkets(eventTicker);
    if (markets.length === 0) return notFound('event', eventTicker);
    const plan = gameDeterminations(markets, outcome);
    if (typeof plan === 'string') return { status: 400, code: 'invalid_parameters', message: plan };
    const refusal = markets.map((m) => transitionRefusal(m, 'determine')).find((r) => r !== null);
    if (refusal) return refusal;
    for (const { ticker, determination } of plan) this.determine(ticker, determination, nowMs);
    return null;
  }

  /** The timed transitions due by `nowMs`, for every market the clock moves. */
  advance(nowMs: number): void {
    for (const market of this.ex.markets.values()) this.advanceMarket(market, nowMs);
  }

  private advanceMarket(m: SimMarket, nowMs: number): void {
    if (m.timeDriven && m.status === 'initialized' && nowMs >= m.openTimeMs) {
      m.status = 'active';
      m.updatedMs = nowMs;
    }
    if (m.timeDriven && (m.status === 'active' || m.status === 'inactive') && nowMs >= m.closeTimeMs) {
      // Closing at close_time as scheduled: no close_date_updated, the close time stands.
      this.host.cancelResting(m.ticker, nowMs);
      m.status = 'closed';
      m.updatedMs = nowMs;
    }
    if (m.status === 'determined' && nowMs >= (m.determinedMs ?? nowMs) + m.settlementTimerSeconds * 1000)
      this.finalize(m.ticker, nowMs);
  }

  private closeNow(m: SimMarket, nowMs: number): void {
    this.host.cancelResting(m.ticker, nowMs);
    m.status = 'closed';
    m.updatedMs = nowMs;
    if (nowMs < m.closeTimeMs) {
      m.closeTimeMs = nowMs;
      this.host.emit({
        kind: 'lifecycle',
        event: { type: 'close_date_updated', ticker: m.ticker, closeTimeMs: nowMs },
      });
    }
  }

  private transition(
    ticker: string,
    transition: LifecycleTransition,
    apply: (market: SimMarket) => void,
  ): SimRefusal | null {
    const market = this.ex.markets.get(ticker);
    if (!market) return notFound('market', ticker);
    const refusal = transitionRefusal(market, transition);
    if (refusal) return refusal;
    apply(market);
    return null;
  }
}
