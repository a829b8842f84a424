/**
 * `arbees markets`: one look, for a paper or live mode's endpoints, at what market discovery
 * finds: the games on ESPN's scoreboards of today and the next days (US Eastern), the markets
 * mapped to each on each venue with their terms, the listings left unmapped with why, the counts
 * and the endpoints that failed. It reads only: nothing is published, stored or traded. An
 * endpoint down is named and counted, what could be read is still printed, and the exit code is 1.
 */
import { EndpointError, type Endpoints, resolveEndpoints } from '../config/endpoints.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { AnchoredScaledClock, type Clock, LiveClock } from '../core/clock.js';
import { EspnHttpClient } from '../feeds/espn/client.js';
import { ESPN_LEAGUE_IDS, espnDay } from '../feeds/espn/leagues.js';
import { readFeedGames } from '../services/market-discovery-games.js';
import { discoverOnce } from '../services/market-discovery-once.js';
import {
  clobPublicHttp,
  gammaHttp,
  kalshiHttp,
  loadKalshiKey,
  pmusHttp,
  VenueAccessError,
} from '../services/venue-access.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';
import { marketsJson, marketsText } from './markets-render.js';

export interface MarketsFlags {
  mode?: string;
  leagues?: string;
  days?: string;
  date?: string;
  timeout?: string;
  json?: boolean;
  set?: string[];
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 14;

function clockOf(config: Config): Clock {
  const setting = config.ARBEES_CLOCK;
  if (setting.kind === 'event')
    throw new UserError(
      'ARBEES_CLOCK=event is for services in a lock-step replay; markets reads the wall clock',
    );
  if (setting.kind === 'wall') return new LiveClock();
  // Pointed at `arbees sim world --speed N`: the world's day, not the wall clock's.
  return new AnchoredScaledClock({
    anchorMs: setting.anchorMs,
    speed: setting.speed,
    wallNow: () => Date.now(),
  });
}

/** The US-Eastern days to read, YYYYMMDD: the first (--date, else today) and --days after it. */
function daysOf(flags: MarketsFlags, now: number): string[] {
  const ahead = flags.days === undefined ? 1 : Number(flags.days);
  if (!Number.isInteger(ahead) || ahead < 0 || ahead > MAX_DAYS)
    throw new UserError(
      `--days: expected a whole number of days ahead, 0 to ${MAX_DAYS}, got "${flags.days}"`,
    );
  let first = now;
  if (flags.date !== undefined) {
    // Noon UTC of the date is on that date in US Eastern time too.
    first = /^\d{4}-\d{2}-\d{2}$/.test(flags.date) ? Date.parse(`${flags.date}T12:00:00Z`) : Number.NaN;
    if (!Number.isFinite(first)) throw new UserError(`--date: expected YYYY-MM-DD, got "${flags.date}"`);
  }
  return Array.from({ length: ahead + 1 }, (_, d) => espnDay(first + d * DAY_MS));
}

function endpointsOf(config: Config): Endpoints {
  try {
    return resolveEndpoints(config);
  } catch (error) {
    if (error instanceof EndpointError) throw new UserError(error.message);
    throw error;
  }
}

export async function marketsCommand(flags: MarketsFlags): Promise<number> {
  const config = loadConfig({
    overrides: { ...overridesFromSet(flags.set), ARBEES_MODE: flags.mode, ARBEES_LEAGUES: flags.leagues },
  });
  // Replay and backtest runs make their own world: markets looks at paper's (the real venues by default).
  const mode = config.ARBEES_MODE === 'live' ? 'live' : 'paper';
  if (flags.mode !== undefined && flags.mode !== mode)
    throw new UserError(`--mode: expected paper or live, got "${flags.mode}"`);
  const timeoutMs = flags.timeout === undefined ? 10_000 : Number(flags.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new UserError(`--timeout: expected seconds above 0, got "${flags.timeout}"`);
  const clock = clockOf(config);
  const now = clock.now();
  const days = daysOf(flags, now);
  const leagues = config.ARBEES_LEAGUES ?? ESPN_LEAGUE_IDS;
  const endpoints = endpointsOf(config);
  const key = await loadKalshiKey(config).catch((error: unknown) => {
    throw error instanceof VenueAccessError ? new UserError(error.message) : error;
  });

  const endpointFailures: { endpoint: string; problem: string }[] = [];
  const onEndpointFailure = (endpoint: string, problem: string) =>
    endpointFailures.push({ endpoint, problem });
  const feed = await readFeedGames({
    client: new EspnHttpClient({ baseUrl: endpoints.espn.url, timeoutMs }),
    leagues,
    days,
    now,
    onEndpointFailure,
  });
  const pass = await discoverOnce({
    venues: {
      kalshi: endpoints.kalshi
        ? {
            http: kalshiHttp({ endpoints: endpoints.kalshi, key, timeoutMs }),
            simulated: !endpoints.kalshi.real,
          }
        : null,
      gamma: endpoints.polymarket
        ? {
            http: gammaHttp({ endpoints: endpoints.polymarket, timeoutMs }),
            clob: clobPublicHttp({ endpoints: endpoints.polymarket, timeoutMs }),
            simulated: !endpoints.polymarket.real,
          }
        : null,
      // Its listings are public: no key needed.
      polymarketUs: endpoints.polymarketUs
        ? {
            http: pmusHttp({ endpoints: endpoints.polymarketUs, key: null, timeoutMs }),
            simulated: !endpoints.polymarketUs.real,
          }
        : null,
    },
    leagues,
    scheduled: feed.games.map((g) => g.scheduled),
    feedProblems: feed.problems,
    now,
    onEndpointFailure,
  });
  const view = {
    mode,
    leagues,
    days: days.map((d) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`),
    ranAt: now,
    endpoints: {
      espn: endpoints.espn,
      kalshi: endpoints.kalshi ? { url: endpoints.kalshi.rest, real: endpoints.kalshi.real } : null,
      polymarket: endpoints.polymarket
        ? { url: endpoints.polymarket.gamma, real: endpoints.polymarket.real }
        : null,
      ...(endpoints.polymarketUs
        ? { 'polymarket-us': { url: endpoints.polymarketUs.gateway, real: endpoints.polymarketUs.real } }
        : {}),
    },
    pass,
    statuses: new Map(feed.games.map((g) => [g.scheduled.gameId as string, g])),
    endpointFailures,
  } as const;
  process.stdout.write(flags.json ? `${JSON.stringify(marketsJson(view), null, 2)}\n` : marketsText(view));
  return endpointFailures.length === 0 ? 0 : 1;
}
