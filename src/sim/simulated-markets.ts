/**
 * Simulated markets for replayed games: for each game, a Kalshi-like and a Polymarket-like
 * instrument on "home team wins", each quoted by its own simulated market maker that re-prices a
 * few seconds after every play and refreshes its quotes every few seconds in between. Settles
 * both when the game ends. Everything here is labelled simulated.
 */
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { GameScheduled } from '../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../core/fees.js';
import type { NflGameState } from '../core/game-state.js';
import { asInstrumentId, EventIdSequence, type GameId } from '../core/ids.js';
import { outcomeIdFor, type VenueInstrument, type VenueName } from '../core/instruments.js';
import type { Scheduler } from '../core/scheduler.js';
import {
  KALSHI_LIKE,
  type MarketMakerProfile,
  makerHomeWinBelief,
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
  /**
   * Venues whose makers quote into a venue simulator instead of onto the bus: their books reach
   * the bus through that venue's own market data (the Kalshi simulator's WebSocket).
   */
  readonly quoteSinks?: readonly VenueQuoteSink[];
}

/** A venue simulator the makers of one venue quote into. */
export interface VenueQuoteSink {
  readonly venue: VenueName;
  /** Lists the market; resolves once its (empty) book is being followed. */
  addInstrument(instrument: VenueInstrument): Promise<void>;
  /** Replaces the maker's quotes on the market. */
  quote(instrument: VenueInstrument, quote: Quote): void;
  settle(instrument: VenueInstrument, result: 'yes' | 'no'): void;
}

interface SimInstrument {
  readonly instrument: VenueInstrument;
  readonly maker: SimulatedMarketMaker;
  last: Quote | null;
  /** Bumped on each re-price, so a pending refresh of an older quote is dropped. */
  generation: number;
}

