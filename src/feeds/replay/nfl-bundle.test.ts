import { describe, expect, it } from 'vitest';
import { DataRowError, loadNflBundle, parseNflBundle, selectGames, splitCsvLine } from './nfl-bundle.js';

const GAMES_HEADER =
  'game_id,season,week,season_type,kickoff_utc,home_team,away_team,home_spread,home_score,away_score';
const PLAYS_HEADER =
  'game_id,play_seq,qtr,clock_seconds_left_in_qtr,game_seconds_remaining,home_score,away_score,posteam,down,ydstogo,yardline_100,home_timeouts,away_timeouts';

function bundle(gamesRows: string[], playsRows: string[]) {
  return {
    gamesCsv: `${[GAMES_HEADER, ...gamesRows].join('\n')}\n`,
    playsCsv: `${[PLAYS_HEADER, ...playsRows].join('\n')}\n`,
    gamesSource: 'games.csv',
    playsSource: 'plays.csv.gz',
  };
}

const GAME_A = '2020_17_A_B,2020,17,REG,2021-01-03T18:00:00Z,B,A,-3.5,10,7';
const GAME_C = '2020_17_C_D,2020,17,REG,2021-01-03T01:15:00Z,D,C,7,0,3';
const PLAYS_A = [
  '2020_17_A_B,1,1,900,3600,0,0,,,,,3,3',
  '2020_17_A_B,2,1,900,3600,0,0,home,1,10,75,3,3',
  '2020_17_A_B,3,4,0,0,10,7,,,,,1,0',
];
const PLAYS_C = [
  '2020_17_C_D,1,1,900,3600,0,0,away,,,35,3,3',
  '2020_17_C_D,2,5,120,-480,0,3,home,2,7,40,2,2',
];

describe('splitCsvLine', () => {
  it('splits plain fields, keeping empty ones', () => {
    expect(splitCsvLine('a,,b,')).toEqual(['a', '', 'b', '']);
    expect(splitCsvLine('')).toEqual(['']);
  });

  it('reads quoted fields with commas and doubled quotes', () => {
    expect(splitCsvLine('1,"x, y","say ""hi""",z')).toEqual(['1', 'x, y', 'say "hi"', 'z']);
    expect(splitCsvLine('"",""""')).toEqual(['', '"']);
    expect(splitCsvLine('"a,b"')).toEqual(['a,b']);
  });
});

describe('parseNflBundle', () => {
  it('builds game states and sorts games by kickoff', () => {
    const games = parseNflBundle(bundle([GAME_A, GAME_C], [...PLAYS_A, ...PLAYS_C]));
    expect(games.map((g) => g.info.gameId)).toEqual(['2020_17_C_D', '2020_17_A_B']);
    const a = games[1]!;
    expect(a.info).toMatchObject({ homeTeam: 'B', awayTeam: 'A', homeSpread: -3.5, seasonType: 'REG' });
    expect(a.info.kickoffTs).toBe(Date.UTC(2021, 0, 3, 18));
    expect(a.states[0]).toMatchObject({ possession: null, down: null, distance: null, yardline100: null });
    expect(a.states[1]).toEqual({
      sport: 'nfl',
      gameId: '2020_17_A_B',
      status: 'in',
      quarter: 1,
      clockSeconds: 900,
      gameSecondsRemaining: 3600,
      homeScore: 0,
      awayScore: 0,
      possession: 'home',
      down: 1,
      distance: 10,
      yardline100: 75,
      homeTimeouts: 3,
      awayTimeouts: 3,
      playSeq: 2,
    });
    const ot = games[0]!.states[1]!;
    expect(ot).toMatchObject({
      quarter: 5,
      clockSeconds: 120,
      gameSecondsRemaining: -480,
      possession: 'home',
    });
  });

  it('names file, line, column and value of a malformed cell', () => {
    const plays = [...PLAYS_A];
    plays[1] = '2020_17_A_B,2,x,900,3600,0,0,home,1,10,75,3,3';
    let caught: unknown;
    try {
      parseNflBundle(bundle([GAME_A], plays));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DataRowError);
    const e = caught as DataRowError;
    expect(e.message).toBe('plays.csv.gz line 3: column "qtr" must be an integer 1-5, got "x"');
    expect({ source: e.source, line: e.line, column: e.column, value: e.value }).toEqual({
      source: 'plays.csv.gz',
      line: 3,
      column: 'qtr',
      value: 'x',
    });
  });

  it('rejects out-of-range values, bad possession and wrong field counts', () => {
    const withRow = (row: string) => () => parseNflBundle(bundle([GAME_A], [PLAYS_A[0]!, row]));
    expect(withRow('2020_17_A_B,2,1,901,3600,0,0,home,1,10,75,3,3')).toThrow(
      'column "clock_seconds_left_in_qtr" must be an integer 0-900, got "901"',
    );
    expect(withRow('2020_17_A_B,2,1,900,3600,0,0,B,1,10,75,3,3')).toThrow(
      'column "posteam" must be "home", "away" or empty, got "B"',
    );
    expect(withRow('2020_17_A_B,2,1,900,3600,0,0,home,5,10,75,3,3')).toThrow('column "down"');
    expect(withRow('2020_17_A_B,2,1,900,3600,0,0,home,1,10,75,3')).toThrow(
      'plays.csv.gz line 3: expected 13 fields, found 12',
    );
    expect(withRow('2020_17_A_B,1,1,900,3600,0,0,home,1,10,75,3,3')).toThrow(
      'column "play_seq" must increase',
    );
    expect(() =>
      parseNflBundle(bundle(['2020_17_A_B,2020,17,REG,2021-01-03,B,A,-3.5,10,7'], PLAYS_A)),
    ).toThrow('games.csv line 2: column "kickoff_utc"');
  });

  it('reports an unclosed quote at its column', () => {
    expect(() => parseNflBundle(bundle([GAME_A], [PLAYS_A[0]!, '2020_17_A_B,2,"1,900']))).toThrow(
      'plays.csv.gz line 3: column "qtr" has an unclosed quote',
    );
  });

  it('accepts quoted cells and extra columns', () => {
    const gamesCsv = `${GAMES_HEADER},note\n"2020_17_A_B",2020,17,REG,2021-01-03T18:00:00Z,"B",A,-3.5,10,7,"a, b"\n`;
    const games = parseNflBundle({ ...bundle([], PLAYS_A), gamesCsv });
    expect(games[0]!.info.homeTeam).toBe('B');
  });

  it('names missing header columns', () => {
    const playsCsv = 'game_id,play_seq,qtr\n';
    expect(() => parseNflBundle({ ...bundle([GAME_A], []), playsCsv })).toThrow(
      /plays\.csv\.gz line 1: header is missing column\(s\) "clock_seconds_left_in_qtr", .*"away_timeouts"/,
    );
  });

  it('refuses games without plays and plays without a game', () => {
    expect(() => parseNflBundle(bundle([GAME_A, GAME_C], PLAYS_A))).toThrow(
      'plays.csv.gz: column "game_id" has no plays for 1 game(s) listed in games.csv, got "2020_17_C_D"',
    );
    expect(() => parseNflBundle(bundle([GAME_A], [...PLAYS_A, ...PLAYS_C]))).toThrow(
      'games.csv: column "game_id" has no row for a game that has plays in plays.csv.gz, got "2020_17_C_D"',
    );
  });
});

