/**
 * The state a strategy shard keeps for its games: the latest game state and model probability per
 * game, the latest book per instrument. Each update re-evaluates the edge on the instruments it
 * touches and returns the signals to raise. An opportunity identical to the last one raised for
 * that instrument (same side, price and probability) is not raised again. Pure: no I/O, time
 * comes from the caller.
 */
import type { BookSnapshot, GameScheduled, SignalRaised } from '../core/events.js';
import type { NflGameState } from '../core/game-state.js';
import { asSignalId, type EventId, type GameId, type InstrumentId } from '../core/ids.js';
import type { VenueInstrument } from '../core/instruments.js';
import { type EdgeSettings, evaluateEdge, type NoTradeReason } from './edge.js';

export type WinProbabilityModel = (state: NflGameState, prior: { readonly homeSpread: number }) => number;

interface GameView {
  readonly info: GameScheduled;
  state: NflGameState | null;
  stateTs: number;
  homeProb: number;
  live: boolean;
  readonly instruments: InstrumentId[];
}

export interface EdgeShardOptions {
  readonly model: WinProbabilityModel;
  readonly settings: EdgeSettings;
  /** Prefix of signal ids, unique per shard. */
  readonly shardId: string;
}

export class EdgeShard {
  private readonly games = new Map<GameId, GameView>();
  private readonly instruments = new Map<InstrumentId, VenueInstrument>();
  private readonly books = new Map<InstrumentId, BookSnapshot>();
  private readonly lastRaised = new Map<InstrumentId, string>();
  private signalSeq = 0;
  /** Why evaluations did not trade, by reason: for the report and metrics. */
  readonly noTrade: Record<NoTradeReason, number> = {
    GAME_NOT_LIVE: 0,
    NO_BOOK: 0,
    PRICE_STALE: 0,
    CLOCK_OUT_OF_SYNC: 0,
    NO_EDGE: 0,
  };

  constructor(private readonly options: EdgeShardOptions) {}

  onGameScheduled(info: GameScheduled): void {
    if (!this.games.has(info.gameId)) {
      this.games.set(info.gameId, {
        info,
        state: null,
        stateTs: 0,
        homeProb: 0.5,
        live: false,
        instruments: [],
      });
    }
  }

  onMarketMapped(instrument: VenueInstrument): void {
    if (this.instruments.has(instrument.instrumentId)) return;
    this.instruments.set(instrument.instrumentId, instrument);
    this.games.get(instrument.gameId)?.instruments.push(instrument.instrumentId);
  }

  onGameState(opts: { state: NflGameState; ts: number; now: number }): SignalRaised[] {
    const game = this.games.get(opts.state.gameId);
    if (!game) return [];
    game.state = opts.state;
    game.stateTs = opts.ts;
    game.live = opts.state.status === 'in';
    game.homeProb = this.options.model(opts.state, { homeSpread: game.info.homeSpread });
    const out: SignalRaised[] = [];
    for (const id of game.instruments) this.evaluate(game, id, opts.now, out);
    return out;
  }

  onBook(book: BookSnapshot, now: number): SignalRaised[] {
    this.books.set(book.instrumentId, book);
    const instrument = this.instruments.get(book.instrumentId);
    const game = instrument && this.games.get(instrument.gameId);
    if (!game?.state) return [];
    const out: SignalRaised[] = [];
    this.evaluate(game, book.instrumentId, now, out);
    return out;
  }

  onGameFinal(gameId: GameId): void {
    const game = this.games.get(gameId);
    if (game) game.live = false;
  }

  /** Latest model probability that the home team wins, for reports and dashboards. */
  homeProbability(gameId: GameId): number | undefined {
    return this.games.get(gameId)?.homeProb;
  }

  private evaluate(game: GameView, instrumentId: InstrumentId, now: number, out: SignalRaised[]): void {
    const instrument = this.instruments.get(instrumentId);
    if (!instrument) return;
    const yesProb =
      instrument.outcome === 'home_win'
        ? game.homeProb
        : instrument.outcome === 'away_win'
          ? 1 - game.homeProb
          : 0;
    const result = evaluateEdge({
      now,
      yesProb,
      gameLive: game.live,
      gameStateTs: game.stateTs,
      book: this.books.get(instrumentId),
      fees: instrument.fees,
      settings: this.options.settings,
    });
    if (result.kind === 'none') {
      this.noTrade[result.reason] += 1;
      return;
    }
    const fingerprint = `${result.side}|${result.price}|${result.prob}|${result.availableQty}`;
    if (this.lastRaised.get(instrumentId) === fingerprint) return;
    this.lastRaised.set(instrumentId, fingerprint);
    this.signalSeq += 1;
    const signalId = asSignalId(`${this.options.shardId}-S${this.signalSeq}`);
    out.push({
      type: 'SignalRaised',
      id: signalId as string as EventId,
      ts: now,
      signalId,
      kind: 'edge',
      gameId: game.info.gameId,
      instrumentId,
      venue: instrument.venue,
      side: result.side,
      action: 'buy',
      modelProb: result.prob,
      price: result.price,
      feePerContract: result.feePerContract,
      edge: result.edge,
      availableQty: result.availableQty,
      bookAgeMs: result.bookAgeMs,
      syncDeltaMs: result.syncDeltaMs,
    });
  }
}
