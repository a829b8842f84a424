/**
 * One backtest of a sweep, as a worker thread runs it: the configuration of one grid point on one
 * set of games, through runOneProcess in backtest mode (the path `arbees run --mode backtest`
 * takes), on an in-memory PGlite store the worker keeps for all its jobs. Each run has its own
 * run id in that store, and a backtest reads only its own run, so a point's result does not
 * depend on which worker ran it or what it ran before.
 */
import type { Config } from '../../config/schema.js';
import { asRunId } from '../../core/ids.js';
import { loadBundledGames } from '../../feeds/replay/bundled-games.js';
import { selectGames } from '../../feeds/replay/nfl-bundle.js';
import type { ReplayGame } from '../../feeds/replay/replay-game.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/port.js';
import { silentLogger } from '../logger.js';
import { runOneProcess } from '../one-process.js';
import { metricsOf, type SweepMetrics } from './plan.js';
import type { JobHandler } from './worker-host.js';

export interface SweepJob {
  /** Unique within the sweep: the scratch run id of this backtest. */
  readonly key: string;
  /** The point's full configuration; ARBEES_GAMES names the games of this run. */
  readonly config: Config;
}

export interface SweepJobResult {
  readonly metrics: SweepMetrics;
  /** Events the pipeline published (a size of the run). */
  readonly events: number;
}

/**
 * Games a worker's store holds before it is replaced by an empty one: every run's rows stay in
 * its memory, and opening a store costs a few seconds of CPU, so neither after every job nor never.
 */
const STORE_GAMES_LIMIT = 40;

export function sweepJobHandler(): JobHandler<SweepJob, SweepJobResult> {
  let store: Promise<Store> | null = null;
  let gamesInStore = 0;
  // Every bundled game, read once per worker (about 0.1-0.2 s a read); each job picks its own.
  const bundles = new Map<string, ReplayGame[]>();
  const gamesOf = (config: Config) => {
    let all = bundles.get(config.ARBEES_DATA_DIR);
    if (!all) {
      all = loadBundledGames({
        ...config,
        ARBEES_GAMES: undefined,
        ARBEES_FROM: undefined,
        ARBEES_TO: undefined,
      });
      bundles.set(config.ARBEES_DATA_DIR, all);
    }
    return selectGames(all, {
      ...(config.ARBEES_GAMES ? { gameIds: config.ARBEES_GAMES } : {}),
      from: config.ARBEES_FROM,
      to: config.ARBEES_TO,
    });
  };
  return {
    async run(job) {
      if (store && gamesInStore >= STORE_GAMES_LIMIT) {
        const full = store;
        store = null;
        await (await full).close();
      }
      if (!store) {
        store = openStore({ pglite: 'memory' });
        gamesInStore = 0;
      }
      const games = gamesOf(job.config);
      gamesInStore += games.length;
      const result = await runOneProcess({
        config: job.config,
        games,
        store: await store,
        runId: asRunId(`sweep-${job.key}`),
        mode: 'backtest',
        log: silentLogger,
        sleep: () => Promise.reject(new Error('a backtest never waits on the wall clock')),
      });
      if (!result.completed) throw new Error('the backtest stopped before the end of its games');
      return { metrics: metricsOf(result.report), events: result.events };
    },
    async close() {
      if (store) await (await store).close();
    },
  };
}
