/**
 * A paper or live run in one process: the live pipeline (ESPN poller → market discovery and
 * matching → the venues' WebSocket books → strategy → risk → execution → ledger →
 * reconciliation) on an in-memory bus, aimed at whatever the endpoints name (the real venues
 * and ESPN by default, or `arbees sim world`), on the clock ARBEES_CLOCK names. Paper orders
 * fill in the paper venues against those books; live orders go through the adapters.
 *
 * It goes on until asked to stop (Ctrl-C) or, with `untilIdle`, until every game it took on is
 * final and its markets settled by their venues and no game starts within the horizon.
 */
import { MemoryBus } from '../bus/memory-bus.js';
import type { Subscription } from '../bus/port.js';
import { type Endpoints, resolveEndpoints } from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import { AnchoredScaledClock, type Clock, LiveClock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import type { Micros } from '../core/money.js';
import { ESPN_LEAGUE_IDS, type EspnLeague } from '../feeds/espn/leagues.js';
import { nodeHttpGet } from '../feeds/http-get.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import { PortfolioProjector } from '../portfolio/projector.js';
import type { RunReport } from '../portfolio/report.js';
import { RunAnalytics } from '../portfolio/run-analytics.js';
import { rampLimit } from '../risk/ramp.js';
import { createWinProbabilityModels, type WinProbabilityModels } from '../sports/models.js';
import type { Store } from '../store/port.js';
import { createLiveInputs } from './live-inputs.js';
import { type LiveRunStatus, startStatusCounters } from './live-run-status.js';
import type { Logger } from './logger.js';
import { startOperatorInbox } from './operator-inbox.js';
import { restorePortfolio } from './position-tracker.js';
import { type RunIdleState, watchRunIdle } from './run-idle.js';
import { startTradingCore } from './trading-core.js';
import { openTradingVenues, type TradingMode } from './trading-venues.js';
import { loadKalshiKey } from './venue-access.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface LiveRunOptions {
  readonly config: Config;
  readonly mode: TradingMode;
  readonly store: Store;
  readonly runId: RunId;
  readonly log: Logger;
  /** Where credentials are read from (the process environment). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stop by itself once idle (see run-idle.ts). */
  readonly untilIdle: boolean;
  /** Resolves when the run is asked to stop (Ctrl-C). */
  readonly stop: Promise<void>;
  readonly models?: WinProbabilityModels;
  /** Told once the run is up, with what a status display reads. */
  readonly onStarted?: (status: LiveRunStatus) => void;
  /** How often (wall ms) the run looks whether it is idle; 1 s. */
  readonly idleCheckMs?: number;
  /**
   * Where `arbees halt` leaves its requests for this run when the store is a PGlite directory
   * (operator-inbox.ts); null: the run reads them from the store (PostgreSQL), or none (memory).
   */
  readonly controlDir?: string | null;
}

export interface LiveRunResult {
  /** True when it stopped because it was idle; false when asked to stop. */
  readonly idle: boolean;
  readonly report: RunReport;
  readonly idleState: RunIdleState;
  readonly events: number;
}

/** A refusal to start, naming what is wrong (shown to the user without a stack). */
export class LiveRunRefused extends Error {
  override readonly name = 'LiveRunRefused';
}

/** The run's business clock from ARBEES_CLOCK: the wall clock, or a world's sped-up clock. */
export function runClock(config: Config): Clock {
  const setting = config.ARBEES_CLOCK;
  if (setting.kind === 'event')
    throw new LiveRunRefused(
      'ARBEES_CLOCK=event is for a service in a lock-step replay, not a paper or live run',
    );
  if (setting.kind === 'scaled')
    return new AnchoredScaledClock({ anchorMs: setting.anchorMs, speed: setting.speed, wallNow: Date.now });
  return new LiveClock();
}

/** The largest cost of one live order today (LIVE_RAMP from LIVE_START_DATE); none on paper. */
export function liveOrderCap(config: Config, mode: TradingMode, now: number): Micros | null {
  if (mode !== 'live') return null;
  const start = config.LIVE_START_DATE ? Date.parse(`${config.LIVE_START_DATE}T00:00:00Z`) : now;
  return rampLimit(config.LIVE_RAMP, Math.max(0, Math.floor((now - start) / DAY_MS)));
}

