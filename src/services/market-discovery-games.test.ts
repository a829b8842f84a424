/**
 * The feed's games of some days as the poller announces them, from a stand-in ESPN client
 * answering the real 2024 NBA scoreboard and synthetic events: games without a line are announced
 * all the same, a game on two days' boards once, an unreadable event is a feed problem, and a
 * scoreboard that fails or is not one is named while the others are read.
 */
import { describe, expect, it } from 'vitest';
import type { EspnFeedClient, EspnFetchOutcome } from '../feeds/espn/client.js';
import type { EspnLeague } from '../feeds/espn/leagues.js';
import { REAL_FILES, readEspnJson, scoreboardOf, syntheticEvent } from '../feeds/espn/testing/fixtures.js';
import { readFeedGames } from './market-discovery-games.js';

const ok = (body: unknown): EspnFetchOutcome => ({ kind: 'ok', body });

function client(answers: Record<string, EspnFetchOutcome>): EspnFeedClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async scoreboard(league: EspnLeague, opts?: { readonly dates?: string }) {
      const key = `${league} ${opts?.dates ?? ''}`;
      asked.push(key);
      return answers[key] ?? ok(scoreboardOf([]));
    },
    async summary() {
      throw new Error('not asked for summaries');
    },
  };
}

describe('readFeedGames', () => {
  it('announces every game of the days read, as the poller would, and names what failed', async () => {
    const pre = syntheticEvent({
      id: '777',
      state: 'pre',
      date: '2025-01-06T00:30Z',
      home: { id: '2', abbreviation: 'BOS' },
      away: { id: '18', abbreviation: 'NY' },
    });
    const junk = { id: '778', competitions: [{ competitors: 'none' }] };
    const c = client({
      'nba 20240129': ok(readEspnJson(REAL_FILES.nbaPost2024)),
      'nba 20250105': ok(scoreboardOf([pre, junk])),
      // The same game again on the next day's board (a late game ESPN shows on both).
      'nba 20250106': ok(scoreboardOf([pre])),
      'nba 20250107': {
        kind: 'failed',
        failure: { kind: 'http-5xx', status: 503, message: 'server error 503' },
      },
      'nfl 20250105': ok({ not: 'a scoreboard' }),
    });
    const failures: string[] = [];
    const read = await readFeedGames({
      client: c,
      leagues: ['nba', 'nfl'],
      days: ['20240129', '20250105', '20250106', '20250107'],
      now: Date.parse('2025-01-05T12:00Z'),
      onEndpointFailure: (endpoint, problem) => failures.push(`${endpoint}: ${problem}`),
    });
    expect(c.asked).toHaveLength(8);
    expect(failures).toEqual([
      'espn GET nba scoreboard?dates=20250107: server error 503',
      expect.stringMatching(/^espn GET nfl scoreboard\?dates=20250105: not an ESPN scoreboard/),
    ]);
    // The real board's 12 finals, and the game without a line once.
    expect(read.games).toHaveLength(13);
    const finals = read.games.filter((g) => g.state === 'post');
    expect(finals).toHaveLength(12);
    expect(finals.every((g) => g.completed)).toBe(true);
    expect(finals[0]?.scheduled).toMatchObject({
      type: 'GameScheduled',
      gameId: 'espn:nba:401585285',
      league: 'nba',
      teams: { home: { abbreviation: expect.any(String), name: expect.any(String) } },
    });
    const upcoming = read.games.find((g) => g.state === 'pre');
    expect(upcoming).toMatchObject({
      completed: false,
      scheduled: {
        gameId: 'espn:nba:777',
        homeTeam: 'BOS',
        awayTeam: 'NY',
        startTs: Date.parse('2025-01-06T00:30Z'),
        homeSpread: 0,
      },
    });
    expect(read.problems).toEqual([
      { gameId: 'espn:nba:778', problem: expect.stringMatching(/^ESPN nba 20250105 events\[1\]/) },
    ]);
  });
});
