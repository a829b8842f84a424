/**
 * A backtest on real-price markets (ARBEES_REAL_PRICES): the bundled NBA game replayed through
 * the whole pipeline with its Kalshi market quoted from 1-minute candles instead of the simulated
 * makers. The candles here are a fixture made from ESPN's own win probability for that game (no
 * real market prices exist for it); what is tested is the plumbing: the strategy trades the
 * candle books, every fill lies inside its minute's traded range, the market settles from its
 * last candle, and the report does not call the markets simulated.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FillReceived } from '../src/core/events.js';
import { replayInMemory } from './support/replay-run.js';

const TICKER = 'KXNBAGAME-24MAR17TORORL-ORL';

/** Candles per minute of wall-clock time from the bundled plays' ESPN home win probability. */
function candleFixture(dir: string): { file: string; minutes: Map<number, { low: number; high: number }> } {
  const rows = readFileSync('data/nba/plays.csv', 'utf8').trim().split('\n').slice(1);
  const byMinute = new Map<number, number[]>();
  for (const row of rows) {
    const cells = row.split(',');
    const ts = Date.parse(cells[6]!);
    const end = Math.ceil((ts + 1) / 60_000) * 60; // unix seconds of the minute's end
    const cents = Math.min(98, Math.max(2, Math.round(Number(cells[7]) * 100)));
    byMinute.set(end, [...(byMinute.get(end) ?? []), cents]);
  }
  const lines = ['game_id,ticker,timestamp,datetime,open,high,low,close,volume'];
  const minutes = new Map<number, { low: number; high: number }>();
  let last = 0;
  for (const [end, cents] of [...byMinute].sort((a, b) => a[0] - b[0])) {
    const high = Math.min(99, Math.max(...cents) + 2);
    const low = Math.max(1, Math.min(...cents) - 2);
    const close = cents.at(-1)!;
    lines.push(`1,${TICKER},${end},x,${cents[0]},${high},${low},${close},400`);
    minutes.set(end * 1000, { low, high });
    last = end;
  }
  lines.push(`1,${TICKER},${last + 600},x,99,99,99,99,50`);
  minutes.set((last + 600) * 1000, { low: 99, high: 99 });
  const file = join(dir, 'tor-orl.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  writeFileSync(
    join(dir, 'tor-orl_index.csv'),
    `game_id,game_date_local,away,home,ticker,contract_team,contract_is_home\n1,2024-03-17,TOR,ORL,${TICKER},ORL,1\n`,
  );
  return { file, minutes };
}

describe('backtest on real-price markets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arbees-real-prices-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trades the candle books through the whole pipeline and settles from the last candle', async () => {
    const { file, minutes } = candleFixture(dir);
    const { result, events } = await replayInMemory({
      runId: 'real-prices',
      gameIds: ['nba'],
      mode: 'backtest',
      env: { ARBEES_REAL_PRICES: file, ARBEES_REAL_PRICES_HALF_SPREAD: '1' },
      keep: (e) => e.type === 'FillReceived' || e.type === 'MarketSettled' || e.type === 'MarketMapped',
    });
    const r = result.report;
    expect(result.completed).toBe(true);
    expect(r.simulatedMarkets).toBe(false);
    const mapped = events.filter((e) => e.type === 'MarketMapped');
    expect(mapped.map((e) => e.type === 'MarketMapped' && e.instrument.instrumentId)).toEqual([
      `kalshi:${TICKER}`,
    ]);
    const fills = events.filter((e): e is FillReceived => e.type === 'FillReceived');
    expect(fills.length).toBeGreaterThan(0);
    const ends = [...minutes.keys()].sort((a, b) => a - b);
    for (const f of fills) {
      // The book a fill met was the one published at the last minute's end at or before it.
      const end = ends.filter((t) => t <= f.ts).at(-1)!;
      const { low, high } = minutes.get(end)!;
      const yes = f.side === 'yes' ? f.price : 1_000_000 - f.price;
      expect(yes).toBeGreaterThanOrEqual(low * 10_000);
      expect(yes).toBeLessThanOrEqual(high * 10_000);
    }
    const settled = events.find((e) => e.type === 'MarketSettled');
    expect(settled?.type === 'MarketSettled' && settled.result).toBe('yes');
    expect(r.positions.stillOpen).toBe(0);
    expect(r.ledger.imbalanceMicros).toBe(0);
  }, 300_000);

  it('refuses real prices outside a backtest, naming the setting', async () => {
    const { file } = candleFixture(dir);
    await expect(
      replayInMemory({
        runId: 'real-prices-replay',
        gameIds: ['nba'],
        mode: 'replay',
        env: { ARBEES_REAL_PRICES: file },
      }),
    ).rejects.toThrow(/ARBEES_REAL_PRICES: .*--mode backtest only/);
  });
});
