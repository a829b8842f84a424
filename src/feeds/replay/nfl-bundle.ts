/**
 * Loads the bundled real NFL games (data/nfl, built by scripts/build-nfl-bundle.ts) as ordered
 * game states for replay. The parser is pure (strings in); only `loadNflBundle` touches disk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { NflGameState, TeamSide } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import { type ReplayGame, type ReplayGameInfo, sportOf } from './replay-game.js';

export type { ReplayGame, ReplayGameInfo } from './replay-game.js';

/** An NFL game of the bundle: its states are NFL states. */
export type NflReplayGame = ReplayGame<NflGameState>;

export const GAMES_COLUMNS = [
  'game_id',
  'season',
  'week',
  'season_type',
  'kickoff_utc',
  'home_team',
  'away_team',
  'home_spread',
  'home_score',
  'away_score',
] as const;

export const PLAYS_COLUMNS = [
  'game_id',
  'play_seq',
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

/** One bad value in a data file, located precisely enough to fix by hand. */
export class DataRowError extends Error {
  override readonly name = 'DataRowError';
  readonly source: string;
  readonly line: number;
  readonly column: string;
  readonly value: string;
  constructor(args: { source: string; line: number; column: string; value: string; expected: string }) {
    const where = args.line > 0 ? `${args.source} line ${args.line}` : args.source;
    const col = args.column ? `column "${args.column}" ` : '';
    super(`${where}: ${col}${args.expected}, got ${JSON.stringify(args.value)}`);
    this.source = args.source;
    this.line = args.line;
    this.column = args.column;
    this.value = args.value;
  }
}

/** Thrown by `splitCsvLine` for a quote that is never closed; carries the field's index. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly fieldIndex: number,
    readonly rawField: string,
  ) {
    super(`unterminated quoted field ${fieldIndex}`);
  }
}

/**
 * Splits one CSV line (RFC 4180 quoting: a field in double quotes may hold commas, and `""`
 * inside it is one quote). Records never span lines in these files, so a line is a record.
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new CsvSyntaxError(fields.length, line.slice(start));
        value += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      // Anything between the closing quote and the next comma is kept, as lenient readers do.
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      if (end > i) fields[fields.length - 1] += line.slice(i, end);
      if (comma < 0) return fields;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i, n));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** A CSV body read into header-indexed rows, each with its 1-based line number in the file. */
export interface CsvTable {
  source: string;
  index: Map<string, number>;
  rows: { line: number; fields: string[] }[];
}

export function readCsvTable(text: string, source: string, required: readonly string[]): CsvTable {
  const lines = text.split('\n');
  const headerLine = (lines[0] ?? '').replace(/\r$/, '');
  if (headerLine === '') {
    throw new DataRowError({ source, line: 1, column: '', value: '', expected: 'expected a CSV header' });
  }
  const header = splitCsvLine(headerLine);
  const index = new Map<string, number>();
  for (let i = 0; i < header.length; i++) index.set((header[i] as string).trim(), i);
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new DataRowError({
      source,
      line: 1,
      column: '',
      value: headerLine,
      expected: `header is missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}`,
    });
  }
  const rows: CsvTable['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    if (raw === '' && i === lines.length - 1) break; // the newline that ends the file
    let fields: string[];
    try {
      fields = splitCsvLine(raw);
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      const column = header[err.fieldIndex] ?? `#${err.fieldIndex + 1}`;
      throw new DataRowError({
        source,
        line: i + 1,
        column,
        value: err.rawField,
        expected: 'has an unclosed quote',
      });
    }
    if (fields.length !== header.length) {
      throw new DataRowError({
        source,
        line: i + 1,
        column: '',
        value: raw,
        expected: `expected ${header.length} fields, found ${fields.length}`,
      });
    }
    rows.push({ line: i + 1, fields });
  }
  return { source, index, rows };
}

/** Reads typed cells of one row and reports the first bad one with its file, line and column. */
export class RowReader {
  fields: string[] = [];
  line = 0;
  constructor(private readonly table: CsvTable) {}

