/**
 * Paper and live as services: what the services of the distributed shape take from the settings
 * when ARBEES_MODE is paper or live. The outside world is the endpoints (resolveEndpoints: the
 * real venues and ESPN by default, or `arbees sim world` by its printed settings), the time is
 * ARBEES_CLOCK (the runner's clock), and the venues are `openTradingVenues`' (paper venues kept in
 * the store, or the live adapters), as in the one-process run (live-run.ts). Replay and backtest
 * keep their own world (the replay driver, the simulators' settings), unchanged.
 */
import { EndpointError, type Endpoints, resolveEndpoints } from '../config/endpoints.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import { ESPN_LEAGUE_IDS, type EspnLeague } from '../feeds/espn/leagues.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import type { Store } from '../store/port.js';
import { PaperAccount } from '../venues/paper/account.js';
import type { VenueAccount } from '../venues/port.js';
import type { Logger } from './logger.js';
import { ServiceStartError } from './runner.js';
import { openTradingVenues, type TradingMode, type TradingVenues } from './trading-venues.js';
import { liveTradingBlockers, loadKalshiKey, loadPmusKey, VenueAccessError } from './venue-access.js';

/** Paper or live: the services face the endpoints; null for replay and backtest (their own world). */
export function tradingModeOf(config: Config): TradingMode | null {
  const mode = config.ARBEES_MODE;
  if (mode !== 'paper' && mode !== 'live') return null;
  if (config.ARBEES_CLOCK.kind === 'event')
    throw new ServiceStartError(
      `ARBEES_CLOCK=event is for a lock-step replay (ARBEES_MODE=replay), not ARBEES_MODE=${mode}`,
    );
  return mode;
}

/** The endpoints, or every problem with them in one start error. */
export function serviceEndpoints(config: Config): Endpoints {
  try {
    return resolveEndpoints(config);
  } catch (error) {
    if (error instanceof EndpointError) throw new ServiceStartError(error.message);
    throw error;
  }
}

/** ARBEES_LEAGUES, else every league ESPN is read for. */
export function serviceLeagues(config: Config): readonly EspnLeague[] {
  return config.ARBEES_LEAGUES ?? ESPN_LEAGUE_IDS;
}

function startError(error: unknown): never {
  if (error instanceof VenueAccessError) throw new ServiceStartError(error.message);
  throw error;
}

/**
 * The venues a service trades through (execution) or reads the accounts of (the position
 * tracker): paper venues in the store, or the live adapters. Live refuses to start, naming each
 * missing thing, without PAPER_TRADING=0, LIVE_TRADING_ACK=true and the venues' credentials.
 */
export async function openServiceVenues(opts: {
  readonly mode: TradingMode;
  readonly config: Config;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly store: Store;
  readonly runId: RunId;
  readonly log: Logger;
  /** Polymarket's heartbeats: on in execution, off where only the accounts are read. */
  readonly heartbeats: boolean;
}): Promise<TradingVenues & { readonly endpoints: Endpoints }> {
  const { mode, config } = opts;
  const endpoints = serviceEndpoints(config);
  if (mode === 'live') {
    const missing = liveTradingBlockers(config, endpoints, opts.env);
    if (missing.length > 0)
      throw new ServiceStartError(`live trading refused: missing ${missing.join(', ')}`);
  }
  // Paper latency and taker delays are waited out on the run's clock (the world's, maybe sped up).
  const scheduler = new TimerScheduler({
    clock: opts.clock,
    onError: (error) => opts.log.error('scheduled task failed', { error: String(error) }),
  });
  try {
    const kalshiKey = await loadKalshiKey(config);
    const pmusKey = endpoints.polymarketUs ? loadPmusKey(config, opts.env) : null;
    const venues = await openTradingVenues({
      mode,
      config,
      endpoints,
      env: opts.env,
      clock: opts.clock,
      scheduler,
      store: opts.store,
      runId: opts.runId,
      kalshiKey,
      pmusKey,
      log: opts.log,
      heartbeats: opts.heartbeats,
      // Polymarket US's private order channel belongs, like the heartbeats, to the process with orders.
      pmusPrivateChannel: opts.heartbeats,
    });
    return {
      ...venues,
      endpoints,
      close: async () => {
        scheduler.stop();
        await venues.close();
      },
    };
  } catch (error) {
    scheduler.stop();
    return startError(error);
  }
}

/**
 * A paper account as the store holds it, read afresh at each question: the position tracker's
 * view of the paper venue that execution (another process) keeps. Orders travelling to the paper
 * venue are not stored, so none is reported open; the stored orders say which are.
 */
export function storedPaperAccount(opts: {
  readonly store: Store;
  readonly runId: RunId;
  readonly venue: VenueName;
  /** The account's cash before execution has saved it (a new run): its opening cash. */
  readonly openingCash: Micros;
}): VenueAccount {
  const read = async () => {
    const stored = await opts.store.loadPaperAccount(opts.runId, opts.venue);
    return new PaperAccount(stored ?? { version: 0, cash: opts.openingCash, positions: [], orders: [] });
  };
  return {
    balance: async () => (await read()).balance(),
    positions: async () => (await read()).positions(),
    openOrders: async () => [],
    fillIds: async () => (await read()).fillIds(),
  };
}
