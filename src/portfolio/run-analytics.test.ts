import { describe, expect, it } from 'vitest';
import type { ArbeesEvent } from '../core/events.js';
import type { EventId, GameId, InstrumentId } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import { createWinProbabilityModels } from '../sports/models.js';
import { RunAnalytics } from './run-analytics.js';

const DAY = 86_400_000;
const START = Date.UTC(2021, 0, 3, 18);
let seq = 0;
const id = () => `e${++seq}` as EventId;

const scheduled = (gameId: string, startTs: number): ArbeesEvent => ({
  type: 'GameScheduled',
  id: id(),
  ts: startTs - 3600_000,
  gameId: gameId as GameId,
  sport: 'nfl',
  homeTeam: 'BUF',
  awayTeam: 'MIA',
  startTs,
  homeSpread: 0,
  season: 2020,
  week: 17,
  seasonType: 'REG',
});

const final = (gameId: string, ts: number): ArbeesEvent => ({
  type: 'GameFinal',
  id: id(),
  ts,
  gameId: gameId as GameId,
  homeScore: 20,
  awayScore: 10,
  winner: 'home',
});

/** A position on the game's instrument opened, then closed with `pnl` gained over its life. */
function position(gameId: string, instrument: string, realizedBefore: number, pnl: number, ts: number) {
  const base = {
    type: 'PositionChanged' as const,
    instrumentId: instrument as InstrumentId,
    venue: 'kalshi' as const,
    gameId: gameId as GameId,
    side: 'yes' as const,
    costBasis: 0 as Micros,
  };
  return [
    { ...base, id: id(), ts, qty: 100 as Centis, realizedPnl: realizedBefore as Micros },
    { ...base, id: id(), ts: ts + 1, qty: 0 as Centis, realizedPnl: (realizedBefore + pnl) as Micros },
  ] satisfies ArbeesEvent[];
}

describe('RunAnalytics: the games behind the intervals', () => {
  it('resamples final games (untraded ones at zero) with their positions, seeded by the run', () => {
    const analytics = new RunAnalytics({
      mode: 'backtest',
      startingBankroll: 10_000_000_000 as Micros,
      models: createWinProbabilityModels(),
      seed: 42,
    });
    const events: ArbeesEvent[] = [
      scheduled('A', START),
      scheduled('B', START),
      scheduled('C', START + DAY),
      ...position('A', 'KX-A', 0, 4_000_000, START + 1000),
      ...position('A', 'KX-A', 4_000_000, -1_000_000, START + 2000),
      ...position('C', 'KX-C', 0, 2_500_000, START + DAY + 1000),
      final('A', START + 4 * 3600_000),
      final('B', START + 4 * 3600_000),
    ];
    for (const e of events) analytics.on(e);
    const s = analytics.report().statistics!;
    // C is traded but not final yet: it counts; B is final and untraded: it counts at zero.
    expect(s.games).toBe(3);
    expect(s.gamesTraded).toBe(2);
    expect(s.days).toBe(2);
    expect(s.pnlAfterFeesMicros.value).toBe(5_500_000);
    expect(s.winRatePct.value).toBe(66.7);
    expect(s.seed).toBe(42);
    // Reports are asked for often: the same figures come back until something changes them.
    expect(analytics.report().statistics).toBe(s);
    analytics.on(final('C', START + DAY + 4 * 3600_000));
    expect(analytics.report().statistics).not.toBe(s);
    expect(analytics.report().statistics).toEqual(s);
  });
});
