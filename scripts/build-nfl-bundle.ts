/**
 * Builds the compact NFL replay bundle in data/nfl/ from the full research data set in
 * ../shared/data/nfl (see data/README.md for what is chosen and why).
 *
 *   npm run data:nfl [-- --shared <dir>] [-- --out <dir>]
 *
 * Deterministic: the same source files give byte-identical output.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GAMES_COLUMNS, PLAYS_COLUMNS, splitCsvLine } from '../src/feeds/replay/nfl-bundle.js';

/** 2020 is the season the win-probability model is not fitted on, so replays are out-of-sample. */
const SEASON = 2020;
/** The last two regular-season weeks (16, 17) and the whole postseason (weeks 18-21). */
const FIRST_WEEK = 16;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sharedDir = resolve(argValue('--shared') ?? join(repoRoot, '..', 'shared', 'data', 'nfl'));
const outDir = resolve(argValue('--out') ?? join(repoRoot, 'data', 'nfl'));

type Row = Record<string, string>;

function readCsv(path: string): Row[] {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const header = splitCsvLine((lines[0] ?? '').replace(/\r$/, ''));
  return lines.slice(1).map((line, i) => {
    const fields = splitCsvLine(line.replace(/\r$/, ''));
    if (fields.length !== header.length) {
      throw new Error(`${path} line ${i + 2}: expected ${header.length} fields, found ${fields.length}`);
    }
    const row: Row = {};
    header.forEach((name, j) => {
      row[name] = fields[j] as string;
    });
    return row;
  });
}

function need(row: Row, column: string, where: string): string {
  const v = row[column];
  if (v === undefined) throw new Error(`${where}: no column "${column}"`);
  return v;
}

/** Quotes a field only when it has to be, so the output stays plain for every value we write. */
function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

function main(): void {
  const gamesPath = join(sharedDir, `games_${SEASON}.csv`);
  const spreadsPath = join(sharedDir, 'spreads_2016_2020.csv');
  const playsPath = join(sharedDir, `plays_${SEASON}.csv.gz`);

  const spreadByGame = new Map<string, string>();
  for (const row of readCsv(spreadsPath)) {
    spreadByGame.set(need(row, 'game_id', spreadsPath), need(row, 'spread_line', spreadsPath));
  }

  const chosen = readCsv(gamesPath)
    .filter((g) => Number(need(g, 'week', gamesPath)) >= FIRST_WEEK && need(g, 'note', gamesPath) === '')
    .sort(
      (a, b) =>
        Date.parse(need(a, 'kickoff_utc', gamesPath)) - Date.parse(need(b, 'kickoff_utc', gamesPath)) ||
        need(a, 'game_id', gamesPath).localeCompare(need(b, 'game_id', gamesPath)),
    );

  let gamesOut = csvLine(GAMES_COLUMNS);
  const teamsByGame = new Map<string, { home: string; away: string }>();
  for (const g of chosen) {
    const id = need(g, 'game_id', gamesPath);
    const spread = spreadByGame.get(id);
    if (spread === undefined || spread === '') throw new Error(`${spreadsPath}: no spread_line for ${id}`);
    const home = need(g, 'home_team', gamesPath);
    const away = need(g, 'away_team', gamesPath);
    teamsByGame.set(id, { home, away });
    gamesOut += csvLine([
      id,
      need(g, 'season', gamesPath),
      need(g, 'week', gamesPath),
      need(g, 'season_type', gamesPath),
      need(g, 'kickoff_utc', gamesPath),
      home,
      away,
      spread,
      need(g, 'home_score', gamesPath),
      need(g, 'away_score', gamesPath),
    ]);
  }

  // Group rows by game so the output follows the games file's order, each game in play order.
  const rowsByGame = new Map<string, Row[]>();
  for (const row of readCsv(playsPath)) {
    const id = need(row, 'game_id', playsPath);
    if (!teamsByGame.has(id)) continue;
    let rows = rowsByGame.get(id);
    if (!rows) {
      rows = [];
      rowsByGame.set(id, rows);
    }
    rows.push(row);
  }

  let playsOut = csvLine(PLAYS_COLUMNS);
  let nPlays = 0;
  let nDropped = 0;
  for (const [id, teams] of teamsByGame) {
    const rows = rowsByGame.get(id);
    if (!rows) throw new Error(`${playsPath}: no plays for ${id}`);
    rows.sort((a, b) => Number(a.play_seq) - Number(b.play_seq));
    for (const row of rows) {
      // A blank clock only occurs on weather-suspension COMMENT rows, which change nothing.
      if (need(row, 'clock_seconds_left_in_qtr', playsPath) === '') {
        nDropped += 1;
        continue;
      }
      const pos = need(row, 'posteam', playsPath);
      const side = pos === '' ? '' : pos === teams.home ? 'home' : pos === teams.away ? 'away' : undefined;
      if (side === undefined) throw new Error(`${playsPath}: ${id} play ${row.play_seq} posteam ${pos}`);
      playsOut += csvLine([
        id,
        need(row, 'play_seq', playsPath),
        need(row, 'qtr', playsPath),
        need(row, 'clock_seconds_left_in_qtr', playsPath),
        need(row, 'game_seconds_remaining', playsPath),
        need(row, 'home_score', playsPath),
        need(row, 'away_score', playsPath),
        side,
        need(row, 'down', playsPath),
        need(row, 'ydstogo', playsPath),
        need(row, 'yardline_100', playsPath),
        need(row, 'home_timeouts', playsPath),
        need(row, 'away_timeouts', playsPath),
      ]);
      nPlays += 1;
    }
  }

  mkdirSync(outDir, { recursive: true });
  const gz = gzipSync(Buffer.from(playsOut, 'utf8'), { level: 9 });
  writeFileSync(join(outDir, 'games.csv'), gamesOut);
  writeFileSync(join(outDir, 'plays.csv.gz'), gz);
  console.log(
    `wrote ${teamsByGame.size} games, ${nPlays} plays (${nDropped} blank-clock rows dropped) to ${outDir}: ` +
      `games.csv ${Buffer.byteLength(gamesOut)} B, plays.csv.gz ${gz.length} B`,
  );
}

main();
