/**
 * Pre-trade risk: every check of DESIGN.md's Risk section that applies to one signal, each with a
 * reason code on denial, and sizing. Entries are sized by fractional Kelly against the levels
 * the strategy found, so slippage is priced in; exits only reduce what is held; an arbitrage
 * pair is sized by both books and both wallets. All denial reasons are collected, not just the
 * first, and the inputs of the decision are returned with it. Pure.
 */

import { feePerContract, walkLevels } from '../core/book.js';
import type {
  DenialReason,
  Level,
  OrderLegGrant,
  SignalLeg,
  SignalRaised,
  TradingState,
} from '../core/events.js';
import type { GameId, InstrumentId } from '../core/ids.js';
import type { ContractSide, VenueName } from '../core/instruments.js';
import type { Centis, Micros, Ppm } from '../core/money.js';
import { ONE_DOLLAR, PPM } from '../core/money.js';
import type { BookLegRef } from './book-claims.js';
import { kellyFractionPpm } from './kelly.js';

export interface RiskLimits {
  /** Largest cost (price + fees) of one position. */
  readonly maxPositionSize: Micros;
  /** Realized loss in one UTC day at which trading halts until the next day. */
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
  /** Share of each wallet's cash that may be spent, 0..1. */
  readonly tradeableFraction: number;
  /** The edge at the best price must cover fees, slippage and half the spread by this much more (0.25 = 25 %). */
  readonly costGateBuffer: number;
  /** Largest cost of one order (the live ramp); null when there is none. */
  readonly maxOrderCost: Micros | null;
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
  /** Cash at each venue, pending orders already taken out. */
  readonly cash: Readonly<Partial<Record<VenueName, Micros>>>;
  /** Cash plus open positions at cost: the bankroll Kelly sizes against. */
  readonly equity: Micros;
  /** Realized P&L of the current UTC day (negative is a loss). */
  readonly dailyRealizedPnl: Micros;
  /** Positions, approved orders and unbooked fills together. */
  readonly positions: readonly OpenPositionView[];
  /** Contracts held and not already being sold, by instrument and side. */
  readonly sellable: (instrumentId: InstrumentId, side: ContractSide) => Centis;
  /** The most severe trading state of the scopes the signal touches. */
  readonly tradingState: TradingState;
  readonly gameLive: boolean;
  /**
   * What is left of a leg's levels after the orders already approved from the same book
   * snapshot (BookClaims); absent, the levels are taken as the signal carries them.
   */
  readonly untaken?: (leg: BookLegRef) => readonly Level[];
}

export type OrderLeg = OrderLegGrant;

export interface RiskVerdict {
  readonly approved: boolean;
  readonly reasons: readonly DenialReason[];
  readonly legs: readonly OrderLeg[];
  readonly kellyPpm: Ppm;
  /** What the decision was based on, stored with it. */
  readonly inputs: Readonly<Record<string, number | string | boolean>>;
}

const CONTRACT = 100; // centi-contracts in one whole contract; orders are in whole contracts
const wholeContracts = (centis: number) => Math.max(0, Math.floor(centis / CONTRACT) * CONTRACT);

/** Whole contracts affordable within `budget` at `allIn` micro-dollars each, as centi-contracts. */
function contractsWithin(budget: number, allIn: number): number {
  if (budget <= 0 || allIn <= 0) return 0;
  return Math.floor(budget / allIn) * CONTRACT;
}

const sumCost = (list: readonly OpenPositionView[]) => list.reduce((s, p) => s + p.costBasis, 0);

function commonChecks(
  signal: SignalRaised,
  view: RiskPortfolioView,
  limits: RiskLimits,
  reasons: DenialReason[],
): void {
  if (view.tradingState === 'HALTED') reasons.push('TRADING_HALTED');
  else if (view.tradingState === 'REDUCING' && signal.action === 'buy') reasons.push('TRADING_REDUCING');
  if (signal.bookAgeMs > limits.priceStalenessMs) reasons.push('PRICE_STALE');
  if (signal.syncDeltaMs > limits.syncToleranceMs) reasons.push('CLOCK_OUT_OF_SYNC');
}

