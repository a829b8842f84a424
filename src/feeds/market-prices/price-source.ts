/**
 * Real prices as a venue's market data on the replay timeline: each candle series becomes a
 * Kalshi instrument whose book is rebuilt at the end of every minute from that minute's candle
 * (candle-book.ts) and whose trades are the minute's volume at its close. Everything is keyed by
 * wall-clock time (the candle's end, epoch ms), the same clock a replayed game feed stamps its
 * plays with, so game states brought by a trader (ESPN summaries carry a wall-clock time per play)
 * interleave with these prices on one timeline with no code change here. The events are the
 * pipeline's own (MarketMapped, BookSnapshot, Trade, MarketClosed, MarketSettled), so whatever
 * reads `md` and `markets` trades real prices as it would a simulated maker's.
 *
 * Settlement: the market's last trade at 99 settles YES, at 1 NO (Kalshi's settled prices); a
 * result given by the caller (from the game feed) is used instead when present, and a series whose
 * last trade is neither, with no result given, is left unsettled and counted.
 */
import type { Bus } from '../../bus/port.js';
import type { Clock } from '../../core/clock.js';
import { KALSHI_SPORTS_FEES } from '../../core/fees.js';
import { asGameId, asInstrumentId, EventIdSequence, type GameId } from '../../core/ids.js';
import { outcomeIdFor, type VenueInstrument } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';
import type { Scheduler } from '../../core/scheduler.js';
import { type CandleBookOptions, candleBook, candleBookOptionErrors } from './candle-book.js';
import { type CandleSeries, settlementFromLastTrade } from './candles.js';

const CENT = 10_000;

export interface RealPriceSourceOptions {
  readonly bus: Bus;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly series: readonly CandleSeries[];
  readonly book: CandleBookOptions;
  /**
   * The game a series belongs to, as the game feed names it. Default: the bundled NBA games'
   * naming, `nba_<YYYYMMDD>_<AWAY>_<HOME>` from the index (date as the index's US date), else
   * `nba-<NBA Stats id>` for a series the index lacks.
   */
  readonly gameIdFor?: (series: CandleSeries) => GameId;
  /** The result, when the caller knows it from the game; else the last trade says. */
  readonly resultFor?: (series: CandleSeries) => 'yes' | 'no' | null;
  /** Listed this long before the first candle, ms (default 0: at the first candle). */
  readonly listLeadMs?: number;
  readonly idPrefix?: string;
}

export interface RealPriceSourceStats {
  instruments: number;
  books: number;
  trades: number;
  settled: number;
  /** Series with no result given and a last trade neither 99 nor 1. */
  unsettled: number;
  /** Series whose given result disagreed with their last trade at 99 or 1 (the result was used). */
  resultDisagreements: number;
}

export function defaultGameIdFor(series: CandleSeries): GameId {
  const i = series.index;
  if (i) return asGameId(`nba_${i.dateLocal.replaceAll('-', '')}_${i.away}_${i.home}`);
  return asGameId(`nba-${series.gameId}`);
}

/** The Kalshi instrument a series is quoted as: YES on the contract's team. */
export function realPriceInstrument(series: CandleSeries, gameId: GameId): VenueInstrument {
  // Without the index the side is unknown; the ticker's last part is the team, and home is assumed.
  const isHome = series.index?.contractIsHome ?? true;
  const outcome = isHome ? 'home_win' : 'away_win';
  return {
    instrumentId: asInstrumentId(`kalshi:${series.ticker}`),
    venue: 'kalshi',
    symbol: series.ticker,
    gameId,
    outcomeId: outcomeIdFor(gameId, outcome),
    outcome,
    tickSize: CENT as Micros,
    fees: KALSHI_SPORTS_FEES,
    settlement: { includesOvertime: true, drawPossible: false, postponement: 'follows_rescheduled_game' },
    simulated: false,
  };
}

/** Schedules every series' events on the timeline; returns counters filled in as they run. */
export function startRealPriceSource(options: RealPriceSourceOptions): RealPriceSourceStats {
  const problems = candleBookOptionErrors(options.book);
  if (problems.length > 0) throw new RangeError(`real-price book: ${problems.join('; ')}`);
  const ids = new EventIdSequence(options.idPrefix ?? 'real-prices');
  const stats: RealPriceSourceStats = {
    instruments: 0,
    books: 0,
    trades: 0,
    settled: 0,
    unsettled: 0,
    resultDisagreements: 0,
  };
  for (const series of options.series)
    if (series.candles.length > 0) scheduleSeries(options, ids, stats, series);
  return stats;
}

/** One market's events: listed, a book (and trade) each minute, closed and settled at the end. */
function scheduleSeries(
  options: RealPriceSourceOptions,
  ids: EventIdSequence,
  stats: RealPriceSourceStats,
  series: CandleSeries,
): void {
  const { bus, scheduler, clock } = options;
  const instrument = realPriceInstrument(series, (options.gameIdFor ?? defaultGameIdFor)(series));
  const { instrumentId } = instrument;
  stats.instruments += 1;
  scheduler.at(series.candles[0]!.endTs - (options.listLeadMs ?? 0), () =>
    bus.publish({ type: 'MarketMapped', id: ids.next(), ts: clock.now(), instrument }).then(() => {}),
  );
  let previousClose: number | null = null;
  let bookWasEmpty = true;
  for (const candle of series.candles) {
    const book = candleBook(candle, options.book);
    const empty = book.bids.length === 0 && book.asks.length === 0;
    const close = candle.close;
    // Candles do not say who took; a rise is read as YES buyers taking, a fall as NO buyers.
    const takerSide = close !== null && previousClose !== null && close < previousClose ? 'no' : 'yes';
    if (close !== null) previousClose = close;
    // A quiet minute after a quiet minute changes nothing: no event.
    if (empty && bookWasEmpty && candle.volume === 0) continue;
    bookWasEmpty = empty;
    scheduler.at(candle.endTs, async () => {
      const ts = candle.endTs;
      if (close !== null && candle.volume > 0) {
        stats.trades += 1;
        await bus.publish({
          type: 'Trade',
          id: ids.next(),
          ts: clock.now(),
          instrumentId,
          venue: 'kalshi',
          price: (close * CENT) as Micros,
          qty: (candle.volume * 100) as Centis,
          takerSide,
          venueTs: ts,
        });
      }
      stats.books += 1;
      await bus.publish({
        type: 'BookSnapshot',
        id: ids.next(),
        ts: clock.now(),
        instrumentId,
        venue: 'kalshi',
        bids: book.bids,
        asks: book.asks,
        venueTs: ts,
      });
    });
  }
  const lastTs = series.candles[series.candles.length - 1]!.endTs;
  scheduler.at(lastTs, async () => {
    const byTrade = settlementFromLastTrade(series);
    const given = options.resultFor?.(series) ?? null;
    if (given !== null && byTrade !== null && given !== byTrade) stats.resultDisagreements += 1;
    const result = given ?? byTrade;
    await bus.publish({ type: 'MarketClosed', id: ids.next(), ts: clock.now(), instrumentId });
    if (result === null) {
      stats.unsettled += 1;
      return;
    }
    stats.settled += 1;
    await bus.publish({
      type: 'MarketSettled',
      id: ids.next(),
      ts: clock.now(),
      instrumentId,
      venue: 'kalshi',
      result,
    });
  });
}