  raw(column: string): string {
    return this.fields[this.table.index.get(column) as number] as string;
  }

  fail(column: string, expected: string): never {
    throw new DataRowError({
      source: this.table.source,
      line: this.line,
      column,
      value: this.raw(column),
      expected,
    });
  }

  text(column: string): string {
    const v = this.raw(column);
    if (v.trim() === '') this.fail(column, 'must not be empty');
    return v;
  }

  int(column: string, min: number, max: number): number {
    const v = this.raw(column);
    if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.fail(column, `must be an integer ${min}-${max}`);
    }
    return Number(v);
  }

  intOrNull(column: string, min: number, max: number): number | null {
    return this.raw(column) === '' ? null : this.int(column, min, max);
  }

  num(column: string): number {
    const v = this.raw(column);
    if (!/^-?\d+(\.\d+)?$/.test(v)) this.fail(column, 'must be a number');
    return Number(v);
  }
}

const KICKOFF_FORMAT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z$/;

function parseGames(table: CsvTable): Map<string, ReplayGameInfo> {
  // Annotated: TS narrows after a `never` call like r.fail() only through an explicitly typed name.
  const r: RowReader = new RowReader(table);
  const games = new Map<string, ReplayGameInfo>();
  for (const row of table.rows) {
    r.fields = row.fields;
    r.line = row.line;
    const id = r.text('game_id');
    if (games.has(id)) r.fail('game_id', 'must be unique in the file');
    const seasonType = r.raw('season_type');
    if (seasonType !== 'REG' && seasonType !== 'POST') r.fail('season_type', 'must be REG or POST');
    const kickoff = r.raw('kickoff_utc');
    const kickoffTs = KICKOFF_FORMAT.test(kickoff) ? Date.parse(kickoff) : Number.NaN;
    if (!Number.isFinite(kickoffTs)) r.fail('kickoff_utc', 'must be a UTC time like 2021-01-03T18:00:00Z');
    games.set(id, {
      gameId: asGameId(id),
      sport: 'nfl',
      season: r.int('season', 1920, 2100),
      week: r.int('week', 1, 22),
      seasonType,
      kickoffTs,
      homeTeam: r.text('home_team'),
      awayTeam: r.text('away_team'),
      homeSpread: r.num('home_spread'),
      finalHomeScore: r.int('home_score', 0, 200),
      finalAwayScore: r.int('away_score', 0, 200),
    });
  }
  return games;
}

function parsePossession(r: RowReader): TeamSide | null {
  const v = r.raw('posteam');
  if (v === '') return null;
  if (v !== 'home' && v !== 'away') r.fail('posteam', 'must be "home", "away" or empty');
  return v;
}

function parsePlays(table: CsvTable): Map<string, NflGameState[]> {
  const r: RowReader = new RowReader(table);
  const byGame = new Map<string, NflGameState[]>();
  for (const row of table.rows) {
    r.fields = row.fields;
    r.line = row.line;
    const id = r.text('game_id');
    let states = byGame.get(id);
    if (!states) {
      states = [];
      byGame.set(id, states);
    }
    const playSeq = r.int('play_seq', 1, 100_000);
    const previous = states[states.length - 1];
    if (previous && playSeq <= previous.playSeq) {
      r.fail('play_seq', `must increase within a game (previous was ${previous.playSeq})`);
    }
    states.push({
      sport: 'nfl',
      gameId: asGameId(id),
      status: 'in',
      quarter: r.int('qtr', 1, 5),
      clockSeconds: r.int('clock_seconds_left_in_qtr', 0, 900),
      // Negative in overtime: minus the seconds played in OT (see the data README).
      gameSecondsRemaining: r.int('game_seconds_remaining', -900, 3600),
      homeScore: r.int('home_score', 0, 200),
      awayScore: r.int('away_score', 0, 200),
      possession: parsePossession(r),
      down: r.intOrNull('down', 1, 4),
      distance: r.intOrNull('ydstogo', 0, 99),
      yardline100: r.intOrNull('yardline_100', 1, 99),
      homeTimeouts: r.int('home_timeouts', 0, 3),
      awayTimeouts: r.int('away_timeouts', 0, 3),
      playSeq,
    });
  }
  return byGame;
}

