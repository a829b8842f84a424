/** `arbees run`: the main job. */

import { loadConfig } from '../config/load.js';
import type { Config, ConfigKey } from '../config/schema.js';
import { asRunId } from '../core/ids.js';
import { loadBundledGames } from '../feeds/replay/bundled-games.js';
import { createLogger, type Logger } from '../services/logger.js';
import { runOneProcess } from '../services/one-process.js';
import { runWorldReplay, WorldReplayRefused } from '../services/world-replay.js';
import { openStore } from '../store/open.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';
import { startProgress } from './progress.js';
import { renderReport } from './render-report.js';
import { runApi } from './run-api.js';
import { tradeCommand } from './trade-command.js';

export interface RunFlags {
  mode?: string;
  speed?: string;
  feed?: string;
  games?: string;
  from?: string;
  to?: string;
  runId?: string;
  seed?: string;
  db?: string;
  json?: boolean;
  set?: string[];
  leagues?: string;
  untilIdle?: boolean;
  serve?: boolean;
}

export async function runCommand(flags: RunFlags): Promise<number> {
  const overrides: Partial<Record<ConfigKey, string | undefined>> = {
    ...overridesFromSet(flags.set),
    ARBEES_MODE: flags.mode,
    ARBEES_SPEED: flags.speed,
    ARBEES_FEED: flags.feed,
    ARBEES_GAMES: flags.games,
    ARBEES_FROM: flags.from,
    ARBEES_TO: flags.to,
    ARBEES_RUN_ID: flags.runId,
    ARBEES_SEED: flags.seed,
    ARBEES_LEAGUES: flags.leagues,
  };
  const config = loadConfig({ overrides });
  const log = createLogger({ level: config.ARBEES_LOG_LEVEL, name: 'arbees' });

  if (config.ARBEES_MODE === 'live' || config.ARBEES_MODE === 'paper')
    return tradeCommand({ config, flags, log, mode: config.ARBEES_MODE });
  if (flags.untilIdle || flags.leagues)
    throw new UserError('--until-idle and --leagues are for --mode paper or live');
  const mode = config.ARBEES_MODE;
  return replayCommand({ config, flags, log, mode });
}

async function replayCommand(opts: {
  config: Config;
  flags: RunFlags;
  log: Logger;
  mode: 'replay' | 'backtest';
}): Promise<number> {
  const { config, flags, log, mode } = opts;

  const games = loadBundledGames(config);
  if (games.length === 0) throw new UserError('no bundled game matches --games/--from/--to');

  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    pglite: flags.db ?? config.ARBEES_PGLITE_DIR,
  });
  const runId = asRunId(config.ARBEES_RUN_ID ?? `${mode}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  log.info(
    `run ${runId}: ${games.length} games, ${mode}, speed ${config.ARBEES_SPEED ?? 'max'}, store ${store.kind}`,
  );

  let stopRequested = false;
  const onSigint = () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    process.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)...\n');
  };
  process.on('SIGINT', onSigint);
  const progress = startProgress({ totalGames: games.length, quiet: config.ARBEES_LOG_LEVEL === 'silent' });
  const api = runApi({ config, store, runId, log, write: (text) => process.stderr.write(text) });
  try {
    const common = {
      config,
      games,
      store,
      runId,
      log,
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      shouldStop: () => stopRequested,
      onProgress: progress.update,
      onBus: api.attach,
    };
    // A backtest stays on the direct path: deterministic, byte-identical, fast.
    const result =
      mode === 'replay' && config.ARBEES_REPLAY_VIA === 'world'
        ? await runWorldReplay(common).catch((error: unknown) => {
            throw error instanceof WorldReplayRefused ? new UserError(error.message) : error;
          })
        : await runOneProcess({
            ...common,
            mode,
            kalshiVenue: config.ARBEES_KALSHI_VENUE,
            polymarketVenue: config.ARBEES_POLYMARKET_VENUE,
          });
    progress.done();
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ runId, completed: result.completed, report: result.report }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(renderReport(result.report, { runId, completed: result.completed }));
    }
    if (!result.completed) log.info(`run ${runId} interrupted; its state is kept in the store`);
    process.off('SIGINT', onSigint);
    await api.finish({ serve: flags.serve === true });
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await api.finish({ serve: false });
    await store.close();
  }
}
