import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { SimulatedClock } from '../../core/clock.js';
import type { ArbeesEvent } from '../../core/events.js';
import { Timeline } from '../../feeds/replay/timeline.js';
import { type CandleSeries, lastTradedClose } from './candles.js';
import { loadMarketPrices } from './load.js';
import { startRealPriceSource } from './price-source.js';

const DIR = join(process.cwd(), '..', 'shared', 'data', 'market-prices');
const FILE = join(DIR, 'kalshi_nba_game_1min_candles_2025-04-19_to_2025-12-01.csv.gz');

async function replay(series: ReturnType<typeof loadMarketPrices>['series']) {
  const clock = new SimulatedClock(0);
  const timeline = new Timeline(clock);
  const bus = new MemoryBus();
  const seen: ArbeesEvent[] = [];
  bus.subscribe({
    group: 't',
    consumer: 't-1',
    topics: ['markets', 'md'],
    handler: async (e) => void seen.push(e),
  });
  const stats = startRealPriceSource({
    bus,
    scheduler: timeline,
    clock,
    series,
    book: { halfSpreadCents: 1, volumeShare: 1 },
  });
  await timeline.run({ speed: null, sleep: async () => {}, wallNow: () => 0, afterTask: () => bus.idle() });
  await bus.idle();
  return { seen, stats };
}

describe.skipIf(!existsSync(FILE))('real-price source on the shared Kalshi NBA candles', () => {
  const loaded = existsSync(FILE) ? loadMarketPrices(FILE) : null;

  it('reads every game of the shared file with no bad row', () => {
    expect(loaded!.errors).toEqual([]);
    expect(loaded!.series).toHaveLength(388);
    expect(loaded!.rowsRead).toBe(512_794);
    expect(loaded!.series.every((s) => s.index !== null)).toBe(true);
  });

  it('settles each game as its last candle says: 99 YES, 1 NO, checked against known results', async () => {
    const pick = (ticker: string) => loaded!.series.find((s) => s.ticker === ticker)!;
    // README: HOU@OKC 2025-10-21, OKC won in 2OT; MIA@CLE 2025-04-20, MIA lost.
    const okc = pick('KXNBAGAME-25OCT21HOUOKC-OKC');
    const mia = loaded!.series.find((s) => s.index?.dateLocal === '2025-04-20' && s.index.away === 'MIA')!;
    const { seen, stats } = await replay([okc, mia]);
    const settled = new Map(
      seen.flatMap((e) =>
        e.type === 'MarketSettled' ? [[e.instrumentId as string, e.result] as const] : [],
      ),
    );
    expect(settled.get(`kalshi:${okc.ticker}`)).toBe('yes');
    expect(settled.get(`kalshi:${mia.ticker}`)).toBe(mia.index!.contractTeam === 'MIA' ? 'no' : 'yes');
    expect(stats).toMatchObject({ instruments: 2, settled: 2, unsettled: 0 });
    // Named as the bundled NBA games are, so game states brought for it share the game id.
    const mapped = seen.find((e) => e.type === 'MarketMapped' && e.instrument.symbol === okc.ticker);
    expect(mapped?.type === 'MarketMapped' && mapped.instrument).toMatchObject({
      gameId: 'nba_20251021_HOU_OKC',
      outcome: 'home_win',
      venue: 'kalshi',
      simulated: false,
    });
    // Every event is stamped at its candle's end, never before: the timeline is wall-clock time.
    const books = seen.filter((e) => e.type === 'BookSnapshot');
    expect(books.length).toBeGreaterThan(300);
    for (const b of books) expect(b.ts).toBe(b.venueTs);
    // The last trade settles it, and happens before (or with) the settlement.
    const settledAt = seen.find((e) => e.type === 'MarketSettled')!.ts;
    expect(settledAt).toBe(Math.min(mia.candles.at(-1)!.endTs, okc.candles.at(-1)!.endTs));
  });

  it('settles all 388 markets, and every book it publishes lies inside its minute', async () => {
    const { seen, stats } = await replay(loaded!.series.slice(0, 388));
    expect(stats.settled).toBe(388);
    expect(stats.unsettled).toBe(0);
    const results = new Map<string, string>();
    const minutes = new Map(
      loaded!.series.map((s) => [`kalshi:${s.ticker}`, new Map(s.candles.map((c) => [c.endTs, c]))]),
    );
    let levels = 0;
    let outside = 0;
    let overVolume = 0;
    for (const e of seen) {
      if (e.type === 'MarketSettled') results.set(e.instrumentId, e.result);
      if (e.type !== 'BookSnapshot') continue;
      const c = minutes.get(e.instrumentId)!.get(e.venueTs)!;
      let qty = 0;
      for (const l of [...e.bids, ...e.asks]) {
        if (l.price < c.low! * 10_000 || l.price > c.high! * 10_000) outside += 1;
        qty += l.qty;
        levels += 1;
      }
      if (qty > c.volume * 100) overVolume += 1;
    }
    expect({ outside, overVolume }).toEqual({ outside: 0, overVolume: 0 });
    // With a 1-cent half-spread about a sixth of the traded minutes' sides are quotable.
    expect(levels).toBeGreaterThan(50_000);
    for (const s of loaded!.series)
      expect(results.get(`kalshi:${s.ticker}`)).toBe(lastTradedClose(s) === 99 ? 'yes' : 'no');
  });
});

describe('real-price source on the replay timeline', () => {
  it("interleaves with game states by wall-clock time: a play between two candles' ends falls between their books", async () => {
    const t0 = 1_761_000_000_000;
    const candles = [50, 55, 99].map((c, i) => ({
      gameId: '1',
      ticker: 'KXNBAGAME-25OCT21HOUOKC-OKC',
      endTs: t0 + i * 60_000,
      open: c,
      high: c,
      low: c,
      close: c,
      volume: 5,
    }));
    const series: CandleSeries = { gameId: '1', ticker: candles[0]!.ticker, candles, index: null };
    const clock = new SimulatedClock(0);
    const timeline = new Timeline(clock);
    const bus = new MemoryBus();
    const order: string[] = [];
    bus.subscribe({
      group: 't',
      consumer: 't-1',
      topics: ['games', 'md', 'markets'],
      handler: async (e) => {
        if (e.type === 'BookSnapshot') order.push(`book@${(e.venueTs - t0) / 1000}`);
        if (e.type === 'GameFinal') order.push(`play@${(e.ts - t0) / 1000}`);
        if (e.type === 'MarketSettled') order.push(`settled:${e.result}`);
      },
    });
    startRealPriceSource({
      bus,
      scheduler: timeline,
      clock,
      series: [series],
      book: { halfSpreadCents: 1, volumeShare: 1 },
    });
    // A game event stamped 30 s into the second minute, as a replayed ESPN play would be.
    const playTs = t0 + 90_000;
    timeline.at(playTs, async () => {
      await bus.publish({
        type: 'GameFinal',
        id: 'g:1' as never,
        ts: playTs,
        gameId: 'g' as never,
        homeScore: 1,
        awayScore: 0,
        winner: 'home',
      });
    });
    await timeline.run({ speed: null, sleep: async () => {}, wallNow: () => 0, afterTask: () => bus.idle() });
    expect(order).toEqual(['book@0', 'book@60', 'play@90', 'book@120', 'settled:yes']);
  });
});
