/**
 * A backtest's markets from real prices (ARBEES_REAL_PRICES): the candle file read once at start,
 * its bad rows logged and counted, its markets replayed by the real-price source in place of the
 * simulated makers. Only a backtest takes them: the replay's venue simulators quote their own books.
 */
import type { Bus } from '../bus/port.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Scheduler } from '../core/scheduler.js';
import { type CandleSeries, describeRowError } from '../feeds/market-prices/candles.js';
import { loadMarketPrices } from '../feeds/market-prices/load.js';
import {
  defaultGameIdFor,
  type RealPriceSourceStats,
  startRealPriceSource,
} from '../feeds/market-prices/price-source.js';
import type { RunMode } from '../store/port.js';
import type { Logger } from './logger.js';

/** Real prices asked for where they cannot be used. */
export class RealPricesSettingError extends Error {
  override readonly name = 'RealPricesSettingError';
}

type PriceSettings = Pick<
  Config,
  'ARBEES_REAL_PRICES' | 'ARBEES_REAL_PRICES_HALF_SPREAD' | 'ARBEES_REAL_PRICES_VOLUME_SHARE'
>;

/**
 * The series to replay: those of the games the run replays (a market whose game is not in the run
 * has nothing to trade it on), or null when the setting is unset (the simulated makers then quote).
 */
export function loadRealPriceSeries(
  config: PriceSettings,
  mode: RunMode,
  log: Logger,
  gameIds: ReadonlySet<string>,
): CandleSeries[] | null {
  const path = config.ARBEES_REAL_PRICES;
  if (path === undefined) return null;
  if (mode !== 'backtest')
    throw new RealPricesSettingError(
      `ARBEES_REAL_PRICES: real prices replace the simulated makers in --mode backtest only (this run is ${mode})`,
    );
  const loaded = loadMarketPrices(path);
  for (const e of loaded.errors.slice(0, 10))
    log.warn('real prices: bad row skipped', { error: describeRowError(e) });
  const kept = loaded.series.filter((s) => gameIds.has(defaultGameIdFor(s)));
  const counts = {
    file: path,
    markets: loaded.series.length,
    rows: loaded.rowsRead,
    badRows: loaded.errors.length,
  };
  if (kept.length === 0) log.warn('real prices: no market is for a game this run replays', counts);
  else log.info('real prices loaded', { ...counts, forReplayedGames: kept.length });
  return kept;
}

export function startRealPriceMarkets(opts: {
  readonly config: PriceSettings;
  readonly series: readonly CandleSeries[];
  readonly bus: Bus;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
}): RealPriceSourceStats {
  return startRealPriceSource({
    bus: opts.bus,
    scheduler: opts.scheduler,
    clock: opts.clock,
    series: opts.series,
    book: {
      halfSpreadCents: opts.config.ARBEES_REAL_PRICES_HALF_SPREAD,
      volumeShare: opts.config.ARBEES_REAL_PRICES_VOLUME_SHARE,
    },
  });
}