export async function runLive(opts: LiveRunOptions): Promise<LiveRunResult> {
  const { config, store, runId, log, mode } = opts;
  let endpoints: Endpoints;
  try {
    endpoints = resolveEndpoints(config);
  } catch (error) {
    throw new LiveRunRefused(error instanceof Error ? error.message : String(error));
  }
  const leagues: readonly EspnLeague[] = config.ARBEES_LEAGUES ?? ESPN_LEAGUE_IDS;
  const models = opts.models ?? createWinProbabilityModels();
  const clock = runClock(config);
  const scheduler = new TimerScheduler({
    clock,
    onError: (error) => log.error('scheduled task failed', { error: String(error) }),
  });
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
  const kalshiKey = await loadKalshiKey(config);
  const venues = await openTradingVenues({
    mode,
    config,
    endpoints,
    env: opts.env,
    clock,
    scheduler,
    store,
    runId,
    kalshiKey,
    log,
  });
  const espn = nodeHttpGet();
  const subs: Subscription[] = [];
  const closers: (() => Promise<void>)[] = [];
  let inputs: ReturnType<typeof createLiveInputs> | null = null;
  let core: Awaited<ReturnType<typeof startTradingCore>> | null = null;
  const analytics = new RunAnalytics({ mode, startingBankroll: config.ARBEES_BANKROLL, models });
  let idle = false;
  let failed = false;
  try {
    await store.startRun({
      runId,
      mode,
      startedTs: clock.now(),
      config: { leagues, venues: [...venues.clients.keys()], endpoints: describeEndpoints(endpoints) },
    });
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
    const counters = startStatusCounters({ bus });
    subs.push(counters.subscription);
    inputs = createLiveInputs({
      config,
      bus,
      clock,
      scheduler,
      log,
      endpoints,
      leagues,
      kalshiKey,
      gatewayMode: 'live',
      espnGet: espn.get,
      instanceId: runId,
      lookaheadDays: 2,
      announceLeadMs: DAY_MS,
    });
    const liveInputs = inputs;
    core = await startTradingCore({
      config,
      bus,
      clock,
      store,
      runId,
      log,
      models,
      venues: venues.clients,
      paper: venues.paper,
      projector,
      analytics,
      feedStatus: () => undefined,
      startInputs: () => liveInputs.start(),
      maxOrderCost: liveOrderCap(config, mode, clock.now()),
      paperFillsRestored: mode === 'paper',
      // Orders accepted and not done (a Polymarket taker delay, a resting order) are asked about again.
      scheduler,
    });
    // Trading waits for a clean start-up reconciliation with every venue.
    await core.open();
    await resolveOpenOrders({ store, runId, core, log });
    const reconcileEvery = config.RECONCILE_INTERVAL * 1000;
    const reconcileLoop = () =>
      scheduler.at(clock.now() + reconcileEvery, async () => {
        await core?.reconciler.runOnce();
        reconcileLoop();
      });
    reconcileLoop();
    const status: LiveRunStatus = {
      mode,
      runId,
      clock,
      idle: () => idleWatch.state(clock.now()),
      inputs: liveInputs,
      counters,
      projector,
      riskEngine: core.riskEngine,
      orders: core.execution.manager,
    };
    const inbox =
      opts.controlDir !== undefined || store.kind === 'postgres'
        ? await startOperatorInbox({ store, runId, bus, clock, log, controlDir: opts.controlDir ?? null })
        : null;
    closers.push(async () => inbox?.stop());
    opts.onStarted?.(status);
    log.info(`${mode} run ${runId} started`, {
      leagues: leagues.join(','),
      venues: [...venues.clients.keys()].join(','),
      espn: endpoints.espn.url,
    });
    idle = await waitForEnd({
      stop: opts.stop,
      untilIdle: opts.untilIdle,
      checkMs: opts.idleCheckMs ?? 1_000,
      // Idle only after the feed and discovery have each looked once: nothing known is not nothing to do.
      isIdle: () =>
        liveInputs.poller.stats().answers.ok > 0 &&
        liveInputs.discovery.counters().runs > 0 &&
        idleWatch.state(clock.now()).idle,
    });
    const idleState = idleWatch.state(clock.now());
    if (idleState.unsettled.length > 0)
      log.warn('markets not settled by their venue in time; their positions stay open in the ledger', {
        instruments: idleState.unsettled.join(','),
      });
    await core.reconciler.runOnce();
    return { idle, report: analytics.report(), idleState, events: bus.stats().published };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    scheduler.stop();
    for (const close of closers) await close();
    await inputs?.close();
    await bus.idle();
    for (const sub of subs) await sub.close();
    await core?.close();
    await venues.close();
    espn.close();
    await store.finishRun(runId, {
      status: failed ? 'failed' : idle ? 'completed' : 'interrupted',
      endedTs: clock.now(),
      report: analytics.report(),
    });
  }
}

/** Orders a killed process left between send and answer: the venue is asked, nothing is sent again. */
async function resolveOpenOrders(opts: {
  store: Store;
  runId: RunId;
  core: Awaited<ReturnType<typeof startTradingCore>>;
  log: Logger;
}): Promise<void> {
  const open = await opts.store.listOpenOrders(opts.runId);
  for (const order of open) await opts.core.execution.manager.handleIntent(order.intent);
  if (open.length > 0)
    opts.log.info('orders of an earlier process looked up at their venue', { count: open.length });
}

function waitForEnd(opts: {
  stop: Promise<void>;
  untilIdle: boolean;
  checkMs: number;
  isIdle: () => boolean;
}): Promise<boolean> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setInterval> | null = null;
    const finish = (idle: boolean) => {
      if (timer) clearInterval(timer);
      resolve(idle);
    };
    void opts.stop.then(() => finish(false));
    if (opts.untilIdle) timer = setInterval(() => opts.isIdle() && finish(true), opts.checkMs);
  });
}

function describeEndpoints(e: Endpoints): Record<string, string | null> {
  return {
    espn: e.espn.url,
    kalshi: e.kalshi ? `${e.kalshi.environment} ${e.kalshi.rest}` : null,
    polymarket: e.polymarket?.clob ?? null,
  };
}
