/**
 * Simulated markets for replayed games: for each game, a Kalshi-like and a Polymarket-like
 * instrument on "home team wins" (in a sport with draws, one each on home win, draw and away
 * win), each quoted by its own simulated market maker that re-prices a few seconds after every
 * play and refreshes its quotes every few seconds in between. Settles them when the game ends.
 * NFL makers believe their own simpler model (market-maker.ts); other sports' makers start from
 * the sport's model (src/sports/models.ts), which their noise and lag then blur (the makers
 * themselves are game-makers.ts's, shared with the simulated world). Everything here is labelled
 * simulated.
 */
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { GameScheduled } from '../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../core/fees.js';
import type { GameState } from '../core/game-state.js';
import { asInstrumentId, EventIdSequence, type GameId } from '../core/ids.js';
import {
  type OutcomeKind,
  outcomeIdFor,
  type Sport,
  type VenueInstrument,
  type VenueName,
} from '../core/instruments.js';
import type { Scheduler } from '../core/scheduler.js';
import { createWinProbabilityModels, type WinProbabilityModels } from '../sports/models.js';
import { GameMakers, type MakerBook, makerBelief, pregameState } from './game-makers.js';
import {
  KALSHI_LIKE,
  type MarketMakerProfile,
  POLYMARKET_LIKE,
  type Quote,
  SharedMarketError,
  SimulatedMarketMaker,
} from './market-maker.js';
import { deriveSeed } from './random.js';

export interface SimMarketOptions {
  readonly bus: Bus;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly seed: number;
  /** How often a maker re-sends its book between plays, ms. */
  readonly refreshMs?: number;
  /** The models other sports' makers start from; defaults to src/sports/models.ts's. */
  readonly models?: WinProbabilityModels;
  /** The venues whose makers run here (default both): a venue gateway runs its own venue's. */
  readonly venues?: readonly ('kalshi' | 'polymarket')[];
  /** Consumer group on `games` (default `sim-market`); processes with different venues need their own. */
  readonly group?: string;
  /** Prefix of the event ids (default `sim-market`); unique per process publishing them. */
  readonly idPrefix?: string;
  /**
   * Venues whose makers quote into a venue simulator instead of onto the bus: their books reach
   * the bus through that venue's own market data (the Kalshi simulator's WebSocket).
   */
  readonly quoteSinks?: readonly VenueQuoteSink[];
}

/** A venue simulator the makers of one venue quote into. */
export interface VenueQuoteSink {
  readonly venue: VenueName;
  /**
   * The venue's own symbol for a market named `symbol` here, where the venue client needs its
   * real identifiers (a Polymarket token id); the name as given when absent.
   */
  symbolFor?(symbol: string): string;
  /** Lists the market; resolves once its (empty) book is being followed. */
  addInstrument(instrument: VenueInstrument): Promise<void>;
  /** Replaces the maker's quotes on the market. */
  quote(instrument: VenueInstrument, quote: Quote): void;
  settle(instrument: VenueInstrument, result: 'yes' | 'no'): void;
}

interface SimInstrument extends MakerBook {
  readonly instrument: VenueInstrument;
}