/** The largest whole-contract quantity of `levels` that keeps cost within `budget`. */
function qtyForBudget(
  levels: SignalLeg['levels'],
  fees: SignalLeg['fees'],
  budget: number,
  cap: number,
): number {
  let qty = wholeContracts(cap);
  while (qty > 0) {
    const walk = walkLevels(levels, qty as Centis, fees);
    const cost = walk.notional + walk.fees;
    if (cost <= budget) return walk.qty;
    // Shrink in proportion, then step down a contract at a time near the answer.
    const next = wholeContracts((qty * budget) / cost);
    qty = next < qty ? next : qty - CONTRACT;
  }
  return 0;
}

export function assessEntry(signal: SignalRaised, view: RiskPortfolioView, limits: RiskLimits): RiskVerdict {
  const reasons: DenialReason[] = [];
  commonChecks(signal, view, limits, reasons);
  if (!view.gameLive) reasons.push('GAME_NOT_LIVE');
  if (signal.edge < limits.minEdgePpm) reasons.push('EDGE_BELOW_MINIMUM');
  if (view.dailyRealizedPnl <= -limits.maxDailyLoss && limits.maxDailyLoss > 0)
    reasons.push('DAILY_LOSS_LIMIT');

  const allIn = signal.price + signal.feePerContract;
  const kellyPpm = kellyFractionPpm({ prob: signal.modelProb, allInCost: allIn });
  const same = view.positions.filter((p) => p.instrumentId === signal.instrumentId && p.side === signal.side);
  if (view.positions.some((p) => p.instrumentId === signal.instrumentId && p.side !== signal.side)) {
    reasons.push('OPPOSITE_POSITION');
  }
  const positionRoom = limits.maxPositionSize - sumCost(same);
  if (positionRoom < allIn) reasons.push('MAX_POSITION_SIZE');
  const distinct = new Set(view.positions.map((p) => `${p.instrumentId}|${p.side}`));
  if (same.length === 0 && distinct.size >= limits.maxSimultaneousPositions)
    reasons.push('MAX_SIMULTANEOUS_POSITIONS');
  const gameRoom = limits.maxGameExposure - sumCost(view.positions.filter((p) => p.gameId === signal.gameId));
  if (gameRoom < allIn) reasons.push('GAME_EXPOSURE');
  const venueRoom = limits.maxVenueExposure - sumCost(view.positions.filter((p) => p.venue === signal.venue));
  if (venueRoom < allIn) reasons.push('VENUE_EXPOSURE');
  const cash = Math.floor((view.cash[signal.venue] ?? 0) * limits.tradeableFraction);
  if (cash < allIn) reasons.push('INSUFFICIENT_CASH');

  // Fractional Kelly stake of the bankroll, then every cap, then the book's depth with slippage.
  const stake = Math.floor((view.equity * kellyPpm * limits.kellyFraction) / PPM);
  const budget = Math.min(
    stake,
    positionRoom,
    gameRoom,
    venueRoom,
    cash,
    limits.maxOrderCost ?? Number.POSITIVE_INFINITY,
  );
  const qty = qtyForBudget(signal.levels, signal.fees, budget, signal.availableQty);
  const walk = walkLevels(signal.levels, qty as Centis, signal.fees);

  // Cost gate: the edge at the best price must pay for fees, slippage and half the spread, with a buffer.
  const avgAllIn = qty > 0 ? ((walk.notional + walk.fees) * CONTRACT) / qty : allIn;
  const slippage = qty > 0 ? (walk.notional * CONTRACT) / qty - signal.price : 0;
  const gross = signal.modelProb - signal.price;
  const costs = signal.feePerContract + slippage + signal.spread / 2;
  if (gross < costs * (1 + limits.costGateBuffer)) reasons.push('COST_GATE');
  if (reasons.length === 0 && qty < CONTRACT) reasons.push('SIZE_BELOW_MINIMUM');

  const approved = reasons.length === 0;
  return {
    approved,
    reasons,
    legs: approved
      ? [
          {
            instrumentId: signal.instrumentId,
            venue: signal.venue,
            side: signal.side,
            action: 'buy',
            qty: qty as Centis,
            limitPrice: walk.worstPrice,
          },
        ]
      : [],
    kellyPpm,
    inputs: {
      state: view.tradingState,
      cash,
      equity: view.equity,
      dailyRealizedPnl: view.dailyRealizedPnl,
      openPositions: distinct.size,
      positionCost: sumCost(same),
      gameCost: limits.maxGameExposure - gameRoom,
      venueCost: limits.maxVenueExposure - venueRoom,
      kellyStake: stake,
      budget: Math.max(0, Number.isFinite(budget) ? budget : 0),
      qty,
      avgAllInCost: Math.round(avgAllIn),
      slippage: Math.round(slippage),
      halfSpread: Math.round(signal.spread / 2),
      grossEdge: gross,
      costs: Math.round(costs),
    },
  };
}

