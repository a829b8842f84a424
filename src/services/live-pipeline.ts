/**
 * The live pipeline, composed once for every world it is aimed at: the ESPN poller → market
 * discovery and matching → the venues' WebSocket books → strategy → risk → execution → ledger →
 * reconciliation, on one in-memory bus. What differs between a paper or live run (live-run.ts)
 * and a replay through the simulated world (world-replay.ts) is passed in: the endpoints, the
 * clock and its scheduler, and how the gateways publish (as frames come, or at the replay's
 * barrier). Nothing in here knows which world it is in.
 */
import type { MemoryBus } from '../bus/memory-bus.js';
import type { Subscription } from '../bus/port.js';
import type { Endpoints } from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { GameState } from '../core/game-state.js';
import type { GameId, RunId } from '../core/ids.js';
import type { Micros } from '../core/money.js';
import type { Scheduler } from '../core/scheduler.js';
import type { EspnLeague } from '../feeds/espn/leagues.js';
import { PortfolioProjector } from '../portfolio/projector.js';
import { RunAnalytics } from '../portfolio/run-analytics.js';
import type { WinProbabilityModels } from '../sports/models.js';
import type { RunMode, Store } from '../store/port.js';
import type { KalshiSigningKey } from '../venues/kalshi/auth.js';
import type { PmusSigningKey } from '../venues/polymarket-us/auth.js';
import { createLiveInputs, type LiveInputs, type LiveInputsOptions } from './live-inputs.js';
import { type LiveRunStatus, type StatusCounters, startStatusCounters } from './live-run-status.js';
import type { Logger } from './logger.js';
import { restorePortfolio } from './position-tracker.js';
import { type RunIdleWatch, watchRunIdle } from './run-idle.js';
import { startTradingCore, type TradingCore } from './trading-core.js';
import { openTradingVenues, type TradingMode, type TradingVenues } from './trading-venues.js';
import { loadPmusKey } from './venue-access.js';

const HOUR_MS = 3_600_000;

export interface LivePipelineOptions {
  readonly config: Config;
  /** Where orders go: the paper venues, or the venues' adapters. */
  readonly tradingMode: TradingMode;
  /** What the store records the run as (a replay through the world trades `live` against it). */
  readonly runMode: Extract<RunMode, 'paper' | 'live' | 'replay'>;
  readonly store: Store;
  readonly runId: RunId;
  readonly log: Logger;
  /** Where credentials are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly endpoints: Endpoints;
  readonly leagues: readonly EspnLeague[];
  readonly models: WinProbabilityModels;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly bus: MemoryBus;
  readonly kalshiKey: KalshiSigningKey | null;
  /**
   * Polymarket US's API key; by default read from POLYMARKET_US_KEY_ID and POLYMARKET_US_SECRET_KEY
   * (`env`) when the venue is enabled. A replay through the world passes the world's.
   */
  readonly pmusKey?: PmusSigningKey | null;
  /** Live: follow Polymarket US's private order channel (default true; see TradingVenuesOptions). */
  readonly pmusPrivateChannel?: boolean;
  /** How the inputs run on this clock (the gateways' mode, polling, rate limits). */
  readonly inputs: Pick<
    LiveInputsOptions,
    | 'gatewayMode'
    | 'espnGet'
    | 'lookaheadDays'
    | 'announceLeadMs'
    | 'random'
    | 'unlimitedRates'
    | 'feeds'
    | 'watchCloseTime'
  >;
  /** Live: keep Polymarket's heartbeats (default true); a replay's clock has no use for them. */
  readonly heartbeats?: boolean;
  /** The strategy shard's name (see TradingCoreOptions.shardName). */
  readonly shardName: string;
  readonly reconcileConfirm?: () => Promise<void>;
  /** The largest cost of one order today (the live ramp), or none. */
  readonly maxOrderCost: Micros | null;
  /** A reference win probability per state for the report's calibration (a replay has ESPN's). */
  readonly referenceWinProbability?: (gameId: GameId, state: GameState) => number | undefined;
}

export interface LivePipeline {
  readonly venues: TradingVenues;
  readonly inputs: LiveInputs;
  readonly core: TradingCore;
  readonly idleWatch: RunIdleWatch;
  readonly analytics: RunAnalytics;
  readonly status: LiveRunStatus;
  /** True once the feed and discovery have each looked once and the idle watch says idle. */
  idle(): boolean;
  /** Stops everything and records how the run ended. */
  close(outcome: { readonly failed: boolean; readonly completed: boolean }): Promise<void>;
}

/**
 * Opens the venues, starts the run in the store (or goes on from its ledger), starts the inputs
 * and the trading core, and waits for a clean start-up reconciliation. The periodic
 * reconciliation runs on the scheduler.
 */
