/**
 * The simulated world inside a replay: on a SimulatedClock and the replay Timeline, with the
 * games at their recorded dates, read over real HTTP and WebSocket on loopback by our own
 * clients, as a run pointed at it would read it. Probes are timeline tasks at chosen times; after
 * every task the run's barrier waits until our WebSocket client has handled every frame the world
 * says it sent (framesSent), as a replay in one process does.
 */
import { createPrivateKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEndpoints } from '../../config/endpoints.js';
import { loadConfig } from '../../config/load.js';
import { SimulatedClock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import type { Micros } from '../../core/money.js';
import { parseScoreboard } from '../../feeds/espn/scoreboard.js';
import type { EspnGame } from '../../feeds/espn/types.js';
import { loadNbaBundle } from '../../feeds/replay/nba-bundle.js';
import { loadNflBundle, selectGames } from '../../feeds/replay/nfl-bundle.js';
import { Timeline } from '../../feeds/replay/timeline.js';
import { discoverKalshiGames, type KalshiGameListing } from '../../venues/kalshi/discovery.js';
import { KalshiHttp } from '../../venues/kalshi/http.js';
import { KalshiWsClient } from '../../venues/kalshi/ws.js';
import { type SimWorld, startSimWorld } from './sim-world.js';
import { testTeamLookup } from './testing.js';
import { worldGameEndMs } from './world-listings.js';

const NFL_ID = '2020_17_ARI_LA';
const NBA_ID = 'nba_20240317_TOR_ORL';
const recorded = selectGames([...loadNflBundle('data/nfl'), ...loadNbaBundle('data/nba')], {
  gameIds: [NFL_ID, NBA_ID],
});
const nflGame = recorded.find((g) => g.info.gameId === NFL_ID)!;
const nbaGame = recorded.find((g) => g.info.gameId === NBA_ID)!;
const HOUR = 3_600_000;
const FEED_DELAY_MS = 10_000;
const clock = new SimulatedClock(nflGame.info.kickoffTs - 3 * HOUR);
const timeline = new Timeline(clock);

let world: SimWorld;
let ws: KalshiWsClient;
/** What each probe saw, read once the timeline has run. */
const seen: Record<string, unknown> = {};
let barrierGaveUp = 0;

const nflTickers = { home: 'KXNFLGAME-21JAN03ARILAR-LAR', away: 'KXNFLGAME-21JAN03ARILAR-ARI' };

async function scoreboard(league: 'nfl' | 'nba', day: string): Promise<EspnGame[]> {
  const path = league === 'nfl' ? 'football/nfl' : 'basketball/nba';
  const res = await fetch(`${world.endpoints.espn.url}/${path}/scoreboard?dates=${day}`);
  const parsed = parseScoreboard(await res.json(), league);
  expect(parsed.problems).toEqual([]);
  return parsed.games;
}

async function kalshiListings(): Promise<readonly KalshiGameListing[]> {
  const http = new KalshiHttp({ baseUrl: world.endpoints.kalshi!.rest, key: null });
  const found = await discoverKalshiGames({ http, leagues: ['nfl', 'nba'] });
  expect(found.issues).toEqual([]);
  return found.games;
}

async function market(ticker: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${world.endpoints.kalshi!.rest}/markets/${ticker}`);
  return ((await res.json()) as { market: Record<string, unknown> }).market;
}

const bookOf = (ticker: string) => {
  const levels = ws.book(ticker)?.levels();
  return levels ? { bestBid: levels.bids[0]?.price ?? null, bestAsk: levels.asks[0]?.price ?? null } : null;
};

beforeAll(async () => {
  world = await startSimWorld({
    games: recorded,
    clock,
    scheduler: timeline,
    seed: 42,
    feedDelayMs: FEED_DELAY_MS,
    balances: { kalshi: 5_000_000_000 as Micros, polymarket: 5_000_000_000 as Micros },
    teams: testTeamLookup,
  });
  const key = {
    keyId: world.credentials.kalshi.keyId,
    privateKey: createPrivateKey(world.credentials.kalshi.privateKeyPem),
  };
  const ids = new EventIdSequence('test-ws');
  ws = new KalshiWsClient({
    url: world.endpoints.kalshi!.ws,
    key,
    tickers: [],
    fills: false,
    trades: false,
    clock,
    nextId: () => ids.next(),
    // Signed with the wall clock: the world checks signatures against real time.
    sinks: { onBook: () => undefined, onParseError: () => undefined, onVenueError: () => undefined },
  });
  ws.start();

  const nflKickoff = nflGame.info.kickoffTs;
  const nflEnd = worldGameEndMs(nflGame);
  const probe = (name: string, ts: number, read: () => Promise<unknown>) =>
    timeline.at(ts, async () => {
      seen[name] = await read();
    });
  probe('pregame', nflKickoff - 30 * 60_000, async () => {
    ws.addTickers([nflTickers.home, nflTickers.away]);
    return {
      scoreboard: await scoreboard('nfl', '20210103'),
      listings: await kalshiListings(),
      done: world.done(),
    };
  });
  probe('pregameBooks', nflKickoff - 20 * 60_000, async () => ({
    home: bookOf(nflTickers.home),
    away: bookOf(nflTickers.away),
  }));
  probe('midgame', nflKickoff + 90 * 60_000, async () => ({
    scoreboard: await scoreboard('nfl', '20210103'),
    home: bookOf(nflTickers.home),
    away: bookOf(nflTickers.away),
  }));
  probe('settled', nflEnd + 10 * 60_000, async () => ({
    home: await market(nflTickers.home),
    away: await market(nflTickers.away),
    scoreboard: await scoreboard('nfl', '20210103'),
    listings: await kalshiListings(),
  }));
  probe('nbaPregame', nbaGame.info.kickoffTs - 30 * 60_000, async () => ({
    scoreboard: await scoreboard('nba', '20240317'),
    listings: await kalshiListings(),
  }));
  await timeline.run({
    speed: null,
    sleep: async () => undefined,
    wallNow: () => performance.now(),
    // A replay's barrier: the client has handled every frame the world sent it.
    afterTask: async () => {
      const deadline = Date.now() + 5_000;
      while (ws.messagesOnConnection < world.framesSent('kalshi', world.credentials.kalshi.keyId)) {
        if (Date.now() > deadline) {
          barrierGaveUp += 1;
          return;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  });
}, 120_000);

afterAll(async () => {
  await ws?.stop();
  await world?.close();
});

describe('the simulated world on a replay timeline', () => {
  it('serves the games on ESPN at the world time, with ESPN abbreviations (LAR, not LA)', () => {
    const pre = (seen.pregame as { scoreboard: EspnGame[] }).scoreboard;
    expect(pre).toHaveLength(1);
    expect(pre[0]).toMatchObject({
      homeTeam: { abbreviation: 'LAR' },
      awayTeam: { abbreviation: 'ARI' },
      state: { status: 'pre' },
    });
    const mid = (seen.midgame as { scoreboard: EspnGame[] }).scoreboard[0]!;
    expect(mid.state.status).toBe('in');
    expect(mid.state.homeScore + mid.state.awayScore).toBeGreaterThan(0);
    const after = (seen.settled as { scoreboard: EspnGame[] }).scoreboard[0]!;
    expect(after.state).toMatchObject({ status: 'post', homeScore: 18, awayScore: 7 });
    const nba = (seen.nbaPregame as { scoreboard: EspnGame[] }).scoreboard;
    expect(nba.map((g) => `${g.awayTeam.abbreviation}@${g.homeTeam.abbreviation}`)).toEqual(['TOR@ORL']);
    expect(world.games.map((g) => [g.info.gameId, g.info.homeTeam, g.info.awayTeam])).toEqual([
      [NFL_ID, 'LAR', 'ARI'],
      [NBA_ID, 'ORL', 'TOR'],
    ]);
  });

  it('lists each game on Kalshi ahead of it, as Kalshi does, and our discovery reads it', () => {
    const pre = (seen.pregame as { listings: KalshiGameListing[] }).listings;
    // The NBA game, three years later, is not listed yet.
    expect(pre.map((l) => l.eventTicker)).toEqual(['KXNFLGAME-21JAN03ARILAR']);
    expect(pre[0]).toMatchObject({ dateEt: '2021-01-03', homeCode: 'LAR', awayCode: 'ARI', tieMarket: null });
    expect(pre[0]!.homeMarket.ticker).toBe(nflTickers.home);
    const nba = (seen.nbaPregame as { listings: KalshiGameListing[] }).listings;
    // Settled games are no longer open; the NBA game is.
    expect(nba.map((l) => l.eventTicker)).toEqual(['KXNBAGAME-24MAR17TORORL']);
    expect((seen.settled as { listings: KalshiGameListing[] }).listings).toEqual([]);
  });

  it("sends the makers' books over the WebSocket, both team markets quoted consistently", () => {
    const pre = seen.pregameBooks as Record<'home' | 'away', { bestBid: number; bestAsk: number }>;
    expect(pre.home.bestBid).toBeGreaterThan(0);
    expect(pre.home.bestAsk).toBeGreaterThan(pre.home.bestBid);
    // The away market is the home market seen from the other side.
    expect(pre.away.bestBid).toBe(1_000_000 - pre.home.bestAsk);
    expect(pre.away.bestAsk).toBe(1_000_000 - pre.home.bestBid);
    const mid = seen.midgame as typeof pre;
    expect(mid.home).not.toEqual(pre.home);
    expect(mid.away.bestBid).toBe(1_000_000 - mid.home.bestAsk);
  });

  it('closes the markets at the final and settles them with the result (LAR 18, ARI 7)', () => {
    const { home, away } = seen.settled as Record<'home' | 'away', Record<string, unknown>>;
    expect(home).toMatchObject({ status: 'finalized', result: 'yes' });
    expect(away).toMatchObject({ status: 'finalized', result: 'no' });
    // Closed early at the end of the game, not at the 48-hour close time.
    const end = worldGameEndMs(nflGame);
    expect(Date.parse(home.close_time as string)).toBe(end - (end % 1000));
  });

  it('counts the frames a client received, and is done once every game is settled', () => {
    expect(barrierGaveUp).toBe(0);
    const sent = world.framesSent('kalshi', world.credentials.kalshi.keyId);
    expect(sent).toBeGreaterThan(100);
    expect(ws.messagesOnConnection).toBe(sent);
    expect(world.framesSent('kalshi', 'nobody')).toBe(0);
    expect((seen.pregame as { done: boolean }).done).toBe(false);
    expect(world.done()).toBe(true);
  });

  it('gives settings that resolve to its endpoints, and a private key file', async () => {
    const config = loadConfig({ env: { ...world.settings, ARBEES_MODE: 'paper' }, envFile: null });
    expect(resolveEndpoints(config)).toEqual(world.endpoints);
    const path = world.settings.KALSHI_PRIVATE_KEY_PATH!;
    expect(await readFile(path, 'utf8')).toBe(world.credentials.kalshi.privateKeyPem);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
