/**
 * The simulated venue's game markets through their life, as the venue runs them:
 * scheduled (built, not yet visible) → listed (visible in Gamma, taking orders, from the listing
 * time) → live (from the start: resting orders cleared, the live-sports taker delay on) → ended
 * (the game is over: orders refused) → resolved (paid out: the winner's tokens $1 a share, or
 * $0.50 each when the rules say 50-50). One method per transition; `tick` makes the two that
 * follow the clock (listing and start) happen by themselves; the end and the result come from
 * the game, so whoever drives the world calls `close` and `resolve` (or `cancel`).
 *
 * A transition to where a game already is does nothing; one backwards, or a result that
 * contradicts the first, is refused with an error naming the game.
 */
import type { PolySimExchange } from './exchange.js';
import {
  buildGameListing,
  type GameListing,
  type GameListingSpec,
  type GameResult,
  gammaTeamIdOf,
  payoutsFor,
} from './listing.js';
import type { SimPolyTeam } from './market.js';

export type GamePhase = 'scheduled' | 'listed' | 'live' | 'ended' | 'resolved';
const ORDER: readonly GamePhase[] = ['scheduled', 'listed', 'live', 'ended', 'resolved'];

export interface SimGame {
  readonly listing: GameListing;
  phase: GamePhase;
  result: GameResult | null;
}

/** A team as `GET /teams` lists it, with when it was first seen. */
export interface SimGammaTeam extends SimPolyTeam {
  readonly id: number;
  readonly league: string;
  readonly sinceMs: number;
}

export class PolySimGames {
  private readonly bySlug = new Map<string, SimGame>();
  private readonly teamsByKey = new Map<string, SimGammaTeam>();

  constructor(private readonly exchange: PolySimExchange) {}

  /**
   * Registers a game from its spec and lists it at once when its listing time has come.
   * Scheduling the same game again (same slug and spec) returns it; another spec is refused.
   */
  schedule(spec: GameListingSpec, nowMs: number): SimGame {
    const listing = buildGameListing(spec);
    const slug = listing.event.slug;
    const known = this.bySlug.get(slug);
    if (known) {
      if (JSON.stringify(known.listing.spec) !== JSON.stringify(spec))
        throw new Error(`game ${slug} is already scheduled with another spec`);
      return known;
    }
    if (this.exchange.events.has(listing.event.id))
      throw new Error(`event id ${listing.event.id} of ${slug} is taken`);
    for (const { spec: m } of listing.markets)
      if (this.exchange.markets.has(m.conditionId)) throw new Error(`market ${m.slug} already exists`);
    const game: SimGame = { listing, phase: 'scheduled', result: null };
    this.bySlug.set(slug, game);
    for (const t of listing.event.teams) {
      const league = t.league ?? listing.sport.code;
      const key = `${league}:${t.abbreviation}`;
      if (!this.teamsByKey.has(key))
        this.teamsByKey.set(key, {
          ...t,
          id: t.id ?? gammaTeamIdOf(league, t.abbreviation),
          league,
          sinceMs: Math.min(nowMs, listing.listedAtMs),
        });
    }
    if (nowMs >= listing.listedAtMs) this.list(slug, nowMs);
    return game;
  }

  get(slug: string): SimGame {
    const game = this.bySlug.get(slug);
    if (!game) throw new Error(`no game ${slug}`);
    return game;
  }

  all(): SimGame[] {
    return [...this.bySlug.values()];
  }

  teams(): SimGammaTeam[] {
    return [...this.teamsByKey.values()];
  }

  /** Lists the game: its event and markets appear in Gamma and take orders. */
  list(slug: string, nowMs: number): SimGame {
    const game = this.get(slug);
    if (!this.advance(game, 'listed')) return game;
    this.exchange.addEvent(game.listing.event);
    for (const { spec } of game.listing.markets) this.exchange.addMarket(spec, nowMs);
    return game;
  }

  /** The game has started: resting orders are cleared and marketable orders wait out the delay. */
  start(slug: string, nowMs: number): SimGame {
    const game = this.get(slug);
    if (game.phase === 'scheduled') this.list(slug, nowMs);
    if (!this.advance(game, 'live')) return game;
    for (const { spec } of game.listing.markets) this.exchange.startGame(spec.conditionId, nowMs);
    return game;
  }

  /** The game is over: open orders are cancelled and new ones refused until it resolves. */
  close(slug: string, nowMs: number): SimGame {
    const game = this.get(slug);
    if (game.phase === 'scheduled') throw new Error(`game ${slug} was never listed`);
    if (!this.advance(game, 'ended')) return game;
    for (const { spec } of game.listing.markets) this.exchange.close(spec.conditionId, nowMs);
    return game;
  }

  /** Resolves the game's markets on its result, as their rules say, and pays every holder. */
  resolve(slug: string, result: GameResult, nowMs: number): SimGame {
    const game = this.get(slug);
    if (game.phase === 'resolved') {
      if (game.result === result) return game;
      throw new Error(`game ${slug} already resolved ${game.result}`);
    }
    if (game.phase === 'scheduled') throw new Error(`game ${slug} was never listed`);
    const payouts = payoutsFor(game.listing, result);
    if (typeof payouts === 'string') throw new Error(`game ${slug}: ${payouts}`);
    this.close(slug, nowMs);
    this.exchange.batch(() => {
      for (const [conditionId, resolution] of payouts) this.exchange.resolve(conditionId, resolution, nowMs);
    });
    game.phase = 'resolved';
    game.result = result;
    return game;
  }

  /** The game was cancelled with no make-up game: resolved as the rules say (50-50 for US leagues). */
  cancel(slug: string, nowMs: number): SimGame {
    return this.resolve(slug, 'canceled', nowMs);
  }

  /** Lists the games whose listing time has come and starts those whose start has. */
  tick(nowMs: number): void {
    for (const game of this.bySlug.values()) {
      if (game.phase === 'scheduled' && nowMs >= game.listing.listedAtMs)
        this.list(game.listing.event.slug, nowMs);
      if (game.phase === 'listed' && nowMs >= game.listing.event.startTimeMs)
        this.start(game.listing.event.slug, nowMs);
    }
  }

  /** Moves the game forward to `phase`; false when it is there already; throws going back. */
  private advance(game: SimGame, phase: GamePhase): boolean {
    const from = ORDER.indexOf(game.phase);
    const to = ORDER.indexOf(phase);
    if (from === to) return false;
    if (from > to) throw new Error(`game ${game.listing.event.slug} is ${game.phase}: it cannot be ${phase}`);
    game.phase = phase;
    return true;
  }
}
