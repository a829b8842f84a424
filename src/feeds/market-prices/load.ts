/**
 * Reads a candle file (gzipped or not) and the index beside it (`<name>_index.csv`, when there),
 * from a path the trader gives: real prices are research data, never the product's default.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  type CandleSeries,
  groupSeries,
  type MinuteCandle,
  type PriceIndexEntry,
  type PriceRowError,
  parseCandleCsv,
  parseCandleIndexCsv,
} from './candles.js';

/** The file cannot be read at all (missing, unreadable, not gzip): nothing to replay. */
export class MarketPricesFileError extends Error {
  override readonly name = 'MarketPricesFileError';
}

export interface LoadedMarketPrices {
  readonly series: CandleSeries[];
  /** Rows read (good and bad), and every bad row, with its file, line and field. */
  readonly rowsRead: number;
  readonly errors: PriceRowError[];
  readonly indexPath: string | null;
}

function readText(path: string): string {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MarketPricesFileError(
      `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`}`,
    );
  }
  if (!path.endsWith('.gz')) return raw.toString('utf8');
  try {
    return gunzipSync(raw).toString('utf8');
  } catch {
    throw new MarketPricesFileError(`${path}: not a gzip file`);
  }
}

/** The index file beside a candle file: `x.csv.gz` has `x_index.csv`. */
export function indexPathFor(candlePath: string): string {
  return `${candlePath.replace(/\.csv(\.gz)?$/, '')}_index.csv`;
}

export function loadMarketPrices(
  candlePath: string,
  indexPath = indexPathFor(candlePath),
): LoadedMarketPrices {
  const candles = parseCandleCsv(readText(candlePath), candlePath);
  let index: { rows: PriceIndexEntry[]; errors: PriceRowError[] } = { rows: [], errors: [] };
  const haveIndex = existsSync(indexPath);
  if (haveIndex) index = parseCandleIndexCsv(readText(indexPath), indexPath);
  const rows: readonly MinuteCandle[] = candles.rows;
  const grouped = groupSeries(rows, index.rows, candlePath);
  return {
    series: grouped.series,
    rowsRead: candles.rows.length + candles.errors.length,
    errors: [...candles.errors, ...index.errors, ...grouped.errors],
    indexPath: haveIndex ? indexPath : null,
  };
}
