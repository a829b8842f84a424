/**
 * `arbees sim espn`: the simulated ESPN API on its own, serving the bundled games on a replay
 * clock that runs at --speed times game time from the first game's kick-off (or --start), until
 * Ctrl-C. For pointing a poller (or curl) at it by hand.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { ScaledClock } from '../core/clock.js';
import { loadNbaBundle } from '../feeds/replay/nba-bundle.js';
import { loadNflBundle, selectGames } from '../feeds/replay/nfl-bundle.js';
import { ReplayEspnSchedule } from '../sim/espn/replay-schedule.js';
import { NBA_PATH, NFL_PATH, startEspnSimServer } from '../sim/espn/server.js';
import { deriveSeed, SeededRandom } from '../sim/random.js';
import { UserError } from './errors.js';

export interface SimEspnFlags {
  port?: string;
  host?: string;
  speed?: string;
  start?: string;
  games?: string;
  from?: string;
  to?: string;
  delay?: string;
  latency?: string;
  errorRate?: string;
  seed?: string;
}

/** Before the first kick-off, so a poller sees the games scheduled first. */
const DEFAULT_LEAD_MS = 10 * 60_000;

function numberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  ok: (n: number) => boolean,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n))
    throw new UserError(`--${name}: invalid value "${value}"`);
  return n;
}

export async function simEspnCommand(flags: SimEspnFlags): Promise<number> {
  const config = loadConfig({
    overrides: {
      ARBEES_GAMES: flags.games,
      ARBEES_FROM: flags.from,
      ARBEES_TO: flags.to,
      ARBEES_FEED_DELAY: flags.delay,
      ARBEES_SEED: flags.seed,
    },
  });
  const port = numberFlag('port', flags.port, 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  const speed = numberFlag('speed', flags.speed, 1, (n) => n > 0);
  const latencyMs = numberFlag('latency', flags.latency, 0, (n) => n >= 0);
  const errorRate = numberFlag('error-rate', flags.errorRate, 0, (n) => n >= 0 && n <= 1);
  const nbaDir = join(config.ARBEES_DATA_DIR, 'nba');
  const bundled = [
    ...loadNflBundle(join(config.ARBEES_DATA_DIR, 'nfl')),
    ...(existsSync(join(nbaDir, 'games.csv')) ? loadNbaBundle(nbaDir) : []),
  ];
  const games = selectGames(bundled, {
    gameIds: config.ARBEES_GAMES,
    from: config.ARBEES_FROM,
    to: config.ARBEES_TO,
  });
  if (games.length === 0) throw new UserError('no bundled game matches --games/--from/--to');
  const schedule = new ReplayEspnSchedule(games);
  let startMs = (schedule.firstKickoffTs() ?? 0) - DEFAULT_LEAD_MS;
  if (flags.start !== undefined) {
    startMs = Date.parse(flags.start);
    if (!Number.isFinite(startMs)) throw new UserError(`--start: expected an ISO time, got "${flags.start}"`);
  }
  const clock = new ScaledClock({ startMs, speed, wallNow: () => performance.now() });
  const random = new SeededRandom(deriveSeed(config.ARBEES_SEED, 'espn-sim-faults'));
  const server = await startEspnSimServer({
    schedule,
    clock,
    host: flags.host ?? '127.0.0.1',
    port,
    feedDelayMs: config.ARBEES_FEED_DELAY * 1000,
    random: () => random.next(),
  });
  server.faults.latencyMs = latencyMs;
  server.faults.errorRate = errorRate;
  const base = server.apiBase.replace('/apis/site/v2/sports', '');
  const first = [...schedule.games].sort((a, b) => a.game.info.kickoffTs - b.game.info.kickoffTs)[0]!;
  const path = first.league === 'nba' ? NBA_PATH : NFL_PATH;
  process.stdout.write(
    `ESPN simulator: ${games.length} games from ${new Date(startMs).toISOString()} at ${speed}x game time, ` +
      `feed delay ${config.ARBEES_FEED_DELAY} s\n` +
      `scoreboard: ${base}${path}/scoreboard\n` +
      `summary:    ${base}${path}/summary?event=${first.espnId}\n` +
      'Ctrl-C stops it.\n',
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  process.stderr.write(`ESPN simulator stopped after ${server.stats.requests} requests\n`);
  return 0;
}
