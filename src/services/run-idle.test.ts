/** --until-idle: idle only once every game taken on is final and settled and none starts soon. */
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { KALSHI_SPORTS_FEES } from '../core/fees.js';
import { asEventId, asGameId, asInstrumentId, type GameId } from '../core/ids.js';
import { outcomeIdFor } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import { watchRunIdle } from './run-idle.js';

const HOUR = 3_600_000;
const bus = () => new MemoryBus({ now: () => 0 });
let n = 0;
const id = () => {
  n += 1;
  return asEventId(`e${n}`);
};
const scheduled = (gameId: GameId, startTs: number) =>
  ({
    type: 'GameScheduled',
    id: id(),
    ts: 0,
    gameId,
    sport: 'nba',
    homeTeam: 'ORL',
    awayTeam: 'TOR',
    startTs,
    homeSpread: 0,
    season: 2024,
    week: 0,
    seasonType: 'REG',
  }) as const;
const mapped = (gameId: GameId, symbol: string) =>
  ({
    type: 'MarketMapped',
    id: id(),
    ts: 0,
    instrument: {
      instrumentId: asInstrumentId(`kalshi:${symbol}`),
      venue: 'kalshi',
      symbol,
      gameId,
      outcomeId: outcomeIdFor(gameId, 'home_win'),
      outcome: 'home_win',
      tickSize: 10_000 as Micros,
      fees: KALSHI_SPORTS_FEES,
      settlement: { includesOvertime: true, drawPossible: false, postponement: 'follows_rescheduled_game' },
      simulated: true,
    },
  }) as const;

describe('watchRunIdle', () => {
  it('waits for the final, then for the venue settlement, and for games starting within the horizon', async () => {
    const b = bus();
    const watch = watchRunIdle({ bus: b, horizonMs: 3 * HOUR, settleWaitMs: 6 * HOUR });
    const g1 = asGameId('g1');
    const g2 = asGameId('g2');
    await b.publish(scheduled(g1, 10 * HOUR));
    await b.publish(mapped(g1, 'A'));
    await b.publish(scheduled(g2, 30 * HOUR));
    await b.idle();
    expect(watch.state(9 * HOUR)).toMatchObject({ idle: false, gamesUpcoming: 2, gamesLive: 0 });
    expect(watch.state(11 * HOUR)).toMatchObject({ idle: false, gamesLive: 1 });
    await b.publish({
      type: 'GameFinal',
      id: id(),
      ts: 13 * HOUR,
      gameId: g1,
      homeScore: 100,
      awayScore: 90,
      winner: 'home',
    });
    await b.idle();
    // Final, but its market is not settled yet.
    expect(watch.state(13 * HOUR)).toMatchObject({ idle: false, awaitingSettlement: 1 });
    await b.publish({
      type: 'MarketSettled',
      id: id(),
      ts: 13 * HOUR,
      instrumentId: asInstrumentId('kalshi:A'),
      venue: 'kalshi',
      result: 'yes',
    });
    await b.idle();
    expect(watch.state(13 * HOUR)).toMatchObject({ idle: true, awaitingSettlement: 0, gamesUpcoming: 1 });
    // The next game comes within the horizon.
    expect(watch.state(28 * HOUR).idle).toBe(false);
  });

  it('stops waiting for a settlement that never comes, and reports the market', async () => {
    const b = bus();
    const watch = watchRunIdle({ bus: b, horizonMs: HOUR, settleWaitMs: 2 * HOUR });
    const g = asGameId('g');
    await b.publish(scheduled(g, 0));
    await b.publish(mapped(g, 'B'));
    await b.publish({
      type: 'GameFinal',
      id: id(),
      ts: 3 * HOUR,
      gameId: g,
      homeScore: 1,
      awayScore: 0,
      winner: 'home',
    });
    await b.idle();
    expect(watch.state(4 * HOUR).idle).toBe(false);
    expect(watch.state(5 * HOUR + 1)).toMatchObject({ idle: true, unsettled: ['kalshi:B'] });
  });
});
