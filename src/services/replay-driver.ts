/**
 * The lock-step replay driver: the distributed shape's counterpart of the one-process run's
 * timeline. One process owns the replay clock and the simulated outside world (the game feed,
 * the venue simulators and their makers, scheduled exactly as `runOneProcess` schedules them);
 * after each task it waits until the whole deployment has handled everything (lockstep.ts) and
 * the books it set off have been published, then runs the next. The services, started with
 * ARBEES_CLOCK=event, take their time from the events, so each sees what its one-process
 * counterpart saw at the same replay instant and the run ends with the same trades.
 *
 * Execution reaches the venue simulators over loopback HTTP at fixed ports with the trader's
 * keys (the Kalshi API key and the Polymarket wallet this driver registers and funds), so a
 * killed execution service finds its orders and balances where it left them.
 */
import type { Bus } from '../bus/port.js';
import type { Config } from '../config/schema.js';
import { SimulatedClock } from '../core/clock.js';
import type { GameId } from '../core/ids.js';
import type { Micros } from '../core/money.js';
import type { ReplayGame } from '../feeds/replay/replay-game.js';
import { Timeline } from '../feeds/replay/timeline.js';
import { startSimMarkets } from '../sim/simulated-markets.js';
import type { WinProbabilityModels } from '../sports/models.js';
import type { Logger } from './logger.js';
import { OFF_SEASON_GAP_MS } from './reconcile-schedule.js';
import { createReplayGameFeed, feedKindFor } from './replay-game-feed.js';
import { settleTask, startVenueSimulators, type VenueSimulators } from './replay-world.js';

/** `waiting` until told to start: the deployment must be subscribed before the first event. */
export type ReplayDriverState = 'waiting' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

export interface ReplayDriverStatus {
  readonly state: ReplayDriverState;
  readonly games: number;
  readonly gamesFinal: number;
  readonly tasks: number;
  /** Replay time, epoch ms. */
  readonly simTs: number;
  readonly error?: string;
}

export interface ReplayDriverOptions {
  readonly bus: Bus;
  readonly config: Config;
  readonly games: readonly ReplayGame[];
  readonly models: WinProbabilityModels;
  readonly log: Logger;
  /** Resolves once the deployment has handled everything published so far (lockstep.ts). */
  readonly settled: () => Promise<void>;
  /** Games announced and not yet final, kept up to date from the `games` stream. */
  readonly onRunningGamesChange?: (running: readonly GameId[]) => void;
  readonly venues: Pick<Parameters<typeof startVenueSimulators>[0], 'kalshi' | 'polymarket'>;
  /** Wall-clock wait for ARBEES_SPEED. */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface ReplayDriver {
  status(): ReplayDriverStatus;
  /** Replay time when the first task runs: two hours before the first kick-off. */
  readonly startTs: number;
  /** Starts the replay (once every service is up); later calls do nothing. */
  start(): void;
  /**
   * Holds the replay after the task in hand has settled (status `paused` once it has), e.g. to
   * stop a game shard at a quiet moment; `resume` lets it go on.
   */
  pause(): void;
  resume(): void;
  readonly simulators: VenueSimulators;
  /** Resolves when the timeline has run out (true) or was stopped (false). */
  readonly done: Promise<boolean>;
  /** Stops after the task in hand, then closes the simulators. */
  stop(): Promise<void>;
}

export async function startReplayDriver(opts: ReplayDriverOptions): Promise<ReplayDriver> {
  const { bus, config, log } = opts;
  const firstKickoff = opts.games.reduce((m, g) => Math.min(m, g.info.kickoffTs), Number.POSITIVE_INFINITY);
  // The same start as the one-process run: two hours before the first kick-off.
  const startTs = Number.isFinite(firstKickoff) ? firstKickoff - 2 * 3600_000 : 0;
  const clock = new SimulatedClock(startTs);
  const timeline = new Timeline(clock);
  // The same split as the position tracker's deposits: the venues hold what the ledger says.
  const half = Math.floor(config.ARBEES_BANKROLL / 2) as Micros;
  const simulators = await startVenueSimulators({
    bus,
    clock,
    log,
    kalshiBalance: half,
    polymarketBalance: (config.ARBEES_BANKROLL - half) as Micros,
    ...opts.venues,
  });

  const running = new Set<GameId>();
  const finals = new Set<GameId>();
  const tracking = bus.subscribe({
    group: 'replay-driver',
    consumer: 'replay-driver-1',
    topics: ['games'],
    handler: (event) => {
      if (event.type === 'GameScheduled' && !finals.has(event.gameId)) running.add(event.gameId);
      else if (event.type === 'GameFinal') {
        running.delete(event.gameId);
        finals.add(event.gameId);
      } else return;
      opts.onRunningGamesChange?.([...running]);
    },
  });
  const sim = startSimMarkets({
    bus,
    scheduler: timeline,
    clock,
    seed: config.ARBEES_SEED,
    models: opts.models,
    quoteSinks: [simulators.kalshi.quotes, simulators.polymarket.quotes],
  });
  const feed = createReplayGameFeed({
    kind: feedKindFor(config, 'replay'),
    bus,
    scheduler: timeline,
    clock,
    games: opts.games,
    config,
    log,
    onPlay: (play) => sim.onPlay(play),
  });

  let state: ReplayDriverState = 'waiting';
  let error: string | undefined;
  let stopRequested = false;
  let pauseRequested = false;
  let release: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    release = resolve;
  });
  const venues = [simulators.kalshi, simulators.polymarket];
  const holdWhilePaused = async () => {
    while (pauseRequested && !stopRequested) {
      state = 'paused';
      await opts.sleep(20);
    }
    state = 'running';
  };
  const done = (async () => {
    try {
      await started;
      if (stopRequested) return false;
      state = 'running';
      await opts.settled();
      await feed.start();
      const completed = await timeline.run({
        speed: config.ARBEES_SPEED,
        sleep: opts.sleep,
        wallNow: () => performance.now(),
        afterTask: async () => {
          await settleTask(opts.settled, venues);
          await holdWhilePaused();
        },
        shouldStop: () => stopRequested || feed.overdue(),
        maxPacedGapMs: OFF_SEASON_GAP_MS,
      });
      state = completed ? 'finished' : 'stopped';
      log.info('replay finished', { completed, tasks: timeline.tasksRun, gamesFinal: finals.size });
      return completed;
    } catch (e) {
      state = 'failed';
      error = e instanceof Error ? e.message : String(e);
      log.error('replay failed', { error });
      return false;
    }
  })();

  return {
    startTs,
    simulators,
    done,
    status: () => ({
      state,
      games: opts.games.length,
      gamesFinal: finals.size,
      tasks: timeline.tasksRun,
      simTs: clock.now(),
      ...(error ? { error } : {}),
    }),
    start: () => {
      if (state === 'waiting') state = 'running';
      release();
    },
    pause: () => {
      pauseRequested = true;
    },
    resume: () => {
      pauseRequested = false;
    },
    async stop() {
      stopRequested = true;
      release();
      await done;
      await feed.close();
      sim.stop();
      await tracking.close();
      await simulators.close();
    },
  };
}
