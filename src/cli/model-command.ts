/**
 * `arbees model predict|report`: the NFL win-probability model over play-by-play files in the
 * shared format, with their pregame lines. predict writes home_wp for every row; report scores
 * the rows with a team in possession (the rows the data README says to evaluate on) against
 * the spread-only baseline, with calibration tables and an SVG reliability diagram.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Command, Option } from 'commander';
import {
  linesForPlays,
  type NflPlayRow,
  parseNflLinesCsv,
  parseNflPlaysCsv,
} from '../feeds/replay/nfl-plays-file.js';
import { type ForecastReport, forecastReport } from '../sports/calibration-report.js';
import type { PregamePrior } from '../sports/model.js';
import { createNflModel, nflHomeSpread } from '../sports/nfl/model.js';
import fitted from '../sports/nfl/wp-params.json' with { type: 'json' };
import { reliabilitySvg } from '../sports/reliability-plot.js';
import { UserError } from './errors.js';
import { renderForecastReport } from './model-report.js';

const SPORTS_WITH_PLAY_FILES = ['nfl'] as const;
/** Game-bootstrap resamples behind the calibration intervals (seeded: reports are reproducible). */
const BOOTSTRAP_DRAWS = 400;

interface FileOptions {
  sport: string;
  plays: string;
  lines: string;
}

/** A file's text (`.gz` gunzipped), or a UserError naming the file. */
export function readDataText(path: string): string {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'unknown error'})`}`,
    );
  }
  if (!path.endsWith('.gz')) return raw.toString('utf8');
  try {
    return gunzipSync(raw).toString('utf8');
  } catch {
    throw new UserError(`${path}: not a gzip file`);
  }
}

function load(
  options: FileOptions,
  outcomes: boolean,
): { plays: NflPlayRow[]; priors: Map<string, PregamePrior> } {
  const plays = parseNflPlaysCsv(readDataText(options.plays), options.plays, { outcomes });
  if (plays.length === 0) throw new UserError(`${options.plays}: no plays`);
  const lines = parseNflLinesCsv(readDataText(options.lines), options.lines);
  return { plays, priors: linesForPlays(plays, lines, { plays: options.plays, lines: options.lines }) };
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UserError(
      `${path}: cannot be written (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`,
    );
  }
}

/** A CSV field, quoted only when it must be. */
const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function predict(options: FileOptions & { out: string }): number {
  const { plays, priors } = load(options, false);
  const model = createNflModel();
  const lines = ['game_id,play_id,home_wp'];
  for (const p of plays) {
    const home = model.probabilities(p.state, priors.get(p.state.gameId) ?? {}).home;
    lines.push(`${csvField(p.state.gameId)},${csvField(p.playId)},${home.toFixed(6)}`);
  }
  write(options.out, `${lines.join('\n')}\n`);
  process.stderr.write(`wrote ${plays.length} rows (${priors.size} games) to ${options.out}\n`);
  return 0;
}

/** The model and the spread-only baseline on the rows with a team in possession. */
export function nflForecastReport(
  plays: readonly NflPlayRow[],
  priors: ReadonlyMap<string, PregamePrior>,
): ForecastReport {
  const model = createNflModel();
  const baseline = fitted.fit.spreadOnlyBaseline;
  const rows = plays.filter((p) => p.state.possession !== null);
  if (rows.length === 0) throw new UserError('no rows with a team in possession to score');
  const prior = (p: NflPlayRow) => priors.get(p.state.gameId) ?? {};
  return forecastReport(
    {
      preds: Float64Array.from(rows, (p) => model.probabilities(p.state, prior(p)).home),
      baselinePreds: Float64Array.from(rows, (p) => {
        const spread = nflHomeSpread(prior(p), baseline);
        return 1 / (1 + Math.exp(-(baseline.intercept + baseline.slope * spread)));
      }),
      outcomes: Float64Array.from(rows, (p) => p.outcome ?? Number.NaN),
      gameIds: rows.map((p) => p.state.gameId),
    },
    { bootstrapDraws: BOOTSTRAP_DRAWS },
  );
}

function report(options: FileOptions & { json?: boolean; plot?: string }): number {
  if (options.plot !== undefined && !options.plot.toLowerCase().endsWith('.svg')) {
    throw new UserError(`--plot writes an SVG image: name the file .svg (got ${options.plot})`);
  }
  const { plays, priors } = load(options, true);
  const result = nflForecastReport(plays, priors);
  const meta = {
    sport: options.sport,
    plays: options.plays,
    lines: options.lines,
    rowsInFile: plays.length,
    rowsScored: 'rows with a team in possession; ties count as half a win',
    baseline: 'spread-only logistic fitted with the model on 2016-2019 (wp-params.json)',
  };
  if (options.plot !== undefined) {
    write(
      options.plot,
      reliabilitySvg(
        result,
        `NFL win probability: ${basename(options.plays)} (${result.rows.toLocaleString('en-US')} plays, ${result.games} games)`,
      ),
    );
  }
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ ...meta, ...result }, null, 2)}\n`
      : renderForecastReport(result, meta),
  );
  return 0;
}

function checkSport(sport: string): void {
  if (!(SPORTS_WITH_PLAY_FILES as readonly string[]).includes(sport)) {
    throw new UserError(
      `--sport ${sport}: only ${SPORTS_WITH_PLAY_FILES.join(', ')} has a play-by-play file format`,
    );
  }
}

const sportOption = () => new Option('--sport <sport>', 'the league of the plays file').makeOptionMandatory();

export function modelCommand(): Command {
  const model = new Command('model').description(
    'Win-probability models: predictions and calibration reports on play-by-play files.',
  );
  model
    .command('predict')
    .description('Write game_id,play_id,home_wp for every row of a plays file.')
    .addOption(sportOption())
    .requiredOption('--plays <file>', 'plays file in the shared format (plays_<season>.csv.gz)')
    .requiredOption('--lines <file>', 'pregame lines by game_id (spread_line; moneylines optional)')
    .requiredOption('--out <file>', 'CSV to write')
    .action((options) => {
      checkSport(options.sport);
      process.exitCode = predict(options);
    });
  model
    .command('report')
    .description('Brier score, log loss and calibration against a spread-only baseline.')
    .addOption(sportOption())
    .requiredOption('--plays <file>', 'plays file in the shared format (plays_<season>.csv.gz)')
    .requiredOption('--lines <file>', 'pregame lines by game_id (spread_line; moneylines optional)')
    .option('--json', 'print the report as JSON')
    .option('--plot <file.svg>', 'write a reliability diagram (SVG)')
    .action((options) => {
      checkSport(options.sport);
      process.exitCode = report(options);
    });
  return model;
}
