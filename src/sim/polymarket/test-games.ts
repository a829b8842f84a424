/**
 * A simulator with games listed through the admin API, on a clock the test drives (its timers
 * run only when the test advances it), for the tests of listed games over loopback.
 */
import { privateKeyToAccount } from 'viem/accounts';
import type { Micros } from '../../core/money.js';
import { GAMMA_LIMITS, PolymarketHttp } from '../../venues/polymarket/http.js';
import type { GameListingSpec } from './listing.js';
import { PolySimServer } from './server.js';
import { SimTestClient } from './test-client.js';
import { SIM_MAKER_WALLET, SIM_TRADER_KEY } from './testing.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** What `POST /sim/games` answers. */
export interface GameReply {
  readonly slug: string;
  readonly phase: string;
  readonly markets: readonly { conditionId: string; slug: string; tokenIds: [string, string] }[];
}

/**
 * Titans at Giants (NFL), Warriors at Suns (NBA) and Everton v Crystal Palace (Premier League),
 * starting 3, 5 and 4 hours after `nowMs`, and an NFL game listed 4 days later, as a Gamma v2
 * market (ExchangeV3, domain "3").
 */
export function demoGameSpecs(nowMs: number) {
  const nfl: GameListingSpec = {
    sport: 'nfl',
    startTimeMs: nowMs + 3 * HOUR,
    home: { abbreviation: 'NYG', name: 'New York Giants', outcome: 'Giants' },
    away: { abbreviation: 'TEN', name: 'Tennessee Titans', outcome: 'Titans' },
  };
  return {
    NFL: nfl,
    NBA: {
      sport: 'nba',
      startTimeMs: nowMs + 5 * HOUR,
      home: { abbreviation: 'PHX', name: 'Phoenix Suns', outcome: 'Suns' },
      away: { abbreviation: 'GSW', name: 'Golden State Warriors', outcome: 'Warriors' },
    },
    EPL: {
      sport: 'epl',
      startTimeMs: nowMs + 4 * HOUR,
      home: { abbreviation: 'EVE', name: 'Everton FC', outcome: 'Everton' },
      away: { abbreviation: 'CRY', name: 'Crystal Palace FC', outcome: 'Crystal Palace' },
    },
    LATER: {
      ...nfl,
      version: 'v2',
      startTimeMs: nowMs + 10 * DAY,
      home: { abbreviation: 'DAL', name: 'Dallas Cowboys', outcome: 'Cowboys' },
    },
  } satisfies Record<string, GameListingSpec>;
}

export interface GamesFixture {
  readonly sim: PolySimServer;
  readonly urls: Awaited<ReturnType<PolySimServer['listen']>>;
  /** The trader's signed client, its API key derived. */
  readonly client: SimTestClient;
  readonly traderAddress: `0x${string}`;
  /** Per name given, the game as listed. */
  readonly games: Readonly<Record<string, GameReply>>;
  now(): number;
  /** Moves the clock on and runs the simulator's timers. */
  advance(ms: number): void;
  admin(path: string, body?: unknown): ReturnType<SimTestClient['raw']>;
  gamma<T>(path: string): Promise<T>;
  /** Our adapter's HTTP client to the simulated Gamma. */
  gammaHttp(): PolymarketHttp;
  close(): Promise<void>;
}

/** Starts a simulator at `startMs` (on the minute: games start on the minute) and lists `specs`. */
export async function startGamesFixture(
  specs: Readonly<Record<string, GameListingSpec>>,
  startMs: number,
): Promise<GamesFixture> {
  let now = startMs;
  const sim = new PolySimServer({ now: () => now, tickIntervalMs: 0, timestampToleranceMs: 30 * DAY });
  const urls = await sim.listen();
  const client = new SimTestClient(urls.baseUrl, SIM_TRADER_KEY);
  const traderAddress = privateKeyToAccount(SIM_TRADER_KEY).address;
  sim.exchange.deposit(traderAddress, 1_000_000_000 as Micros);
  sim.exchange.deposit(SIM_MAKER_WALLET, 100_000_000_000 as Micros);
  const admin = (path: string, body?: unknown) =>
    client.raw('POST', path, body === undefined ? {} : { bodyText: JSON.stringify(body) });
  const games: Record<string, GameReply> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const reply = await admin('/sim/games', spec);
    if (reply.status !== 200) throw new Error(`listing ${name} refused: ${JSON.stringify(reply.body)}`);
    games[name] = reply.body as GameReply;
  }
  if ((await client.deriveKey()).status !== 200) throw new Error('no API key');
  return {
    sim,
    urls,
    client,
    traderAddress,
    games,
    now: () => now,
    advance(ms) {
      now += ms;
      sim.tick();
    },
    admin,
    gamma: async <T>(path: string) => (await client.raw('GET', `/gamma${path}`)).body as T,
    gammaHttp: () =>
      new PolymarketHttp({ baseUrl: urls.gammaUrl, address: traderAddress, limits: GAMMA_LIMITS }),
    close: () => sim.close(),
  };
}
