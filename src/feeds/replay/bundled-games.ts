/**
 * The replay games a run's settings select from the bundled data: every NFL game, then (2024)
 * the NBA game; a data directory without an nba/ folder replays its NFL games alone. `arbees run`
 * and the lock-step replay driver read the same list, so both shapes replay the same games.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/schema.js';
import { loadNbaBundle } from './nba-bundle.js';
import { loadNflBundle, selectGames } from './nfl-bundle.js';
import type { ReplayGame } from './replay-game.js';

/** No bundled data where the settings point (a clear message, not a stack trace). */
export class BundledDataMissing extends Error {
  override readonly name = 'BundledDataMissing';
}

/**
 * Where the bundled games are: ARBEES_DATA_DIR as given, or, when that relative directory is not
 * under the current one (an `arbees` started from elsewhere), the package's own `data/`.
 */
export function bundledDataDir(dataDir: string): string {
  if (existsSync(join(dataDir, 'nfl', 'games.csv'))) return dataDir;
  if (!isAbsolute(dataDir)) {
    // This file is src/feeds/replay/ (or dist/src/feeds/replay/ once built): the package is above.
    for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 6; dir = dirname(dir), i += 1) {
      const candidate = join(dir, dataDir);
      if (existsSync(join(candidate, 'nfl', 'games.csv'))) return candidate;
    }
  }
  throw new BundledDataMissing(
    `no bundled games in ${resolve(dataDir)} (ARBEES_DATA_DIR): expected nfl/games.csv there; start arbees from its repository or set ARBEES_DATA_DIR`,
  );
}

export function loadBundledGames(
  config: Pick<Config, 'ARBEES_DATA_DIR' | 'ARBEES_GAMES' | 'ARBEES_FROM' | 'ARBEES_TO'>,
): ReplayGame[] {
  const dataDir = bundledDataDir(config.ARBEES_DATA_DIR);
  const nbaDir = join(dataDir, 'nba');
  const all = [
    ...loadNflBundle(join(dataDir, 'nfl')),
    ...(existsSync(join(nbaDir, 'games.csv')) ? loadNbaBundle(nbaDir) : []),
  ];
  return selectGames(all, { gameIds: config.ARBEES_GAMES, from: config.ARBEES_FROM, to: config.ARBEES_TO });
}
