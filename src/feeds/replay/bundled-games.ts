/**
 * The replay games a run's settings select from the bundled data: every NFL game, then (2024)
 * the NBA game; a data directory without an nba/ folder replays its NFL games alone. `arbees run`
 * and the lock-step replay driver read the same list, so both shapes replay the same games.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/schema.js';
import { loadNbaBundle } from './nba-bundle.js';
import { loadNflBundle, selectGames } from './nfl-bundle.js';
import type { ReplayGame } from './replay-game.js';

export function loadBundledGames(
  config: Pick<Config, 'ARBEES_DATA_DIR' | 'ARBEES_GAMES' | 'ARBEES_FROM' | 'ARBEES_TO'>,
): ReplayGame[] {
  const nbaDir = join(config.ARBEES_DATA_DIR, 'nba');
  const all = [
    ...loadNflBundle(join(config.ARBEES_DATA_DIR, 'nfl')),
    ...(existsSync(join(nbaDir, 'games.csv')) ? loadNbaBundle(nbaDir) : []),
  ];
  return selectGames(all, { gameIds: config.ARBEES_GAMES, from: config.ARBEES_FROM, to: config.ARBEES_TO });
}
