/**
 * The one-process shape: every service of the pipeline on an in-memory bus, driven by the replay
 * timeline over recorded real games with simulated markets. `arbees run` and the backtests use
 * it; the services are the same ones the distributed shape runs apart.
 */
import { MemoryBus } from '../bus/memory-bus.js';
import type { Config } from '../config/schema.js';
import { SimulatedClock } from '../core/clock.js';
import { type ArbeesEvent, TOPICS } from '../core/events.js';
import type { GameId, RunId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import { type Micros, PPM } from '../core/money.js';
import type { ReplayGame } from '../feeds/replay/nfl-bundle.js';
import { espnWinProbabilityLookup } from '../feeds/replay/replay-game.js';
import { Timeline } from '../feeds/replay/timeline.js';
import { PortfolioProjector } from '../portfolio/projector.js';
import { positionKey } from '../portfolio/reconcile.js';
import type { RunReport } from '../portfolio/report.js';
import { RunAnalytics } from '../portfolio/run-analytics.js';
import type { PortfolioRuleLimits } from '../risk/portfolio-rules.js';
import type { RiskLimits } from '../risk/pre-trade.js';
import { RiskEngine } from '../risk/risk-engine.js';
import { startSimMarkets } from '../sim/simulated-markets.js';
import { createWinProbabilityModels, type WinProbabilityModels } from '../sports/models.js';
import type { RunMode, Store } from '../store/port.js';
import { EdgeShard, type EdgeShardOptions } from '../strategy/edge-shard.js';
import { PregameMonitor } from '../strategy/pregame-monitor.js';
import { PaperVenue } from '../venues/paper/paper-venue.js';
import type { VenueClient } from '../venues/port.js';
import { startAnalytics } from './analytics.js';
import { startArchiver } from './archiver.js';
import { startExecutionService } from './execution.js';
import { startKalshiSimVenue } from './kalshi-sim-venue.js';
import type { Logger } from './logger.js';
import { startPaperVenueFeed } from './paper-venues.js';
import { type PolymarketSimVenue, startPolymarketSimVenue } from './polymarket-sim-venue.js';
import { restorePortfolio, startPositionTracker } from './position-tracker.js';
import { nextReconcileTs, OFF_SEASON_GAP_MS } from './reconcile-schedule.js';
import { createReconciler } from './reconciler.js';
import { createReplayGameFeed, feedKindFor } from './replay-game-feed.js';
import { settleTask } from './replay-world.js';
import { startRiskService } from './risk.js';
import { startStrategyShard } from './strategy-shard.js';

export interface Progress {
  readonly gamesFinal: number;
  readonly games: number;
  readonly simTs: number;
  readonly report: () => RunReport;
}

export interface OneProcessRunOptions {
  readonly config: Config;
  readonly games: readonly ReplayGame[];
  readonly store: Store;
  readonly runId: RunId;
  readonly mode: Extract<RunMode, 'backtest' | 'replay'>;
  /** Every sport's win-probability model; defaults to src/sports/models.ts's. */
  readonly models?: WinProbabilityModels;
  readonly log: Logger;
  /** Wall-clock wait for --speed; never called when speed is null. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Wall-clock milliseconds for pacing --speed; defaults to performance.now. */
  readonly wallNow?: () => number;
  /** True asks the run to stop after the task in hand (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: Progress) => void;
  /** Sees every event after the services (benchmarks, debugging). */
  readonly tap?: (event: ArbeesEvent) => void;
  /**
   * Where Kalshi orders go: the in-process paper venue (default), or the Kalshi simulator over
   * loopback HTTP and WebSocket (kalshi-sim-venue.ts). Backtests stay on paper: deterministic.
   */
  readonly kalshiVenue?: 'paper' | 'simulator';
  /** The same for Polymarket: the paper venue (default) or its simulator (polymarket-sim-venue.ts). */
  readonly polymarketVenue?: 'paper' | 'simulator';
  /** Told of the Polymarket simulator run once it is up (tests compare its trades with the ledger). */
  readonly onPolymarketSim?: (venue: PolymarketSimVenue) => void;
}

export interface OneProcessRunResult {
  readonly completed: boolean;
  readonly report: RunReport;
  /** Events published on the bus during the run. */
  readonly events: number;
}

/** Limits from the configuration; the exposure caps that have no variable of their own are derived. */
export function riskLimitsFrom(config: Config): RiskLimits {
  return {
    maxPositionSize: config.MAX_POSITION_SIZE,
    maxDailyLoss: config.MAX_DAILY_LOSS,
    minEdgePpm: Math.round((config.MIN_EDGE_PCT / 100) * PPM),
    kellyFraction: config.KELLY_FRACTION,
    maxSimultaneousPositions: config.MAX_SIMULTANEOUS_POSITIONS,
    priceStalenessMs: config.PRICE_STALENESS_TTL * 1000,
    syncToleranceMs: config.SYNC_DELTA_TOLERANCE * 1000,
    // Both venues' positions on one game together: two full positions.
    maxGameExposure: (config.MAX_POSITION_SIZE * 2) as Micros,
    // No more than half the bankroll tied up at one venue.
    maxVenueExposure: Math.floor(config.ARBEES_BANKROLL / 2) as Micros,
    tradeableFraction: config.TRADEABLE_FRACTION,
    costGateBuffer: config.COST_GATE_BUFFER_PCT / 100,
    // The live ramp applies to live trading only.
    maxOrderCost: null,
  };
}

export function portfolioRulesFrom(config: Config): PortfolioRuleLimits {
  return {
    maxDailyLoss: config.MAX_DAILY_LOSS,
    maxDailyLossPct: config.MAX_DAILY_LOSS_PCT / 100,
    maxDrawdownPct: config.MAX_DRAWDOWN_PCT / 100,
    maxTotalLossPct: config.MAX_TOTAL_LOSS_PCT / 100,
    startingBankroll: config.ARBEES_BANKROLL,
    maxConsecutiveErrors: config.MAX_CONSECUTIVE_ERRORS,
  };
}

export function shardOptionsFrom(
  config: Config,
  models: WinProbabilityModels,
  shardId: string,
): EdgeShardOptions {
  const limits = riskLimitsFrom(config);
  return {
    models,
    settings: {
      minEdgePpm: limits.minEdgePpm,
      priceStalenessMs: limits.priceStalenessMs,
      syncToleranceMs: limits.syncToleranceMs,
    },
    exits: {
      exitEdgePpm: Math.round((config.EXIT_EDGE_PCT / 100) * PPM),
      takeProfitPct: config.TAKE_PROFIT_PCT,
      stopLossPct: config.STOP_LOSS_PCT,
      maxHoldMs: config.MAX_HOLD_SECONDS === null ? null : config.MAX_HOLD_SECONDS * 1000,
      maxExitSlippage: config.MAX_EXIT_SLIPPAGE,
    },
    minArbEdgePpm: config.ARBITRAGE ? Math.round((config.MIN_ARB_EDGE_PCT / 100) * PPM) : null,
    shardId,
  };
}

export async function runOneProcess(opts: OneProcessRunOptions): Promise<OneProcessRunResult> {
  const { config, store, runId, log } = opts;
  const models = opts.models ?? createWinProbabilityModels();
  const firstKickoff = opts.games.reduce((m, g) => Math.min(m, g.info.kickoffTs), Number.POSITIVE_INFINITY);
  const clock = new SimulatedClock(Number.isFinite(firstKickoff) ? firstKickoff - 2 * 3600_000 : 0);
  const bus = new MemoryBus({
    now: () => clock.now(),
    onHandlerError: (error, event, delivery) =>
      log.error('handler failed', {
        group: delivery.group,
        event: event.type,
        id: event.id,
        error: String(error),
      }),
  });
  const timeline = new Timeline(clock);
  const limits = riskLimitsFrom(config);

  await store.startRun({
    runId,
    mode: opts.mode,
    startedTs: clock.now(),
    config: { games: opts.games.map((g) => g.info.gameId) },
  });

  // The bankroll is split evenly between the two venue wallets; each paper venue holds its share.
  const half = Math.floor(config.ARBEES_BANKROLL / 2) as Micros;
  const polymarketHalf = (config.ARBEES_BANKROLL - half) as Micros;
  const deposits = [
    { venue: 'kalshi' as const, amount: half },
    { venue: 'polymarket' as const, amount: polymarketHalf },
  ];
  // A run started again under its id goes on from its stored ledger (a new run has none), and its
  // simulated venues start with the cash the ledger says each holds; positions are not carried.
  const projector = new PortfolioProjector({ deposits });
  const restored = await restorePortfolio({ store, runId, projector });
  const startingBalance = (venue: VenueName, deposit: Micros) =>
    restored.transactions === 0
      ? deposit
      : ((projector.portfolio.cash(venue) + projector.portfolio.reservedAt(venue)) as Micros);
  const kalshiSim =
    opts.kalshiVenue === 'simulator' && opts.mode !== 'backtest'
      ? await startKalshiSimVenue({ bus, clock, log, startingBalance: startingBalance('kalshi', half) })
      : null;
  const polymarketSim =
    opts.polymarketVenue === 'simulator' && opts.mode !== 'backtest'
      ? await startPolymarketSimVenue({
          bus,
          clock,
          log,
          startingBalance: startingBalance('polymarket', polymarketHalf),
        })
      : null;
  const paper = new Map<VenueName, PaperVenue>(
    deposits
      .filter((d) => !(kalshiSim && d.venue === 'kalshi') && !(polymarketSim && d.venue === 'polymarket'))
      .map((d) => [
        d.venue,
        new PaperVenue({ venue: d.venue, clock, startingBalance: startingBalance(d.venue, d.amount) }),
      ]),
  );
  const venues = new Map<VenueName, VenueClient>(paper);
  if (kalshiSim) venues.set('kalshi', kalshiSim.client);
  if (polymarketSim) {
    venues.set('polymarket', polymarketSim.client);
    opts.onPolymarketSim?.(polymarketSim);
  }
  const venueSims = [kalshiSim, polymarketSim].filter((v) => v !== null);
  const analytics = new RunAnalytics({
    mode: opts.mode,
    startingBankroll: config.ARBEES_BANKROLL,
    models,
    referenceWinProbability: espnWinProbabilityLookup(opts.games),
  });

  // Subscription order is delivery order for one event: the paper venues see a book before the
  // strategy can act on it, and analytics sees everything last.
  const subs = [startPaperVenueFeed({ bus, venues: paper })];
  const archiver = startArchiver({ bus, store, runId });
  subs.push(archiver.subscription);
  const tracker = startPositionTracker({ bus, clock, store, runId, projector });
  subs.push(tracker.subscription);
  const riskEngine = new RiskEngine(limits, portfolioRulesFrom(config), { holdUntilReconciled: true });
  // A run started again under its id keeps its operator halts and rule halts; the reconciler
  // decides afresh.
  riskEngine.restore((await store.latestTradingStates(runId)).filter((s) => s.origin !== 'reconciler'));
  subs.push(startRiskService({ bus, clock, engine: riskEngine }));
  const execution = startExecutionService({
    bus,
    clock,
    store,
    runId,
    venues,
    log,
    reducingCooldownMs: config.ARB_REDUCING_SECONDS * 1000,
  });
  subs.push(execution.subscription);
  await execution.manager.relayUnpublished(); // a run started again under its id: its outbox first
  const feed = createReplayGameFeed({
    kind: feedKindFor(config, opts.mode),
    bus,
    scheduler: timeline,
    clock,
    games: opts.games,
    config,
    log,
    onPlay: (play) => sim.onPlay(play),
  });
  const shard = new EdgeShard({
    ...shardOptionsFrom(config, models, 'shard-1'),
    feedStatus: feed.status,
  });
  subs.push(
    startStrategyShard({
      bus,
      clock,
      shard,
      name: 'shard-1',
      pregame: new PregameMonitor(Math.round((config.LINE_MOVE_ALERT_PCT / 100) * PPM)),
    }),
  );
  const sim = startSimMarkets({
    bus,
    scheduler: timeline,
    clock,
    seed: config.ARBEES_SEED,
    models,
    ...(venueSims.length > 0 ? { quoteSinks: venueSims.map((v) => v.quotes) } : {}),
  });
  subs.push(startAnalytics({ bus, analytics }));
  const tap = opts.tap;
  if (tap)
    subs.push(bus.subscribe({ group: 'tap', consumer: 'tap-1', topics: TOPICS, handler: (e) => tap(e) }));
  await tracker.open();
  await bus.idle();
  const reconciler = createReconciler({
    bus,
    clock,
    venues,
    log,
    ledgerView: (venue) => ({
      cash: projector.portfolio.cash(venue) + projector.portfolio.reservedAt(venue),
      positions: new Map(
        projector.portfolio
          .openPositions()
          .filter((p) => p.venue === venue)
          .map((p) => [positionKey(p.instrumentId, p.side), p.qty]),
      ),
      openOrders: new Set(
        execution.manager
          .workingOrders()
          .filter((o) => o.venue === venue)
          .map((o) => o.clientOrderId as string),
      ),
      // The paper venues start afresh with each process: they know this process's fills only.
      fills: projector.bookedFillIds(venue, { includeRestored: false }),
    }),
  });
  // Trading waits for a clean start-up reconciliation.
  await reconciler.runOnce();
  await bus.idle();

  let gamesFinal = 0;
  const finals = new Set<GameId>();
  subs.push(
    bus.subscribe({
      group: 'progress',
      consumer: 'progress-1',
      topics: ['games'],
      handler: (event) => {
        if (event.type !== 'GameFinal') return;
        gamesFinal += 1;
        finals.add(event.gameId);
        opts.onProgress?.({
          gamesFinal,
          games: opts.games.length,
          simTs: clock.now(),
          report: () => analytics.report(),
        });
      },
    }),
  );

  // Periodic reconciliation on the replay clock, for as long as games are running.
  const reconcileEvery = config.RECONCILE_INTERVAL * 1000;
  const scheduleReconcile = (at: number) => {
    timeline.at(at, async () => {
      if (gamesFinal >= opts.games.length) return;
      await reconciler.runOnce();
      scheduleReconcile(nextReconcileTs({ at, everyMs: reconcileEvery, games: opts.games, finals }));
    });
  };
  scheduleReconcile(clock.now() + reconcileEvery);
  let completed = false;
  let failed = false;
  try {
    await feed.start();
    completed = await timeline.run({
      speed: opts.mode === 'backtest' ? null : config.ARBEES_SPEED,
      sleep: opts.sleep,
      wallNow: opts.wallNow ?? (() => performance.now()),
      // With a venue simulator, its books arrive over the WebSocket: each task ends once they
      // have, and whatever they set off (orders, fills, new books) has settled.
      afterTask: () => settleTask(() => bus.idle(), venueSims),
      shouldStop: () => opts.shouldStop?.() === true || feed.overdue(),
      maxPacedGapMs: OFF_SEASON_GAP_MS,
    });
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await bus.idle();
    await feed.close();
    sim.stop();
    await kalshiSim?.close();
    await polymarketSim?.close();
    for (const sub of subs) await sub.close();
    await archiver.flush();
    const report = analytics.report();
    await store.finishRun(runId, {
      status: failed ? 'failed' : completed ? 'completed' : 'interrupted',
      endedTs: clock.now(),
      report,
    });
  }
  const stats = bus.stats();
  if (stats.deadLettered > 0)
    log.warn('events given up after repeated handler failures', { count: stats.deadLettered });
  return { completed, report: analytics.report(), events: stats.published };
}
