import { describe, expect, it } from 'vitest';
import type { CandleSeries, MinuteCandle } from './candles.js';
import { gamePath, MINUTE_MS, minuteBeforeDecided } from './game-paths.js';
import { marketPriceReport } from './market-report.js';

const T0 = 1_760_000_000_000;

/** A series from closes per minute (null: no trade that minute). */
function series(ticker: string, closes: readonly (number | null)[]): CandleSeries {
  const candles: MinuteCandle[] = closes.map((c, i) => ({
    gameId: ticker,
    ticker,
    endTs: T0 + i * MINUTE_MS,
    open: c,
    high: c === null ? null : Math.min(99, c + 1),
    low: c === null ? null : Math.max(1, c - 1),
    close: c,
    volume: c === null ? 0 : 10,
  }));
  return { gameId: ticker, ticker, candles, index: null };
}

describe('game paths', () => {
  it('carries the last trade forward and finds the minute the market decided', () => {
    // Trades 60, nothing, 96, 98, 95 (back off the winner's side), 97, nothing, 99.
    const path = gamePath(series('A', [60, null, 96, 98, 95, 97, null, 99]))!;
    expect(Array.from(path.price)).toEqual([60, 60, 96, 98, 95, 97, 97, 99]);
    expect(path.outcome).toBe(1);
    expect((path.decidedTs - T0) / MINUTE_MS).toBe(5);
    expect(minuteBeforeDecided(path, 5)).toBe(0);
    expect(minuteBeforeDecided(path, 6)).toBe(-1);
  });

  it('reads a NO from a last trade at 1 and leaves a market not settled at 99 or 1 out', () => {
    expect(gamePath(series('B', [40, 10, 2, 1]))!.outcome).toBe(0);
    expect(gamePath(series('C', [40, 50]))).toBeNull();
  });
});

describe('market price report', () => {
  it('scores the price against the result, and measures moves and convergence by phase', () => {
    // Two games, 200 minutes each: one drifts from 50 up to 99 (YES), the other mirrors it (NO).
    const up = Array.from({ length: 200 }, (_, i) => Math.min(99, 50 + Math.floor(i / 4)));
    const down = up.map((c) => 100 - c);
    const paths = [gamePath(series('UP', up))!, gamePath(series('DOWN', down))!];
    const r = marketPriceReport(paths, 0, { bootstrapDraws: 50, seed: 1 });
    expect(r.games).toBe(2);
    // Each game is decided at its first 97 (minute 188); the in-game rows are minutes 38-187.
    let sse = 0;
    for (let i = 38; i <= 187; i++) sse += (1 - up[i]! / 100) ** 2;
    expect(r.brierInGame.value).toBeCloseTo(sse / 150, 10);
    expect(r.brierInGame.interval).not.toBeNull();
    // Middle: minutes 100-51 before decided, i.e. 88-137; the price rises a cent every four minutes.
    let moved = 0;
    for (let i = 88; i <= 137; i++) moved += up[i]! - up[i - 1]!;
    const middle = r.movement.find((m) => m.phase.startsWith('middle'))!;
    expect(middle.minutes).toBe(50 * 2);
    expect(middle.meanAbsMoveCents.value).toBeCloseTo(moved / 50, 10);
    const oneBefore = r.convergence.find((c) => c.minutesBefore === 1)!;
    expect(oneBefore.meanDistanceCents.value).toBe(100 - up[187]!);
    expect(oneBefore.favouredWinner.value).toBe(1);
    // Each traded minute's range is 2 c: a 1 c half-spread is reachable on both sides but at the edges.
    expect(r.cost.medianRangeCents).toBe(2);
    expect(r.cost.byHalfSpread[0]!.askQuotableShare).toBeGreaterThan(0.9);
    expect(r.cost.byHalfSpread[1]!.askQuotableShare).toBe(0);
    expect(r.cost.meanTakerFeeMicros).toBeGreaterThan(0);
  });
});
