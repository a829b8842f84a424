/**
 * Accumulates a run's report from the events alone, so the analytics service can run in its own
 * process: counts of signals, decisions, orders and fills; closed positions from position
 * changes; the bankroll curve from snapshots; ledger balance from postings; and the model's
 * probability on every replayed play, scored when the game's result is known. Every count that
 * belongs to one game is also kept by league (sport), for the report's per-league lines. Pure.
 */
import type { ArbeesEvent, DenialReason, GameScheduled } from '../core/events.js';
import { type GameState, isFootball, stateProgressKey } from '../core/game-state.js';
import type { ClientOrderId, GameId, InstrumentId } from '../core/ids.js';
import type { Sport } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import { outcomeProbabilities, pregamePriorOf, type WinProbabilityModels } from '../sports/models.js';
import { type GameOutcome, type RunStatistics, runStatistics } from './game-statistics.js';
import type { BankrollPoint } from './projector.js';
import { buildRunReport, type LeagueInputs, type ModelPrediction, type RunReport } from './report.js';

export interface RunAnalyticsOptions {
  readonly mode: string;
  readonly startingBankroll: Micros;
  /** The models whose probabilities are scored (the same ones the strategy trades on). */
  readonly models: WinProbabilityModels;
  /**
   * Another source's home win probability for a state, when the replayed data has one (ESPN's
   * published win probability): compared with ours per league in the report.
   */
  readonly referenceWinProbability?: (gameId: GameId, state: GameState) => number | undefined;
  /** The run's seed (ARBEES_SEED): the bootstrap behind the report's intervals draws from it. */
  readonly seed: number;
}

interface LeagueTally {
  games: number;
  gamesFinal: number;
  fills: number;
  contracts: number;
  fees: number;
  readonly closedPnls: number[];
  readonly predictions: ModelPrediction[];
  /** |ours - reference| and the reference's own probability, per scored play that has one. */
  readonly reference: { ours: number; theirs: number; homeWon: number }[];
}

interface PendingPlay {
  readonly homeProb: number;
  readonly reference: number | undefined;
}

export class RunAnalytics {
  private games = 0;
  private gamesFinal = 0;
  private plays = 0;
  private signals = 0;
  private approved = 0;
  private denied = 0;
  private readonly denials: Partial<Record<DenialReason, number>> = {};
  private readonly orders = new Map<ClientOrderId, { filled: number; outcome: string | null }>();
  private fills = 0;
  private contracts = 0;
  private fees = 0;
  /** Realized P&L of each open position when it opened, by instrument and side. */
  private readonly openedAt = new Map<string, number>();
  private readonly closedPnls: number[] = [];
  private readonly curve: BankrollPoint[] = [];
  private maxDrawdown = 0;
  private openPositions = 0;
  private ledgerSum = 0;
  private ledgerTransactions = 0;
  private illegalTransitions = 0;
  private readonly alerts: Record<string, number> = {};
  private readonly stateChanges: Array<{ ts: number; scope: string; state: string; reason: string }> = [];
  private simulated = false;
  private readonly scheduled = new Map<GameId, GameScheduled>();
  private readonly lastPlay = new Map<GameId, string>();
  private readonly pending = new Map<GameId, PendingPlay[]>();
  private readonly predictions: ModelPrediction[] = [];
  private readonly leagues = new Map<Sport, LeagueTally>();
  private readonly gameOfInstrument = new Map<InstrumentId, GameId>();
  /** Closed positions' P&L by game, in close order: the units the intervals resample. */
  private readonly pnlsByGame = new Map<GameId, number[]>();
  private readonly finalGames = new Set<GameId>();
  private positionsWithoutGame = 0;
  /** The intervals, kept until a game or a closed position changes them (reports are frequent). */
  private statistics: RunStatistics | null = null;

  constructor(private readonly options: RunAnalyticsOptions) {}

