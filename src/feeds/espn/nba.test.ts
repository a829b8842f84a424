/** The real NBA files: two post-game scoreboards and the TOR @ ORL summary with winprobability. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BasketballGameState } from '../../core/game-state.js';
import { parseClockText, secondsRemaining } from './clock.js';
import { ESPN_LEAGUES } from './leagues.js';
import { parseScoreboard } from './scoreboard.js';
import { parseSummary } from './summary.js';
import { type Json, parseCsv, REAL_FILES, readEspnJson } from './testing/fixtures.js';

const NBA_CSV = fileURLToPath(
  new URL('../../../../shared/data/nba/espn_nba_401585607_TOR-at-ORL_pbp_with_espn_wp.csv', import.meta.url),
);

describe.each([
  [REAL_FILES.nbaPost2024, 12],
  [REAL_FILES.nbaPost, 10],
])('parseScoreboard: %s', (file, count) => {
  const raw = readEspnJson(file) as Json;
  const result = parseScoreboard(raw, 'nba');

  it(`reads all ${count} final games with their scores, without problems`, () => {
    expect(result.problems).toEqual([]);
    expect(result.games).toHaveLength(count);
    for (const [i, event] of raw.events.entries()) {
      const game = result.games[i]!;
      const state = game.state as BasketballGameState;
      const home = event.competitions[0].competitors.find((c: Json) => c.homeAway === 'home');
      const away = event.competitions[0].competitors.find((c: Json) => c.homeAway === 'away');
      expect(game.espnId).toBe(event.id);
      expect(game.homeTeam.abbreviation).toBe(home.team.abbreviation);
      expect(state).toMatchObject({
        sport: 'nba',
        status: 'post',
        period: 4,
        clockSeconds: 0,
        gameSecondsRemaining: 0,
        homeScore: Number(home.score),
        awayScore: Number(away.score),
        possession: null,
      });
      // ESPN's winner flag and the parsed score agree (no ties in basketball).
      expect(state.homeScore > state.awayScore).toBe(home.winner);
      expect(game.espnStatus).toEqual({ name: 'STATUS_FINAL', detail: 'Final', completed: true });
    }
  });
});

describe('parseSummary: NBA 401585607, TOR @ ORL, 2024-03-17', () => {
  const result = parseSummary(readEspnJson(REAL_FILES.nbaSummary), 'nba');
  const rows = parseCsv(readFileSync(NBA_CSV, 'utf8'));

  it('reads the final game from the header, without problems', () => {
    expect(result.problems).toEqual([]);
    expect(result.games).toHaveLength(1);
    const game = result.games[0]!;
    expect(game).toMatchObject({
      espnId: '401585607',
      league: 'nba',
      startTs: Date.UTC(2024, 2, 17, 22),
      homeTeam: { id: '19', abbreviation: 'ORL', name: 'Orlando Magic' },
      awayTeam: { id: '28', abbreviation: 'TOR', name: 'Toronto Raptors' },
      state: { sport: 'nba', status: 'post', period: 4, homeScore: 111, awayScore: 96 },
      // pickcenter and odds are empty in this file.
      odds: null,
      espnHomeWinProbability: 1,
    });
  });

  it('gives ESPN home win probability for each of the 450 plays, matching the flattened CSV row by row', () => {
    expect(rows).toHaveLength(450);
    expect(result.winProbability).toHaveLength(450);
    const clock = ESPN_LEAGUES.nba.clock;
    result.winProbability.forEach((p, i) => {
      const row = rows[i]!;
      expect(p.playId).toBe(row.play_id);
      expect(p.sequence).toBe(Number(row.sequence));
      expect(p.period).toBe(Number(row.period));
      expect(p.clockSeconds).toBe(parseClockText(row.clock!));
      expect(p.homeScore).toBe(Number(row.home_score));
      expect(p.awayScore).toBe(Number(row.away_score));
      expect(p.homeWinProbability).toBe(Number(row.espn_home_win_pct));
      expect(p.tieProbability).toBe(0);
      const left = secondsRemaining({
        clock,
        period: p.period!,
        clockSeconds: p.clockSeconds!,
        postseason: false,
      });
      expect(left).toBeCloseTo(Number(row.game_seconds_remaining_regulation), 6);
    });
  });

  it('orders the series by the plays, not by the winprobability array', () => {
    // The two arrays list the same 450 plays in different orders; plays is the game's order.
    const ids = result.winProbability.map((p) => p.playId);
    expect(ids[0]).toBe('4015856074');
    expect(ids[ids.length - 1]).toBe('401585607651');
    const first = result.winProbability[0]!;
    expect(first).toEqual({
      playId: '4015856074',
      sequence: 4,
      period: 1,
      clockSeconds: 720,
      homeScore: 0,
      awayScore: 0,
      homeWinProbability: 0.834,
      tieProbability: 0,
    });
  });
});
