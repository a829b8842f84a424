/**
 * The edge strategy: compare our probability that a contract pays with what it costs to buy it
 * now (best ask, plus the venue's fee), and raise a signal when the expected value per contract
 * clears the minimum edge. Pure: the caller passes the time, the book and the probability.
 */
import type { BookSnapshot, Level } from '../core/events.js';
import { tradeFee } from '../core/fees.js';
import type { ContractSide, FeeSchedule } from '../core/instruments.js';
import { type Centis, type Micros, ONE_DOLLAR, PPM, type Ppm } from '../core/money.js';

export interface EdgeSettings {
  /** Minimum expected value per contract after fees, ppm of the $1 payout. */
  readonly minEdgePpm: number;
  /** A book older than this (ms, by its venue timestamp) is not traded on. */
  readonly priceStalenessMs: number;
  /** Game state and book must be stamped within this many ms of each other. */
  readonly syncToleranceMs: number;
}

export interface EdgeInput {
  readonly now: number;
  /** Probability that the instrument's YES contract pays (e.g. the home team wins). */
  readonly yesProb: number;
  readonly gameLive: boolean;
  /** When the game state behind `yesProb` was observed, epoch ms. */
  readonly gameStateTs: number;
  readonly book: BookSnapshot | undefined;
  readonly fees: FeeSchedule;
  readonly settings: EdgeSettings;
}

export type NoTradeReason = 'GAME_NOT_LIVE' | 'NO_BOOK' | 'PRICE_STALE' | 'CLOCK_OUT_OF_SYNC' | 'NO_EDGE';

export interface EdgeOpportunity {
  readonly kind: 'opportunity';
  readonly side: ContractSide;
  /** Price of one contract of `side`. */
  readonly price: Micros;
  readonly feePerContract: Micros;
  readonly prob: Ppm;
  /** Expected value per contract after fees, ppm of $1. */
  readonly edge: Ppm;
  readonly availableQty: Centis;
  readonly bookAgeMs: number;
  readonly syncDeltaMs: number;
}

export type EdgeResult = EdgeOpportunity | { readonly kind: 'none'; readonly reason: NoTradeReason };

const ONE_CONTRACT = 100 as Centis;

/** Fee for one contract at `price`, as a per-contract figure (the venue rounds per order). */
function feePerContract(fees: FeeSchedule, price: Micros): Micros {
  // Fee on 100 contracts, divided back: per-contract rounding to the cent would overstate Kalshi's
  // fee on real order sizes (the venue rounds the order's total, not each contract).
  const hundred = tradeFee({
    schedule: fees,
    price,
    qty: (100 * ONE_CONTRACT) as Centis,
    liquidity: 'taker',
  });
  return Math.ceil(hundred / 100) as Micros;
}

function candidate(
  side: ContractSide,
  prob: number,
  level: Level | undefined,
  toSidePrice: (yesPrice: Micros) => Micros,
  fees: FeeSchedule,
): { side: ContractSide; price: Micros; fee: Micros; edge: number; qty: Centis; prob: number } | null {
  if (!level || level.qty <= 0) return null;
  const price = toSidePrice(level.price);
  if (price <= 0 || price >= ONE_DOLLAR) return null;
  const fee = feePerContract(fees, price);
  const edge = Math.round(prob * PPM) - price - fee; // micro-dollars per $1 payout == ppm
  return { side, price, fee, edge, qty: level.qty, prob };
}

export function evaluateEdge(input: EdgeInput): EdgeResult {
  const { book, settings, now } = input;
  if (!input.gameLive) return { kind: 'none', reason: 'GAME_NOT_LIVE' };
  if (!book) return { kind: 'none', reason: 'NO_BOOK' };
  const bookAgeMs = now - book.venueTs;
  if (bookAgeMs > settings.priceStalenessMs) return { kind: 'none', reason: 'PRICE_STALE' };
  const syncDeltaMs = Math.abs(input.gameStateTs - book.venueTs);
  if (syncDeltaMs > settings.syncToleranceMs) return { kind: 'none', reason: 'CLOCK_OUT_OF_SYNC' };

  // Buying YES lifts the best ask; buying NO hits the best YES bid at (1 - bid).
  const yes = candidate('yes', input.yesProb, book.asks[0], (p) => p, input.fees);
  const no = candidate('no', 1 - input.yesProb, book.bids[0], (p) => (ONE_DOLLAR - p) as Micros, input.fees);
  const best = yes && no ? (yes.edge >= no.edge ? yes : no) : (yes ?? no);
  if (!best || best.edge < settings.minEdgePpm) return { kind: 'none', reason: 'NO_EDGE' };
  return {
    kind: 'opportunity',
    side: best.side,
    price: best.price,
    feePerContract: best.fee,
    prob: Math.round(best.prob * PPM) as Ppm,
    edge: best.edge as Ppm,
    availableQty: best.qty,
    bookAgeMs,
    syncDeltaMs,
  };
}
