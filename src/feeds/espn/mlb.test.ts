/** The four real MLB event snapshots of 2023 ALDS HOU @ MIN (one event each, as saved by devvit). */
import { describe, expect, it } from 'vitest';
import { inningHalfFromDetail } from './baseball.js';
import { parseScoreboardEvent } from './scoreboard.js';
import { REAL_FILES, readEspnJson } from './testing/fixtures.js';

const base = { sport: 'mlb', homeScore: 0, awayScore: 0 } as const;

describe('parseScoreboardEvent: MLB snapshots', () => {
  it.each([
    [
      REAL_FILES.mlb1,
      {
        ...base,
        status: 'in',
        inning: 1,
        half: 'top',
        balls: 2,
        strikes: 1,
        outs: 0,
        onFirst: true,
        onSecond: false,
        onThird: false,
      },
    ],
    [
      REAL_FILES.mlb2,
      {
        ...base,
        awayScore: 5,
        status: 'in',
        inning: 5,
        half: 'bottom',
        balls: 3,
        strikes: 1,
        outs: 1,
        onFirst: true,
        onSecond: true,
        onThird: false,
      },
    ],
    [
      // "Jeffers struck out looking": the count still shows the third strike.
      REAL_FILES.mlb3,
      {
        ...base,
        homeScore: 1,
        awayScore: 9,
        status: 'in',
        inning: 9,
        half: 'bottom',
        balls: 1,
        strikes: 3,
        outs: 2,
        onFirst: false,
        onSecond: true,
        onThird: true,
      },
    ],
    [
      // Final: no situation any more.
      REAL_FILES.mlb4,
      {
        ...base,
        homeScore: 1,
        awayScore: 9,
        status: 'post',
        inning: 9,
        half: null,
        balls: null,
        strikes: null,
        outs: null,
        onFirst: null,
        onSecond: null,
        onThird: null,
      },
    ],
  ])('%s', (file, expected) => {
    const result = parseScoreboardEvent(readEspnJson(file), 'mlb');
    expect(result.problems).toEqual([]);
    expect(result.games).toHaveLength(1);
    const game = result.games[0]!;
    expect(game.state).toEqual({ ...expected, gameId: `espn:mlb:${game.espnId}` });
    expect(game.homeTeam).toEqual({
      id: '9',
      abbreviation: 'MIN',
      name: 'Minnesota Twins',
      shortName: 'Twins',
    });
    expect(game.awayTeam).toEqual({
      id: '18',
      abbreviation: 'HOU',
      name: 'Houston Astros',
      shortName: 'Astros',
    });
    expect(game.startTs).toBe(Date.UTC(2023, 9, 10, 20, 7));
    // devvit replaced the top-level id; the parser keeps what the payload says.
    expect(game.espnId).toMatch(/^demo-mlb-0\d$/);
  });

  it('reads the half of the inning from every form of ESPN status text', () => {
    expect(inningHalfFromDetail('Top 1st')).toBe('top');
    expect(inningHalfFromDetail('Bottom 5th')).toBe('bottom');
    expect(inningHalfFromDetail('Bot 5th')).toBe('bottom');
    expect(inningHalfFromDetail('Mid 7th')).toBe('middle');
    expect(inningHalfFromDetail('Middle 7th')).toBe('middle');
    expect(inningHalfFromDetail('End 9th')).toBe('end');
    expect(inningHalfFromDetail('Rain Delay')).toBeNull();
    expect(inningHalfFromDetail('Topeka')).toBeNull();
    expect(inningHalfFromDetail(null)).toBeNull();
  });
});
