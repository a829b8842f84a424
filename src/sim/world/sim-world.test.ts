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
import { type DiscoveredGame, discoverPolymarketGames } from '../../venues/polymarket/discovery.js';
import { PolymarketHttp } from '../../venues/polymarket/http.js';
import { PolymarketMarketFeed } from '../../venues/polymarket/market-feed.js';
import { PolymarketMarketWs } from '../../venues/polymarket/ws.js';
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
let pmFeed: PolymarketMarketFeed;
let pmWs: PolymarketMarketWs;
const PM_TAG = 'world-test';
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

async function gammaGames(league: 'nfl' | 'nba'): Promise<readonly DiscoveredGame[]> {
  const http = new PolymarketHttp({ baseUrl: world.endpoints.polymarket!.gamma, address: '' });
  const found = await discoverPolymarketGames({ http, sport: league, league, simulated: true });
  expect(found.skipped).toEqual([]);
  return found.games;
}

async function clobMarket(conditionId: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${world.endpoints.polymarket!.clob}/markets/${conditionId}`);
  return (await res.json()) as Record<string, unknown>;
}

const pmBookOf = (token: string) => {
  const levels = pmFeed.books.levels(token);
  return levels ? { bestBid: levels.bids[0]?.price ?? null, bestAsk: levels.asks[0]?.price ?? null } : null;
};

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
  pmFeed = new PolymarketMarketFeed({ clock, nextId: () => ids.next(), sink: () => undefined });
  pmWs = new PolymarketMarketWs({
    url: `${world.endpoints.polymarket!.wsMarket}?client=${PM_TAG}`,
    feed: pmFeed,
    fetchBook: async () => null,
    resyncCheckMs: 2_147_483_647,
  });
  let pmToken = '';
  let pmCondition = '';

  const nflKickoff = nflGame.info.kickoffTs;
  const nflEnd = worldGameEndMs(nflGame);
  const probe = (name: string, ts: number, read: () => Promise<unknown>) =>
    timeline.at(ts, async () => {
      seen[name] = await read();
    });
  probe('pregame', nflKickoff - 30 * 60_000, async () => {
    ws.addTickers([nflTickers.home, nflTickers.away]);
    const gamma = await gammaGames('nfl');
    pmToken = gamma[0]?.instruments[0]?.symbol ?? '';
    pmCondition = gamma[0]?.markets[0]?.conditionId ?? '';
    pmWs.subscribe([pmToken]);
    return {
      scoreboard: await scoreboard('nfl', '20210103'),
      listings: await kalshiListings(),
      gamma,
      done: world.done(),
    };
  });
  probe('pregameBooks', nflKickoff - 20 * 60_000, async () => ({
    home: bookOf(nflTickers.home),
    away: bookOf(nflTickers.away),
    polymarket: pmBookOf(pmToken),
    liveSince: world.servers.polymarket.exchange.markets.get(pmCondition)?.liveSinceMs,
  }));
  probe('kickoff', nflKickoff + 100, async () => ({
    polymarket: pmBookOf(pmToken),
    liveSince: world.servers.polymarket.exchange.markets.get(pmCondition)?.liveSinceMs,
    clob: await clobMarket(pmCondition),
  }));
  probe('midgame', nflKickoff + 90 * 60_000, async () => ({
    scoreboard: await scoreboard('nfl', '20210103'),
    home: bookOf(nflTickers.home),
    away: bookOf(nflTickers.away),
    polymarket: pmBookOf(pmToken),
  }));
  probe('ended', nflEnd + 1_000, async () => ({
    home: await market(nflTickers.home),
    clob: await clobMarket(pmCondition),
  }));
  probe('settled', nflEnd + 10 * 60_000, async () => ({
    home: await market(nflTickers.home),
    away: await market(nflTickers.away),
    scoreboard: await scoreboard('nfl', '20210103'),
    listings: await kalshiListings(),
    gamma: await gammaGames('nfl'),
    clob: await clobMarket(pmCondition),
  }));
  probe('nbaPregame', nbaGame.info.kickoffTs - 30 * 60_000, async () => ({
    scoreboard: await scoreboard('nba', '20240317'),
    listings: await kalshiListings(),
    gamma: await gammaGames('nba'),
  }));
  await timeline.run({
    speed: null,
    sleep: async () => undefined,
    wallNow: () => performance.now(),
    // A replay's barrier: the client has handled every frame the world sent it.
    afterTask: async () => {
      const deadline = Date.now() + 5_000;
      while (
        ws.messagesOnConnection < world.framesSent('kalshi', world.credentials.kalshi.keyId) ||
        pmFeed.counters.frames - pmFeed.counters.pongs < world.framesSent('polymarket', PM_TAG)
      ) {
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
  pmWs?.close();
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

  it('lists each game on Polymarket as Gamma does: one moneyline market, token 0 the away team', () => {
    const [game] = (seen.pregame as { gamma: DiscoveredGame[] }).gamma;
    expect(game?.event).toMatchObject({ slug: 'nfl-ari-lar-2021-01-03', homeTeam: 'lar', awayTeam: 'ari' });
    expect(game?.instruments.map((i) => i.outcome)).toEqual(['away_win', 'home_win']);
    expect((seen.nbaPregame as { gamma: DiscoveredGame[] }).gamma.map((g) => g.event.slug)).toEqual([
      'nba-tor-orl-2024-03-17',
    ]);
    // Resolved games are no longer listed as open.
    expect((seen.settled as { gamma: DiscoveredGame[] }).gamma).toEqual([]);
  });

  it("quotes Polymarket's book in token 0's frame (the away team), agreeing with Kalshi", () => {
    const pre = seen.pregameBooks as Record<'home' | 'polymarket', { bestBid: number; bestAsk: number }>;
    const kalshiHomeMid = (pre.home.bestBid + pre.home.bestAsk) / 2;
    const awayMid = (pre.polymarket.bestBid + pre.polymarket.bestAsk) / 2;
    expect(Math.abs(awayMid - (1_000_000 - kalshiHomeMid))).toBeLessThanOrEqual(40_000);
    const mid = seen.midgame as typeof pre;
    // LAR led at the time: the away token is cheap, and Kalshi's home market dear.
    expect(mid.polymarket.bestAsk).toBeLessThan(pre.polymarket.bestAsk);
    expect(
      Math.abs(
        (mid.polymarket.bestBid + mid.polymarket.bestAsk) / 2 -
          (1_000_000 - (mid.home.bestBid + mid.home.bestAsk) / 2),
      ),
    ).toBeLessThanOrEqual(60_000);
  });

  it('applies the live-sports rules at kick-off: book cleared and quoted again, taker delay on', () => {
    expect((seen.pregameBooks as { liveSince: number | null }).liveSince).toBeNull();
    const k = seen.kickoff as {
      polymarket: { bestBid: number };
      liveSince: number;
      clob: Record<string, unknown>;
    };
    expect(k.liveSince).toBe(nflGame.info.kickoffTs);
    expect(k.polymarket.bestBid).toBeGreaterThan(0);
    expect(k.clob).toMatchObject({ seconds_delay: 3, accepting_orders: true });
  });

  it('closes Polymarket at the final and resolves it shortly after: the LAR token wins', () => {
    const ended = seen.ended as { home: Record<string, unknown>; clob: Record<string, unknown> };
    expect(ended.home).toMatchObject({ status: 'closed' });
    expect(ended.clob).toMatchObject({ accepting_orders: false, closed: false });
    const { clob } = seen.settled as {
      clob: { closed: boolean; tokens: { outcome: string; winner: boolean }[] };
    };
    expect(clob.closed).toBe(true);
    expect(clob.tokens.map((t) => [t.outcome, t.winner])).toEqual([
      ['Cardinals', false],
      ['Rams', true],
    ]);
  });

  it('counts the frames a client received, and is done once every game is settled', () => {
    expect(barrierGaveUp).toBe(0);
    const sent = world.framesSent('kalshi', world.credentials.kalshi.keyId);
    expect(sent).toBeGreaterThan(100);
    expect(ws.messagesOnConnection).toBe(sent);
    expect(world.framesSent('kalshi', 'nobody')).toBe(0);
    const pmSent = world.framesSent('polymarket', PM_TAG);
    expect(pmSent).toBeGreaterThan(100);
    expect(pmFeed.counters.frames - pmFeed.counters.pongs).toBe(pmSent);
    expect(pmFeed.counters.malformed).toBe(0);
    expect(world.stats).toEqual({ makerRefusals: 0, lifecycleRefusals: 0 });
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
