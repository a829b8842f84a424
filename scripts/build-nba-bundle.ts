/**
 * Builds the NBA replay bundle in data/nba/ from the flattened ESPN play-by-play in
 * ../shared/data/nba (one real game, with ESPN's published win probability per play; see
 * data/README.md).
 *
 *   npm run data:nba [-- --shared <dir>] [-- --out <dir>]
 *
 * The data has no bookmaker line. The bundle's `home_spread` is derived from ESPN's own home win
 * probability at the opening tip: the spread whose Normal(spread, 12^2) final margin (the NBA
 * model's sigma, docs/models.md) gives that probability, rounded to half a point as books quote.
 * Deterministic: the same source gives byte-identical output.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NBA_GAMES_COLUMNS, NBA_PLAYS_COLUMNS } from '../src/feeds/replay/nba-bundle.js';
import { splitCsvLine } from '../src/feeds/replay/nfl-bundle.js';
import { NBA } from '../src/sports/basketball/model.js';
import { bisect, normalCdf } from '../src/sports/distributions.js';

const SOURCE = 'espn_nba_401585607_TOR-at-ORL_pbp_with_espn_wp.csv';
/** ESPN's scheduled tip-off of event 401585607 (the summary's header.competitions[0].date). */
const TIPOFF_UTC = '2024-03-17T22:00:00Z';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const sharedDir = resolve(argValue('--shared') ?? join(repoRoot, '..', 'shared', 'data', 'nba'));
const outDir = resolve(argValue('--out') ?? join(repoRoot, 'data', 'nba'));

const lines = csvRecords(readFileSync(join(sharedDir, SOURCE), 'utf8'));
const header = splitCsvLine(lines[0]!);
const rows = lines.slice(1).map((line) => {
  const fields = splitCsvLine(line);
  return Object.fromEntries(header.map((h, i) => [h, fields[i] ?? '']));
});
const first = rows[0]!;
const last = rows.at(-1)!;
const openingProb = Number(first.espn_home_win_pct);
const spread = bisect((s) => normalCdf(s / NBA.marginSd) - openingProb, -48, 48, 80);
const homeSpread = Math.round(spread * 2) / 2;
const gameId = `nba_${TIPOFF_UTC.slice(0, 10).replaceAll('-', '')}_${first.away_team}_${first.home_team}`;

const games = [
  NBA_GAMES_COLUMNS.join(','),
  [
    gameId,
    first.game_id,
    2024,
    'REG',
    TIPOFF_UTC,
    first.home_team,
    first.away_team,
    homeSpread,
    last.final_home_score,
    last.final_away_score,
  ].join(','),
];
const plays = [NBA_PLAYS_COLUMNS.join(',')];
// ESPN's sequenceNumber is not always in game order (corrections are numbered later); the
// source rows are, so play_seq is the row's position.
for (const [i, r] of rows.entries()) {
  plays.push(
    [
      gameId,
      i + 1,
      r.period,
      toSeconds(r.clock ?? ''),
      r.home_score,
      r.away_score,
      r.wallclock,
      r.espn_home_win_pct,
    ].join(','),
  );
}

/** Records of a CSV text: a quoted field may hold a line break (ESPN's play types do). */
function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      records.push(text.slice(start, i).replace(/\r$/, ''));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  // A line break inside a field becomes a space: the bundle keeps none of these text fields.
  return records.filter((r) => r !== '').map((r) => r.replaceAll('\n', ' '));
}

/** "11:42" or, in the last minute, "53.1" (seconds with tenths). */
function toSeconds(clock: string): number {
  if (!clock.includes(':')) return Number(clock);
  const [m, s] = clock.split(':');
  return Number(m) * 60 + Number(s);
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'games.csv'), `${games.join('\n')}\n`);
writeFileSync(join(outDir, 'plays.csv'), `${plays.join('\n')}\n`);
process.stdout.write(
  `wrote ${rows.length} plays of ${gameId} to ${outDir} (home spread ${homeSpread} from ESPN's opening ${openingProb})\n`,
);
