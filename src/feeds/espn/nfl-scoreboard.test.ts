/** The two real NFL scoreboards: the 2022-11-20 one (8 games in play) row by row against its CSV. */
import { describe, expect, it } from 'vitest';
import type { NflGameState, TeamSide } from '../../core/game-state.js';
import { parseClockText } from './clock.js';
import { parseScoreboard } from './scoreboard.js';
import { type Json, parseCsv, REAL_FILES, readEspnJson, readEspnText } from './testing/fixtures.js';
import type { EspnGame } from './types.js';

/**
 * Yards to go for the team in possession, from the CSV's downDistanceText ("3rd & 9 at ATL 20",
 * "2nd & Goal at IND 2"), independently of ESPN's yardLine: on your own half it is 100 - N.
 */
function yardline100FromText(text: string, possessorAbbreviation: string): number | null {
  const m = /at (?:([A-Z]+) )?(\d+)$/.exec(text);
  if (!m) return null;
  const n = Number(m[2]);
  return m[1] === possessorAbbreviation ? 100 - n : n;
}

describe('parseScoreboard: NFL 2022 week 11, 8 games in play', () => {
  const result = parseScoreboard(readEspnJson(REAL_FILES.nflInProgress), 'nfl');
  const rows = parseCsv(readEspnText(REAL_FILES.nflSituationsCsv));
  const byId = new Map(result.games.map((g) => [g.espnId, g]));

  it('reads every event, with no problem', () => {
    expect(rows).toHaveLength(14);
    expect(result.games).toHaveLength(14);
    expect(result.problems).toEqual([]);
    expect(result.games.map((g) => g.state.status).sort()).toEqual([
      ...Array(8).fill('in'),
      'post',
      ...Array(5).fill('pre'),
    ]);
  });

  it.each(rows.map((r) => [`${r.event_id} ${r.name}`, r] as const))('%s matches the CSV', (_name, row) => {
    const game = byId.get(row.event_id!) as EspnGame;
    expect(game).toBeDefined();
    const s = game.state as NflGameState;
    expect(s.sport).toBe('nfl');
    expect(game.homeTeam.abbreviation).toBe(row.home);
    expect(game.awayTeam.abbreviation).toBe(row.away);
    expect(game.startTs).toBe(Date.parse(row.date!));
    expect(s.status).toBe(row.state);
    expect(s.homeScore).toBe(Number(row.home_score));
    expect(s.awayScore).toBe(Number(row.away_score));
    if (row.state !== 'pre') {
      expect(s.quarter).toBe(Number(row.period));
      expect(s.clockSeconds).toBe(parseClockText(row.clock!));
      expect(s.gameSecondsRemaining).toBe((4 - s.quarter) * 900 + s.clockSeconds);
    } else {
      expect(s).toMatchObject({ quarter: 1, clockSeconds: 900, gameSecondsRemaining: 3600 });
    }

    const possessor = row.possession_team_id;
    const side: TeamSide | null = !possessor ? null : possessor === game.homeTeam.id ? 'home' : 'away';
    expect(s.possession).toBe(side);
    // ESPN's down -1 marks a snap with no down (the extra point in WSH @ HOU).
    const down = row.down === '' || row.down === '-1' ? null : Number(row.down);
    expect(s.down).toBe(down);
    expect(s.distance).toBe(down === null ? null : Number(row.distance));
    const possessorAbbr = side === 'home' ? game.homeTeam.abbreviation : game.awayTeam.abbreviation;
    const expectedYardline =
      side === null || !row.downDistanceText
        ? null
        : yardline100FromText(row.downDistanceText, possessorAbbr);
    expect(s.yardline100).toBe(expectedYardline);
    if (side !== null) expect(s.yardline100! <= 20).toBe(row.isRedZone === 'True');
    if (row.homeTimeouts) {
      expect(s.homeTimeouts).toBe(Number(row.homeTimeouts));
      expect(s.awayTimeouts).toBe(Number(row.awayTimeouts));
    }
    if (row.espn_homeWinPercentage) {
      expect(game.espnHomeWinProbability).toBeCloseTo(Number(row.espn_homeWinPercentage), 10);
    } else {
      expect(game.espnHomeWinProbability).toBeUndefined();
    }
    if (row.odds_overUnder) expect(game.odds?.total).toBe(Number(row.odds_overUnder));
    else expect(game.odds).toBeNull();
  });

  it('turns "TEAM -X" into a home spread, positive when the home team is favoured', () => {
    const spreads = Object.fromEntries(result.games.filter((g) => g.odds).map((g) => [g.espnId, g.odds]));
    const provider = 'Caesars Sportsbook (New Jersey)';
    expect(spreads).toEqual({
      '401437853': { homeSpread: 2.5, total: 41.5, provider }, // DEN -2.5, DEN at home
      '401437855': { homeSpread: -2, total: 48.5, provider }, // DAL -2.0 at MIN
      '401437856': { homeSpread: -3.5, total: 39.5, provider }, // CIN -3.5 at PIT
      '401437854': { homeSpread: -5.5, total: 52.5, provider }, // KC -5.5 at LAC
      '401435642': { homeSpread: -8, total: 43, provider }, // SF -8.0 at ARI
    });
  });

  it('numbers live states by ESPN play id, which increases through a game', () => {
    expect((byId.get('401437845')!.state as NflGameState).playSeq).toBe(1157);
    // WSH @ HOU's last play id is "-75128491", not event id + sequence: no number.
    expect((byId.get('401437848')!.state as NflGameState).playSeq).toBe(0);
  });

  it('reads the neutral site: CLE at BUF was played in Detroit', () => {
    const game = [...byId.values()].find((g) => g.homeTeam.abbreviation === 'BUF');
    expect(game?.awayTeam.abbreviation).toBe('CLE');
    expect(game?.neutralSite).toBe(true);
  });

  it('gives the exact state of one game', () => {
    expect(byId.get('401437849')).toEqual({
      espnId: '401437849',
      league: 'nfl',
      startTs: Date.UTC(2022, 10, 20, 18),
      homeTeam: { id: '11', abbreviation: 'IND', name: 'Indianapolis Colts', shortName: 'Colts' },
      awayTeam: { id: '21', abbreviation: 'PHI', name: 'Philadelphia Eagles', shortName: 'Eagles' },
      state: {
        sport: 'nfl',
        gameId: 'espn:nfl:401437849',
        status: 'in',
        quarter: 2,
        clockSeconds: 382,
        gameSecondsRemaining: 2182,
        homeScore: 7,
        awayScore: 0,
        possession: 'away',
        down: 2,
        distance: 2,
        yardline100: 2,
        homeTimeouts: 2,
        awayTimeouts: 3,
        playSeq: 1288,
      },
      espnStatus: { name: 'STATUS_IN_PROGRESS', detail: '6:22 - 2nd Quarter', completed: false },
      odds: null,
      neutralSite: false,
      seasonYear: 2022,
      seasonType: 2,
      week: 11,
      espnHomeWinProbability: 0.4027,
    });
  });
});

