/**
 * Real venue prices as 1-minute candles (shared/data/market-prices: Kalshi NBA game markets):
 * the candle file and its per-game index, parsed from text. A bad row is reported with its file,
 * line and field, counted, and skipped; it never stops the rest of the file. Pure: the caller
 * reads (and gunzips) the files.
 */

/** One minute of one market: traded YES prices in whole cents, and contracts traded. */
export interface MinuteCandle {
  /** The game as the file names it (NBA Stats id, leading zeros dropped so both spellings match). */
  readonly gameId: string;
  readonly ticker: string;
  /** End of the minute, epoch ms (the file's `timestamp` is the candle's end, in seconds). */
  readonly endTs: number;
  /** Null when nothing traded that minute (then volume is 0). */
  readonly open: number | null;
  readonly high: number | null;
  readonly low: number | null;
  readonly close: number | null;
  /** Whole contracts traded in the minute. */
  readonly volume: number;
}

/** One game of the index: who played and which team the contract's YES is on. */
export interface PriceIndexEntry {
  readonly gameId: string;
  /** The US date the game was played, YYYY-MM-DD. */
  readonly dateLocal: string;
  readonly away: string;
  readonly home: string;
  readonly ticker: string;
  readonly contractTeam: string;
  readonly contractIsHome: boolean;
}

export interface PriceRowError {
  readonly source: string;
  readonly line: number;
  readonly field: string;
  readonly value: string;
  readonly message: string;
}

export interface Parsed<T> {
  readonly rows: T[];
  readonly errors: PriceRowError[];
}

export const CANDLE_COLUMNS = [
  'game_id',
  'ticker',
  'timestamp',
  'datetime',
  'open',
  'high',
  'low',
  'close',
  'volume',
] as const;
const INDEX_COLUMNS = [
  'game_id',
  'game_date_local',
  'away',
  'home',
  'ticker',
  'contract_team',
  'contract_is_home',
];

/** Message of a row error, for logs and the command's output. */
export function describeRowError(e: PriceRowError): string {
  const field = e.field ? ` field "${e.field}"` : '';
  const where = e.line > 0 ? `${e.source} line ${e.line}` : e.source;
  return `${where}:${field} ${e.message}, got ${JSON.stringify(e.value)}`;
}

class RowProblem extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
    message: string,
  ) {
    super(message);
  }
}

/** Lines of a CSV without quoted fields (neither file quotes any), with their 1-based numbers. */
function* lines(text: string): Generator<{ line: number; cells: string[] }> {
  let start = 0;
  let n = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    n += 1;
    const raw = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (raw.length > 0) yield { line: n, cells: raw.split(',') };
  }
}

/** Column positions of `wanted` in the header, or an error naming the missing ones. */
function header(
  cells: string[] | undefined,
  wanted: readonly string[],
  source: string,
): { at: Map<string, number> } | { error: PriceRowError } {
  const at = new Map((cells ?? []).map((c, i) => [c.trim(), i] as const));
  const missing = wanted.filter((c) => !at.has(c));
  if (missing.length === 0) return { at };
  return {
    error: {
      source,
      line: 1,
      field: missing.join(','),
      value: (cells ?? []).join(','),
      message: `header lacks column(s) ${missing.join(', ')}`,
    },
  };
}

const gameIdOf = (v: string) => v.replace(/^0+/, '');

function cents(field: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 1 || n > 99)
    throw new RowProblem(field, v, 'expected a whole number of cents from 1 to 99');
  return n;
}

function candleFrom(cells: string[], at: Map<string, number>): MinuteCandle {
  const get = (c: string) => (cells[at.get(c) as number] ?? '').trim();
  const gameId = get('game_id');
  if (!/^\d+$/.test(gameId)) throw new RowProblem('game_id', gameId, 'expected digits');
  const ticker = get('ticker');
  if (!/^[A-Z0-9-]+$/.test(ticker)) throw new RowProblem('ticker', ticker, 'expected a market ticker');
  const tsText = get('timestamp');
  const ts = Number(tsText);
  if (!/^\d+$/.test(tsText) || ts < 1_000_000_000)
    throw new RowProblem('timestamp', tsText, 'expected unix seconds');
  const volText = get('volume');
  const volume = Number(volText);
  if (!/^\d+(\.0+)?$/.test(volText)) throw new RowProblem('volume', volText, 'expected a whole number ≥ 0');
  const ohlc = (['open', 'high', 'low', 'close'] as const).map((f) => [f, get(f)] as const);
  const empty = ohlc.filter(([, v]) => v === '').length;
  if (empty === 4) {
    if (volume !== 0) throw new RowProblem('volume', volText, 'expected 0 in a minute without prices');
    return {
      gameId: gameIdOf(gameId),
      ticker,
      endTs: ts * 1000,
      open: null,
      high: null,
      low: null,
      close: null,
      volume,
    };
  }
  const [open, high, low, close] = ohlc.map(([f, v]) => cents(f, v)) as [number, number, number, number];
  if (volume === 0) throw new RowProblem('volume', volText, 'expected trades in a minute with prices');
  if (low > high) throw new RowProblem('low', String(low), `expected at most high (${high})`);
  for (const [f, v] of [
    ['open', open],
    ['close', close],
  ] as const)
    if (v < low || v > high) throw new RowProblem(f, String(v), `expected within low-high (${low}-${high})`);
  return { gameId: gameIdOf(gameId), ticker, endTs: ts * 1000, open, high, low, close, volume };
}

