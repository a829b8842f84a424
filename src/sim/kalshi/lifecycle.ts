/**
 * The market lifecycle's rules, apart from the exchange that applies them
 * (getting_started/market_lifecycle.md): which transition may leave which status, how the
 * `status` query filters of `GET /markets` and `GET /events` map onto lifecycle statuses, what a
 * game's result makes of each of its markets, and what a settled position pays. Pure.
 */
import { type Centis, type Micros, notional, ONE_DOLLAR } from '../../core/money.js';
import type { SimMarket, SimMarketResult, SimMarketStatus, SimRefusal } from './exchange-types.js';

/** The transitions an admin call or the clock can make, one method and one route each. */
export const LIFECYCLE_TRANSITIONS = ['open', 'pause', 'resume', 'close', 'determine', 'finalize'] as const;
export type LifecycleTransition = (typeof LIFECYCLE_TRANSITIONS)[number];

/** The statuses each transition leaves from. `determine` closes an open market first. */
const LEAVES_FROM: Readonly<Record<LifecycleTransition, readonly SimMarketStatus[]>> = {
  open: ['initialized'],
  pause: ['active'],
  resume: ['inactive'],
  close: ['initialized', 'active', 'inactive'],
  determine: ['active', 'inactive', 'closed'],
  finalize: ['determined'],
};

/** null when the transition may be made, else the refusal naming the market's status. */
export function transitionRefusal(market: SimMarket, transition: LifecycleTransition): SimRefusal | null {
  if (LEAVES_FROM[transition].includes(market.status)) return null;
  return {
    status: 409,
    code: 'invalid_status_transition',
    message: `market ${market.ticker} is ${market.status}; cannot ${transition} it (only from ${LEAVES_FROM[transition].join(', ')})`,
  };
}

export const MARKET_STATUS_FILTERS = ['unopened', 'open', 'paused', 'closed', 'settled'] as const;
export type MarketStatusFilter = (typeof MARKET_STATUS_FILTERS)[number];
/** `GET /events` has no `paused`. */
export const EVENT_STATUS_FILTERS = ['unopened', 'open', 'closed', 'settled'] as const;

/**
 * The filter's documented mapping: unopened = initialized, open = active, paused = inactive,
 * closed = past close and not yet finalized (closed or determined), settled = finalized.
 */
export function statusMatchesFilter(status: SimMarketStatus, filter: MarketStatusFilter): boolean {
  switch (filter) {
    case 'unopened':
      return status === 'initialized';
    case 'open':
      return status === 'active';
    case 'paused':
      return status === 'inactive';
    case 'closed':
      return status === 'closed' || status === 'determined';
    case 'settled':
      return status === 'finalized';
  }
}

/** How a market is determined: a plain yes/no, or a settlement value (a tie's $0.50). */
export type MarketDetermination =
  | { readonly kind: 'result'; readonly result: 'yes' | 'no' }
  | { readonly kind: 'value'; readonly value: Micros };

/** The result field and what a YES contract pays, for a determination. */
export function resultOf(d: MarketDetermination): { result: SimMarketResult; value: Micros } {
  if (d.kind === 'result')
    return { result: d.result, value: (d.result === 'yes' ? ONE_DOLLAR : 0) as Micros };
  // A binary market settled between $0 and $1 reads `scalar` [inferred: the result enum's only
  // non-binary value; the settlement value itself is in settlement_value_dollars].
  if (d.value === 0) return { result: 'no', value: d.value };
  if (d.value === ONE_DOLLAR) return { result: 'yes', value: d.value };
  return { result: 'scalar', value: d.value };
}

/** How a game ended, for determining all its markets at once. */
export type GameOutcome = { readonly kind: 'team'; readonly code: string } | { readonly kind: 'tie' };

/**
 * Each market of a game and how it is determined. A team market is yes when its team won; on a
 * tie the draw market (soccer) is yes and the team markets no, and where there is no draw
 * market each team market pays $0.50 ("the market will resolve to $0.50 for each team").
 * Returns a sentence when the outcome names no market of the game.
 */
export function gameDeterminations(
  markets: readonly SimMarket[],
  outcome: GameOutcome,
): { readonly ticker: string; readonly determination: MarketDetermination }[] | string {
  const sides = markets.map((m) => ({ market: m, side: outcomeOf(m) }));
  const hasTieMarket = sides.some((s) => s.side.kind === 'tie');
  if (outcome.kind === 'team' && !sides.some((s) => s.side.kind === 'team' && s.side.code === outcome.code))
    return `no market of this game is for team ${outcome.code} (teams: ${sides
      .flatMap((s) => (s.side.kind === 'team' ? [s.side.code] : []))
      .join(', ')})`;
  return sides.map(({ market, side }) => {
    let determination: MarketDetermination;
    if (outcome.kind === 'team')
      determination = {
        kind: 'result',
        result: side.kind === 'team' && side.code === outcome.code ? 'yes' : 'no',
      };
    else if (hasTieMarket) determination = { kind: 'result', result: side.kind === 'tie' ? 'yes' : 'no' };
    else determination = { kind: 'value', value: (ONE_DOLLAR / 2) as Micros };
    return { ticker: market.ticker, determination };
  });
}

/** Which outcome a market pays on: its listing's, else its ticker suffix (`-TIE` is the draw). */
function outcomeOf(m: SimMarket): GameOutcome {
  if (m.listing) return m.listing.outcome;
  const suffix = m.ticker.slice(m.eventTicker.length + 1);
  return suffix === 'TIE' ? { kind: 'tie' } : { kind: 'team', code: suffix };
}

/**
 * What a position is paid at settlement: a long YES position (positive) gets the settlement
 * value per contract, a long NO position (negative) gets $1 minus it.
 */
export function settlementPayout(position: Centis, value: Micros): Micros {
  if (position >= 0) return notional(value, position);
  return notional((ONE_DOLLAR - value) as Micros, -position as Centis);
}
