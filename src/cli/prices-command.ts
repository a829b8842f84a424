/**
 * `arbees prices calibration --data <candles.csv.gz>`: what real market prices alone show (the
 * market's calibration by phase of the game against the result, its minute moves, its
 * convergence at the end, the cost of trading it), and with `--compare-sim` the simulated makers
 * of the bundled NBA games beside it. Real prices are research data: read from the path given,
 * never bundled. Bad rows are reported and counted; they never stop the report.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { describeRowError } from '../feeds/market-prices/candles.js';
import { gamePath } from '../feeds/market-prices/game-paths.js';
import { loadMarketPrices, MarketPricesFileError } from '../feeds/market-prices/load.js';
import { type MarketPriceReport, marketPriceReport } from '../feeds/market-prices/market-report.js';
import { bundledDataDir } from '../feeds/replay/bundled-games.js';
import { loadNbaBundle } from '../feeds/replay/nba-bundle.js';
import { compareMakersWithRealPrices, type MakerComparison } from '../sim/maker-calibration.js';
import { KALSHI_LIKE } from '../sim/market-maker.js';
import { createWinProbabilityModels } from '../sports/models.js';
import { UserError } from './errors.js';
import { renderMakerComparison, renderMarketPriceReport } from './prices-render.js';

interface CalibrationOptions {
  data: string;
  index?: string;
  json?: boolean;
  draws: string;
  seed: string;
  halfSpreads: string;
  compareSim?: boolean;
  dataDir: string;
}

function wholeNumber(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UserError(`${flag} must be a whole number ≥ ${min}, got ${value}`);
  return n;
}

async function calibration(o: CalibrationOptions): Promise<number> {
  const draws = wholeNumber('--draws', o.draws, 0);
  const seed = wholeNumber('--seed', o.seed, 0);
  const halfSpreadsCents = o.halfSpreads.split(',').map((v) => wholeNumber('--half-spreads', v.trim(), 1));
  let loaded: ReturnType<typeof loadMarketPrices>;
  try {
    loaded = o.index === undefined ? loadMarketPrices(o.data) : loadMarketPrices(o.data, o.index);
  } catch (err) {
    if (err instanceof MarketPricesFileError) throw new UserError(err.message);
    throw err;
  }
  for (const e of loaded.errors.slice(0, 20)) process.stderr.write(`bad row: ${describeRowError(e)}\n`);
  if (loaded.errors.length > 20) process.stderr.write(`… and ${loaded.errors.length - 20} more bad rows\n`);
  const paths = loaded.series.map(gamePath);
  const settled = paths.filter((p) => p !== null);
  if (settled.length === 0) throw new UserError(`${o.data}: no market whose last trade is 99 or 1`);
  const report = marketPriceReport(settled, paths.length - settled.length, {
    bootstrapDraws: draws,
    seed,
    halfSpreadsCents,
  });
  let comparison: MakerComparison | null = null;
  if (o.compareSim) {
    const nba = loadNbaBundle(join(bundledDataDir(o.dataDir), 'nba'));
    comparison = await compareMakersWithRealPrices({
      real: settled,
      simulatedGames: nba,
      models: createWinProbabilityModels(),
      seed: 42,
      profiles: [{ label: 'simulated: kalshi-like maker (replay default)', profile: KALSHI_LIKE }],
    });
  }
  const input = {
    file: o.data,
    rowsRead: loaded.rowsRead,
    badRows: loaded.errors.length,
    index: loaded.indexPath,
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ input, report, comparison }, jsonNumbers, 2)}\n`);
  } else {
    process.stdout.write(renderMarketPriceReport(input, report as MarketPriceReport));
    if (comparison) process.stdout.write(renderMakerComparison(comparison));
  }
  return 0;
}

/** NaN as null in JSON (an empty bin has no mean), instead of JSON.stringify's silent null. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export function pricesCommand(): Command {
  const prices = new Command('prices').description(
    'Real market prices (research data given by path): measurements',
  );
  prices
    .command('calibration')
    .description(
      "The market's calibration by phase of the game against the result, its minute moves, its convergence at the end and the cost of trading it, from 1-minute candles; intervals by bootstrap over games",
    )
    .requiredOption(
      '--data <file>',
      'candle file (.csv or .csv.gz), e.g. ../shared/data/market-prices/kalshi_nba_game_1min_candles_….csv.gz',
    )
    .option('--index <file>', 'the per-game index (default: <data>_index.csv beside it)')
    .option('--json', 'print the report as JSON')
    .option('--draws <n>', 'bootstrap resamples of the games', '400')
    .option('--seed <n>', 'bootstrap seed', '16')
    .option('--half-spreads <cents,...>', 'assumed half-spreads to cost, cents', '1,2,3')
    .option(
      '--compare-sim',
      "put the simulated makers' paths on the bundled NBA games beside the real prices",
    )
    .option('--data-dir <dir>', 'bundled games (for --compare-sim)', 'data')
    .action(async (options: CalibrationOptions) => {
      process.exitCode = await calibration(options);
    });
  return prices;
}
