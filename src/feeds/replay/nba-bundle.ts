/**
 * Loads the bundled real NBA game(s) (data/nba, built by scripts/build-nba-bundle.ts) as ordered
 * basketball states for replay, with the time ESPN recorded for each play and ESPN's published
 * home win probability after it. The parser is pure (strings in); only `loadNbaBundle` reads disk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BasketballGameState } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import { DataRowError, RowReader, readCsvTable } from './nfl-bundle.js';
import type { ReplayGame, ReplayGameInfo } from './replay-game.js';

export type NbaReplayGame = ReplayGame<BasketballGameState>;

export const NBA_GAMES_COLUMNS = [
  'game_id',
  'espn_event_id',
  'season',
  'season_type',
  'tipoff_utc',
  'home_team',
  'away_team',
  'home_spread',
  'home_score',
  'away_score',
] as const;

export const NBA_PLAYS_COLUMNS = [
  'game_id',
  'play_seq',
  'period',
  'clock_seconds',
  'home_score',
  'away_score',
  'wallclock_utc',
  'espn_home_win_prob',
] as const;

const QUARTER_SECONDS = 720;
const OVERTIME_SECONDS = 300;
const UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z$/;

/** Seconds left in regulation; in overtime minus the seconds played in it. */
export function nbaGameSecondsRemaining(period: number, clockSeconds: number): number {
  if (period <= 4) return (4 - period) * QUARTER_SECONDS + clockSeconds;
  return -((period - 5) * OVERTIME_SECONDS + (OVERTIME_SECONDS - clockSeconds));
}

function utc(r: RowReader, column: string): number {
  const v = r.raw(column);
  const ts = UTC_TIME.test(v) ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ts)) r.fail(column, 'must be a UTC time like 2024-03-17T22:00:00Z');
  return ts;
}

function parseGames(text: string, source: string): Map<string, ReplayGameInfo> {
  const table = readCsvTable(text, source, NBA_GAMES_COLUMNS);
  const r: RowReader = new RowReader(table);
  const games = new Map<string, ReplayGameInfo>();
  for (const row of table.rows) {
    r.fields = row.fields;
    r.line = row.line;
    const id = r.text('game_id');
    const seasonType = r.text('season_type');
    if (seasonType !== 'REG' && seasonType !== 'POST') r.fail('season_type', 'must be REG or POST');
    games.set(id, {
      gameId: asGameId(id),
      sport: 'nba',
      espnEventId: r.text('espn_event_id'),
      season: r.int('season', 1947, 2100),
      week: 0,
      seasonType,
      kickoffTs: utc(r, 'tipoff_utc'),
      homeTeam: r.text('home_team'),
      awayTeam: r.text('away_team'),
      homeSpread: r.num('home_spread'),
      finalHomeScore: r.int('home_score', 0, 300),
      finalAwayScore: r.int('away_score', 0, 300),
    });
  }
  return games;
}

export interface NbaBundleText {
  gamesCsv: string;
  playsCsv: string;
  gamesSource: string;
  playsSource: string;
}

/** Parses the two bundle files into games sorted by tip-off. */
export function parseNbaBundle(input: NbaBundleText): NbaReplayGame[] {
  const games = parseGames(input.gamesCsv, input.gamesSource);
  const table = readCsvTable(input.playsCsv, input.playsSource, NBA_PLAYS_COLUMNS);
  const r: RowReader = new RowReader(table);
  const byGame = new Map<
    string,
    { states: BasketballGameState[]; times: number[]; wp: number[]; seq: number }
  >();
  for (const row of table.rows) {
    r.fields = row.fields;
    r.line = row.line;
    const id = r.text('game_id');
    if (!games.has(id)) r.fail('game_id', `must be a game listed in ${input.gamesSource}`);
    let game = byGame.get(id);
    if (!game) {
      game = { states: [], times: [], wp: [], seq: 0 };
      byGame.set(id, game);
    }
    const seq = r.int('play_seq', 1, 100_000);
    if (seq <= game.seq) r.fail('play_seq', `must increase within a game (previous was ${game.seq})`);
    game.seq = seq;
    const period = r.int('period', 1, 20);
    const clockSeconds = r.num('clock_seconds');
    const length = period <= 4 ? QUARTER_SECONDS : OVERTIME_SECONDS;
    if (clockSeconds < 0 || clockSeconds > length) r.fail('clock_seconds', `must be 0-${length}`);
    const wp = r.num('espn_home_win_prob');
    if (wp < 0 || wp > 1) r.fail('espn_home_win_prob', 'must be a probability 0-1');
    // ESPN's wallclock has whole seconds and now and then steps back a little: the replay needs
    // strictly increasing times, so a play is at least a second after the one before it.
    const recorded = utc(r, 'wallclock_utc');
    const previous = game.times.at(-1);
    game.times.push(previous === undefined ? recorded : Math.max(recorded, previous + 1000));
    game.wp.push(wp);
    game.states.push({
      sport: 'nba',
      gameId: asGameId(id),
      status: 'in',
      period,
      clockSeconds,
      gameSecondsRemaining: nbaGameSecondsRemaining(period, clockSeconds),
      homeScore: r.int('home_score', 0, 300),
      awayScore: r.int('away_score', 0, 300),
      // The play-by-play names who acted, not who has the ball next: possession is left unknown,
      // as ESPN's scoreboard leaves it for basketball.
      possession: null,
      homeTimeouts: null,
      awayTimeouts: null,
    });
  }
  const out: NbaReplayGame[] = [];
  for (const [id, info] of games) {
    const plays = byGame.get(id);
    if (!plays) {
      throw new DataRowError({
        source: input.playsSource,
        line: 0,
        column: 'game_id',
        value: id,
        expected: `has no plays for a game listed in ${input.gamesSource}`,
      });
    }
    out.push({ info, states: plays.states, playTs: plays.times, espnHomeWinProbability: plays.wp });
  }
  return out.sort((a, b) => a.info.kickoffTs - b.info.kickoffTs);
}

/** Reads `<dir>/games.csv` and `<dir>/plays.csv`. */
export function loadNbaBundle(dir = 'data/nba'): NbaReplayGame[] {
  const gamesSource = join(dir, 'games.csv');
  const playsSource = join(dir, 'plays.csv');
  return parseNbaBundle({
    gamesCsv: readFileSync(gamesSource, 'utf8'),
    playsCsv: readFileSync(playsSource, 'utf8'),
    gamesSource,
    playsSource,
  });
}
