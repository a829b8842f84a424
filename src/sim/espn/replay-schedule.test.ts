/** What the simulated ESPN shows of each replayed game at a given time. */
import { describe, expect, it } from 'vitest';
import { FINAL_AFTER_LAST_PLAY_MS } from '../../feeds/replay/game-feed.js';
import { loadNflBundle, selectGames } from '../../feeds/replay/nfl-bundle.js';
import { estimatePlayTimes } from '../../feeds/replay/play-times.js';
import { FINALS_SHOWN_MS, ReplayEspnSchedule } from './replay-schedule.js';

const all = loadNflBundle('data/nfl');
const schedule = new ReplayEspnSchedule(all);

describe('ReplayEspnSchedule', () => {
  it('gives every game a distinct 9-digit event id, the same whichever games are replayed', () => {
    const ids = schedule.games.map((g) => g.espnId);
    expect(new Set(ids).size).toBe(all.length);
    for (const id of ids) expect(id).toMatch(/^4\d{8}$/);
    const one = new ReplayEspnSchedule(selectGames(all, { gameIds: ['2020_17_MIA_BUF'] }));
    expect(one.games[0]!.espnId).toBe(schedule.byGame(one.games[0]!.game.info.gameId)!.espnId);
    expect(schedule.gameIdOf(one.games[0]!.espnId)).toBe('2020_17_MIA_BUF');
  });

  it('shows a game scheduled, then at its latest play, then final a minute after the last play', () => {
    const g = schedule.byGame(all[0]!.info.gameId)!;
    const times = estimatePlayTimes(all[0]!.info.kickoffTs, all[0]!.states);
    expect(g.playTs).toEqual(times);
    expect(schedule.phaseAt(g, times[0]! - 1)).toEqual({ status: 'pre' });
    expect(schedule.phaseAt(g, times[0]!)).toMatchObject({ status: 'in', index: 0 });
    expect(schedule.phaseAt(g, times[5]! + 1)).toMatchObject({
      status: 'in',
      index: 5,
      state: g.game.states[5],
    });
    expect(schedule.phaseAt(g, times.at(-1)!)).toMatchObject({ status: 'in', index: times.length - 1 });
    expect(g.finalTs).toBe(times.at(-1)! + FINAL_AFTER_LAST_PLAY_MS);
    expect(schedule.phaseAt(g, g.finalTs)).toEqual({ status: 'post' });
  });

  it("shows the current week's games, keeping the finals for a while, and filters by day", () => {
    const first = schedule.currentWeek(Date.parse('2020-12-24T00:00:00Z'));
    expect(first.map((g) => g.game.info.week)).toEqual(Array(16).fill(16));
    const lastOfWeek16 = Math.max(...first.map((g) => g.finalTs));
    expect(schedule.currentWeek(lastOfWeek16 + FINALS_SHOWN_MS - 1)[0]!.game.info.week).toBe(16);
    expect(schedule.currentWeek(lastOfWeek16 + FINALS_SHOWN_MS)[0]!.game.info.week).toBe(17);
    expect(schedule.currentWeek(Date.parse('2022-01-01T00:00:00Z'))[0]!.game.info.week).toBe(21);
    expect(schedule.onDay('20210103').map((g) => g.game.info.week)).toEqual(Array(16).fill(17));
    expect(schedule.onDay('20210105')).toEqual([]);
  });
});