/** The candle file's rows; a row that fails a check is an error, the others are kept. */
export function parseCandleCsv(text: string, source: string): Parsed<MinuteCandle> {
  const it = lines(text);
  const first = it.next();
  const head = header(first.done ? undefined : first.value.cells, CANDLE_COLUMNS, source);
  if ('error' in head) return { rows: [], errors: [head.error] };
  const rows: MinuteCandle[] = [];
  const errors: PriceRowError[] = [];
  for (const { line, cells } of it) {
    try {
      rows.push(candleFrom(cells, head.at));
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      errors.push({ source, line, field: err.field, value: err.value, message: err.message });
    }
  }
  return { rows, errors };
}

/** The index file's games; a row that fails a check is an error, the others are kept. */
export function parseCandleIndexCsv(text: string, source: string): Parsed<PriceIndexEntry> {
  const it = lines(text);
  const first = it.next();
  const head = header(first.done ? undefined : first.value.cells, INDEX_COLUMNS, source);
  if ('error' in head) return { rows: [], errors: [head.error] };
  const rows: PriceIndexEntry[] = [];
  const errors: PriceRowError[] = [];
  for (const { line, cells } of it) {
    const get = (c: string) => (cells[head.at.get(c) as number] ?? '').trim();
    const bad = (field: string, message: string) =>
      errors.push({ source, line, field, value: get(field), message });
    const isHome = get('contract_is_home');
    if (!/^\d+$/.test(get('game_id'))) bad('game_id', 'expected digits');
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(get('game_date_local')))
      bad('game_date_local', 'expected YYYY-MM-DD');
    else if (isHome !== '0' && isHome !== '1') bad('contract_is_home', 'expected 0 or 1');
    else if (get('contract_team') !== (isHome === '1' ? get('home') : get('away')))
      bad('contract_team', `expected the ${isHome === '1' ? 'home' : 'away'} team`);
    else
      rows.push({
        gameId: gameIdOf(get('game_id')),
        dateLocal: get('game_date_local'),
        away: get('away'),
        home: get('home'),
        ticker: get('ticker'),
        contractTeam: get('contract_team'),
        contractIsHome: isHome === '1',
      });
  }
  return { rows, errors };
}

/** One market's minutes in time order, with its index entry when the index has it. */
export interface CandleSeries {
  readonly gameId: string;
  readonly ticker: string;
  readonly candles: readonly MinuteCandle[];
  readonly index: PriceIndexEntry | null;
}

/**
 * Candles grouped by ticker and sorted by time. A second candle for the same minute is dropped
 * and reported (the first one stands), so no minute is counted twice.
 */
export function groupSeries(
  candles: readonly MinuteCandle[],
  index: readonly PriceIndexEntry[],
  source: string,
): { series: CandleSeries[]; errors: PriceRowError[] } {
  const byTicker = new Map<string, MinuteCandle[]>();
  for (const c of candles) {
    const list = byTicker.get(c.ticker);
    if (list) list.push(c);
    else byTicker.set(c.ticker, [c]);
  }
  const indexByTicker = new Map(index.map((e) => [e.ticker, e]));
  const errors: PriceRowError[] = [];
  const series: CandleSeries[] = [];
  for (const [ticker, list] of byTicker) {
    list.sort((a, b) => a.endTs - b.endTs);
    const kept: MinuteCandle[] = [];
    for (const c of list) {
      if (kept.length > 0 && kept[kept.length - 1]!.endTs === c.endTs) {
        errors.push({
          source,
          line: 0,
          field: 'timestamp',
          value: String(c.endTs / 1000),
          message: `a second candle for ${ticker} at the same minute, dropped`,
        });
        continue;
      }
      kept.push(c);
    }
    series.push({ gameId: kept[0]!.gameId, ticker, candles: kept, index: indexByTicker.get(ticker) ?? null });
  }
  series.sort((a, b) => a.candles[0]!.endTs - b.candles[0]!.endTs || (a.ticker < b.ticker ? -1 : 1));
  return { series, errors };
}

/** The last traded price of a series, cents; null when it never traded. */
export function lastTradedClose(series: Pick<CandleSeries, 'candles'>): number | null {
  for (let i = series.candles.length - 1; i >= 0; i--) {
    const c = series.candles[i]!.close;
    if (c !== null) return c;
  }
  return null;
}

/** How the market settled, read from its last trade: 99 is YES, 1 is NO, anything else unknown. */
export function settlementFromLastTrade(series: Pick<CandleSeries, 'candles'>): 'yes' | 'no' | null {
  const last = lastTradedClose(series);
  return last === 99 ? 'yes' : last === 1 ? 'no' : null;
}
