/**
 * Two leagues in one run, as the default run has them: an NFL game of 2021 and the NBA game of
 * 2024, both fed through the simulated ESPN API over HTTP and traded on simulated markets, each
 * with its own sport's model. The report has a line per league, and for the NBA game our win
 * probability beside ESPN's.
 */
import { describe, expect, it } from 'vitest';
import { replayInMemory } from './support/replay-run.js';

describe('one-process run over two leagues', () => {
  it('trades an NFL and an NBA game through the ESPN feed and reports each league', async () => {
    const { result, lines, gameIds, inspected } = await replayInMemory({
      runId: 'two-leagues',
      gameIds: ['2020_21_KC_TB', 'nba'],
      mode: 'backtest',
      env: { ARBEES_FEED: 'espn-http' },
      logLevel: 'info',
      inspect: (store, id) => store.countRows('games', id),
    });
    expect(gameIds).toEqual(['2020_21_KC_TB', 'nba_20240317_TOR_ORL']);
    const r = result.report;
    expect(result.completed).toBe(true);
    expect(r.games).toMatchObject({ replayed: 2, final: 2 });
    expect(r.ledger.imbalanceMicros).toBe(0);
    expect(r.positions.stillOpen).toBe(0);
    const byLeague = Object.fromEntries(r.leagues.map((l) => [l.league, l]));
    expect(Object.keys(byLeague)).toEqual(['nba', 'nfl']);
    const nba = byLeague.nba!;
    expect(nba).toMatchObject({ games: 1, final: 1 });
    expect(nba.fills).toBeGreaterThan(0);
    expect(nba.model.plays).toBeGreaterThan(200);
    expect(nba.model.brier).toBeLessThan(0.1);
    expect(nba.espn?.plays).toBe(nba.model.plays);
    expect(nba.espn?.meanAbsDifference).toBeLessThan(0.1);
    expect(byLeague.nfl).toMatchObject({ games: 1, final: 1 });
    expect(byLeague.nfl!.espn).toBeUndefined();
    // Per-league lines add up to the run's totals.
    expect(nba.fills + byLeague.nfl!.fills).toBe(r.fills.count);
    expect(nba.realizedAfterFeesMicros + byLeague.nfl!.realizedAfterFeesMicros).toBe(
      r.pnl.realizedAfterFeesMicros,
    );
    // Both leagues went through the HTTP feed, each with its own poller.
    expect(lines.some((l) => /game feed: nba \d+ scoreboard/.test(l))).toBe(true);
    expect(lines.some((l) => /game feed: nfl \d+ scoreboard/.test(l))).toBe(true);
    expect(inspected).toBe(2);
  }, 300_000);
});
