/**
 * `arbees sim world`: the simulated world on its own, for a paper run (or anything speaking the
 * venues' and ESPN's protocols) to be pointed at. The chosen recorded games are moved onto the
 * live calendar (the first a few minutes from now, a gap of days between game days cut to an
 * hour) and played at --speed times real time; ESPN, Kalshi and Polymarket are served on
 * loopback, each game listed on both venues as they list games, with simulated makers quoting.
 *
 * Once listening it prints one KEY=VALUE line per setting on stdout and nothing else there
 * (every URL, the trader's credentials, and ARBEES_CLOCK, always: the world's calendar is not
 * the recorded games' and runs at its own speed); it logs to stderr, and serves until Ctrl-C,
 * or with --exit-when-done until every game is final and every market resolved.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatClockSetting, parseClockSetting } from '../config/clock-setting.js';
import { loadConfig } from '../config/load.js';
import { AnchoredScaledClock } from '../core/clock.js';
import type { Micros } from '../core/money.js';
import { loadBundledGames } from '../feeds/replay/bundled-games.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import { createLogger } from '../services/logger.js';
import { parseWorldFaults } from '../sim/world/fault-specs.js';
import { startSimWorld, worldBalances } from '../sim/world/sim-world.js';
import { scheduleWorldGames } from '../sim/world/world-games.js';
import { withPublicHost } from '../sim/world/world-settings.js';
import type { WorldTeamLookup } from '../sim/world/world-teams.js';
import { UserError } from './errors.js';

export interface SimWorldFlags {
  games?: string;
  from?: string;
  to?: string;
  speed?: string;
  port?: string;
  host?: string;
  seed?: string;
  lead?: string;
  exitWhenDone?: boolean;
  fault?: string[];
  publicHost?: string;
  settingsFile?: string;
  polymarketUs?: boolean;
}

const MINUTE_MS = 60_000;
/** A quiet spell between game days longer than this is cut to it (world time). */
const GAP_MS = 60 * MINUTE_MS;
/** How often --exit-when-done looks whether the world is done, wall ms. */
const DONE_POLL_MS = 250;

function numberFlag(name: string, value: string | undefined, fallback: number, ok: (n: number) => boolean) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n))
    throw new UserError(`--${name}: invalid value "${value}"`);
  return n;
}

