/**
 * Cross-venue arbitrage: two instruments on the same game whose contracts together pay exactly $1
 * whatever happens, bought for less than $1 after both venues' fees. Pairs: YES on one venue
 * with NO on the other for the same outcome; YES with YES (or NO with NO) for complementary
 * outcomes of a game that cannot be drawn, or whose contracts each pay half on a draw. A pair
 * whose settlement terms differ (overtime, draws, postponement window, what an unplayed game
 * pays) is not eligible: it might not pay $1. Size is limited by depth on both books.
 *
 * With real rules Kalshi (a postponed game counts if played within 48 h, else a fair price) and
 * Polymarket (open until played; 50-50 if cancelled) never agree on postponement, so strictly no
 * real pair is eligible. The `accept_postponement_risk` policy (ARB_ACCEPT_POSTPONEMENT_RISK=1)
 * pairs instruments whose terms differ only there: a pair that pays $1 whenever the game is
 * played, and an uncertain amount if it is postponed past a window or cancelled. Never across
 * overtime, draw or tie-payout differences. The opportunity names the terms it accepted.
 * Pure.
 */

import { feePerContract, sideLevels } from '../core/book.js';
import type { BookSnapshot, Level } from '../core/events.js';
import {
  type ContractSide,
  type EffectiveSettlement,
  effectiveSettlement,
  settlementDifferences,
  type VenueInstrument,
} from '../core/instruments.js';
import { type Centis, type Micros, ONE_DOLLAR } from '../core/money.js';

export interface ArbLeg {
  readonly instrument: VenueInstrument;
  readonly side: ContractSide;
  readonly price: Micros;
  readonly feePerContract: Micros;
  /**
   * Levels the pair walk reached, best first, each with its whole resting quantity (the pair
   * takes `qty` from the front). Whole, so risk can tell what is left of them after an order it
   * approved earlier from the same book took some.
   */
  readonly levels: readonly Level[];
}

export interface ArbOpportunity {
  readonly kind: 'arbitrage';
  readonly legs: readonly [ArbLeg, ArbLeg];
  /** $1 minus the all-in cost of one pair at the best prices, micro-dollars. */
  readonly edge: Micros;
  /** Pairs available while each marginal pair still clears the minimum edge. */
  readonly qty: Centis;
  /**
   * Terms on which the two legs settle differently, accepted by the policy (only what a postponed
   * or cancelled game pays); empty when they settle alike.
   */
  readonly acceptedDifferences: readonly PostponementTerm[];
}

/** Which settlement differences a pair may have: none, or only those of a postponed or cancelled game. */
export type SettlementPolicy = 'strict' | 'accept_postponement_risk';

/** The terms that say what happens to a game not played as scheduled. */
export const POSTPONEMENT_TERMS = ['postponement', 'postponementWindowHours', 'unplayedPayout'] as const;
export type PostponementTerm = (typeof POSTPONEMENT_TERMS)[number] & keyof EffectiveSettlement;

const isPostponementTerm = (term: keyof EffectiveSettlement): term is PostponementTerm =>
  (POSTPONEMENT_TERMS as readonly string[]).includes(term);

/**
 * Whether two instruments may pair under the policy, and which differences that accepts. Any
 * difference in overtime, draws or what a level result pays is never accepted.
 */
export function pairingTerms(
  a: VenueInstrument,
  b: VenueInstrument,
  policy: SettlementPolicy,
):
  | { readonly eligible: true; readonly accepted: readonly PostponementTerm[] }
  | { readonly eligible: false; readonly differences: readonly (keyof EffectiveSettlement)[] } {
  const differences = settlementDifferences(a, b);
  if (differences.length === 0) return { eligible: true, accepted: [] };
  if (policy === 'accept_postponement_risk' && differences.every(isPostponementTerm))
    return { eligible: true, accepted: differences };
  return { eligible: false, differences };
}

export type ArbResult =
  | ArbOpportunity
  | { readonly kind: 'none'; readonly reason: 'NOT_ELIGIBLE' | 'NO_EDGE' };

export interface ArbQuote {
  readonly instrument: VenueInstrument;
  readonly book: BookSnapshot;
}

/**
 * Whether the two instruments settle under the same rules, so a hedged pair pays $1: overtime,
 * draws and what a level result pays, and what happens to a postponed or unplayed game (Kalshi's
 * "within 48 hours, else a fair price" and Polymarket's "open until completed, else 50-50" are
 * not the same, so such a pair is not eligible). Terms a producer left out take their stated
 * defaults (effectiveSettlement).
 */
