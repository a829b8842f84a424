/**
 * The simulated makers of one game in the world, quoting every book the venues list for it, in
 * each book's own frame (the makers and their timing are game-makers.ts's, as in a backtest):
 * - Kalshi lists one market per team (and `-TIE` where a game can be drawn), each a book of its
 *   own. In a two-way game one maker quotes "home wins" into the home market and the same quote
 *   seen from the other side ($1 minus each price, bids and asks swapped) into the away market,
 *   so the two books agree; in a three-way game each market has its own maker.
 * - Polymarket lists a US game as one moneyline market whose token 0 is the first team in slug
 *   order (the away team): its maker believes "that team wins", quoted in token 0's frame. A
 *   soccer game is three Yes/No markets, each quoted on its Yes token.
 * - Polymarket US (when the world serves it) lists a US game as one market whose long side is the
 *   away team: its maker believes "the away team wins", quoted in the long side's frame.
 * The makers of every venue share one belief error about the game (in log-odds of a home win,
 * so a book on the away team errs the other way in its own frame). Everything is simulated.
 */
import type { OutcomeKind } from '../../core/instruments.js';
import { type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { Scheduler } from '../../core/scheduler.js';
import type { WinProbabilityModels } from '../../sports/models.js';
import { GameMakers, type MakerBook, type MakerGameInfo, makerBelief } from '../game-makers.js';
import {
  KALSHI_LIKE,
  POLYMARKET_LIKE,
  type Quote,
  SharedMarketError,
  SimulatedMarketMaker,
} from '../market-maker.js';
import { deriveSeed } from '../random.js';

/** The game's Kalshi market tickers. */
export interface KalshiGameBooks {
  readonly home: string;
  readonly away: string;
  /** The draw market, where the game can be drawn. */
  readonly tie: string | null;
}

/** One Polymarket market of the game, and which result its token 0 pays on. */
export interface PolymarketGameBook {
  readonly conditionId: string;
  readonly token0PaysOn: OutcomeKind;
}

export type WorldBookVenue = 'kalshi' | 'polymarket' | 'polymarket-us';

export interface WorldBook extends MakerBook {
  readonly venue: WorldBookVenue;
  /** Puts the quote in the venue's book(s). */
  readonly place: (quote: Quote) => void;
}

export interface WorldGameMakersOptions {
  readonly game: MakerGameInfo;
  readonly kalshi: KalshiGameBooks;
  readonly polymarket: readonly PolymarketGameBook[];
  /** The game's Polymarket US market (its long side the away team), or null when not served. */
  readonly polymarketUs: { readonly slug: string } | null;
  readonly models: WinProbabilityModels;
  readonly seed: number;
  readonly scheduler: Scheduler;
  readonly clock: { now(): number };
  readonly refreshMs: number;
  /** No refresh before this time: a game listed days ahead is refreshed from the hour before. */
  readonly refreshFromTs: number;
  /** Replaces the maker's quote in a Kalshi market (YES prices). */
  readonly quoteKalshi: (ticker: string, quote: Quote) => void;
  /** Replaces the maker's quote in a Polymarket market (token 0's prices). */
  readonly quotePolymarket: (conditionId: string, quote: Quote) => void;
  /** Replaces the maker's quote in a Polymarket US market (the long side's prices). */
  readonly quotePolymarketUs: (slug: string, quote: Quote) => void;
}

/** The quote of the other side of a two-way market: $1 minus each price, bids and asks swapped. */
export function mirrorQuote(quote: Quote): Quote {
  const flip = (levels: Quote['bids']) =>
    levels.map((l) => ({ price: (ONE_DOLLAR - l.price) as Micros, qty: l.qty }));
  return { bids: flip(quote.asks), asks: flip(quote.bids), belief: 1 - quote.belief };
}

/** How the game's shared error (log-odds of a home win) moves a book on `outcome`. */
const signOf = (outcome: OutcomeKind): 1 | -1 => (outcome === 'away_win' ? -1 : 1);

export function worldGameMakers(opts: WorldGameMakersOptions): GameMakers<WorldBook> {
  const { game, seed } = opts;
  const book = (
    venue: WorldBookVenue,
    outcome: OutcomeKind,
    seedKey: string,
    place: (quote: Quote) => void,
  ): WorldBook => ({
    venue,
    outcome,
    sharedErrorSign: signOf(outcome),
    maker: new SimulatedMarketMaker(
      venue === 'kalshi' ? KALSHI_LIKE : POLYMARKET_LIKE,
      deriveSeed(seed, `world:${seedKey}`),
    ),
    place,
    last: null,
    generation: 0,
  });
  const { home, away, tie } = opts.kalshi;
  const kalshiBooks =
    tie === null
      ? [
          book('kalshi', 'home_win', `kalshi:${game.gameId}`, (q) => {
            opts.quoteKalshi(home, q);
            opts.quoteKalshi(away, mirrorQuote(q));
          }),
        ]
      : [
          book('kalshi', 'home_win', `kalshi:${home}`, (q) => opts.quoteKalshi(home, q)),
          book('kalshi', 'draw', `kalshi:${tie}`, (q) => opts.quoteKalshi(tie, q)),
          book('kalshi', 'away_win', `kalshi:${away}`, (q) => opts.quoteKalshi(away, q)),
        ];
  const polymarketBooks = opts.polymarket.map((m) =>
    book('polymarket', m.token0PaysOn, `polymarket:${m.conditionId}`, (q) =>
      opts.quotePolymarket(m.conditionId, q),
    ),
  );
  const us = opts.polymarketUs;
  const polymarketUsBooks = us
    ? [
        book('polymarket-us', 'away_win', `polymarket-us:${us.slug}`, (q) =>
          opts.quotePolymarketUs(us.slug, q),
        ),
      ]
    : [];
  return new GameMakers<WorldBook>({
    scheduler: opts.scheduler,
    clock: opts.clock,
    books: [...kalshiBooks, ...polymarketBooks, ...polymarketUsBooks],
    sharedError: new SharedMarketError(deriveSeed(seed, `world:shared:${game.gameId}`), 0.15),
    belief: (state, outcome) => makerBelief(opts.models, game, state, outcome),
    publish: (b, quote) => b.place(quote),
    refreshMs: opts.refreshMs,
    refreshFromTs: opts.refreshFromTs,
  });
}
