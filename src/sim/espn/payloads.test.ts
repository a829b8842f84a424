/**
 * The simulated ESPN payloads against the real parsers: every play of a few bundled games goes
 * out as a scoreboard event and as a summary, and the parsers read back exactly the bundle's
 * state, with no problem reported; the shape follows ESPN's conventions.
 */
import { describe, expect, it } from 'vitest';
import type { GameState, NflGameState } from '../../core/game-state.js';
import { parseScoreboard } from '../../feeds/espn/scoreboard.js';
import { parseSummary } from '../../feeds/espn/summary.js';
import { loadNflBundle, selectGames } from '../../feeds/replay/nfl-bundle.js';
import { oddsOf, scoreboardEvent, scoreboardPayload, situationOf, summaryPayload } from './payloads.js';
import { ReplayEspnSchedule, type SimGame } from './replay-schedule.js';

// A Christmas game, an away favourite, a regular-season finale and the Super Bowl (postseason).
const GAMES = ['2020_16_MIN_NO', '2020_16_TB_DET', '2020_17_MIA_BUF', '2020_21_KC_TB'];
const schedule = new ReplayEspnSchedule(selectGames(loadNflBundle('data/nfl'), { gameIds: GAMES }));
// biome-ignore lint/suspicious/noExplicitAny: tests reach into raw payloads by known paths
type Json = any;

function expectedState(g: SimGame, state: GameState) {
  // The parser names ESPN games espn:<league>:<event id>; the poller maps them back.
  return { ...state, gameId: `espn:nfl:${g.espnId}` };
}

describe('simulated ESPN payloads read back by the parsers', () => {
  it.each(schedule.games.map((g) => [g.game.info.gameId, g] as const))(
    '%s: every play, through the scoreboard and the summary',
    (_id, g) => {
      let checked = 0;
      g.game.states.forEach((state, index) => {
        const phase = { status: 'in' as const, index, state };
        const board = parseScoreboard(scoreboardPayload([scoreboardEvent(g, phase)], g), 'nfl');
        const summary = parseSummary(summaryPayload(g, phase), 'nfl');
        expect(board.problems).toEqual([]);
        expect(summary.problems).toEqual([]);
        expect(board.games[0]!.state).toEqual(expectedState(g, state));
        expect(summary.games[0]!.state).toEqual(expectedState(g, state));
        checked += 1;
      });
      expect(checked).toBe(g.game.states.length);
      expect(checked).toBeGreaterThan(100);
    },
  );

  it('gives the schedule facts GameScheduled needs: teams, start, line, season, week', () => {
    for (const g of schedule.games) {
      const { info } = g.game;
      const board = parseScoreboard(scoreboardPayload([scoreboardEvent(g, { status: 'pre' })], g), 'nfl');
      const game = board.games[0]!;
      expect(game.state.status).toBe('pre');
      expect(game.homeTeam.abbreviation).toBe(info.homeTeam);
      expect(game.awayTeam.abbreviation).toBe(info.awayTeam);
      // ESPN dates carry minutes only; every bundled kick-off is on the minute.
      expect(game.startTs).toBe(info.kickoffTs);
      expect(game.odds?.homeSpread).toBe(info.homeSpread);
      expect(game).toMatchObject({ seasonYear: info.season, week: info.week });
      expect(game.seasonType).toBe(info.seasonType === 'POST' ? 3 : 2);
      const summary = parseSummary(
        summaryPayload(g, { status: 'in', index: 0, state: g.game.states[0]! }),
        'nfl',
      );
      expect(summary.games[0]!.odds?.homeSpread).toBe(info.homeSpread);
    }
  });

  it('reads a final game with its final score', () => {
    for (const g of schedule.games) {
      const board = parseScoreboard(scoreboardPayload([scoreboardEvent(g, { status: 'post' })], g), 'nfl');
      const game = board.games[0]!;
      expect(game.state.status).toBe('post');
      expect(game.espnStatus).toMatchObject({ name: 'STATUS_FINAL', completed: true });
      expect([game.state.homeScore, game.state.awayScore]).toEqual([
        g.game.info.finalHomeScore,
        g.game.info.finalAwayScore,
      ]);
    }
  });
});

