/**
 * `arbees run --mode paper` and `--mode live`: tonight's games, in one process (live-run.ts).
 * Live refuses to start, naming each missing thing, without PAPER_TRADING=0, LIVE_TRADING_ACK=true
 * and each enabled venue's credentials. Ctrl-C stops cleanly with the state kept; a second
 * Ctrl-C quits at once.
 */
import { EndpointError, type Endpoints, resolveEndpoints } from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import { asRunId } from '../core/ids.js';
import { LiveRunRefused, runLive } from '../services/live-run.js';
import type { Logger } from '../services/logger.js';
import { controlDirOf } from '../services/operator-inbox.js';
import { liveTradingBlockers, VenueAccessError } from '../services/venue-access.js';
import { openStore } from '../store/open.js';
import { UserError } from './errors.js';
import { liveRunSnapshot } from './live-run-display.js';
import { startLiveStatus } from './live-status.js';
import { renderReport } from './render-report.js';
import { runApi } from './run-api.js';

/** The flags of `arbees run` a paper or live run reads. */
export interface TradeFlags {
  readonly db?: string;
  readonly json?: boolean;
  readonly untilIdle?: boolean;
  readonly serve?: boolean;
}

export async function tradeCommand(opts: {
  config: Config;
  flags: TradeFlags;
  log: Logger;
  mode: 'paper' | 'live';
  env?: Readonly<Record<string, string | undefined>>;
}): Promise<number> {
  const { config, flags, log, mode } = opts;
  const env = opts.env ?? process.env;
  let endpoints: Endpoints;
  try {
    endpoints = resolveEndpoints(config);
  } catch (error) {
    if (error instanceof EndpointError) throw new UserError(error.message);
    throw error;
  }
  if (mode === 'live') {
    const missing = liveTradingBlockers(config, endpoints, env);
    if (missing.length > 0) throw new UserError(`live trading refused: missing ${missing.join(', ')}`);
  }
  const pgliteDir = flags.db ?? config.ARBEES_PGLITE_DIR;
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    pglite: pgliteDir,
    ...(config.ARBEES_DB_SCHEMA ? { schema: config.ARBEES_DB_SCHEMA } : {}),
  });
  // `arbees halt` reaches a run on a PGlite directory through the directory beside it.
  const onDisk = store.kind === 'pglite' && !/^memory(:\/\/)?$/.test(pgliteDir);
  const controlDir = onDisk ? controlDirOf(pgliteDir) : null;
  const runId = asRunId(config.ARBEES_RUN_ID ?? `${mode}-${new Date().toISOString().slice(0, 10)}`);
  let requests = 0;
  let stopNow: () => void = () => {};
  const stop = new Promise<void>((resolve) => {
    stopNow = resolve;
  });
  const onSignal = () => {
    requests += 1;
    if (requests > 1) process.exit(130);
    process.stderr.write(
      '\nstopping: closing connections, keeping the state (Ctrl-C again to quit at once)...\n',
    );
    stopNow();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let display: ReturnType<typeof startLiveStatus> | null = null;
  const api = runApi({ config, store, runId, log, write: (text) => process.stderr.write(text) });
  try {
    const result = await runLive({
      config,
      mode,
      store,
      runId,
      log,
      env,
      untilIdle: flags.untilIdle === true,
      controlDir,
      stop,
      onBus: api.attach,
      onStarted: (status) => {
        if (config.ARBEES_LOG_LEVEL === 'silent' || flags.json) return;
        display = startLiveStatus({
          snapshot: () => liveRunSnapshot(status),
          write: (text) => process.stderr.write(text),
          tty: process.stderr.isTTY === true,
        });
      },
    });
    (display as ReturnType<typeof startLiveStatus> | null)?.stop();
    const completed = result.idle;
    if (flags.json)
      process.stdout.write(
        `${JSON.stringify({ runId, completed, idle: result.idleState, report: result.report }, null, 2)}\n`,
      );
    else process.stdout.write(renderReport(result.report, { runId, completed }));
    if (!completed) log.info(`run ${runId} stopped; start it again with --run-id ${runId} to go on`);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await api.finish({ serve: flags.serve === true });
    return 0;
  } catch (error) {
    if (error instanceof LiveRunRefused || error instanceof VenueAccessError)
      throw new UserError(`${mode} run refused: ${error.message}`);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await api.finish({ serve: false });
    await store.close();
  }
}
