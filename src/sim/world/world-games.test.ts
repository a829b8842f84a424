/** The world's calendar: recorded games moved to now, same-day games kept together, long gaps cut. */
import { describe, expect, it } from 'vitest';
import { loadNflBundle, selectGames } from '../../feeds/replay/nfl-bundle.js';
import { replayPlayTimes } from '../../feeds/replay/replay-game.js';
import { scheduleWorldGames } from './world-games.js';

const bundle = loadNflBundle('data/nfl');
const HOUR = 3_600_000;

describe('scheduleWorldGames', () => {
  it('moves games to start after the lead, keeps simultaneous kick-offs together and cuts the week between game days', () => {
    // Two 1 p.m. games on 3 Jan 2021 and a wild-card game six days later.
    const games = selectGames(bundle, { gameIds: ['2020_17_MIA_BUF', '2020_17_PIT_CLE', '2020_18_IND_BUF'] });
    const start = Date.UTC(2026, 11, 7, 20);
    const moved = scheduleWorldGames(games, { startMs: start, leadMs: 10 * 60_000, gapMs: HOUR });
    const by = (id: string) => moved.find((g) => g.info.gameId === id)!;
    expect(by('2020_17_MIA_BUF').info.kickoffTs).toBe(start + 10 * 60_000);
    expect(by('2020_17_PIT_CLE').info.kickoffTs).toBe(start + 10 * 60_000);
    const lastPlayOfWeek17 = Math.max(
      ...['2020_17_MIA_BUF', '2020_17_PIT_CLE'].map((id) => replayPlayTimes(by(id)).at(-1)!),
    );
    // Buffalo played that day: the wild-card game goes to the next Eastern day's first minutes.
    const wildCard = by('2020_18_IND_BUF').info.kickoffTs;
    expect(wildCard).toBeGreaterThan(lastPlayOfWeek17 + HOUR);
    const easternDay = (ts: number) => new Date(ts - 5 * HOUR).toISOString().slice(0, 10);
    expect(easternDay(wildCard)).not.toBe(easternDay(by('2020_17_MIA_BUF').info.kickoffTs));
    expect(new Date(wildCard - 5 * HOUR).toISOString().slice(11, 16)).toBe('00:05');
    // Plays move with their game.
    for (const g of moved) {
      const original = games.find((o) => o.info.gameId === g.info.gameId)!;
      const delta = g.info.kickoffTs - original.info.kickoffTs;
      expect(replayPlayTimes(g)).toEqual(replayPlayTimes(original).map((t) => t + delta));
    }
  });

  it('keeps a game day that starts within the gap where it was, relative to the one before', () => {
    const games = selectGames(bundle, { gameIds: ['2020_17_MIA_BUF', '2020_17_LV_DEN'] });
    const early = games.find((g) => g.info.gameId === '2020_17_MIA_BUF')!;
    const late = games.find((g) => g.info.gameId === '2020_17_LV_DEN')!;
    const moved = scheduleWorldGames(games, { startMs: 0, leadMs: HOUR, gapMs: 6 * HOUR });
    const shift =
      moved.find((g) => g.info.gameId === early.info.gameId)!.info.kickoffTs - early.info.kickoffTs;
    expect(moved.find((g) => g.info.gameId === late.info.gameId)!.info.kickoffTs).toBe(
      late.info.kickoffTs + shift,
    );
  });

  it('never puts a team in two games on one Eastern day', () => {
    // Rams at Seattle in week 16 and again in the wild-card round: the 3-hour gap would put the
    // second on the evening of the first's day, under the same ticker.
    const games = selectGames(bundle, { gameIds: ['2020_16_LA_SEA', '2020_18_LA_SEA'] });
    const first = Math.min(...games.map((g) => g.info.kickoffTs));
    const moved = scheduleWorldGames(games, { startMs: first - 3 * HOUR, leadMs: 3 * HOUR, gapMs: 3 * HOUR });
    const [a, b] = ['2020_16_LA_SEA', '2020_18_LA_SEA'].map((id) => moved.find((g) => g.info.gameId === id)!);
    const day = (ts: number) => new Date(ts - 5 * HOUR).toISOString().slice(0, 10);
    expect(day(a!.info.kickoffTs)).toBe('2020-12-27');
    expect(day(b!.info.kickoffTs)).toBe('2020-12-28');
    // At the next Eastern day's first minutes.
    expect(new Date(b!.info.kickoffTs - 5 * HOUR).toISOString().slice(11, 16)).toBe('00:05');
  });

  it('moves a final a day on when its teams played earlier that day', () => {
    // The divisional round, the conference games and the Super Bowl cut 3 hours apart would put
    // Kansas City at Tampa Bay on the evening of Kansas City's and Tampa Bay's divisional games.
    const ids = ['2020_19_CLE_KC', '2020_19_TB_NO', '2020_20_TB_GB', '2020_20_BUF_KC', '2020_21_KC_TB'];
    const games = selectGames(bundle, { gameIds: ids });
    const first = Math.min(...games.map((g) => g.info.kickoffTs));
    const moved = scheduleWorldGames(games, { startMs: first - 3 * HOUR, leadMs: 3 * HOUR, gapMs: 3 * HOUR });
    const dayOf = new Map<string, string[]>();
    for (const g of moved) {
      const day = new Date(g.info.kickoffTs - 5 * HOUR).toISOString().slice(0, 10);
      for (const team of [g.info.homeTeam, g.info.awayTeam])
        dayOf.set(team, [...(dayOf.get(team) ?? []), day]);
    }
    for (const [, days] of dayOf) expect(new Set(days).size).toBe(days.length);
  });
});