export async function openLivePipeline(opts: LivePipelineOptions): Promise<LivePipeline> {
  const { config, store, runId, log, bus, clock, scheduler, endpoints } = opts;
  const pmusKey =
    opts.pmusKey !== undefined ? opts.pmusKey : endpoints.polymarketUs ? loadPmusKey(config, opts.env) : null;
  const venues = await openTradingVenues({
    mode: opts.tradingMode,
    config,
    endpoints,
    env: opts.env,
    clock,
    scheduler,
    store,
    runId,
    kalshiKey: opts.kalshiKey,
    pmusKey,
    log,
    ...(opts.heartbeats === undefined ? {} : { heartbeats: opts.heartbeats }),
    ...(opts.pmusPrivateChannel === undefined ? {} : { pmusPrivateChannel: opts.pmusPrivateChannel }),
    ...(opts.inputs.unlimitedRates ? { unlimitedRates: true } : {}),
  });
  const subs: Subscription[] = [];
  let inputs: LiveInputs | null = null;
  let core: TradingCore | null = null;
  const analytics = new RunAnalytics({
    mode: opts.runMode,
    startingBankroll: config.ARBEES_BANKROLL,
    seed: config.ARBEES_SEED,
    models: opts.models,
    ...(opts.referenceWinProbability ? { referenceWinProbability: opts.referenceWinProbability } : {}),
  });
  const closeParts = async () => {
    await inputs?.close();
    await bus.idle();
    for (const sub of subs) await sub.close();
    await core?.close();
    await venues.close();
  };
  let started = false;
  try {
    await store.startRun({
      runId,
      mode: opts.runMode,
      startedTs: clock.now(),
      config: {
        leagues: opts.leagues,
        venues: [...venues.clients.keys()],
        endpoints: describeEndpoints(endpoints),
      },
    });
    started = true;
    // A new run opens with each venue's cash; a run started again under its id goes on from its ledger.
    const projector = new PortfolioProjector({
      deposits: [...venues.cash].map(([venue, amount]) => ({ venue, amount })),
    });
    const restored = await restorePortfolio({ store, runId, projector });
    if (restored.transactions > 0)
      log.info('run continues from its ledger', { transactions: restored.transactions });
    const idleWatch = watchRunIdle({
      bus,
      horizonMs: config.ARBEES_IDLE_HORIZON * HOUR_MS,
      settleWaitMs: 6 * HOUR_MS,
    });
    subs.push(idleWatch.subscription);
    const counters: StatusCounters = startStatusCounters({ bus });
    subs.push(counters.subscription);
    const liveInputs = createLiveInputs({
      config,
      bus,
      clock,
      scheduler,
      log,
      endpoints,
      leagues: opts.leagues,
      kalshiKey: opts.kalshiKey,
      pmusKey,
      instanceId: runId,
      ...opts.inputs,
    });
    inputs = liveInputs;
    const tradingCore = await startTradingCore({
      config,
      bus,
      clock,
      store,
      runId,
      log,
      models: opts.models,
      venues: venues.clients,
      paper: venues.paper,
      projector,
      analytics,
      // The ESPN poller's confirmations: a game polled unchanged is current as of the poll, so a
      // quiet stretch between plays does not make every book look out of sync with the game.
      feedStatus: () => liveInputs.poller,
      startInputs: () => liveInputs.start(),
      maxOrderCost: opts.maxOrderCost,
      // Paper accounts are kept in the store and venues keep every fill: both know earlier processes' fills.
      paperFillsRestored: true,
      shardName: opts.shardName,
      ...(opts.reconcileConfirm ? { reconcileConfirm: opts.reconcileConfirm } : {}),
      // Orders accepted and not done (a Polymarket taker delay, a resting order) are asked about again.
      scheduler,
      // The API reads the store: it shows the run as it goes, a second behind at most.
      archiveEveryMs: 1_000,
    });
    core = tradingCore;
    // Trading waits for a clean start-up reconciliation with every venue.
    await tradingCore.open();
    const reconcileEvery = config.RECONCILE_INTERVAL * 1000;
    let closed = false;
    const reconcileLoop = () =>
      scheduler.at(clock.now() + reconcileEvery, async () => {
        if (closed) return;
        await tradingCore.reconciler.runOnce();
        reconcileLoop();
      });
    reconcileLoop();
    const status: LiveRunStatus = {
      mode: opts.tradingMode,
      runId,
      clock,
      idle: () => idleWatch.state(clock.now()),
      inputs: liveInputs,
      counters,
      projector,
      riskEngine: tradingCore.riskEngine,
      orders: tradingCore.execution.manager,
    };
    return {
      venues,
      inputs: liveInputs,
      core: tradingCore,
      idleWatch,
      analytics,
      status,
      // Idle only after the feed and discovery have each looked once: nothing known is not nothing to do.
      idle: () =>
        liveInputs.poller.stats().answers.ok > 0 &&
        liveInputs.discovery.counters().runs > 0 &&
        idleWatch.state(clock.now()).idle,
      close: async (outcome) => {
        closed = true;
        try {
          await closeParts();
        } finally {
          await store.finishRun(runId, {
            status: outcome.failed ? 'failed' : outcome.completed ? 'completed' : 'interrupted',
            endedTs: clock.now(),
            report: analytics.report(),
          });
        }
      },
    };
  } catch (error) {
    await closeParts().catch((closeError: unknown) =>
      log.error('closing after a failed start failed', { error: String(closeError) }),
    );
    if (started)
      await store.finishRun(runId, { status: 'failed', endedTs: clock.now(), report: analytics.report() });
    throw error;
  }
}

function describeEndpoints(e: Endpoints): Record<string, string | null> {
  return {
    espn: e.espn.url,
    kalshi: e.kalshi ? `${e.kalshi.environment} ${e.kalshi.rest}` : null,
    polymarket: e.polymarket?.clob ?? null,
    ...(e.polymarketUs ? { polymarketUs: e.polymarketUs.api } : {}),
  };
}