describe('parseScoreboard: NFL 2023 week 1, after the games', () => {
  const raw = readEspnJson(REAL_FILES.nflPost) as Json;
  const result = parseScoreboard(raw, 'nfl');

  it('reads all 16 games; the one whose competition says "in" while the event says Final is final', () => {
    expect(result.games).toHaveLength(16);
    expect(result.games.filter((g) => g.state.status === 'post')).toHaveLength(15);
    const sfPit = result.games.find((g) => g.espnId === '401547405')!;
    expect(sfPit.state).toMatchObject({
      status: 'post',
      homeScore: 7,
      awayScore: 30,
      quarter: 4,
      clockSeconds: 0,
    });
    expect(result.problems).toEqual([
      {
        path: 'events[7].competitions[0].status.type.state',
        reason: '"in" disagrees with events[7].status "post"; using "post"',
        effect: 'degraded',
        espnId: '401547405',
      },
    ]);
  });

  it('has final scores that agree with ESPN winner flags', () => {
    let checked = 0;
    for (const event of raw.events) {
      const game = result.games.find((g) => g.espnId === event.id)!;
      for (const c of event.competitions[0].competitors) {
        if (c.winner === undefined) continue;
        const own = c.homeAway === 'home' ? game.state.homeScore : game.state.awayScore;
        const other = c.homeAway === 'home' ? game.state.awayScore : game.state.homeScore;
        expect(own > other).toBe(c.winner);
        checked++;
      }
    }
    expect(checked).toBe(28);
  });

  it('reads the one pregame line: BUF -2.0 at NYJ', () => {
    const pre = result.games.filter((g) => g.state.status === 'pre');
    expect(pre.map((g) => [g.homeTeam.abbreviation, g.odds])).toEqual([
      ['NYJ', { homeSpread: -2, total: 45, provider: 'Caesars Sportsbook (New Jersey)' }],
    ]);
  });
});
