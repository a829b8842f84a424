/**
 * Pre-trade risk: every check of DESIGN.md's Risk section that applies to one signal, each with a
 * reason code on denial, and fractional-Kelly sizing. Pure: it reads a view of the portfolio and
 * the limits, and returns a decision. All denial reasons are collected, not just the first.
 */
import type { DenialReason, SignalRaised, TradingState } from '../core/events.js';
import type { GameId, InstrumentId } from '../core/ids.js';
import type { ContractSide, VenueName } from '../core/instruments.js';
import { type Centis, type Micros, notional, PPM, type Ppm } from '../core/money.js';
import { kellyFractionPpm } from './kelly.js';

export interface RiskLimits {
  /** Largest cost (price + fees) of one position. */
  readonly maxPositionSize: Micros;
  /** Realized loss in one (UTC) day at which trading halts. */
  readonly maxDailyLoss: Micros;
  readonly minEdgePpm: number;
  /** Share of the full Kelly stake to bet, 0..1. */
  readonly kellyFraction: number;
  readonly maxSimultaneousPositions: number;
  readonly priceStalenessMs: number;
  readonly syncToleranceMs: number;
  /** Largest total cost of all positions on one game. */
  readonly maxGameExposure: Micros;
  /** Largest total cost of all positions on one venue. */
  readonly maxVenueExposure: Micros;
}

export interface OpenPositionView {
  readonly instrumentId: InstrumentId;
  readonly gameId: GameId;
  readonly venue: VenueName;
  readonly side: ContractSide;
  readonly qty: Centis;
  readonly costBasis: Micros;
}

export interface RiskPortfolioView {
  readonly cash: Micros;
  /** Cash plus open positions at cost: the bankroll Kelly sizes against. */
  readonly equity: Micros;
  /** Realized P&L of the current day (negative is a loss). */
  readonly dailyRealizedPnl: Micros;
  readonly positions: readonly OpenPositionView[];
  readonly tradingState: TradingState;
  readonly gameLive: boolean;
}

export interface RiskVerdict {
  readonly approved: boolean;
  readonly reasons: readonly DenialReason[];
  readonly qty: Centis;
  readonly limitPrice: Micros;
  readonly kellyPpm: Ppm;
}

const CONTRACT = 100; // centi-contracts in one whole contract; orders are in whole contracts

/** Whole contracts affordable within `budget` at `allIn` micro-dollars each, as centi-contracts. */
function contractsWithin(budget: number, allIn: number): number {
  if (budget <= 0 || allIn <= 0) return 0;
  return Math.floor(budget / allIn) * CONTRACT;
}

export function assessSignal(signal: SignalRaised, view: RiskPortfolioView, limits: RiskLimits): RiskVerdict {
  const reasons: DenialReason[] = [];
  const allIn = signal.price + signal.feePerContract;
  const kellyPpm = kellyFractionPpm({ prob: signal.modelProb, allInCost: allIn });

  if (view.tradingState !== 'ACTIVE') reasons.push('TRADING_HALTED');
  if (!view.gameLive) reasons.push('GAME_NOT_LIVE');
  if (signal.edge < limits.minEdgePpm) reasons.push('EDGE_BELOW_MINIMUM');
  if (signal.bookAgeMs > limits.priceStalenessMs) reasons.push('PRICE_STALE');
  if (signal.syncDeltaMs > limits.syncToleranceMs) reasons.push('CLOCK_OUT_OF_SYNC');
  if (view.dailyRealizedPnl <= -limits.maxDailyLoss && limits.maxDailyLoss > 0)
    reasons.push('DAILY_LOSS_LIMIT');

  const same = view.positions.find((p) => p.instrumentId === signal.instrumentId && p.side === signal.side);
  const opposite = view.positions.find(
    (p) => p.instrumentId === signal.instrumentId && p.side !== signal.side,
  );
  if (opposite) reasons.push('OPPOSITE_POSITION');

  const positionRoom = limits.maxPositionSize - (same?.costBasis ?? 0);
  if (positionRoom < allIn) reasons.push('MAX_POSITION_SIZE');
  if (!same && view.positions.length >= limits.maxSimultaneousPositions)
    reasons.push('MAX_SIMULTANEOUS_POSITIONS');

  const gameCost = view.positions
    .filter((p) => p.gameId === signal.gameId)
    .reduce((s, p) => s + p.costBasis, 0);
  const gameRoom = limits.maxGameExposure - gameCost;
  if (gameRoom < allIn) reasons.push('GAME_EXPOSURE');
  const venueCost = view.positions
    .filter((p) => p.venue === signal.venue)
    .reduce((s, p) => s + p.costBasis, 0);
  const venueRoom = limits.maxVenueExposure - venueCost;
  if (venueRoom < allIn) reasons.push('VENUE_EXPOSURE');
  if (view.cash < allIn) reasons.push('INSUFFICIENT_CASH');

  // Fractional Kelly stake of the bankroll, then every cap.
  const stake = Math.floor((view.equity * kellyPpm * limits.kellyFraction) / PPM);
  const qty = Math.min(
    contractsWithin(stake, allIn),
    contractsWithin(positionRoom, allIn),
    contractsWithin(gameRoom, allIn),
    contractsWithin(venueRoom, allIn),
    contractsWithin(view.cash, allIn),
    Math.floor(signal.availableQty / CONTRACT) * CONTRACT,
  );
  if (reasons.length === 0 && qty < CONTRACT) reasons.push('SIZE_BELOW_MINIMUM');

  const approved = reasons.length === 0;
  return {
    approved,
    reasons,
    qty: (approved ? qty : 0) as Centis,
    limitPrice: signal.price,
    kellyPpm,
  };
}

/** Cost of an order at its limit, fees included: what the cash check reserves. */
export function orderCost(qty: Centis, price: Micros, feePerContract: Micros): Micros {
  return (notional(price, qty) + Math.ceil((feePerContract * qty) / CONTRACT)) as Micros;
}