export async function simWorldCommand(
  flags: SimWorldFlags,
  deps: { readonly teams: WorldTeamLookup },
): Promise<number> {
  const config = loadConfig({
    overrides: {
      ARBEES_GAMES: flags.games,
      ARBEES_FROM: flags.from,
      ARBEES_TO: flags.to,
      ARBEES_SEED: flags.seed,
    },
  });
  const log = createLogger({ level: config.ARBEES_LOG_LEVEL, name: 'arbees' });
  const speed = numberFlag('speed', flags.speed, 1, (n) => n > 0 && n <= 100_000);
  const port = numberFlag('port', flags.port, 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65_532);
  const leadMs = numberFlag('lead', flags.lead, 10, (n) => n >= 0) * MINUTE_MS;
  const recorded = loadBundledGames(config);
  if (recorded.length === 0) throw new UserError('no bundled game matches --games/--from/--to');
  const first = [...recorded].sort((a, b) => a.info.kickoffTs - b.info.kickoffTs)[0]!;
  const parsed = parseWorldFaults(flags.fault ?? [], first.info.gameId);
  if (!parsed.ok) throw new UserError(parsed.problems.join('; '));
  const ids = new Set(recorded.map((g) => g.info.gameId as string));
  for (const id of parsed.faults.unmatchableGames ?? [])
    if (!ids.has(id)) throw new UserError(`--fault unmatchable=${id}: not one of the games served`);

  const anchorMs = Date.now();
  const clockSetting = { kind: 'scaled', speed, anchorMs } as const;
  // What the world prints must read back as the same clock (a speed like 1e-7 would not).
  if (typeof parseClockSetting(formatClockSetting(clockSetting)) === 'string')
    throw new UserError(`--speed: ${speed} cannot be shared as ARBEES_CLOCK; give a plain decimal`);
  const clock = new AnchoredScaledClock({ anchorMs, speed, wallNow: Date.now });
  const scheduler = new TimerScheduler({
    clock,
    onError: (error) => log.error('world task failed', { error: String(error) }),
  });
  const games = scheduleWorldGames(recorded, { startMs: clock.now(), leadMs, gapMs: GAP_MS });
  // Polymarket US is served when asked for, or when the venues traded name it.
  const withPolymarketUs = flags.polymarketUs === true || config.ARBEES_VENUES.includes('polymarket-us');
  // A file an earlier world left (killed before it could remove it) must not pass for this one's.
  if (flags.settingsFile) await rm(flags.settingsFile, { force: true });
  const world = await startSimWorld({
    games,
    clock,
    scheduler,
    seed: config.ARBEES_SEED,
    host: flags.host ?? '127.0.0.1',
    ...(port > 0
      ? { ports: { espn: port, kalshi: port + 1, polymarket: port + 2, polymarketUs: port + 3 } }
      : {}),
    feedDelayMs: config.ARBEES_FEED_DELAY * 1000,
    ...worldBalances(config.ARBEES_BANKROLL as Micros, withPolymarketUs),
    teams: deps.teams,
    faults: parsed.faults,
    clockSetting,
    log,
  });
  const host = flags.host ?? '127.0.0.1';
  const settings = flags.publicHost ? withPublicHost(world.settings, host, flags.publicHost) : world.settings;
  const written = flags.settingsFile
    ? await writeSettingsFile(flags.settingsFile, settings, world.credentials.kalshi.privateKeyPem)
    : null;
  for (const [key, value] of Object.entries(written?.settings ?? settings))
    process.stdout.write(`${key}=${value}\n`);
  const kickoffs = world.games.map((g) => g.info.kickoffTs);
  log.info(
    `serving ${world.games.length} games at ${speed}x: first kick-off ${new Date(Math.min(...kickoffs)).toISOString()}, last ${new Date(Math.max(...kickoffs)).toISOString()} (world time); ESPN ${world.endpoints.espn.url}, Kalshi ${world.endpoints.kalshi?.rest}, Polymarket ${world.endpoints.polymarket?.clob}${world.endpoints.polymarketUs ? `, Polymarket US ${world.endpoints.polymarketUs.api}` : ''}`,
  );
  const stopped = await new Promise<'signal' | 'done'>((resolve) => {
    const finish = (why: 'signal' | 'done') => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      clearInterval(poll);
      resolve(why);
    };
    const onSignal = () => finish('signal');
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const poll = setInterval(() => {
      if (flags.exitWhenDone && world.done()) finish('done');
    }, DONE_POLL_MS);
  });
  scheduler.stop();
  await written?.remove();
  await world.close();
  log.info(
    stopped === 'done' ? 'every game final and every market resolved: stopped' : 'stopped',
    world.stats.makerRefusals + world.stats.lifecycleRefusals > 0 ? { ...world.stats } : undefined,
  );
  return 0;
}

/**
 * The settings as a file for processes in other containers (Compose: a shared volume), with the
 * Kalshi key copied beside it (the world's own key file is in its private temporary directory).
 * Written whole (a temporary name, then renamed), so a reader never sees half of it; removed
 * when the world stops, so no service starts on a stopped world's settings.
 */
async function writeSettingsFile(
  path: string,
  settings: Readonly<Record<string, string>>,
  kalshiPem: string,
): Promise<{ settings: Record<string, string>; remove(): Promise<void> }> {
  const keyPath = join(dirname(path), 'kalshi-key.pem');
  const out = { ...settings, KALSHI_PRIVATE_KEY_PATH: keyPath };
  try {
    await writeFile(keyPath, kalshiPem, { mode: 0o600 });
    const text = `# Written by arbees sim world; read by arbees service --settings-file.\n${Object.entries(
      out,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`;
    await writeFile(`${path}.tmp`, text, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  } catch (error) {
    throw new UserError(`--settings-file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    settings: out,
    remove: async () => {
      await rm(path, { force: true });
      await rm(keyPath, { force: true });
    },
  };
}
