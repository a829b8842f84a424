/**
 * Reads NFL play-by-play files in the shared format (`plays_<season>.csv.gz`, see
 * ../shared/data/nfl/README.md: team abbreviations, the state before each play, the final score
 * on every row) and pregame lines files (`spreads_2016_2020.csv`: game_id, spread_line and,
 * optionally, total_line and the moneylines). Parsing is pure (text in); a bad cell is a
 * DataRowError naming file, line and column; the CLI reads the files.
 */
import type { NflGameState, TeamSide } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import type { PregamePrior } from '../../sports/model.js';
import { DataRowError, RowReader, readCsvTable } from './nfl-bundle.js';

export const SHARED_PLAYS_COLUMNS = [
  'game_id',
  'play_id',
  'home_team',
  'away_team',
  'qtr',
  'clock_seconds_left_in_qtr',
  'game_seconds_remaining',
  'home_score',
  'away_score',
  'posteam',
  'down',
  'ydstogo',
  'yardline_100',
  'home_timeouts',
  'away_timeouts',
] as const;

/** The result on every row: needed to score forecasts, not to make them. */
export const OUTCOME_COLUMNS = ['final_home_score', 'final_away_score'] as const;

export const LINES_COLUMNS = ['game_id', 'spread_line'] as const;

export interface NflPlayRow {
  /** 1-based line in the file. */
  readonly line: number;
  readonly playId: string;
  readonly state: NflGameState;
  /** 1 home win, 0 loss, 0.5 tie, from the final score on the row; null when not asked for. */
  readonly outcome: number | null;
}

export interface NflLine {
  readonly line: number;
  readonly prior: PregamePrior;
}

function side(r: RowReader, home: string, away: string): TeamSide | null {
  const team = r.raw('posteam');
  if (team === '') return null;
  if (team === home) return 'home';
  if (team === away) return 'away';
  return r.fail('posteam', `must be the home team (${home}), the away team (${away}) or empty`);
}

/**
 * Every row of a plays file, in file order. A row whose clock is blank (a few weather notes)
 * keeps the clock of the row before it in the same game. With `outcomes`, the final score
 * columns must be there and filled in on every row.
 */
export function parseNflPlaysCsv(text: string, source: string, options: { outcomes: boolean }): NflPlayRow[] {
  const table = readCsvTable(text, source, [
    ...SHARED_PLAYS_COLUMNS,
    ...(options.outcomes ? OUTCOME_COLUMNS : []),
  ]);
  const r: RowReader = new RowReader(table);
  const out: NflPlayRow[] = [];
  const seqColumn = table.index.has('play_seq');
  let previous: NflGameState | undefined;
  for (const row of table.rows) {
    r.fields = row.fields;
    r.line = row.line;
    const gameId = r.text('game_id');
    const home = r.text('home_team');
    const away = r.text('away_team');
    const sameGame = previous !== undefined && previous.gameId === gameId;
    const clockBlank = r.raw('clock_seconds_left_in_qtr') === '' && r.raw('game_seconds_remaining') === '';
    if (clockBlank && !sameGame) r.fail('clock_seconds_left_in_qtr', "must be set on a game's first row");
    const quarter = r.int('qtr', 1, 6);
    const clockSeconds =
      clockBlank && previous ? previous.clockSeconds : r.int('clock_seconds_left_in_qtr', 0, 900);
    const gameSecondsRemaining =
      clockBlank && previous ? previous.gameSecondsRemaining : r.int('game_seconds_remaining', -1800, 3600);
    const possession = side(r, home, away);
    const finalHome = options.outcomes ? r.int('final_home_score', 0, 200) : 0;
    const finalAway = options.outcomes ? r.int('final_away_score', 0, 200) : 0;
    const state: NflGameState = {
      sport: 'nfl',
      gameId: asGameId(gameId),
      status: 'in',
      quarter,
      clockSeconds,
      gameSecondsRemaining,
      homeScore: r.int('home_score', 0, 200),
      awayScore: r.int('away_score', 0, 200),
      possession,
      down: r.intOrNull('down', 1, 4),
      distance: r.intOrNull('ydstogo', 0, 99),
      yardline100: r.intOrNull('yardline_100', 1, 99),
      homeTimeouts: r.int('home_timeouts', 0, 3),
      awayTimeouts: r.int('away_timeouts', 0, 3),
      playSeq: seqColumn ? r.int('play_seq', 1, 100_000) : sameGame ? (previous?.playSeq ?? 0) + 1 : 1,
    };
    out.push({
      line: row.line,
      playId: r.text('play_id'),
      state,
      outcome: !options.outcomes ? null : finalHome > finalAway ? 1 : finalHome < finalAway ? 0 : 0.5,
    });
    previous = state;
  }
  return out;
}

/** Lines by game id. Blank cells are absent values; a game needs a spread or both moneylines. */
export function parseNflLinesCsv(text: string, source: string): Map<string, NflLine> {
  const table = readCsvTable(text, source, LINES_COLUMNS);
  const r: RowReader = new RowReader(table);
  const has = (c: string) => table.index.has(c);
  const optional = (c: string) => (has(c) && r.raw(c) !== '' ? r.num(c) : undefined);
  const out = new Map<string, NflLine>();
  for (const row of table.rows) {
    r.fields = row.fields;
    r.line = row.line;
    const id = r.text('game_id');
    if (out.has(id)) r.fail('game_id', 'must appear once');
    const homeSpread = r.raw('spread_line') === '' ? undefined : r.num('spread_line');
    const total = optional('total_line');
    const homeMoneyline = optional('home_moneyline');
    const awayMoneyline = optional('away_moneyline');
    for (const [column, value] of [
      ['home_moneyline', homeMoneyline],
      ['away_moneyline', awayMoneyline],
    ] as const) {
      if (value !== undefined && Math.abs(value) < 100)
        r.fail(column, 'must be American odds (at least 100 either way)');
    }
    if (homeSpread === undefined && (homeMoneyline === undefined || awayMoneyline === undefined)) {
      r.fail('spread_line', 'must be set unless both moneylines are');
    }
    out.set(id, {
      line: row.line,
      prior: {
        ...(homeSpread === undefined ? {} : { homeSpread }),
        ...(total === undefined ? {} : { total }),
        ...(homeMoneyline === undefined ? {} : { homeMoneyline }),
        ...(awayMoneyline === undefined ? {} : { awayMoneyline }),
      },
    });
  }
  return out;
}

/** The line of every game that has plays; a game without one is an error at its first play. */
export function linesForPlays(
  plays: readonly NflPlayRow[],
  lines: ReadonlyMap<string, NflLine>,
  sources: { plays: string; lines: string },
): Map<string, PregamePrior> {
  const out = new Map<string, PregamePrior>();
  for (const play of plays) {
    const id = play.state.gameId as string;
    if (out.has(id)) continue;
    const line = lines.get(id);
    if (!line) {
      throw new DataRowError({
        source: sources.plays,
        line: play.line,
        column: 'game_id',
        value: id,
        expected: `must have a row in ${sources.lines}`,
      });
    }
    out.set(id, line.prior);
  }
  return out;
}
