/**
 * The state a strategy shard keeps for its games: the latest game state and model probability
 * per game, the latest book per instrument, and our positions. Each update re-evaluates the
 * instruments it touches: an exit for a held position, else an entry on edge; and arbitrage
 * between the game's instruments on different venues. An opportunity identical to the last one
 * raised for the same key is not raised again. Any sport: each game's state is priced by its
 * sport's model (src/sports/models.ts) with the game's pregame line. Pure: no I/O, time comes
 * from the caller.
 */
import type {
  BookSnapshot,
  GameScheduled,
  PositionChanged,
  SignalLeg,
  SignalRaised,
} from '../core/events.js';
import type { GameFeedStatus } from '../core/feed-status.js';
import { type GameState, stateProgressKey } from '../core/game-state.js';
import { asSignalId, type EventId, type GameId, type InstrumentId } from '../core/ids.js';
import {
  type ContractSide,
  effectiveSettlement,
  type Sport,
  type VenueInstrument,
} from '../core/instruments.js';
import { type Centis, type Micros, PPM, type Ppm } from '../core/money.js';
import type { OutcomeProbabilities, PregamePrior } from '../sports/model.js';
import { outcomeProbabilities, pregamePriorOf, type WinProbabilityModels } from '../sports/models.js';
import { type ArbOpportunity, evaluateArbitrage, type SettlementPolicy } from './arbitrage.js';
import { type EdgeSettings, evaluateEdge, type NoTradeReason } from './edge.js';
import { type ExitSettings, evaluateExit, type HeldPosition } from './exits.js';

interface GameView {
  readonly info: GameScheduled;
  readonly prior: PregamePrior;
  state: GameState | null;
  stateTs: number;
  probs: OutcomeProbabilities;
  live: boolean;
  readonly instruments: InstrumentId[];
}

/** Only soccer's models give a draw; every other sport's result is decided in overtime. */
function canDraw(sport: Sport): boolean {
  return sport === 'soccer';
}

/**
 * Why the models cannot price an instrument's settlement terms, or null when they can. Every
 * model's probabilities are of the final result, overtime included, and only soccer's have a
 * draw: a market settled on regulation time only, a soccer "win" market whose terms say the
 * match cannot end level, or a draw market on a sport without draws is refused, not guessed at.
 * So is a contract that does not pay $1 or nothing on a level result where the model gives one
 * (a soccer team's market paying half on a draw), or whose draw payout contradicts its outcome.
 * A team's market paying half on a tie in a sport whose model has no draw (Kalshi's NFL rules)
 * is priced as the model's win probability plus half its (zero) draw probability.
 */
export function unsupportedSettlement(sport: Sport, instrument: VenueInstrument): string | null {
  const terms = effectiveSettlement(instrument);
  if (!terms.includesOvertime && sport !== 'soccer')
    return `${sport} models price the result after overtime; this market settles on regulation time`;
  if (canDraw(sport) && !terms.drawPossible)
    return `a ${sport} game can end level, but the market's terms say it cannot`;
  if (instrument.outcome === 'draw' && !canDraw(sport)) return `the ${sport} model gives no draw probability`;
  if (instrument.outcome === 'draw' && terms.drawPayout !== 'full')
    return `a draw market whose terms pay ${terms.drawPayout} on a draw`;
  if (instrument.outcome !== 'draw' && terms.drawPayout === 'full')
    return "a team's market whose terms pay in full on a draw";
  if (instrument.outcome !== 'draw' && terms.drawPayout === 'half' && canDraw(sport))
    return `pays half on a draw, which the ${sport} model gives: not a $1-or-nothing contract the sizing can handle`;
  return null;
}

export interface EdgeShardOptions {
  /** Every sport's win-probability model: a game is priced by its own sport's. */
  readonly models: WinProbabilityModels;
  readonly settings: EdgeSettings;
  readonly exits: ExitSettings;
  /** Minimum arbitrage edge per pair after both fees, ppm of $1; null turns arbitrage off. */
  readonly minArbEdgePpm: number | null;
  /** Which settlement differences an arbitrage pair may have (default `strict`: none). */
  readonly arbSettlementPolicy?: SettlementPolicy;
  /** Prefix of signal ids, unique per shard. */
  readonly shardId: string;
  /** When the feed last confirmed each game's state (a polling feed does not repeat a state). */
  readonly feedStatus?: GameFeedStatus;
}