export function sameSettlement(a: VenueInstrument, b: VenueInstrument): boolean {
  return settlementDifferences(a, b).length === 0;
}

/** The side pairs that pay exactly $1 together, or none. */
function hedgedPairs(a: VenueInstrument, b: VenueInstrument): Array<[ContractSide, ContractSide]> {
  if (a.gameId !== b.gameId || a.venue === b.venue) return [];
  if (a.outcome === b.outcome) {
    return [
      ['yes', 'no'],
      ['no', 'yes'],
    ];
  }
  // Home and away YES together pay $1 when no draw is possible, or when each pays half on one.
  const terms = effectiveSettlement(a);
  const complementary =
    (!terms.drawPossible || terms.drawPayout === 'half') &&
    ((a.outcome === 'home_win' && b.outcome === 'away_win') ||
      (a.outcome === 'away_win' && b.outcome === 'home_win'));
  return complementary
    ? [
        ['yes', 'yes'],
        ['no', 'no'],
      ]
    : [];
}

/** Walks both books together while each next pair costs less than $1 - minEdge. */
function walkPair(
  a: ArbQuote,
  sideA: ContractSide,
  b: ArbQuote,
  sideB: ContractSide,
  minEdge: number,
): ArbOpportunity | null {
  const la = sideLevels(a.book, sideA, 'buy').filter((l) => l.qty > 0);
  const lb = sideLevels(b.book, sideB, 'buy').filter((l) => l.qty > 0);
  if (la.length === 0 || lb.length === 0) return null;
  const cost = (pa: Micros, pb: Micros) =>
    pa + feePerContract(a.instrument.fees, pa) + pb + feePerContract(b.instrument.fees, pb);
  const topEdge = ONE_DOLLAR - cost(la[0]!.price, lb[0]!.price);
  if (topEdge < minEdge) return null;
  let i = 0;
  let j = 0;
  let reachedA = 0;
  let reachedB = 0;
  let leftA = la[0]!.qty as number;
  let leftB = lb[0]!.qty as number;
  let qty = 0;
  while (i < la.length && j < lb.length && ONE_DOLLAR - cost(la[i]!.price, lb[j]!.price) >= minEdge) {
    const take = Math.min(leftA, leftB);
    qty += take;
    reachedA = i + 1;
    reachedB = j + 1;
    leftA -= take;
    leftB -= take;
    if (leftA === 0 && ++i < la.length) leftA = la[i]!.qty;
    if (leftB === 0 && ++j < lb.length) leftB = lb[j]!.qty;
  }
  const legA: ArbLeg = {
    instrument: a.instrument,
    side: sideA,
    price: la[0]!.price,
    feePerContract: feePerContract(a.instrument.fees, la[0]!.price),
    levels: la.slice(0, reachedA),
  };
  const legB: ArbLeg = {
    instrument: b.instrument,
    side: sideB,
    price: lb[0]!.price,
    feePerContract: feePerContract(b.instrument.fees, lb[0]!.price),
    levels: lb.slice(0, reachedB),
  };
  return {
    kind: 'arbitrage',
    legs: [legA, legB],
    edge: topEdge as Micros,
    qty: qty as Centis,
    acceptedDifferences: [],
  };
}

export function evaluateArbitrage(opts: {
  a: ArbQuote;
  b: ArbQuote;
  minEdgePpm: number;
  /** Default `strict`: only instruments that settle under the same terms (DESIGN.md). */
  policy?: SettlementPolicy;
}): ArbResult {
  const { a, b } = opts;
  const terms = pairingTerms(a.instrument, b.instrument, opts.policy ?? 'strict');
  if (!terms.eligible) return { kind: 'none', reason: 'NOT_ELIGIBLE' };
  const pairs = hedgedPairs(a.instrument, b.instrument);
  if (pairs.length === 0) return { kind: 'none', reason: 'NOT_ELIGIBLE' };
  let best: ArbOpportunity | null = null;
  for (const [sa, sb] of pairs) {
    const found = walkPair(a, sa, b, sb, opts.minEdgePpm);
    if (found && (!best || found.edge > best.edge)) best = found;
  }
  return best ? { ...best, acceptedDifferences: terms.accepted } : { kind: 'none', reason: 'NO_EDGE' };
}