interface SimGame {
  readonly info: GameScheduled;
  readonly makers: GameMakers<SimInstrument>;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Kalshi's game-market ticker shape: KX{LEAGUE}GAME-{YY}{MON}{DD}{AWAY}{HOME}-{TEAM}. */
export function kalshiStyleTicker(g: GameScheduled, team: string): string {
  const d = new Date(g.startTs);
  const date = `${String(d.getUTCFullYear()).slice(2)}${MONTHS[d.getUTCMonth()]}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `KX${g.sport.toUpperCase()}GAME-${date}${g.awayTeam}${g.homeTeam}-${team}`;
}

/** Polymarket's sports slug shape {league}-{away}-{home}-{date}, with the team's outcome. */
export function polymarketStyleSymbol(g: GameScheduled, team: string): string {
  const date = new Date(g.startTs).toISOString().slice(0, 10);
  return `${g.sport}-${g.awayTeam.toLowerCase()}-${g.homeTeam.toLowerCase()}-${date}:${team}`;
}

/** The results a sport's simulated markets are listed on: a draw only where games can end level. */
function listedOutcomes(sport: Sport): readonly OutcomeKind[] {
  return sport === 'soccer' ? ['home_win', 'draw', 'away_win'] : ['home_win'];
}

/** Whether the game can end level under the rules the simulated venues settle on. */
function drawPossible(g: GameScheduled): boolean {
  if (g.sport === 'nfl') return g.seasonType === 'REG';
  return g.sport === 'soccer';
}

export interface SimMarkets {
  stop(): void;
  onPlay(play: { gameId: GameId; state: GameState; ts: number }): void;
}

export function startSimMarkets(options: SimMarketOptions): SimMarkets {
  const { bus, scheduler, clock } = options;
  const refreshMs = options.refreshMs ?? 10_000;
  const models = options.models ?? createWinProbabilityModels();
  const games = new Map<GameId, SimGame>();
  const ids = new EventIdSequence(options.idPrefix ?? 'sim-market');
  const venues = new Set(options.venues ?? ['kalshi', 'polymarket']);
  const sinkOf = (venue: VenueName) => options.quoteSinks?.find((s) => s.venue === venue);

  const publishBook = async (si: SimInstrument, quote: Quote) => {
    const sink = sinkOf(si.instrument.venue);
    if (sink) return sink.quote(si.instrument, quote);
    const now = clock.now();
    await bus.publish({
      type: 'BookSnapshot',
      id: ids.next(),
      ts: now,
      instrumentId: si.instrument.instrumentId,
      venue: si.instrument.venue,
      bids: quote.bids,
      asks: quote.asks,
      venueTs: now,
    });
  };

  const onScheduled = async (g: GameScheduled) => {
    if (games.has(g.gameId)) return;
    const make = (
      venue: 'kalshi' | 'polymarket',
      profile: MarketMakerProfile,
      outcome: OutcomeKind,
    ): SimInstrument => {
      const team = outcome === 'home_win' ? g.homeTeam : outcome === 'away_win' ? g.awayTeam : 'TIE';
      const name = venue === 'kalshi' ? kalshiStyleTicker(g, team) : polymarketStyleSymbol(g, team);
      const symbol = sinkOf(venue)?.symbolFor?.(name) ?? name;
      // The home-win maker keeps the seed it always had, so NFL runs quote as before.
      const seedKey = outcome === 'home_win' ? `${venue}:${g.gameId}` : `${venue}:${g.gameId}:${outcome}`;
      return {
        instrument: {
          instrumentId: asInstrumentId(`${venue}:${symbol}`),
          venue,
          symbol,
          gameId: g.gameId,
          outcomeId: outcomeIdFor(g.gameId, outcome),
          outcome,
          tickSize: profile.tick,
          fees: venue === 'kalshi' ? KALSHI_SPORTS_FEES : POLYMARKET_SPORTS_FEES,
          // Both simulated venues settle a game the same way: overtime counts, and a draw is a
          // result only where the rules allow one (a regular-season NFL game, soccer).
          settlement: {
            includesOvertime: true,
            drawPossible: drawPossible(g),
            postponement: 'follows_rescheduled_game',
          },
          simulated: true,
        },
        outcome,
        maker: new SimulatedMarketMaker(profile, deriveSeed(options.seed, seedKey)),
        last: null,
        generation: 0,
      };
    };
    const instruments = listedOutcomes(g.sport).flatMap((outcome) => [
      ...(venues.has('kalshi') ? [make('kalshi', KALSHI_LIKE, outcome)] : []),
      ...(venues.has('polymarket') ? [make('polymarket', POLYMARKET_LIKE, outcome)] : []),
    ]);
    const sharedError = new SharedMarketError(deriveSeed(options.seed, `shared:${g.gameId}`), 0.15);
    const makers = new GameMakers<SimInstrument>({
      scheduler,
      clock,
      books: instruments,
      sharedError,
      belief: (state, outcome) => makerBelief(models, g, state, outcome),
      publish: publishBook,
      refreshMs,
    });
    games.set(g.gameId, { info: g, makers });
    const start = pregameState(g);
    for (const si of instruments) {
      await bus.publish({ type: 'MarketMapped', id: ids.next(), ts: clock.now(), instrument: si.instrument });
      await sinkOf(si.instrument.venue)?.addInstrument(si.instrument);
      await makers.repriceBook(si, start, sharedError.value);
    }
  };

  const sub = bus.subscribe({
    group: options.group ?? 'sim-market',
    consumer: `${options.group ?? 'sim-market'}-1`,
    topics: ['games'],
    handler: async (event) => {
      if (event.type === 'GameScheduled') return onScheduled(event);
      if (event.type !== 'GameFinal') return;
      const game = games.get(event.gameId);
      if (!game) return;
      game.makers.stop();
      for (const si of game.makers.books) {
        const { instrumentId, venue } = si.instrument;
        await bus.publish({ type: 'MarketClosed', id: ids.next(), ts: clock.now(), instrumentId });
        const outcome = si.instrument.outcome;
        const paid = outcome === 'home_win' ? 'home' : outcome === 'away_win' ? 'away' : ('draw' as const);
        const result = event.winner === paid ? 'yes' : 'no';
        sinkOf(venue)?.settle(si.instrument, result);
        await bus.publish({
          type: 'MarketSettled',
          id: ids.next(),
          ts: clock.now(),
          instrumentId,
          venue,
          result,
        });
      }
    },
  });
  /**
   * A play has just happened (the makers watch the game, ahead of any data feed): each maker
   * pulls its quotes back at once, then re-prices after its lag.
   */
  const onPlay = ({ gameId, state, ts }: { gameId: GameId; state: GameState; ts: number }) => {
    games.get(gameId)?.makers.onPlay(state, ts);
  };

  return { stop: () => void sub.close(), onPlay };
}
