import { describe, expect, it } from 'vitest';
import { DataRowError } from './nfl-bundle.js';
import { linesForPlays, parseNflLinesCsv, parseNflPlaysCsv } from './nfl-plays-file.js';

const HEADER =
  'game_id,season,play_seq,play_id,home_team,away_team,qtr,clock_seconds_left_in_qtr,game_seconds_remaining,home_score,away_score,posteam,down,ydstogo,yardline_100,home_timeouts,away_timeouts,play_type,final_home_score,final_away_score,desc';
const ROWS = [
  '2020_01_A_B,2020,1,1,B,A,1,900,3600,0,0,,,,,3,3,GAME_START,20,17,',
  '2020_01_A_B,2020,2,36,B,A,1,900,3600,0,0,B,,,35,3,3,KICK_OFF,20,17,"Kick, returned"',
  '2020_01_A_B,2020,3,51,B,A,1,895,3595,0,0,B,1,10,75,3,3,RUSH,20,17,"say ""hi"""',
  '2020_01_A_B,2020,4,60,B,A,1,,,0,0,,,,,3,3,COMMENT,20,17,weather',
  '2020_01_A_B,2020,5,70,B,A,1,850,3550,0,0,A,2,7,40,3,3,PASS,20,17,',
  '2020_02_C_D,2020,1,1,D,C,1,900,3600,0,0,,,,,3,3,GAME_START,10,10,',
];
const WITH = { outcomes: true };
const text = (rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`;

function failure(fn: () => unknown): DataRowError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataRowError) return err;
    throw err;
  }
  throw new Error('expected a DataRowError');
}

describe('parseNflPlaysCsv (shared format)', () => {
  it('reads every row, with possession as home/away, the outcome and the line number', () => {
    const plays = parseNflPlaysCsv(text(ROWS), 'plays.csv', WITH);
    expect(plays).toHaveLength(6);
    expect(plays[0]).toMatchObject({
      line: 2,
      playId: '1',
      outcome: 1,
      state: { possession: null, down: null },
    });
    expect(plays[2]!.state).toMatchObject({
      sport: 'nfl',
      gameId: '2020_01_A_B',
      quarter: 1,
      clockSeconds: 895,
      gameSecondsRemaining: 3595,
      possession: 'home',
      down: 1,
      distance: 10,
      yardline100: 75,
      playSeq: 3,
    });
    expect(plays[4]!.state.possession).toBe('away');
    expect(plays[5]!.outcome).toBe(0.5);
  });

  it('needs the final score only to score forecasts', () => {
    const cut = (line: string) =>
      line
        .split(',')
        .filter((_, i) => i !== 18 && i !== 19)
        .join(',');
    const withoutResults = `${[cut(HEADER), ...ROWS.map(cut)].join('\n')}\n`;
    expect(cut(HEADER)).not.toContain('final_');
    const plays = parseNflPlaysCsv(withoutResults, 'live.csv', { outcomes: false });
    expect(plays).toHaveLength(6);
    expect(plays[2]!.outcome).toBeNull();
    expect(failure(() => parseNflPlaysCsv(withoutResults, 'live.csv', WITH)).message).toContain(
      'header is missing column(s) "final_home_score", "final_away_score"',
    );
  });

  it('gives a row with a blank clock the clock of the row before it', () => {
    const plays = parseNflPlaysCsv(text(ROWS), 'plays.csv', WITH);
    expect(plays[3]!.state).toMatchObject({
      clockSeconds: 895,
      gameSecondsRemaining: 3595,
      possession: null,
    });
  });

  it('names file, line, column and value of a bad cell', () => {
    const bad = [...ROWS];
    bad[2] = bad[2]!.replace(',B,1,10,75,', ',XYZ,1,10,75,');
    const e = failure(() => parseNflPlaysCsv(text(bad), 'plays_2020.csv.gz', WITH));
    expect(e.message).toBe(
      'plays_2020.csv.gz line 4: column "posteam" must be the home team (B), the away team (A) or empty, got "XYZ"',
    );
    const quarter = [...ROWS];
    quarter[1] = quarter[1]!.replace(',B,A,1,900,', ',B,A,9,900,');
    expect(failure(() => parseNflPlaysCsv(text(quarter), 'p.csv', WITH)).message).toContain(
      'p.csv line 3: column "qtr" must be an integer 1-6, got "9"',
    );
    expect(failure(() => parseNflPlaysCsv('game_id,qtr\n1,2\n', 'p.csv', WITH)).message).toContain(
      'header is missing column(s) "play_id"',
    );
    const firstBlank = [ROWS[3]!];
    expect(failure(() => parseNflPlaysCsv(text(firstBlank), 'p.csv', WITH)).message).toContain(
      'column "clock_seconds_left_in_qtr" must be set on a game\'s first row',
    );
  });
});

describe('parseNflLinesCsv', () => {
  const LINES =
    'game_id,spread_line,total_line,home_moneyline,away_moneyline\n2020_01_A_B,-3,44.5,140,-160\n2020_02_C_D,,,-120,100\n';

  it('reads spreads, totals and moneylines, leaving blanks out', () => {
    const lines = parseNflLinesCsv(LINES, 'lines.csv');
    expect(lines.get('2020_01_A_B')).toEqual({
      line: 2,
      prior: { homeSpread: -3, total: 44.5, homeMoneyline: 140, awayMoneyline: -160 },
    });
    expect(lines.get('2020_02_C_D')!.prior).toEqual({ homeMoneyline: -120, awayMoneyline: 100 });
  });

  it('refuses a game without a spread or both moneylines, a repeated game and odds that are not odds', () => {
    expect(failure(() => parseNflLinesCsv('game_id,spread_line\ng,\n', 'l.csv')).message).toBe(
      'l.csv line 2: column "spread_line" must be set unless both moneylines are, got ""',
    );
    expect(failure(() => parseNflLinesCsv('game_id,spread_line\ng,1\ng,2\n', 'l.csv')).message).toContain(
      'line 3: column "game_id" must appear once',
    );
    expect(
      failure(() =>
        parseNflLinesCsv('game_id,spread_line,home_moneyline,away_moneyline\ng,1,50,-110\n', 'l.csv'),
      ).message,
    ).toContain('column "home_moneyline" must be American odds');
  });

  it('names the first play of a game that has no line', () => {
    const plays = parseNflPlaysCsv(text(ROWS), 'plays.csv', WITH);
    const lines = parseNflLinesCsv('game_id,spread_line\n2020_01_A_B,-3\n', 'lines.csv');
    expect(
      failure(() => linesForPlays(plays, lines, { plays: 'plays.csv', lines: 'lines.csv' })).message,
    ).toBe('plays.csv line 7: column "game_id" must have a row in lines.csv, got "2020_02_C_D"');
  });
});
