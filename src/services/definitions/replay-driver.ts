/**
 * replay-driver: the lock-step replay of the distributed shape (replay-driver.ts). It hosts the
 * game feed and both venue simulators, listening where execution is told to trade
 * (ARBEES_KALSHI_URL, ARBEES_POLYMARKET_URL) with the trader's keys from the same settings
 * execution reads, and drives the replay clock one task at a time, each once the deployment has
 * settled. The other services run with ARBEES_CLOCK=event.
 *
 * It waits for `POST /replay/start` (a consumer group reads from the end of its stream, so every
 * service must be subscribed before the first event: the start is refused with 409 naming the
 * services whose groups do not exist yet); `POST /replay/pause` holds it after the
 * task in hand has settled, `POST /replay/resume` lets it go on; `GET /replay` reports progress.
 */
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import type { Config } from '../../config/schema.js';
import { TOPICS } from '../../core/events.js';
import type { GameId } from '../../core/ids.js';
import { loadBundledGames } from '../../feeds/replay/bundled-games.js';
import { createWinProbabilityModels } from '../../sports/models.js';
import { loadKalshiPrivateKey } from '../../venues/kalshi/auth.js';
import { announceReplayStart, deploymentSettled, missingSubscribers } from '../lockstep.js';
import { startReplayDriver } from '../replay-driver.js';
import { ServiceStartError } from '../runner.js';
import { sendJson } from '../runner-http.js';
import type { ServiceDefinition } from '../service.js';

const CONTROL: Readonly<Record<string, 'start' | 'pause' | 'resume'>> = {
  '/replay/start': 'start',
  '/replay/pause': 'pause',
  '/replay/resume': 'resume',
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The port of a loopback URL the driver is to listen on; refuses anything but the loopback. */
function loopbackPort(name: string, value: string | undefined): number {
  if (!value)
    throw new ServiceStartError(`replay-driver needs ${name} (where execution trades; it listens there)`);
  const url = new URL(value);
  if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.protocol !== 'http:' || !url.port)
    throw new ServiceStartError(
      `${name} must be an http:// loopback URL with a port for the replay driver, got ${value}`,
    );
  return Number(url.port);
}

async function venueSettings(config: Config, env: Readonly<Record<string, string | undefined>>) {
  const kalshiPort = loopbackPort('ARBEES_KALSHI_URL', config.ARBEES_KALSHI_URL);
  const polymarketPort = loopbackPort('ARBEES_POLYMARKET_URL', config.ARBEES_POLYMARKET_URL);
  if (!config.KALSHI_API_KEY_ID || !config.KALSHI_PRIVATE_KEY_PATH)
    throw new ServiceStartError(
      'replay-driver needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH (the key it registers)',
    );
  const path = config.KALSHI_PRIVATE_KEY_PATH;
  // Read and checked here, so a bad key is a start-up error naming the file.
  const privateKeyPem = await readFile(path, 'utf8').catch((e: unknown) => {
    throw new ServiceStartError(
      `KALSHI_PRIVATE_KEY_PATH ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  });
  try {
    loadKalshiPrivateKey(privateKeyPem);
  } catch (e) {
    throw new ServiceStartError(
      `KALSHI_PRIVATE_KEY_PATH ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const wallet = env.POLYMARKET_PRIVATE_KEY;
  if (!wallet || !/^0x[0-9a-fA-F]{64}$/.test(wallet))
    throw new ServiceStartError(
      'replay-driver needs POLYMARKET_PRIVATE_KEY, a 32-byte 0x hex key (the wallet it funds)',
    );
  return {
    // Execution signs with the time of its last event, and with the wall clock before its first
    // one (its start-up handshakes): the simulators accept any time; signatures are still checked.
    kalshi: {
      port: kalshiPort,
      key: { keyId: config.KALSHI_API_KEY_ID, privateKeyPem },
      timestampToleranceMs: Number.MAX_SAFE_INTEGER,
    },
    polymarket: {
      port: polymarketPort,
      privateKey: wallet as `0x${string}`,
      timestampToleranceMs: Number.MAX_SAFE_INTEGER,
    },
  };
}

export const replayDriver: ServiceDefinition = {
  name: 'replay-driver',
  description:
    'Lock-step replay: the game feed and venue simulators, one task at a time once every service has caught up.',
  async start(ctx) {
    const { config } = ctx;
    let games: ReturnType<typeof loadBundledGames>;
    try {
      games = loadBundledGames(config);
    } catch (e) {
      throw new ServiceStartError(`replay-driver: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (games.length === 0)
      throw new ServiceStartError('replay-driver: no bundled game matches ARBEES_GAMES/FROM/TO');
    const venues = await venueSettings(config, process.env);
    // Its own connection: the bus's connections may be blocked in reads.
    const redis = new Redis(config.REDIS_URL!, { protocol: 2, maxRetriesPerRequest: 1 });
    redis.on('error', (error) => ctx.log.warn('redis (replay barrier)', { error: String(error) }));
    let running: readonly GameId[] = [];
    const driver = await startReplayDriver({
      bus: ctx.bus,
      config,
      games,
      models: createWinProbabilityModels(),
      log: ctx.log,
      venues,
      sleep,
      onRunningGamesChange: (games) => {
        running = games;
      },
      settled: () =>
        deploymentSettled({
          redis,
          keys: TOPICS.map((t) => `${config.ARBEES_BUS_PREFIX}${t}`),
          store: ctx.store,
          runId: ctx.runId,
          wallClock: ctx.wallClock,
          leaseTtlMs: config.ARBEES_LEASE_TTL * 1000,
          runningGames: () => running,
          sleep,
          onWaiting: (open, waitedMs) =>
            ctx.log.info('waiting for the deployment', { waitedMs, open: open.slice(0, 10) }),
        }),
    });
    await announceReplayStart(redis, config.ARBEES_BUS_PREFIX, driver.startTs);
    ctx.log.info('replay ready', { games: games.length, startTs: new Date(driver.startTs).toISOString() });
    return {
      ready: () => true,
      http: async (req, res, url) => {
        const action = CONTROL[url.pathname];
        if (url.pathname === '/replay') {
          if (req.method !== 'GET') sendJson(res, 405, { error: 'GET only' });
          else sendJson(res, 200, driver.status());
          return true;
        }
        if (!action) return false;
        if (req.method !== 'POST') sendJson(res, 405, { error: 'POST only' });
        else if (action === 'start' && driver.status().state === 'waiting') {
          const missing = await missingSubscribers(redis, (t) => `${config.ARBEES_BUS_PREFIX}${t}`);
          if (missing.length > 0) {
            sendJson(res, 409, {
              error: `not started: ${missing.join(', ')} not subscribed yet (start every service, wait for its /readyz, then start the replay)`,
            });
            return true;
          }
          driver.start();
          ctx.log.info('replay start');
          sendJson(res, 200, driver.status());
        } else {
          driver[action]();
          ctx.log.info(`replay ${action}`);
          sendJson(res, 200, driver.status());
        }
        return true;
      },
      stop: async () => {
        await driver.stop();
        redis.disconnect();
      },
    };
  },
};