  on(event: ArbeesEvent): void {
    switch (event.type) {
      case 'GameScheduled':
        this.games += 1;
        if (!this.scheduled.has(event.gameId)) this.league(event.sport).games += 1;
        this.scheduled.set(event.gameId, event);
        return;
      case 'GameStateUpdated': {
        // Polls between plays repeat the state: count and score each play once.
        const key = stateProgressKey(event.state);
        if (this.lastPlay.get(event.gameId) === key) return;
        this.lastPlay.set(event.gameId, key);
        this.plays += 1;
        // Score real plays only: football's structural rows (timeouts, quarter ends) repeat a
        // state without possession.
        if (isFootball(event.state) && event.state.possession === null) return;
        if (event.state.status !== 'in') return;
        const info = this.scheduled.get(event.gameId);
        const prior = info ? pregamePriorOf(info) : { homeSpread: 0 };
        const list = this.pending.get(event.gameId) ?? [];
        list.push({
          homeProb: outcomeProbabilities(this.options.models, event.state, prior).home,
          reference: this.options.referenceWinProbability?.(event.gameId, event.state),
        });
        this.pending.set(event.gameId, list);
        return;
      }
      case 'GameFinal': {
        this.gamesFinal += 1;
        this.finalGames.add(event.gameId);
        this.statistics = null;
        const homeWon = event.winner === 'home' ? 1 : 0;
        const tally = this.leagueOfGame(event.gameId);
        if (tally) tally.gamesFinal += 1;
        for (const play of this.pending.get(event.gameId) ?? []) {
          this.predictions.push({ homeProb: play.homeProb, homeWon });
          tally?.predictions.push({ homeProb: play.homeProb, homeWon });
          if (play.reference !== undefined)
            tally?.reference.push({ ours: play.homeProb, theirs: play.reference, homeWon });
        }
        this.pending.delete(event.gameId);
        return;
      }
      case 'MarketMapped':
        if (event.instrument.simulated) this.simulated = true;
        this.gameOfInstrument.set(event.instrument.instrumentId, event.instrument.gameId);
        return;
      case 'SignalRaised':
        this.signals += 1;
        return;
      case 'RiskDecision':
        if (event.approved) this.approved += 1;
        else {
          this.denied += 1;
          for (const r of event.reasons) this.denials[r] = (this.denials[r] ?? 0) + 1;
        }
        return;
      case 'OrderSubmitted':
        if (!this.orders.has(event.clientOrderId))
          this.orders.set(event.clientOrderId, { filled: 0, outcome: null });
        return;
      case 'OrderPartiallyFilled':
      case 'OrderFilled':
      case 'OrderCanceled':
      case 'OrderRejected':
      case 'OrderExpired': {
        const order = this.orders.get(event.clientOrderId) ?? { filled: 0, outcome: null };
        if (event.type === 'OrderPartiallyFilled' || event.type === 'OrderFilled')
          order.filled = event.filledQty;
        if (event.type !== 'OrderPartiallyFilled') order.outcome = event.type;
        this.orders.set(event.clientOrderId, order);
        return;
      }
      case 'FillReceived': {
        this.fills += 1;
        this.contracts += event.qty;
        this.fees += event.fee;
        const tally = this.leagueOfGame(event.gameId);
        if (tally) {
          tally.fills += 1;
          tally.contracts += event.qty;
          tally.fees += event.fee;
        }
        return;
      }
      case 'PositionChanged': {
        // A position's life runs from qty leaving 0 to qty returning to 0; its P&L is the
        // realized P&L gained over that life (sells along the way and the settlement).
        const key = `${event.instrumentId}|${event.side}`;
        const open = this.openedAt.get(key);
        if (open === undefined && event.qty > 0) this.openedAt.set(key, event.realizedPnl);
        if (open !== undefined && event.qty === 0) {
          this.closedPnls.push(event.realizedPnl - open);
          this.openedAt.delete(key);
          const gameId = this.gameOfInstrument.get(event.instrumentId);
          const tally = gameId === undefined ? undefined : this.leagueOfGame(gameId);
          tally?.closedPnls.push(event.realizedPnl - open);
          this.recordGamePnl(gameId ?? event.gameId, event.realizedPnl - open);
        }
        return;
      }
      case 'LedgerPosted':
        this.ledgerTransactions += 1;
        for (const p of event.postings) this.ledgerSum += p.amount;
        return;
      case 'BankrollSnapshot':
        this.curve.push({ ts: event.ts, equity: event.equity });
        this.maxDrawdown = Math.max(this.maxDrawdown, event.drawdown);
        this.openPositions = event.openPositions;
        return;
      case 'Alert':
        if (event.source === 'order-state') this.illegalTransitions += 1;
        this.alerts[event.source] = (this.alerts[event.source] ?? 0) + 1;
        return;
      case 'TradingStateChanged':
        this.stateChanges.push({
          ts: event.ts,
          scope: event.scope,
          state: event.state,
          reason: event.reason,
        });
        return;
      default:
        return;
    }
  }