export function assessExit(signal: SignalRaised, view: RiskPortfolioView, limits: RiskLimits): RiskVerdict {
  const reasons: DenialReason[] = [];
  commonChecks(signal, view, limits, reasons);
  const held = view.sellable(signal.instrumentId, signal.side);
  if (held <= 0) reasons.push('NO_POSITION');
  // Fractions of a contract held are sold too: an exit may sell what it holds, whole or not.
  const qty = Math.min(held, signal.availableQty);
  if (reasons.length === 0 && qty <= 0) reasons.push('SIZE_BELOW_MINIMUM');
  const walk = walkLevels(signal.levels, qty as Centis, signal.fees);
  const approved = reasons.length === 0;
  return {
    approved,
    reasons,
    legs: approved
      ? [
          {
            instrumentId: signal.instrumentId,
            venue: signal.venue,
            side: signal.side,
            action: 'sell',
            qty: walk.qty,
            limitPrice: walk.worstPrice,
          },
        ]
      : [],
    kellyPpm: 0 as Ppm,
    inputs: { state: view.tradingState, held, qty: walk.qty, exitReason: signal.exitReason ?? '' },
  };
}

const sumQty = (levels: readonly Level[]) => levels.reduce((s, l) => s + l.qty, 0);

/**
 * A leg as it stands after the orders approved earlier from the same book: its levels less what
 * they take, its best price and fee from what is left, and no more contracts than are left.
 */
function legAfterClaims(leg: SignalLeg, view: RiskPortfolioView): { leg: SignalLeg; taken: number } {
  const levels = view.untaken?.(leg) ?? leg.levels;
  const taken = sumQty(leg.levels) - sumQty(levels);
  if (taken <= 0) return { leg, taken: 0 };
  const best = levels[0];
  return {
    leg: {
      ...leg,
      levels,
      price: best?.price ?? leg.price,
      feePerContract: best ? feePerContract(leg.fees, best.price) : leg.feePerContract,
      availableQty: Math.min(leg.availableQty, sumQty(levels)) as Centis,
    },
    taken,
  };
}