export class EdgeShard {
  private readonly games = new Map<GameId, GameView>();
  private readonly instruments = new Map<InstrumentId, VenueInstrument>();
  private readonly books = new Map<InstrumentId, BookSnapshot>();
  private readonly held = new Map<string, HeldPosition>();
  private readonly lastRaised = new Map<string, string>();
  private signalSeq = 0;
  /** Why entry evaluations did not trade, by reason: for the report and metrics. */
  readonly noTrade: Record<NoTradeReason, number> = {
    GAME_NOT_LIVE: 0,
    NO_BOOK: 0,
    PRICE_STALE: 0,
    CLOCK_OUT_OF_SYNC: 0,
    NO_EDGE: 0,
  };
  /** Instruments never traded because the models cannot price their settlement terms, with why. */
  readonly refused = new Map<InstrumentId, string>();

  constructor(private readonly options: EdgeShardOptions) {}

  onGameScheduled(info: GameScheduled): void {
    if (!this.games.has(info.gameId)) {
      this.games.set(info.gameId, {
        info,
        prior: pregamePriorOf(info),
        state: null,
        stateTs: 0,
        probs: { home: 0.5, away: 0.5, draw: 0 },
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

  onPositionChanged(event: PositionChanged): void {
    const key = `${event.instrumentId}|${event.side}`;
    const before = this.held.get(key);
    if (event.qty === 0) this.held.delete(key);
    else
      this.held.set(key, {
        side: event.side,
        qty: event.qty,
        costBasis: event.costBasis,
        openedTs: before?.openedTs ?? event.ts,
      });
  }

  onGameState(opts: { state: GameState; ts: number; now: number }): SignalRaised[] {
    const game = this.games.get(opts.state.gameId);
    if (!game) return [];
    // A poll that saw no new play only refreshes the state's time.
    const samePlay = game.state !== null && stateProgressKey(game.state) === stateProgressKey(opts.state);
    game.state = opts.state;
    game.stateTs = opts.ts;
    game.live = opts.state.status === 'in';
    if (!samePlay) game.probs = outcomeProbabilities(this.options.models, opts.state, game.prior);
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
    this.evaluateArbitrage(game, book.instrumentId, now, out);
    return out;
  }

  onGameFinal(gameId: GameId): void {
    const game = this.games.get(gameId);
    if (game) game.live = false;
  }

  /** Latest model probability that the home team wins, for reports and dashboards. */
  homeProbability(gameId: GameId): number | undefined {
    return this.games.get(gameId)?.probs.home;
  }

  /** Latest model probabilities of every result of the game (draw 0 where there is none). */
  probabilities(gameId: GameId): OutcomeProbabilities | undefined {
    return this.games.get(gameId)?.probs;
  }

  /** When the game's state was last known current: its update, or the feed's later confirmation. */
  private stateSeenTs(game: GameView): number {
    const confirmed = this.options.feedStatus?.lastObservedTs(game.info.gameId);
    return confirmed === undefined ? game.stateTs : Math.max(game.stateTs, confirmed);
  }

  private yesProb(game: GameView, instrument: VenueInstrument): number {
    // A team's market paying half on a level result (allowed only where the model's draw is 0).
    const level = effectiveSettlement(instrument).drawPayout === 'half' ? game.probs.draw / 2 : 0;
    if (instrument.outcome === 'home_win') return game.probs.home + level;
    if (instrument.outcome === 'away_win') return game.probs.away + level;
    return game.probs.draw;
  }

  private evaluate(game: GameView, instrumentId: InstrumentId, now: number, out: SignalRaised[]): void {
    const instrument = this.instruments.get(instrumentId);
    if (!instrument) return;
    if (this.refused.has(instrumentId)) return;
    const why = unsupportedSettlement(game.info.sport, instrument);
    if (why !== null) {
      this.refused.set(instrumentId, why);
      return;
    }
    const yesProb = this.yesProb(game, instrument);
    const book = this.books.get(instrumentId);
    let holding = false;
    for (const side of ['yes', 'no'] as const) {
      const position = this.held.get(`${instrumentId}|${side}`);
      if (!position || !book) continue;
      holding = true;
      this.evaluateExit({
        game,
        instrument,
        position,
        book,
        now,
        sideProb: side === 'yes' ? yesProb : 1 - yesProb,
        out,
      });
    }
    if (holding) return;
    const result = evaluateEdge({
      now,
      yesProb,
      gameLive: game.live,
      gameStateTs: this.stateSeenTs(game),
      book,
      fees: instrument.fees,
      settings: this.options.settings,
    });
    if (result.kind === 'none') {
      this.noTrade[result.reason] += 1;
      return;
    }
    if (
      !this.isNew(
        `edge|${instrumentId}`,
        `${result.side}|${result.price}|${result.prob}|${result.availableQty}`,
      )
    )
      return;
    out.push(
      this.signal({
        kind: 'edge',
        game,
        now,
        instrument,
        side: result.side,
        action: 'buy',
        prob: result.prob,
        price: result.price,
        feePerContract: result.feePerContract,
        edge: result.edge,
        levels: result.levels,
        availableQty: result.availableQty,
        spread: result.spread,
        bookAgeMs: result.bookAgeMs,
        syncDeltaMs: result.syncDeltaMs,
        ...(book ? { bookId: book.id } : {}),
      }),
    );
  }

  private evaluateExit(x: {
    game: GameView;
    instrument: VenueInstrument;
    position: HeldPosition;
    book: BookSnapshot;
    now: number;
    sideProb: number;
    out: SignalRaised[];
  }): void {
    const decision = evaluateExit({
      now: x.now,
      position: x.position,
      sideProb: x.sideProb,
      book: x.book,
      fees: x.instrument.fees,
      settings: this.options.exits,
    });
    if (decision.kind !== 'exit' || decision.availableQty <= 0) return;
    const key = `exit|${x.instrument.instrumentId}|${x.position.side}`;
    if (!this.isNew(key, `${decision.reason}|${decision.price}|${decision.availableQty}|${x.position.qty}`))
      return;
    const bid = x.book.bids[0]?.price;
    const ask = x.book.asks[0]?.price;
    x.out.push(
      this.signal({
        kind: 'exit',
        game: x.game,
        now: x.now,
        instrument: x.instrument,
        side: x.position.side,
        action: 'sell',
        prob: Math.round(x.sideProb * PPM) as Ppm,
        price: decision.price,
        feePerContract: decision.feePerContract,
        edge: (decision.price - decision.feePerContract - Math.round(x.sideProb * PPM)) as Ppm,
        levels: decision.levels,
        availableQty: decision.availableQty,
        spread: (bid !== undefined && ask !== undefined ? ask - bid : 0) as Micros,
        bookAgeMs: x.now - x.book.venueTs,
        syncDeltaMs: Math.abs(this.stateSeenTs(x.game) - x.book.venueTs),
        exitReason: decision.reason,
        bookId: x.book.id,
      }),
    );
  }

  private evaluateArbitrage(game: GameView, changed: InstrumentId, now: number, out: SignalRaised[]): void {
    const minEdge = this.options.minArbEdgePpm;
    if (minEdge === null) return;
    const a = this.instruments.get(changed);
    const bookA = this.books.get(changed);
    if (!a || !bookA || now - bookA.venueTs > this.options.settings.priceStalenessMs) return;
    for (const otherId of game.instruments) {
      const b = this.instruments.get(otherId);
      const bookB = this.books.get(otherId);
      if (!b || !bookB || b.venue === a.venue || now - bookB.venueTs > this.options.settings.priceStalenessMs)
        continue;
      // A fixed order per pair, so the same pair is always raised the same way round.
      const [first, second] = a.instrumentId < b.instrumentId ? [a, b] : [b, a];
      const result = evaluateArbitrage({
        a: { instrument: first, book: this.books.get(first.instrumentId)! },
        b: { instrument: second, book: this.books.get(second.instrumentId)! },
        minEdgePpm: minEdge,
        policy: this.options.arbSettlementPolicy ?? 'strict',
      });
      if (result.kind !== 'arbitrage') continue;
      const [l1, l2] = result.legs;
      const key = `arb|${first.instrumentId}|${second.instrumentId}`;
      if (!this.isNew(key, `${l1.side}${l1.price}|${l2.side}${l2.price}|${result.qty}`)) continue;
      out.push(
        this.arbitrageSignal({ game, now, result, bookAgeMs: now - Math.min(bookA.venueTs, bookB.venueTs) }),
      );
    }
  }

  private arbitrageSignal(x: {
    game: GameView;
    now: number;
    result: ArbOpportunity;
    bookAgeMs: number;
  }): SignalRaised {
    const [l1, l2] = x.result.legs;
    // The snapshots the pair was walked on: the latest book of each instrument.
    const firstBook = this.books.get(l1.instrument.instrumentId)?.id;
    const hedgeBook = this.books.get(l2.instrument.instrumentId)?.id;
    const hedge: SignalLeg = {
      instrumentId: l2.instrument.instrumentId,
      venue: l2.instrument.venue,
      side: l2.side,
      action: 'buy',
      price: l2.price,
      feePerContract: l2.feePerContract,
      levels: l2.levels,
      fees: l2.instrument.fees,
      availableQty: x.result.qty,
      ...(hedgeBook ? { bookId: hedgeBook } : {}),
    };
    return this.signal({
      kind: 'arbitrage',
      game: x.game,
      now: x.now,
      instrument: l1.instrument,
      side: l1.side,
      action: 'buy',
      prob: 0 as Ppm,
      price: l1.price,
      feePerContract: l1.feePerContract,
      edge: x.result.edge as number as Ppm,
      levels: l1.levels,
      availableQty: x.result.qty,
      spread: 0 as Micros,
      bookAgeMs: x.bookAgeMs,
      syncDeltaMs: 0,
      hedge,
      ...(firstBook ? { bookId: firstBook } : {}),
      ...(x.result.acceptedDifferences.length > 0
        ? { acceptedSettlementDifferences: x.result.acceptedDifferences }
        : {}),
    });
  }

  private isNew(key: string, fingerprint: string): boolean {
    if (this.lastRaised.get(key) === fingerprint) return false;
    this.lastRaised.set(key, fingerprint);
    return true;
  }

  private signal(x: {
    kind: SignalRaised['kind'];
    game: GameView;
    now: number;
    instrument: VenueInstrument;
    side: ContractSide;
    action: 'buy' | 'sell';
    prob: Ppm;
    price: Micros;
    feePerContract: Micros;
    edge: Ppm;
    levels: SignalRaised['levels'];
    availableQty: Centis;
    spread: Micros;
    bookAgeMs: number;
    syncDeltaMs: number;
    exitReason?: SignalRaised['exitReason'];
    hedge?: SignalLeg;
    bookId?: EventId;
    acceptedSettlementDifferences?: SignalRaised['acceptedSettlementDifferences'];
  }): SignalRaised {
    this.signalSeq += 1;
    const signalId = asSignalId(`${this.options.shardId}-S${this.signalSeq}`);
    return {
      type: 'SignalRaised',
      id: signalId as string as EventId,
      ts: x.now,
      signalId,
      kind: x.kind,
      gameId: x.game.info.gameId,
      instrumentId: x.instrument.instrumentId,
      venue: x.instrument.venue,
      side: x.side,
      action: x.action,
      modelProb: x.prob,
      price: x.price,
      feePerContract: x.feePerContract,
      edge: x.edge,
      availableQty: x.availableQty,
      levels: x.levels,
      fees: x.instrument.fees,
      spread: x.spread,
      bookAgeMs: x.bookAgeMs,
      syncDeltaMs: x.syncDeltaMs,
      ...(x.exitReason ? { exitReason: x.exitReason } : {}),
      ...(x.hedge ? { hedge: x.hedge } : {}),
      ...(x.bookId ? { bookId: x.bookId } : {}),
      ...(x.acceptedSettlementDifferences
        ? { acceptedSettlementDifferences: x.acceptedSettlementDifferences }
        : {}),
    };
  }
}
