/**
 * The one-process shape: every service of the pipeline on an in-memory bus, driven by the replay
 * timeline over recorded real games with simulated markets. `arbees run` and the backtests use
 * it; the services are the same ones the distributed shape runs apart.
 */
import type { Subscription } from '../bus/port.js';
import type { Config } from '../config/schema.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent } from '../core/events.js';
import type { RunId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import type { ReplayGame } from '../feeds/replay/nfl-bundle.js';
import { espnWinProbabilityLookup } from '../feeds/replay/replay-game.js';
import { Timeline } from '../feeds/replay/timeline.js';
import { PortfolioProjector } from '../portfolio/projector.js';
import type { RunReport } from '../portfolio/report.js';
import { RunAnalytics } from '../portfolio/run-analytics.js';
import { startSimMarkets } from '../sim/simulated-markets.js';
import { createWinProbabilityModels, type WinProbabilityModels } from '../sports/models.js';
import type { RunMode, Store } from '../store/port.js';
import { PaperVenue } from '../venues/paper/paper-venue.js';
import type { VenueClient } from '../venues/port.js';
import { startKalshiSimVenue } from './kalshi-sim-venue.js';
import type { Logger } from './logger.js';
import { loggingBus } from './logging-bus.js';
import { type PolymarketSimVenue, startPolymarketSimVenue } from './polymarket-sim-venue.js';
import { restorePortfolio } from './position-tracker.js';
import { loadRealPriceSeries, startRealPriceMarkets } from './real-price-markets.js';
import { nextReconcileTs, OFF_SEASON_GAP_MS } from './reconcile-schedule.js';
import { createReplayGameFeed, feedKindFor } from './replay-game-feed.js';
import { settleTask } from './replay-world.js';
import { type Progress, watchFinals } from './run-progress.js';
import { startTradingCore } from './trading-core.js';

export type { Progress } from './run-progress.js';

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

export async function runOneProcess(opts: OneProcessRunOptions): Promise<OneProcessRunResult> {
  const { config, store, runId, log } = opts;
  const models = opts.models ?? createWinProbabilityModels();
  const firstKickoff = opts.games.reduce((m, g) => Math.min(m, g.info.kickoffTs), Number.POSITIVE_INFINITY);
  const clock = new SimulatedClock(Number.isFinite(firstKickoff) ? firstKickoff - 2 * 3600_000 : 0);
  const bus = loggingBus({ clock, log });
  const timeline = new Timeline(clock);

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
    seed: config.ARBEES_SEED,
    models,
    referenceWinProbability: espnWinProbabilityLookup(opts.games),
  });

  let feed: ReturnType<typeof createReplayGameFeed> | null = null;
  let sim: ReturnType<typeof startSimMarkets> | null = null;
  // Real prices, when the settings give a file, quote the markets instead of the simulated makers.
  const realPrices = loadRealPriceSeries(
    config,
    opts.mode,
    log,
    new Set(opts.games.map((g) => g.info.gameId)),
  );
  const core = await startTradingCore({
    config,
    bus,
    clock,
    store,
    runId,
    log,
    models,
    venues,
    paper,
    projector,
    analytics,
    feedStatus: () => feed?.status,
    startInputs: () => {
      feed = createReplayGameFeed({
        kind: feedKindFor(config, opts.mode),
        bus,
        scheduler: timeline,
        clock,
        games: opts.games,
        config,
        log,
        onPlay: (play) => sim?.onPlay(play),
      });
      if (realPrices) {
        startRealPriceMarkets({ config, series: realPrices, bus, scheduler: timeline, clock });
        return [];
      }
      sim = startSimMarkets({
        bus,
        scheduler: timeline,
        clock,
        seed: config.ARBEES_SEED,
        models,
        ...(venueSims.length > 0 ? { quoteSinks: venueSims.map((v) => v.quotes) } : {}),
      });
      return [];
    },
    ...(opts.tap ? { tap: opts.tap } : {}),
  });
  const gameFeed = feed as unknown as ReturnType<typeof createReplayGameFeed>;
  const markets = sim as ReturnType<typeof startSimMarkets> | null;
  // Trading waits for a clean start-up reconciliation.
  await core.open();
  const reconciler = core.reconciler;
  const subs: Subscription[] = [];

  const progress = watchFinals({
    bus,
    clock,
    games: opts.games.length,
    report: () => analytics.report({ statistics: false }),
    onProgress: opts.onProgress,
  });
  subs.push(progress.subscription);
  const finals = progress.finals;

  // Periodic reconciliation on the replay clock, for as long as games are running.
  const reconcileEvery = config.RECONCILE_INTERVAL * 1000;
  const scheduleReconcile = (at: number) => {
    timeline.at(at, async () => {
      if (finals.size >= opts.games.length) return;
      await reconciler.runOnce();
      scheduleReconcile(nextReconcileTs({ at, everyMs: reconcileEvery, games: opts.games, finals }));
    });
  };
  scheduleReconcile(clock.now() + reconcileEvery);
  let completed = false;
  let failed = false;
  try {
    await gameFeed.start();
    completed = await timeline.run({
      speed: opts.mode === 'backtest' ? null : config.ARBEES_SPEED,
      sleep: opts.sleep,
      wallNow: opts.wallNow ?? (() => performance.now()),
      // With a venue simulator, its books arrive over the WebSocket: each task ends once they
      // have, and whatever they set off (orders, fills, new books) has settled.
      afterTask: () => settleTask(() => bus.idle(), venueSims),
      shouldStop: () => opts.shouldStop?.() === true || gameFeed.overdue(),
      maxPacedGapMs: OFF_SEASON_GAP_MS,
    });
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await bus.idle();
    await gameFeed.close();
    markets?.stop();
    await kalshiSim?.close();
    await polymarketSim?.close();
    for (const sub of subs) await sub.close();
    await core.close();
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