export function assessArbitrage(
  signal: SignalRaised,
  view: RiskPortfolioView,
  limits: RiskLimits,
): RiskVerdict {
  const reasons: DenialReason[] = [];
  commonChecks(signal, view, limits, reasons);
  const hedge = signal.hedge;
  if (!hedge) {
    reasons.push('ARBITRAGE_INCOMPLETE');
    return { approved: false, reasons, legs: [], kellyPpm: 0 as Ppm, inputs: { state: view.tradingState } };
  }
  // Both legs go out fill-or-kill: each is sized on what orders approved earlier from the same
  // book snapshot have left of its levels (an edge entry raised from that book may have taken
  // them), never on levels the venue will no longer have.
  const firstClaimed = legAfterClaims(
    {
      instrumentId: signal.instrumentId,
      venue: signal.venue,
      side: signal.side,
      action: 'buy',
      price: signal.price,
      feePerContract: signal.feePerContract,
      levels: signal.levels,
      fees: signal.fees,
      availableQty: signal.availableQty,
      ...(signal.bookId ? { bookId: signal.bookId } : {}),
    },
    view,
  );
  const hedgeClaimed = legAfterClaims(hedge, view);
  const first = firstClaimed.leg;
  const second = hedgeClaimed.leg;
  const anyTaken = firstClaimed.taken > 0 || hedgeClaimed.taken > 0;
  const pairLeft = Math.min(first.availableQty, second.availableQty);
  if (anyTaken && pairLeft < CONTRACT) reasons.push('LIQUIDITY_TAKEN');
  // Every pair of what is left still clears the strategy's minimum: each remaining level is
  // priced no worse than the worst level the pair walk reached on its book.
  const edge = anyTaken
    ? ONE_DOLLAR - (first.price + first.feePerContract + second.price + second.feePerContract)
    : signal.edge;
  if (edge < limits.minEdgePpm / 2) reasons.push('EDGE_BELOW_MINIMUM');
  const legs = [first, second];
  for (const leg of legs) {
    if (view.positions.some((p) => p.instrumentId === leg.instrumentId && p.side !== leg.side))
      reasons.push('OPPOSITE_POSITION');
  }
  const pairCost = first.price + first.feePerContract + second.price + second.feePerContract;
  // A hedged pair's worst case is its cost; it counts once against the position and game limits.
  const pairRoom = limits.maxPositionSize;
  const gameRoom = limits.maxGameExposure - sumCost(view.positions.filter((p) => p.gameId === signal.gameId));
  if (gameRoom < pairCost) reasons.push('GAME_EXPOSURE');
  let qty = wholeContracts(pairLeft);
  qty = Math.min(
    qty,
    contractsWithin(Math.min(pairRoom, gameRoom, limits.maxOrderCost ?? Number.POSITIVE_INFINITY), pairCost),
  );
  for (const leg of legs) {
    const cash = Math.floor((view.cash[leg.venue] ?? 0) * limits.tradeableFraction);
    const venueRoom = limits.maxVenueExposure - sumCost(view.positions.filter((p) => p.venue === leg.venue));
    const allIn = leg.price + leg.feePerContract;
    if (cash < allIn) reasons.push('INSUFFICIENT_CASH');
    if (venueRoom < allIn) reasons.push('VENUE_EXPOSURE');
    qty = Math.min(qty, contractsWithin(Math.min(cash, venueRoom), allIn));
  }
  if (reasons.length === 0 && qty < CONTRACT) reasons.push('SIZE_BELOW_MINIMUM');
  const approved = reasons.length === 0;
  const orderLegs: OrderLeg[] = approved
    ? legs.map((leg) => ({
        instrumentId: leg.instrumentId,
        venue: leg.venue,
        side: leg.side,
        action: 'buy' as const,
        qty: qty as Centis,
        limitPrice: walkLevels(leg.levels, qty as Centis, leg.fees).worstPrice,
      }))
    : [];
  return {
    approved,
    reasons: [...new Set(reasons)],
    legs: orderLegs,
    kellyPpm: 0 as Ppm,
    inputs: {
      state: view.tradingState,
      pairCost,
      qty,
      edge,
      gameRoom,
      takenFirst: firstClaimed.taken,
      takenHedge: hedgeClaimed.taken,
    },
  };
}

export function assessSignal(signal: SignalRaised, view: RiskPortfolioView, limits: RiskLimits): RiskVerdict {
  if (signal.kind === 'exit') return assessExit(signal, view, limits);
  if (signal.kind === 'arbitrage') return assessArbitrage(signal, view, limits);
  return assessEntry(signal, view, limits);
}

/** Cost of an order at its limit, fees included: what the cash check reserves. */
export function orderCost(qty: Centis, price: Micros, feePerContract: Micros): Micros {
  return (Math.round((price * qty) / CONTRACT) + Math.ceil((feePerContract * qty) / CONTRACT)) as Micros;
}
