/**
 * How often does a PERFECTLY calibrated win probability meet "every calibration decile within
 * 3 pp" on one NFL season? Here the true probability is known by construction, so any gap in
 * the table is chance alone.
 *
 * The world: each game's home margin is a Brownian motion over the 3,600 s of regulation with
 * drift spread/3600 per second and standard deviation 13.5 points over the whole game (Stern's
 * model, as in src/sports/football). At time t the true home win probability is
 * Phi((margin + drift * left) / (sigma * sqrt(left))); the outcome is the sign of the final
 * margin. The games are the real 2020 games: their closing spreads and the times of their
 * rows with a team in possession (the rows the report scores), so a simulated season has
 * 2020's shape. Regulation rows only (overtime rows have no time left on this clock).
 *
 * Each simulated season draws games with replacement from 2020 and is scored by the same
 * forecastReport as `arbees model report`. Prints one JSON line per season size.
 *
 *   node bin/run-ts.js scripts/calibration-bar-simulation.ts [--shared <dir>] [--seasons N]
 *
 * Deterministic (seeded). Quoted in docs/nfl-wp-2020.md section 4.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDataText } from '../src/cli/model-command.js';
import { parseNflLinesCsv, parseNflPlaysCsv } from '../src/feeds/replay/nfl-plays-file.js';
import { SeededRandom } from '../src/sim/random.js';
import { forecastReport } from '../src/sports/calibration-report.js';
import { normalCdf } from '../src/sports/distributions.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argAfter = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const shared = resolve(argAfter('--shared') ?? join(repoRoot, '..', 'shared', 'data', 'nfl'));
const SEASONS = Number(argAfter('--seasons') ?? 1000);
const REGULATION_SECONDS = 3600;
const MARGIN_SD = 13.5;
const BAR = 0.03;

interface GameShape {
  spread: number;
  /** Seconds left at each scored row, in game order (decreasing). */
  rowTimes: number[];
}

function loadGames(): GameShape[] {
  const lines = parseNflLinesCsv(
    readDataText(join(shared, 'spreads_2016_2020.csv')),
    'spreads_2016_2020.csv',
  );
  const plays = parseNflPlaysCsv(readDataText(join(shared, 'plays_2020.csv.gz')), 'plays_2020.csv.gz', {
    outcomes: false,
  });
  const games = new Map<string, GameShape>();
  for (const row of plays) {
    const s = row.state;
    if (s.possession === null || s.gameSecondsRemaining <= 0) continue;
    let game = games.get(s.gameId);
    if (!game) {
      const spread = lines.get(s.gameId)?.prior.homeSpread;
      if (spread === undefined) throw new Error(`${s.gameId}: no spread in spreads_2016_2020.csv`);
      game = { spread, rowTimes: [] };
      games.set(s.gameId, game);
    }
    game.rowTimes.push(s.gameSecondsRemaining);
  }
  return [...games.values()];
}

interface SeasonSample {
  preds: number[];
  outcomes: number[];
  gameIds: string[];
}

function simulateSeason(shapes: readonly GameShape[], games: number, random: SeededRandom): SeasonSample {
  const sample: SeasonSample = { preds: [], outcomes: [], gameIds: [] };
  const sdPerSecond = MARGIN_SD / Math.sqrt(REGULATION_SECONDS);
  for (let g = 0; g < games; g++) {
    const shape = shapes[Math.floor(random.next() * shapes.length)] as GameShape;
    const drift = shape.spread / REGULATION_SECONDS;
    let margin = 0;
    let left = REGULATION_SECONDS;
    const preds: number[] = [];
    for (const t of shape.rowTimes) {
      const step = left - t;
      if (step > 0) margin += drift * step + sdPerSecond * Math.sqrt(step) * random.normal();
      left = t;
      preds.push(normalCdf((margin + drift * left) / (sdPerSecond * Math.sqrt(left))));
    }
    margin += drift * left + sdPerSecond * Math.sqrt(left) * random.normal();
    const outcome = margin > 0 ? 1 : 0;
    for (const p of preds) {
      sample.preds.push(p);
      sample.outcomes.push(outcome);
      sample.gameIds.push(String(g));
    }
  }
  return sample;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const pp = (x: number) => Math.round(x * 1000) / 10;

const shapes = loadGames();
for (const games of [269, 1068]) {
  const random = new SeededRandom(games);
  const binGaps: number[] = [];
  const decileGaps: number[] = [];
  let rows = 0;
  for (let s = 0; s < SEASONS; s++) {
    const season = simulateSeason(shapes, games, random);
    rows += season.preds.length;
    // The true probability is its own baseline: only the calibration tables matter here.
    const report = forecastReport({ ...season, baselinePreds: season.preds });
    binGaps.push(report.maxBinGap);
    decileGaps.push(report.maxDecileGap);
  }
  binGaps.sort((a, b) => a - b);
  decileGaps.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      games,
      seasons: SEASONS,
      meanRows: Math.round(rows / SEASONS),
      everyBinWithin3pp: binGaps.filter((g) => g <= BAR).length / SEASONS,
      everyDecileWithin3pp: decileGaps.filter((g) => g <= BAR).length / SEASONS,
      maxBinGapPp: { median: pp(quantile(binGaps, 0.5)), p90: pp(quantile(binGaps, 0.9)) },
      maxDecileGapPp: { median: pp(quantile(decileGaps, 0.5)), p90: pp(quantile(decileGaps, 0.9)) },
    }),
  );
}
