/**
 * Listing a game and quoting it as Polymarket US would show it, for the simulator's users (and
 * the simulated world, once it composes this venue). A head-to-head game is one market
 * `aec-{league}-{a}-{b}-{US Eastern date}` whose long (YES) side is the first-listed team (US
 * leagues list the away team first, matching.md §4). The maker rests GTC orders of its own
 * account; a requote replaces them in one batch. Pure; it trades through the exchange.
 */
import type { Micros } from '../../core/money.js';
import { easternDate } from '../../venues/matching/eastern-time.js';
import type { Quote } from '../market-maker.js';
import type { SimPmusExchange } from './exchange.js';
import type { SimPmusMarketSpec } from './types.js';

export interface SimPmusTeam {
  readonly name: string;
  /** The team's code, e.g. `NYG`; lower-cased in the slug. */
  readonly abbreviation: string;
}

export function pmusGameMarket(game: {
  readonly id: string;
  readonly league: string;
  readonly away: SimPmusTeam;
  readonly home: SimPmusTeam;
  readonly startMs: number;
  readonly tick?: Micros;
}): SimPmusMarketSpec {
  const code = (t: SimPmusTeam) => t.abbreviation.toLowerCase();
  const eventSlug = `${game.league}-${code(game.away)}-${code(game.home)}-${easternDate(game.startMs)}`;
  return {
    slug: `aec-${eventSlug}`,
    id: game.id,
    eventSlug,
    question: `${game.away.name} vs. ${game.home.name}`,
    outcome: `Will ${game.away.name} win?`,
    tick: game.tick ?? (10_000 as Micros),
    sportsMarketType:
      game.league === 'nfl' || game.league === 'cfb'
        ? 'football_team_full_game_winner'
        : 'team_full_game_winner',
    league: game.league,
    gameStartTimeMs: game.startMs,
    longTeam: game.away,
    shortTeam: game.home,
  };
}

/** Replaces the account's resting orders in a market with a quote (YES prices), one book update. */
export function requotePmusMaker(
  exchange: SimPmusExchange,
  opts: { readonly accountId: string; readonly slug: string; readonly quote: Pick<Quote, 'bids' | 'asks'> },
  nowMs: number,
): string[] {
  const refusals: string[] = [];
  exchange.batch(() => {
    for (const o of exchange.openOrders(opts.accountId, [opts.slug]))
      exchange.cancel(opts.accountId, o.id, nowMs);
    const place = (
      intent: 'ORDER_INTENT_BUY_LONG' | 'ORDER_INTENT_SELL_LONG',
      price: Micros,
      qty: number,
    ) => {
      const out = exchange.submit(
        opts.accountId,
        { slug: opts.slug, intent, price, qty, tif: 'TIME_IN_FORCE_GOOD_TILL_CANCEL', postOnly: true },
        nowMs,
      );
      if (out.kind !== 'created') refusals.push(out.message);
      else if (out.order.state !== 'ORDER_STATE_NEW')
        refusals.push(`${intent} at ${price}: ${out.order.state}`);
    };
    for (const l of opts.quote.bids) place('ORDER_INTENT_BUY_LONG', l.price, l.qty);
    for (const l of opts.quote.asks) place('ORDER_INTENT_SELL_LONG', l.price, l.qty);
  });
  return refusals;
}