interface SimGame {
  readonly info: GameScheduled;
  readonly instruments: SimInstrument[];
  readonly sharedError: SharedMarketError;
  live: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Kalshi's game-market ticker shape: KXNFLGAME-{YY}{MON}{DD}{AWAY}{HOME}-{TEAM}. */
export function kalshiStyleTicker(g: GameScheduled, team: string): string {
  const d = new Date(g.startTs);
  const date = `${String(d.getUTCFullYear()).slice(2)}${MONTHS[d.getUTCMonth()]}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `KXNFLGAME-${date}${g.awayTeam}${g.homeTeam}-${team}`;
}

/** Polymarket's sports slug shape {league}-{away}-{home}-{date}, with the team's outcome. */
export function polymarketStyleSymbol(g: GameScheduled, team: string): string {
  const date = new Date(g.startTs).toISOString().slice(0, 10);
  return `nfl-${g.awayTeam.toLowerCase()}-${g.homeTeam.toLowerCase()}-${date}:${team}`;
}

export interface SimMarkets {
  stop(): void;
  onPlay(play: { gameId: GameId; state: NflGameState; ts: number }): void;
}

export function startSimMarkets(options: SimMarketOptions): SimMarkets {
  const { bus, scheduler, clock } = options;
  const refreshMs = options.refreshMs ?? 10_000;
  const games = new Map<GameId, SimGame>();
  const ids = new EventIdSequence('sim-market');
  const sinkOf = (venue: VenueName) => options.quoteSinks?.find((s) => s.venue === venue);

  const publishBook = async (si: SimInstrument, quote: Quote) => {
    si.last = quote;
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

  const scheduleRefresh = (game: SimGame, si: SimInstrument) => {
    const generation = si.generation;
    scheduler.at(clock.now() + refreshMs, async () => {
      if (!game.live || si.generation !== generation || !si.last) return;
      await publishBook(si, si.last);
      scheduleRefresh(game, si);
    });
  };

  const reprice = async (game: SimGame, si: SimInstrument, belief: number, sharedError: number) => {
    si.generation += 1;
    await publishBook(si, si.maker.reprice(belief, sharedError));
    if (game.live) scheduleRefresh(game, si);
  };

  const onScheduled = async (g: GameScheduled) => {
    if (games.has(g.gameId)) return;
    const make = (venue: 'kalshi' | 'polymarket', profile: MarketMakerProfile): SimInstrument => {
      const symbol =
        venue === 'kalshi' ? kalshiStyleTicker(g, g.homeTeam) : polymarketStyleSymbol(g, g.homeTeam);
      return {
        instrument: {
          instrumentId: asInstrumentId(`${venue}:${symbol}`),
          venue,
          symbol,
          gameId: g.gameId,
          outcomeId: outcomeIdFor(g.gameId, 'home_win'),
          outcome: 'home_win',
          tickSize: profile.tick,
          fees: venue === 'kalshi' ? KALSHI_SPORTS_FEES : POLYMARKET_SPORTS_FEES,
          // Both simulated venues settle an NFL game the same way: overtime counts, and only a
          // regular-season game can end tied.
          settlement: {
            includesOvertime: true,
            drawPossible: g.seasonType === 'REG',
            postponement: 'follows_rescheduled_game',
          },
          simulated: true,
        },
        maker: new SimulatedMarketMaker(profile, deriveSeed(options.seed, `${venue}:${g.gameId}`)),
        last: null,
        generation: 0,
      };
    };
    const game: SimGame = {
      info: g,
      instruments: [make('kalshi', KALSHI_LIKE), make('polymarket', POLYMARKET_LIKE)],
      sharedError: new SharedMarketError(deriveSeed(options.seed, `shared:${g.gameId}`), 0.15),
      live: true,
    };
    games.set(g.gameId, game);
    const pregame = makerHomeWinBelief(pregameState(g), g.homeSpread);
    for (const si of game.instruments) {
      await bus.publish({ type: 'MarketMapped', id: ids.next(), ts: clock.now(), instrument: si.instrument });
      await sinkOf(si.instrument.venue)?.addInstrument(si.instrument);
      await reprice(game, si, pregame, game.sharedError.value);
    }
  };

  const sub = bus.subscribe({
    group: 'sim-market',
    consumer: 'sim-market-1',
    topics: ['games'],
    handler: async (event) => {
      if (event.type === 'GameScheduled') return onScheduled(event);
      if (event.type !== 'GameFinal') return;
      const game = games.get(event.gameId);
      if (!game) return;
      if (event.type === 'GameFinal') {
        game.live = false;
        for (const si of game.instruments) {
          const { instrumentId, venue } = si.instrument;
          await bus.publish({ type: 'MarketClosed', id: ids.next(), ts: clock.now(), instrumentId });
          const result = event.winner === 'home' ? 'yes' : 'no';
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
      }
    },
  });
  /**
   * A play has just happened (the makers watch the game, ahead of any data feed): each maker
   * pulls its quotes back at once, then re-prices after its lag.
   */
  const onPlay = ({ gameId, state, ts }: { gameId: GameId; state: NflGameState; ts: number }) => {
    const game = games.get(gameId);
    if (!game?.live) return;
    const belief = makerHomeWinBelief(state, game.info.homeSpread);
    const shared = game.sharedError.step();
    for (const si of game.instruments) {
      scheduler.at(ts + si.maker.profile.pullMs, async () => {
        if (!si.last) return;
        si.generation += 1;
        await publishBook(si, si.maker.pulled(si.last));
      });
      scheduler.at(ts + si.maker.profile.lagMs, () => reprice(game, si, belief, shared));
    }
  };

  return { stop: () => void sub.close(), onPlay };
}

function pregameState(g: GameScheduled): NflGameState {
  return {
    sport: 'nfl',
    gameId: g.gameId,
    status: 'pre',
    quarter: 1,
    clockSeconds: 900,
    gameSecondsRemaining: 3600,
    homeScore: 0,
    awayScore: 0,
    possession: null,
    down: null,
    distance: null,
    yardline100: null,
    homeTimeouts: 3,
    awayTimeouts: 3,
    playSeq: 0,
  };
}