describe('selectGames', () => {
  const games = parseNflBundle(bundle([GAME_A, GAME_C], [...PLAYS_A, ...PLAYS_C]));

  it('filters by id', () => {
    expect(selectGames(games, { gameIds: ['2020_17_A_B'] }).map((g) => g.info.gameId)).toEqual([
      '2020_17_A_B',
    ]);
    expect(() => selectGames(games, { gameIds: ['nope'] })).toThrow('unknown game id(s): nope');
  });

  it('filters by US Eastern kickoff date', () => {
    // C kicks off 2021-01-03 01:15 UTC, which is the evening of 2021-01-02 in New York.
    expect(selectGames(games, { from: '2021-01-03' }).map((g) => g.info.gameId)).toEqual(['2020_17_A_B']);
    expect(selectGames(games, { to: '2021-01-02' }).map((g) => g.info.gameId)).toEqual(['2020_17_C_D']);
    expect(selectGames(games, { from: '2021-01-02', to: '2021-01-03' })).toHaveLength(2);
    expect(selectGames(games, {})).toHaveLength(2);
    expect(() => selectGames(games, { from: '3 Jan' })).toThrow('must be a date YYYY-MM-DD');
  });
});

describe('the committed bundle', () => {
  const games = loadNflBundle();

  it('holds at least 30 held-out 2020 games with plausible states', () => {
    expect(games.length).toBeGreaterThanOrEqual(30);
    for (const g of games) {
      expect(g.info.season).toBe(2020);
      expect(g.states.length).toBeGreaterThan(100);
      const first = g.states[0]!;
      expect([first.quarter, first.gameSecondsRemaining, first.homeScore, first.awayScore]).toEqual([
        1, 3600, 0, 0,
      ]);
    }
  });

  it('ends every game on its final score, with the clock never running backwards', () => {
    for (const g of games) {
      const last = g.states[g.states.length - 1]!;
      expect([g.info.gameId, last.homeScore, last.awayScore]).toEqual([
        g.info.gameId,
        g.info.finalHomeScore,
        g.info.finalAwayScore,
      ]);
      for (let i = 1; i < g.states.length; i++) {
        const [a, b] = [g.states[i - 1]!, g.states[i]!];
        expect(b.homeScore >= a.homeScore && b.awayScore >= a.awayScore).toBe(true);
        expect(b.quarter).toBeGreaterThanOrEqual(a.quarter);
      }
    }
  });

  it('includes the 2020 playoffs', () => {
    const post = selectGames(games, { from: '2021-01-09' });
    expect(post).toHaveLength(13);
    expect(post.every((g) => g.info.seasonType === 'POST')).toBe(true);
  });
});