  private recordGamePnl(gameId: GameId | undefined, pnl: number): void {
    this.statistics = null;
    if (gameId === undefined || !this.scheduled.has(gameId)) {
      this.positionsWithoutGame += 1;
      return;
    }
    const list = this.pnlsByGame.get(gameId) ?? [];
    list.push(pnl);
    this.pnlsByGame.set(gameId, list);
  }

  /**
   * The games a run is judged on: every final game (one not traded counts as zero) and any game
   * with a closed position, ordered by start time then id, so the order never depends on
   * arrival order.
   */
  private gameOutcomes(): GameOutcome[] {
    const ids = new Set<GameId>([...this.finalGames, ...this.pnlsByGame.keys()]);
    return [...ids]
      .map((gameId) => ({ gameId, info: this.scheduled.get(gameId) }))
      .filter((g): g is { gameId: GameId; info: GameScheduled } => g.info !== undefined)
      .sort(
        (a, b) => a.info.startTs - b.info.startTs || (a.gameId < b.gameId ? -1 : a.gameId > b.gameId ? 1 : 0),
      )
      .map(({ gameId, info }) => ({
        gameId,
        day: new Date(info.startTs).toISOString().slice(0, 10),
        positionPnls: this.pnlsByGame.get(gameId) ?? [],
      }));
  }

  private currentStatistics(): RunStatistics {
    this.statistics ??= runStatistics(this.gameOutcomes(), {
      seed: this.options.seed,
      startingBankroll: this.options.startingBankroll,
      positionsWithoutGame: this.positionsWithoutGame,
    });
    return this.statistics;
  }

  private league(sport: Sport): LeagueTally {
    let tally = this.leagues.get(sport);
    if (!tally) {
      tally = {
        games: 0,
        gamesFinal: 0,
        fills: 0,
        contracts: 0,
        fees: 0,
        closedPnls: [],
        predictions: [],
        reference: [],
      };
      this.leagues.set(sport, tally);
    }
    return tally;
  }

  private leagueOfGame(gameId: GameId): LeagueTally | undefined {
    const info = this.scheduled.get(gameId);
    return info ? this.league(info.sport) : undefined;
  }

  private leagueInputs(): LeagueInputs[] {
    return [...this.leagues.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([league, t]) => ({
        league,
        games: t.games,
        gamesFinal: t.gamesFinal,
        fills: t.fills,
        contractsCentis: t.contracts,
        fees: t.fees as Micros,
        closedPnls: t.closedPnls,
        predictions: t.predictions,
        reference: t.reference,
      }));
  }

  /**
   * The report so far. `statistics: false` leaves out the intervals (a progress line asked for on
   * every game final needs only the counts, and the bootstrap is the costly part).
   */
  report(options: { readonly statistics?: boolean } = {}): RunReport {
    let filled = 0;
    let partial = 0;
    let unfilled = 0;
    let rejected = 0;
    for (const o of this.orders.values()) {
      if (o.outcome === 'OrderFilled') filled += 1;
      else if (o.outcome === 'OrderRejected') rejected += 1;
      else if (o.filled > 0) partial += 1;
      else unfilled += 1;
    }
    return buildRunReport({
      mode: this.options.mode,
      simulatedMarkets: this.simulated,
      games: this.games,
      gamesFinal: this.gamesFinal,
      plays: this.plays,
      signals: this.signals,
      approved: this.approved,
      denied: this.denied,
      denials: this.denials,
      orders: this.orders.size,
      ordersFilled: filled,
      ordersPartial: partial,
      ordersUnfilled: unfilled,
      ordersRejected: rejected,
      fills: this.fills,
      contractsCentis: this.contracts,
      fees: this.fees as Micros,
      closedPnls: this.closedPnls,
      openPositions: this.openPositions,
      startingBankroll: this.options.startingBankroll,
      endingEquity: (this.curve.at(-1)?.equity ?? this.options.startingBankroll) as Micros,
      maxDrawdown: this.maxDrawdown as Micros,
      curve: this.curve,
      predictions: this.predictions,
      leagues: this.leagueInputs(),
      ledgerImbalance: this.ledgerSum,
      ledgerTransactions: this.ledgerTransactions,
      illegalTransitions: this.illegalTransitions,
      alerts: this.alerts,
      stateChanges: this.stateChanges,
      ...(options.statistics === false ? {} : { statistics: this.currentStatistics() }),
    });
  }
}