export interface NflBundleText {
  gamesCsv: string;
  playsCsv: string;
  /** Names used in error messages, e.g. 'data/nfl/games.csv'. */
  gamesSource: string;
  playsSource: string;
}

/** Parses the two bundle files into games sorted by kickoff, then game id. */
export function parseNflBundle(input: NflBundleText): NflReplayGame[] {
  const games = parseGames(readCsvTable(input.gamesCsv, input.gamesSource, GAMES_COLUMNS));
  const plays = parsePlays(readCsvTable(input.playsCsv, input.playsSource, PLAYS_COLUMNS));
  const withoutPlays = [...games.keys()].filter((id) => !plays.has(id));
  if (withoutPlays.length > 0) {
    throw new DataRowError({
      source: input.playsSource,
      line: 0,
      column: 'game_id',
      value: withoutPlays.join(' '),
      expected: `has no plays for ${withoutPlays.length} game(s) listed in ${input.gamesSource}`,
    });
  }
  const out: NflReplayGame[] = [];
  for (const [id, states] of plays) {
    const info = games.get(id);
    if (!info) {
      throw new DataRowError({
        source: input.gamesSource,
        line: 0,
        column: 'game_id',
        value: id,
        expected: `has no row for a game that has plays in ${input.playsSource}`,
      });
    }
    out.push({ info, states });
  }
  out.sort((a, b) => a.info.kickoffTs - b.info.kickoffTs || compareStrings(a.info.gameId, b.info.gameId));
  return out;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads `<dir>/games.csv` and `<dir>/plays.csv.gz`. */
export function loadNflBundle(dir = 'data/nfl'): NflReplayGame[] {
  const gamesSource = join(dir, 'games.csv');
  const playsSource = join(dir, 'plays.csv.gz');
  return parseNflBundle({
    gamesCsv: readFileSync(gamesSource, 'utf8'),
    playsCsv: gunzipSync(readFileSync(playsSource)).toString('utf8'),
    gamesSource,
    playsSource,
  });
}

export interface GameFilter {
  /** Game ids; a league's name (`nfl`, `nba`) stands for all of that league's games. */
  gameIds?: string[];
  /** Inclusive kickoff dates, YYYY-MM-DD, in US Eastern time (the NFL's own game-day dating). */
  from?: string;
  to?: string;
}

const DATE_FORMAT = /^\d{4}-\d\d-\d\d$/;
let easternDates: Intl.DateTimeFormat | undefined;

/** The kickoff date in US Eastern time, YYYY-MM-DD, so a Sunday night game stays on Sunday. */
export function easternGameDay(kickoffTs: number): string {
  easternDates ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return easternDates.format(kickoffTs);
}

/** Keeps the games that match every given filter, in their original order. */
export function selectGames<G extends ReplayGame>(games: readonly G[], filter: GameFilter): G[] {
  for (const key of ['from', 'to'] as const) {
    const v = filter[key];
    if (v !== undefined && !DATE_FORMAT.test(v)) {
      throw new Error(`game filter "${key}" must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
    }
  }
  let ids: Set<string> | undefined;
  if (filter.gameIds && filter.gameIds.length > 0) {
    ids = new Set(filter.gameIds);
    const known = new Set(games.flatMap((g) => [g.info.gameId as string, sportOf(g)]));
    const unknown = filter.gameIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new Error(`unknown game id(s): ${unknown.join(', ')}`);
  }
  return games.filter((g) => {
    if (ids && !ids.has(g.info.gameId) && !ids.has(sportOf(g))) return false;
    if (filter.from === undefined && filter.to === undefined) return true;
    const day = easternGameDay(g.info.kickoffTs);
    if (filter.from !== undefined && day < filter.from) return false;
    if (filter.to !== undefined && day > filter.to) return false;
    return true;
  });
}
