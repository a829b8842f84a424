/**
 * Two leagues in one run, as the default run has them: an NFL game of 2021 and the NBA game of
 * 2024, both fed through the simulated ESPN API over HTTP and traded on simulated markets, each
 * with its own sport's model. The report has a line per league, and for the NBA game our win
 * probability beside ESPN's.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { asRunId } from '../src/core/ids.js';
import { loadNbaBundle } from '../src/feeds/replay/nba-bundle.js';
import { loadNflBundle, selectGames } from '../src/feeds/replay/nfl-bundle.js';
import { createLogger } from '../src/services/logger.js';
import { runOneProcess } from '../src/services/one-process.js';
import { openStore } from '../src/store/open.js';

describe('one-process run over two leagues', () => {
  it('trades an NFL and an NBA game through the ESPN feed and reports each league', async () => {
    const config = loadConfig({ env: { ARBEES_FEED: 'espn-http' }, envFile: null });
    const all = [...loadNflBundle('data/nfl'), ...loadNbaBundle('data/nba')];
    const games = selectGames(all, { gameIds: ['2020_21_KC_TB', 'nba'] });
    expect(games.map((g) => g.info.gameId)).toEqual(['2020_21_KC_TB', 'nba_20240317_TOR_ORL']);
    const lines: string[] = [];
    const store = await openStore({ pglite: 'memory' });
    try {
      const result = await runOneProcess({
        config,
        games,
        store,
        runId: asRunId('two-leagues'),
        mode: 'backtest',
        log: createLogger({ level: 'info', write: (line) => lines.push(line) }),
        sleep: async () => {
          throw new Error('a backtest never sleeps');
        },
      });
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
      expect(await store.countRows('games', asRunId('two-leagues'))).toBe(2);
    } finally {
      await store.close();
    }
  }, 300_000);
});
