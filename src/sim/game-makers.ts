/**
 * The simulated market makers of one game, whatever they quote into: the in-memory markets of a
 * backtest (simulated-markets.ts) and the venue simulators' books in the simulated world
 * (world/world-makers.ts). Each book has its own maker (its own noise and sizes) and the game's
 * makers share one belief error. On each play every maker pulls its quotes back to a wide, thin
 * book after `pullMs`, then re-prices after `lagMs`; between plays it sends its last quote again
 * every `refreshMs`. The makers watch the game itself, so they move before any data feed does.
 * Everything here is simulated and labelled so.
 */
import type { GameScheduled } from '../core/events.js';
import type { GameState } from '../core/game-state.js';
import type { OutcomeKind } from '../core/instruments.js';
import type { Scheduler } from '../core/scheduler.js';
import { outcomeProbabilities, pregamePriorOf, type WinProbabilityModels } from '../sports/models.js';
import {
  makerHomeWinBelief,
  type Quote,
  type SharedMarketError,
  type SimulatedMarketMaker,
} from './market-maker.js';

/** What a maker's belief about a game starts from: its sport and pregame line. */
export type MakerGameInfo = Pick<
  GameScheduled,
  'gameId' | 'sport' | 'homeSpread' | 'total' | 'homeMoneyline' | 'awayMoneyline'
>;

/**
 * The makers' belief that a book's YES pays, given the game's state: an NFL maker believes its
 * own simpler model (market-maker.ts), other sports' makers the sport's model.
 */
export function makerBelief(
  models: WinProbabilityModels,
  info: MakerGameInfo,
  state: GameState,
  outcome: OutcomeKind,
): number {
  if (state.sport === 'nfl') {
    const home = makerHomeWinBelief(state, info.homeSpread);
    return outcome === 'home_win' ? home : outcome === 'away_win' ? 1 - home : 0;
  }
  const p = outcomeProbabilities(models, state, pregamePriorOf(info));
  return outcome === 'home_win' ? p.home : outcome === 'away_win' ? p.away : p.draw;
}

/** One book a maker quotes. */
export interface MakerBook {
  readonly maker: SimulatedMarketMaker;
  /** The result the book's YES pays on: what its maker's belief is about. */
  readonly outcome: OutcomeKind;
  /**
   * How the game's shared error (log-odds of a home win) moves this book's belief: +1 for a
   * book on the home team (the default, and every book of the in-memory markets), -1 for one
   * on the away team, so that makers on both sides err the same way about the game.
   */
  readonly sharedErrorSign?: 1 | -1;
  last: Quote | null;
  /** Bumped on each re-price, so a pending refresh of an older quote is dropped. */
  generation: number;
}

export interface GameMakersOptions<B extends MakerBook> {
  readonly scheduler: Scheduler;
  readonly clock: { now(): number };
  readonly books: readonly B[];
  readonly sharedError: SharedMarketError;
  /** The makers' belief that YES pays on `outcome`, given the game's state. */
  readonly belief: (state: GameState, outcome: OutcomeKind) => number;
  /** Puts a quote in the book (replacing the maker's last one). */
  readonly publish: (book: B, quote: Quote) => void | Promise<void>;
  /** How often a maker sends its last quote again between plays, ms. */
  readonly refreshMs: number;
  /** No refresh before this time (a game listed days ahead needs none until the hour before). */
  readonly refreshFromTs?: number;
}

export class GameMakers<B extends MakerBook> {
  /**
   * False once the game is over: no more plays are heard and no refresh is sent. A pull or
   * re-price already scheduled still happens (the in-memory markets always let it); a venue
   * that has closed the market refuses it, so the world's publisher drops it first.
   */
  live = true;

  constructor(private readonly opts: GameMakersOptions<B>) {}

  get books(): readonly B[] {
    return this.opts.books;
  }

  /**
   * The makers' first quotes in `books` (default every book), from the game as it stands
   * (before kick-off, usually): a venue that lists the game later has its books opened then.
   */
  async open(state: GameState, books: readonly B[] = this.opts.books): Promise<void> {
    for (const book of books) await this.repriceBook(book, state, this.opts.sharedError.value);
  }

