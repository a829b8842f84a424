/** `arbees model predict|report` as a user runs it, on small files and on the real 2020 season. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fitted from '../src/sports/nfl/wp-params.json' with { type: 'json' };
import { runArbees } from './support/cli-run.js';

const SHARED = fileURLToPath(new URL('../../shared/data/nfl/', import.meta.url));

const arbees = (args: string[]) => runArbees(args);

const HEADER =
  'game_id,play_id,home_team,away_team,qtr,clock_seconds_left_in_qtr,game_seconds_remaining,home_score,away_score,posteam,down,ydstogo,yardline_100,home_timeouts,away_timeouts,final_home_score,final_away_score';
const PLAYS = [
  '2021_01_A_B,1,B,A,1,900,3600,0,0,,,,,3,3,24,20',
  '2021_01_A_B,36,B,A,1,900,3600,0,0,B,,,35,3,3,24,20',
  '2021_01_A_B,51,B,A,1,895,3595,0,0,B,1,10,75,3,3,24,20',
  '2021_01_A_B,70,B,A,4,30,30,24,20,A,2,7,40,0,1,24,20',
  '2021_01_A_B,80,B,A,4,0,0,24,20,,,,,0,1,24,20',
];
const LINES = 'game_id,spread_line\n2021_01_A_B,-3.5\n';

function files(plays = PLAYS, lines = LINES) {
  const dir = mkdtempSync(join(tmpdir(), 'arbees-model-'));
  writeFileSync(join(dir, 'plays.csv.gz'), gzipSync(`${[HEADER, ...plays].join('\n')}\n`));
  writeFileSync(join(dir, 'lines.csv'), lines);
  return { dir, plays: join(dir, 'plays.csv.gz'), lines: join(dir, 'lines.csv') };
}

describe('arbees model', () => {
  it('predicts home_wp for every row of a plays file, structural rows included', async () => {
    const f = files();
    const out = join(f.dir, 'wp.csv');
    const r = await arbees([
      'model',
      'predict',
      '--sport',
      'nfl',
      '--plays',
      f.plays,
      '--lines',
      f.lines,
      '--out',
      out,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('game_id,play_id,home_wp');
    expect(rows.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(
      PLAYS.map((p) => p.split(',').slice(0, 2).join(',')),
    );
    const wp = rows.slice(1).map((l) => Number(l.split(',')[2]));
    expect(wp.every((p) => p > 0 && p < 1)).toBe(true);
    expect(wp[0]).toBeLessThan(0.5); // away favoured by 3.5
    expect(wp[4]).toBe(0.999); // over: the home team led at 0:00
  });

  it('names the file, line and column of a bad cell, exits 2, no stack trace', async () => {
    const bad = [...PLAYS];
    bad[2] = bad[2]!.replace(',1,895,3595,', ',x,895,3595,');
    const f = files(bad);
    const r = await arbees([
      'model',
      'predict',
      '--sport',
      'nfl',
      '--plays',
      f.plays,
      '--lines',
      f.lines,
      '--out',
      join(f.dir, 'o.csv'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`arbees: ${f.plays} line 4: column "qtr" must be an integer 1-6, got "x"\n`);
  });

  it('refuses a game without a line, a missing file, a sport without plays files and a plot that is not SVG', async () => {
    const f = files(PLAYS, 'game_id,spread_line\n2021_01_X_Y,1\n');
    const noLine = await arbees([
      'model',
      'report',
      '--sport',
      'nfl',
      '--plays',
      f.plays,
      '--lines',
      f.lines,
    ]);
    expect(noLine.code).toBe(2);
    expect(noLine.stderr).toContain(`${f.plays} line 2: column "game_id" must have a row in ${f.lines}`);
    const missing = await arbees([
      'model',
      'report',
      '--sport',
      'nfl',
      '--plays',
      join(f.dir, 'nope.csv.gz'),
      '--lines',
      f.lines,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csv.gz: no such file');
    const nba = await arbees(['model', 'report', '--sport', 'nba', '--plays', f.plays, '--lines', f.lines]);
    expect(nba.code).toBe(2);
    expect(nba.stderr).toContain('--sport nba: only nfl has a play-by-play file format');
    const png = await arbees([
      'model',
      'report',
      '--sport',
      'nfl',
      '--plays',
      f.plays,
      '--lines',
      f.lines,
      '--plot',
      'x.png',
    ]);
    expect(png.code).toBe(2);
    expect(png.stderr).toContain('--plot writes an SVG image');
    for (const r of [noLine, missing, nba, png]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports 2020 as the fit validated it, beside the baseline, with a reliability diagram', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arbees-report-'));
    const plot = join(dir, 'plot.svg');
    const r = await arbees([
      'model',
      'report',
      '--sport',
      'nfl',
      '--plays',
      join(SHARED, 'plays_2020.csv.gz'),
      '--lines',
      join(SHARED, 'spreads_2016_2020.csv'),
      '--json',
      '--plot',
      plot,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const v = fitted.fit.validation;
    expect(report.rows).toBe(v.rows);
    expect(report.games).toBe(v.games);
    expect(report.model.brier).toBeCloseTo(v.model.brier, 5);
    expect(report.model.logLoss).toBeCloseTo(v.model.logLoss, 5);
    expect(report.baseline.brier).toBeCloseTo(v.spreadOnly.brier, 5);
    expect(report.baseline.logLoss).toBeCloseTo(v.spreadOnly.logLoss, 4);
    expect(report.bins.map((b: { n: number }) => b.n)).toEqual(v.calibration.map((b) => b.n));
    expect(report.deciles).toHaveLength(10);
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\n$/);
  });
});
