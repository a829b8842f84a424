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
import { type Endpoints, resolveEndpoints } from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import { AnchoredScaledClock, type Clock, LiveClock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import type { Micros } from '../core/money.js';
import { ESPN_LEAGUE_IDS, type EspnLeague } from '../feeds/espn/leagues.js';
import { nodeHttpGet } from '../feeds/http-get.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import type { RunReport } from '../portfolio/report.js';
import { rampLimit } from '../risk/ramp.js';
import { createWinProbabilityModels, type WinProbabilityModels } from '../sports/models.js';
import type { Store } from '../store/port.js';
import { type LivePipeline, openLivePipeline } from './live-pipeline.js';
import type { LiveRunStatus } from './live-run-status.js';
import type { Logger } from './logger.js';
import { loggingBus } from './logging-bus.js';
import { startOperatorInbox } from './operator-inbox.js';
import type { RunBus } from './run-bus.js';
import type { RunIdleState } from './run-idle.js';
import type { TradingMode } from './trading-venues.js';
import { loadKalshiKey } from './venue-access.js';

const DAY_MS = 24 * 3_600_000;

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
  /** Told of the run's bus and clock before it starts (the CLI mounts the API on them). */
  readonly onBus?: (run: RunBus) => Promise<void>;
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
  const clock = runClock(config);
  const scheduler = new TimerScheduler({
    clock,
    onError: (error) => log.error('scheduled task failed', { error: String(error) }),
  });
  const bus = loggingBus({ clock, log });
  const espn = nodeHttpGet();
  let pipeline: LivePipeline | null = null;
  let inbox: Awaited<ReturnType<typeof startOperatorInbox>> | null = null;
  let idle = false;
  let failed = false;
  try {
    pipeline = await openLivePipeline({
      config,
      tradingMode: mode,
      runMode: mode,
      store,
      runId,
      log,
      env: opts.env,
      endpoints,
      leagues,
      models: opts.models ?? createWinProbabilityModels(),
      clock,
      scheduler,
      bus,
      kalshiKey: await loadKalshiKey(config),
      inputs: { gatewayMode: 'live', espnGet: espn.get, lookaheadDays: 2, announceLeadMs: DAY_MS },
      // Unique to this process (its start, in seconds, base 36): client order ids never repeat across restarts.
      shardName: `s${Math.floor(Date.now() / 1000).toString(36)}`,
      // A fill may be on its way from the venue: a difference counts only if it lasts 2 s.
      reconcileConfirm: async () => {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        await bus.idle();
      },
      maxOrderCost: liveOrderCap(config, mode, clock.now()),
    });
    const live = pipeline;
    inbox =
      opts.controlDir !== undefined || store.kind === 'postgres'
        ? await startOperatorInbox({ store, runId, bus, clock, log, controlDir: opts.controlDir ?? null })
        : null;
    await opts.onBus?.({ bus, clock });
    opts.onStarted?.(live.status);
    log.info(`${mode} run ${runId} started`, {
      leagues: leagues.join(','),
      venues: [...live.venues.clients.keys()].join(','),
      espn: endpoints.espn.url,
    });
    idle = await waitForEnd({
      stop: opts.stop,
      untilIdle: opts.untilIdle,
      checkMs: opts.idleCheckMs ?? 1_000,
      isIdle: () => live.idle(),
    });
    const idleState = live.idleWatch.state(clock.now());
    if (idleState.unsettled.length > 0)
      log.warn('markets not settled by their venue in time; their positions stay open in the ledger', {
        instruments: idleState.unsettled.join(','),
      });
    await live.core.reconciler.runOnce();
    return { idle, report: live.analytics.report(), idleState, events: bus.stats().published };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    scheduler.stop();
    await inbox?.stop();
    await pipeline?.close({ failed, completed: idle });
    espn.close();
  }
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