  /** Re-prices one book on the game's state and the shared error given. */
  async repriceBook(book: B, state: GameState, sharedError: number): Promise<void> {
    await this.reprice(book, this.opts.belief(state, book.outcome), sharedError);
  }

  /** Sends the last quote of `books` (default every book) again now (a venue cleared its books). */
  async republish(books: readonly B[] = this.opts.books): Promise<void> {
    for (const book of books) if (book.last) await this.publish(book, book.last);
  }

  /**
   * A play has just happened at `ts`: each maker pulls its quotes back after its `pullMs`, then
   * re-prices after its `lagMs` on the belief the play gives.
   */
  onPlay(state: GameState, ts: number): void {
    if (!this.live) return;
    const { scheduler, books } = this.opts;
    const beliefs = new Map<OutcomeKind, number>();
    for (const book of books)
      if (!beliefs.has(book.outcome)) beliefs.set(book.outcome, this.opts.belief(state, book.outcome));
    const shared = this.opts.sharedError.step();
    for (const book of books) {
      const belief = beliefs.get(book.outcome) as number;
      scheduler.at(ts + book.maker.profile.pullMs, async () => {
        if (!book.last) return;
        book.generation += 1;
        await this.publish(book, book.maker.pulled(book.last));
      });
      scheduler.at(ts + book.maker.profile.lagMs, () => this.reprice(book, belief, shared));
    }
  }

  /** The game is over: nothing more is quoted. */
  stop(): void {
    this.live = false;
  }

  private async publish(book: B, quote: Quote): Promise<void> {
    book.last = quote;
    await this.opts.publish(book, quote);
  }

  private async reprice(book: B, belief: number, sharedError: number): Promise<void> {
    book.generation += 1;
    await this.publish(book, book.maker.reprice(belief, (book.sharedErrorSign ?? 1) * sharedError));
    if (this.live) this.scheduleRefresh(book);
  }

  private scheduleRefresh(book: B): void {
    const { scheduler, clock, refreshMs } = this.opts;
    const generation = book.generation;
    const at = Math.max(clock.now() + refreshMs, this.opts.refreshFromTs ?? Number.NEGATIVE_INFINITY);
    scheduler.at(at, async () => {
      if (!this.live || book.generation !== generation || !book.last) return;
      await this.publish(book, book.last);
      this.scheduleRefresh(book);
    });
  }
}

/** The game as it stands at kick-off, for the makers' pregame quotes. */
export function pregameState(g: Pick<GameScheduled, 'gameId' | 'sport'>): GameState {
  const base = { gameId: g.gameId, status: 'pre' as const, homeScore: 0, awayScore: 0 };
  switch (g.sport) {
    case 'nfl':
    case 'ncaaf':
      return {
        ...base,
        sport: g.sport,
        quarter: 1,
        clockSeconds: 900,
        gameSecondsRemaining: 3600,
        possession: null,
        down: null,
        distance: null,
        yardline100: null,
        homeTimeouts: 3,
        awayTimeouts: 3,
        playSeq: 0,
      };
    case 'nba':
    case 'ncaamb': {
      const nba = g.sport === 'nba';
      return {
        ...base,
        sport: g.sport,
        period: 1,
        clockSeconds: nba ? 720 : 1200,
        gameSecondsRemaining: nba ? 2880 : 2400,
        possession: null,
        homeTimeouts: null,
        awayTimeouts: null,
      };
    }
    case 'nhl':
      return { ...base, sport: 'nhl', period: 1, clockSeconds: 1200, gameSecondsRemaining: 3600 };
    case 'mlb':
      return {
        ...base,
        sport: 'mlb',
        inning: 1,
        half: null,
        balls: null,
        strikes: null,
        outs: null,
        onFirst: null,
        onSecond: null,
        onThird: null,
      };
    case 'soccer':
      return {
        ...base,
        sport: 'soccer',
        league: 'eng.1',
        period: 1,
        minute: 0,
        stoppageMinute: null,
        clockSeconds: 0,
      };
  }
}
