/**
 * The edge strategy: compare our probability that a contract pays with what it costs to buy it
 * now, walking the book level by level with each venue's fee, and raise a signal when the best
 * level clears the minimum edge. The levels that still clear it are carried with the signal, so
 * risk can size against real depth and slippage. Pure: the caller passes the time, the book and
 * the probability.
 */

import { feePerContract, sideLevels } from '../core/book.js';
import type { BookSnapshot, Level } from '../core/events.js';
import type { ContractSide, FeeSchedule } from '../core/instruments.js';
import { type Centis, type Micros, PPM, type Ppm } from '../core/money.js';

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
  /** Best price of one contract of `side`. */
  readonly price: Micros;
  readonly feePerContract: Micros;
  readonly prob: Ppm;
  /** Expected value per contract at the best price, after fees, ppm of $1. */
  readonly edge: Ppm;
  /** Levels whose own edge clears the minimum, best first. */
  readonly levels: readonly Level[];
  readonly availableQty: Centis;
  readonly spread: Micros;
  readonly bookAgeMs: number;
  readonly syncDeltaMs: number;
}

export type EdgeResult = EdgeOpportunity | { readonly kind: 'none'; readonly reason: NoTradeReason };

interface Candidate {
  readonly side: ContractSide;
  readonly prob: number;
  readonly edge: number;
  readonly levels: Level[];
}

function candidate(
  side: ContractSide,
  prob: number,
  book: BookSnapshot,
  fees: FeeSchedule,
  minEdge: number,
): Candidate | null {
  const all = sideLevels(book, side, 'buy');
  const probPpm = Math.round(prob * PPM);
  const edgeAt = (price: number) => probPpm - price - feePerContract(fees, price as Micros);
  const top = all[0];
  if (!top || top.qty <= 0) return null;
  const levels = all.filter((l) => l.qty > 0 && edgeAt(l.price) >= minEdge);
  return { side, prob, edge: edgeAt(top.price), levels };
}

export function evaluateEdge(input: EdgeInput): EdgeResult {
  const { book, settings, now } = input;
  if (!input.gameLive) return { kind: 'none', reason: 'GAME_NOT_LIVE' };
  if (!book) return { kind: 'none', reason: 'NO_BOOK' };
  const bookAgeMs = now - book.venueTs;
  if (bookAgeMs > settings.priceStalenessMs) return { kind: 'none', reason: 'PRICE_STALE' };
  const syncDeltaMs = Math.abs(input.gameStateTs - book.venueTs);
  if (syncDeltaMs > settings.syncToleranceMs) return { kind: 'none', reason: 'CLOCK_OUT_OF_SYNC' };

  const yes = candidate('yes', input.yesProb, book, input.fees, settings.minEdgePpm);
  const no = candidate('no', 1 - input.yesProb, book, input.fees, settings.minEdgePpm);
  const best = yes && no ? (yes.edge >= no.edge ? yes : no) : (yes ?? no);
  if (!best || best.edge < settings.minEdgePpm || best.levels.length === 0)
    return { kind: 'none', reason: 'NO_EDGE' };
  const top = best.levels[0]!;
  const bid = book.bids[0]?.price;
  const ask = book.asks[0]?.price;
  return {
    kind: 'opportunity',
    side: best.side,
    price: top.price,
    feePerContract: feePerContract(input.fees, top.price),
    prob: Math.round(best.prob * PPM) as Ppm,
    edge: best.edge as Ppm,
    levels: best.levels,
    availableQty: best.levels.reduce((s, l) => s + l.qty, 0) as Centis,
    spread: (bid !== undefined && ask !== undefined ? ask - bid : 0) as Micros,
    bookAgeMs,
    syncDeltaMs,
  };
}