describe('simulated ESPN payload shape', () => {
  const g = schedule.games.find((x) => x.game.info.gameId === '2020_17_MIA_BUF')!;
  const nflStates = g.game.states as NflGameState[];

  it('writes scores as strings and finds teams by homeAway', () => {
    const state = nflStates.find((s) => s.homeScore > 0)!;
    const event = scoreboardEvent(g, { status: 'in', index: 0, state }) as Json;
    const [home, away] = event.competitions[0].competitors;
    expect(home).toMatchObject({ homeAway: 'home', score: String(state.homeScore) });
    expect(home.team).toMatchObject({ id: '2', abbreviation: 'BUF', displayName: 'Buffalo Bills' });
    expect(away).toMatchObject({ homeAway: 'away', score: String(state.awayScore) });
    expect(event.status.type.state).toBe('in');
    expect(event.season).toEqual({ year: 2020, type: 2 });
  });

  it('counts yardLine from the HOME goal line, whoever has the ball', () => {
    const base = nflStates.find((s) => s.down !== null)!;
    // BUF (home) 80 yards from the end zone it attacks: its own 20.
    const homeBall = situationOf(g, { ...base, possession: 'home', yardline100: 80, down: 1, distance: 10 });
    expect(homeBall).toMatchObject({ yardLine: 20, possessionText: 'BUF 20', possession: '2' });
    expect(homeBall.downDistanceText).toBe('1st & 10 at BUF 20');
    // MIA (away) 20 yards from BUF's goal line: in the red zone, at BUF 20.
    const awayBall = situationOf(g, { ...base, possession: 'away', yardline100: 20, down: 3, distance: 4 });
    expect(awayBall).toMatchObject({ yardLine: 20, possessionText: 'BUF 20', isRedZone: true });
    const midfield = situationOf(g, { ...base, possession: 'away', yardline100: 50, down: 2, distance: 5 });
    expect(midfield).toMatchObject({ yardLine: 50, possessionText: '50' });
    const goal = situationOf(g, { ...base, possession: 'home', yardline100: 3, down: 1, distance: 3 });
    expect(goal.downDistanceText).toBe('1st & Goal at MIA 3');
    // No down (a kick-off): ESPN's down -1.
    const kickoff = situationOf(g, { ...base, down: null, distance: null, yardline100: null });
    expect(kickoff).toMatchObject({ down: -1, distance: 0, yardLine: 0 });
  });

  it('puts odds on the scoreboard before kick-off only, and keeps them in the summary pickcenter', () => {
    const pre = scoreboardEvent(g, { status: 'pre' }) as Json;
    expect(pre.competitions[0].odds).toEqual([oddsOf(g)]);
    // MIA @ BUF, home spread -3.5: MIA favoured by 3.5.
    expect(oddsOf(g)).toMatchObject({ details: 'MIA -3.5', spread: 3.5 });
    const live = scoreboardEvent(g, { status: 'in', index: 0, state: g.game.states[0]! }) as Json;
    expect(live.competitions[0].odds).toBeUndefined();
    const summary = summaryPayload(g, { status: 'in', index: 0, state: g.game.states[0]! }) as Json;
    expect(summary.pickcenter[0]).toMatchObject({ details: 'MIA -3.5', provider: { name: 'DraftKings' } });
  });

  it('names the status as ESPN does: scheduled, in progress, halftime, final', () => {
    expect((scoreboardEvent(g, { status: 'pre' }) as Json).status.type).toMatchObject({
      name: 'STATUS_SCHEDULED',
      detail: '1/3 - 1:00 PM EST',
    });
    const half = nflStates.findIndex((s) => s.quarter === 2 && s.clockSeconds === 0);
    expect(half).toBeGreaterThan(0);
    const atHalf = scoreboardEvent(g, { status: 'in', index: half, state: g.game.states[half]! }) as Json;
    expect(atHalf.status.type).toMatchObject({ name: 'STATUS_HALFTIME', state: 'in' });
    const post = scoreboardEvent(g, { status: 'post' }) as Json;
    expect(post.status.type).toMatchObject({ name: 'STATUS_FINAL', state: 'post', completed: true });
    expect(post.competitions[0].situation).toBeUndefined();
  });
});
