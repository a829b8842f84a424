/**
 * The real-price source feeding the paper venue a backtest trades on: a taker buying YES at every
 * minute of a real game (HOU at OKC, 2025-10-21) fills only at prices that minute traded, never
 * more than its share of the minute's volume, pays Kalshi's taker fee, and is paid $1 a contract
 * when the market settles YES.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { SimulatedClock } from '../../core/clock.js';
import { KALSHI_SPORTS_FEES, tradeFee } from '../../core/fees.js';
import type { Centis, Micros } from '../../core/money.js';
import { Timeline } from '../../feeds/replay/timeline.js';
import { PaperVenue } from '../../venues/paper/paper-venue.js';
import { paperIntent } from '../../venues/paper/testing.js';
import { loadMarketPrices } from './load.js';
import { startRealPriceSource } from './price-source.js';

const FILE = join(
  process.cwd(),
  '..',
  'shared',
  'data',
  'market-prices',
  'kalshi_nba_game_1min_candles_2025-04-19_to_2025-12-01.csv.gz',
);

describe.skipIf(!existsSync(FILE))('paper fills on real prices', () => {
  it('fills within each minute’s traded range and volume, with Kalshi fees, and settles YES at $1', async () => {
    const okc = loadMarketPrices(FILE).series.find((s) => s.ticker === 'KXNBAGAME-25OCT21HOUOKC-OKC')!;
    const byMinute = new Map(okc.candles.map((c) => [c.endTs, c]));
    const clock = new SimulatedClock(0);
    const timeline = new Timeline(clock);
    const bus = new MemoryBus();
    const START = 1_000_000_000_000 as Micros;
    const venue = new PaperVenue({ venue: 'kalshi', clock, startingBalance: START });
    let n = 0;
    let spent = 0;
    let fees = 0;
    let bought = 0;
    let outside = 0;
    let overVolume = 0;
    bus.subscribe({
      group: 'paper',
      consumer: 'paper-1',
      topics: ['markets', 'md'],
      handler: async (e) => {
        if (e.type === 'MarketMapped') venue.addInstrument(e.instrument);
        if (e.type === 'MarketSettled') await venue.settle(e.instrumentId, e.result);
        if (e.type !== 'BookSnapshot') return;
        venue.onBook(e);
        const minute = byMinute.get(e.venueTs)!;
        let minuteQty = 0;
        // Two orders per minute, each larger than the minute could give, at any price.
        for (let k = 0; k < 2; k++) {
          n += 1;
          const out = await venue.submit(
            paperIntent({
              clientOrderId: `o${n}`,
              instrumentId: e.instrumentId,
              qty: 5_000_000 as Centis,
              limitPrice: 990_000 as Micros,
            }),
          );
          if (out.kind !== 'accepted') continue;
          for (const f of out.report.fills) {
            if (f.price < minute.low! * 10_000 || f.price > minute.high! * 10_000) outside += 1;
            expect(f.fee).toBe(
              tradeFee({ schedule: KALSHI_SPORTS_FEES, price: f.price, qty: f.qty, liquidity: 'taker' }),
            );
            minuteQty += f.qty;
            spent += Math.round((f.price * f.qty) / 100);
            fees += f.fee;
            bought += f.qty;
          }
        }
        if (minuteQty > minute.volume * 100) overVolume += 1;
      },
    });
    startRealPriceSource({
      bus,
      scheduler: timeline,
      clock,
      series: [okc],
      book: { halfSpreadCents: 1, volumeShare: 0.5 },
    });
    await timeline.run({ speed: null, sleep: async () => {}, wallNow: () => 0, afterTask: () => bus.idle() });
    await bus.idle();
    expect({ outside, overVolume }).toEqual({ outside: 0, overVolume: 0 });
    expect(bought).toBeGreaterThan(0);
    // Settled YES: each contract bought pays $1 (qty in centi-contracts: 10_000 micros each).
    expect(await venue.positions()).toEqual([]);
    expect(await venue.balance()).toBe(START - spent - fees + bought * 10_000);
  });
});
