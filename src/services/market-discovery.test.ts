/**
 * Market discovery over real HTTP on loopback, with the in-memory bus and a manual scheduler on a
 * simulated clock: first against a listing server that answers Kalshi's `/series` and `/events`
 * and Gamma's `/events` with venue-shaped listings (the real KXNFLGAME market, and listings
 * written from the team tables with the venues' real rule wording); then against the existing
 * Kalshi and Polymarket simulators, listing what their admin APIs take today (no rules text).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, GameScheduled, TeamRef } from '../core/events.js';
import { asEventId, asGameId } from '../core/ids.js';
import type { ScheduledTask, Scheduler } from '../core/scheduler.js';
import { type SimFixture, startSimFixture } from '../sim/kalshi/testing.js';
import { demoGameSpecs, type GamesFixture, startGamesFixture } from '../sim/polymarket/test-games.js';
import { type PolySimFixture, startPolySimFixture } from '../sim/polymarket/testing.js';
import { readSharedJson } from '../venues/kalshi/fixtures/load.js';
import { KalshiHttp } from '../venues/kalshi/http.js';
import { gammaEventJson, kalshiEventJson, LEAGUE_VENUES } from '../venues/matching/index.js';
import { GAMMA_LIMITS, PolymarketHttp } from '../venues/polymarket/http.js';
import {
  type LeagueId,
  type TeamEntry,
  teamByEspnAbbreviation,
  venueCodeOf,
  venueNameOf,
} from '../venues/teams/index.js';
import { createLogger } from './logger.js';
import {
  type MarketDiscovery,
  type MarketDiscoveryOptions,
  startMarketDiscovery,
} from './market-discovery.js';

/** Runs scheduled tasks one at a time, setting the clock to each task's time. */
class ManualScheduler implements Scheduler {
  private tasks: { ts: number; seq: number; task: ScheduledTask }[] = [];
  private seq = 0;
  constructor(private readonly clock: SimulatedClock) {}
  at(ts: number, task: ScheduledTask): void {
    this.tasks.push({ ts: Math.max(ts, this.clock.now()), seq: this.seq++, task });
    this.tasks.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
  }
  get next(): number | undefined {
    return this.tasks[0]?.ts;
  }
  async runNext(): Promise<void> {
    const t = this.tasks.shift();
    if (!t) throw new Error('nothing scheduled');
    this.clock.set(t.ts);
    await t.task();
  }
}

function team(league: LeagueId, abbr: string): TeamRef {
  const t = teamByEspnAbbreviation(league, abbr);
  if (!t) throw new Error(`${league} ${abbr}`);
  return { espnId: t.espnIds[0] ?? null, abbreviation: abbr, name: t.name, shortName: t.shortName };
}
function scheduled(id: string, league: LeagueId, home: string, away: string, start: string): GameScheduled {
  return {
    type: 'GameScheduled',
    id: asEventId(`scheduled-${id}`),
    ts: 0,
    gameId: asGameId(id),
    sport: LEAGUE_VENUES[league].sport,
    homeTeam: home,
    awayTeam: away,
    startTs: Date.parse(start),
    homeSpread: 0,
    season: 2026,
    week: 5,
    seasonType: 'REG',
    league,
    teams: { home: team(league, home), away: team(league, away) },
    neutralSite: false,
  };
}

// ---- a listing server: Kalshi and Gamma listings as the venues send them ----------------------
interface Listings {
  kalshi: Map<string, Record<string, unknown>[]>;
  gamma: Record<string, unknown>[];
  /** Answer 503 to these paths (e.g. `/gamma/events`), or to every path under one ending in `/`. */
  down: Set<string>;
  /** The CLOB's `sd` of every market. */
  delaySeconds: number;
  /** Condition ids asked for at `/clob/clob-markets/{id}`, in order. */
  clobAsked: string[];
}

async function listingServer(state: Listings): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const down = [...state.down].some((d) =>
      d.endsWith('/') ? url.pathname.startsWith(d) : d === url.pathname,
    );
    if (down) return send(503, { error: 'unavailable' });
    const clob = /^\/clob\/clob-markets\/([^/]+)$/.exec(url.pathname);
    if (clob) {
      state.clobAsked.push(clob[1] as string);
      // Before kick-off, as Polymarket answers a live-sports market: the delay is set, not yet on.
      return send(200, { c: clob[1], mts: 0.01, nr: true, sd: state.delaySeconds, itode: false });
    }
    const series = /^\/trade-api\/v2\/series\/([^/]+)$/.exec(url.pathname);
    if (series)
      return send(200, {
        series: { ticker: series[1], fee_type: 'quadratic', fee_multiplier: 1, exchange_index: 0 },
      });
    if (url.pathname === '/trade-api/v2/events')
      return send(200, {
        events: state.kalshi.get(url.searchParams.get('series_ticker') ?? '') ?? [],
        cursor: '',
      });
    if (url.pathname === '/gamma/events') return send(200, state.gamma);
    return send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const realDal = (
  readSharedJson('markets/kalshi_markets__ticker_KXNFLGAME-26OCT08TBDAL-DAL.json') as {
    market: Record<string, unknown>;
  }
).market;
const realEvent = {
  event_ticker: 'KXNFLGAME-26OCT08TBDAL',
  series_ticker: 'KXNFLGAME',
  title: 'TB Buccaneers vs DAL Cowboys',
  markets: [
    realDal,
    {
      ...realDal,
      ticker: 'KXNFLGAME-26OCT08TBDAL-TB',
      yes_sub_title: 'Tampa Bay',
      no_sub_title: 'Tampa Bay',
      rules_primary: (realDal.rules_primary as string).replace('If Dallas wins', 'If Tampa Bay wins'),
    },
  ],
};
const epl = (() => {
  const home = teamByEspnAbbreviation('eng.1', 'MAN');
  const away = teamByEspnAbbreviation('eng.1', 'TOT');
  if (!home || !away) throw new Error('table');
  return { league: 'eng.1', home, away, startTs: Date.parse('2026-10-10T14:00Z') } as const;
})();

describe('market discovery against listings served over HTTP', () => {
  let state: Listings;
  let srv: { url: string; server: Server };
  beforeEach(async () => {
    state = {
      kalshi: new Map([
        ['KXNFLGAME', [realEvent]],
        ['KXEPLGAME', [kalshiEventJson(epl)]],
      ]),
      gamma: [gammaEventJson(epl), { slug: 'epl-junk-2026-10-10', markets: 'no' }],
      down: new Set(),
      delaySeconds: 3,
      clobAsked: [],
    };
    srv = await listingServer(state);
  });
  afterEach(() => new Promise<void>((resolve) => srv.server.close(() => resolve())));

  async function scenario(extra: Partial<MarketDiscoveryOptions> = {}): Promise<{
    events: ArbeesEvent[];
    discovery: MarketDiscovery;
    scheduler: ManualScheduler;
    bus: MemoryBus;
    clock: SimulatedClock;
  }> {
    const clock = new SimulatedClock(Date.parse('2026-10-08T12:00Z'));
    const scheduler = new ManualScheduler(clock);
    const bus = new MemoryBus();
    const events: ArbeesEvent[] = [];
    bus.subscribe({ group: 'test', consumer: 't', topics: ['markets'], handler: (e) => void events.push(e) });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const discovery = startMarketDiscovery({
      bus,
      clock,
      scheduler,
      kalshi: {
        http: new KalshiHttp({
          baseUrl: `${srv.url}/trade-api/v2`,
          key: { keyId: 'k', privateKey },
          getAttempts: 1,
          now: () => clock.now(),
        }),
        simulated: true,
      },
      gamma: {
        http: new PolymarketHttp({
          baseUrl: `${srv.url}/gamma`,
          address: '0x0',
          limits: GAMMA_LIMITS,
          getAttempts: 1,
        }),
        clob: new PolymarketHttp({ baseUrl: `${srv.url}/clob`, address: '', getAttempts: 1 }),
        simulated: true,
      },
      leagues: ['nfl', 'eng.1', 'nba'],
      log: createLogger({ level: 'silent' }),
      intervalMs: 60_000,
      ...extra,
    });
    await bus.publish(scheduled('tb-dal', 'nfl', 'DAL', 'TB', '2026-10-09T00:15Z'));
    await bus.publish(scheduled('mun-tot', 'eng.1', 'MAN', 'TOT', '2026-10-10T14:00Z'));
    await bus.publish(scheduled('nba-far', 'nba', 'BOS', 'NY', '2027-01-10T00:30Z'));
    await bus.idle();
    return { events, discovery, scheduler, bus, clock };
  }

  it('publishes each instrument once with its evidence, closes what disappears, counts a venue that is down', async () => {
    const { events, discovery, scheduler, bus } = await scenario();
    expect(scheduler.next).toBe(Date.parse('2026-10-08T12:00:01Z'));
    await scheduler.runNext();
    await bus.idle();
    const mapped = events.filter((e) => e.type === 'MarketMapped');
    // Leagues in order (eng.1, nfl), each venue's listings in its order.
    expect(mapped.map((e) => e.id)).toEqual([
      'market-mapped:kalshi:KXEPLGAME-26OCT10MUNTOT-MUN',
      'market-mapped:kalshi:KXEPLGAME-26OCT10MUNTOT-TOT',
      'market-mapped:kalshi:KXEPLGAME-26OCT10MUNTOT-TIE',
      'market-mapped:kalshi:KXNFLGAME-26OCT08TBDAL-DAL',
      'market-mapped:kalshi:KXNFLGAME-26OCT08TBDAL-TB',
      expect.stringMatching(/^market-mapped:polymarket:/),
      expect.stringMatching(/^market-mapped:polymarket:/),
      expect.stringMatching(/^market-mapped:polymarket:/),
    ]);
    const dal = mapped[3];
    expect(dal?.type === 'MarketMapped' && dal.evidence).toMatchObject({
      feedGameId: 'tb-dal',
      listing: 'KXNFLGAME-26OCT08TBDAL',
      rules: expect.arrayContaining([expect.objectContaining({ term: 'draw', inferred: false })]),
    });
    expect(discovery.counters()).toMatchObject({
      runs: 1,
      listingsRead: { kalshi: 2, polymarket: 2 },
      mapped: 8,
      unmappedByReason: { malformed_listing: 1 },
      endpointFailures: {},
    });
    const report = discovery.report();
    expect(report.games.map((g) => [g.gameId, g.kalshi.length, g.polymarket.length])).toEqual([
      ['tb-dal', 2, 0],
      ['mun-tot', 3, 3],
      ['nba-far', 0, 0],
    ]);
    expect(report.games[0]?.kalshi[0]?.settlement).toMatchObject({
      drawPayout: 'half',
      postponementWindowHours: 48,
    });
    expect(report.unmatched.map((u) => [u.listing, u.reason.kind])).toEqual([
      ['epl-junk-2026-10-10', 'malformed_listing'],
    ]);
    // Polymarket's three carry the CLOB's taker delay; Kalshi's have none.
    expect(mapped.map((e) => e.type === 'MarketMapped' && e.instrument.takerDelayMs)).toEqual([
      ...Array(5).fill(undefined),
      3_000,
      3_000,
      3_000,
    ]);

    // The next run, a minute later: nothing new to publish. Gamma is down: counted, nothing closed.
    expect(scheduler.next).toBe(Date.parse('2026-10-08T12:01:01Z'));
    state.down.add('/gamma/events');
    await scheduler.runNext();
    await bus.idle();
    expect(events).toHaveLength(8);
    expect(discovery.counters().endpointFailures).toEqual({ 'polymarket GET /events (Gamma)': 1 });

    // Gamma back, the NFL event gone from Kalshi's open events: its two markets close.
    state.down.clear();
    state.kalshi.set('KXNFLGAME', []);
    await scheduler.runNext();
    await bus.idle();
    expect(events.slice(8).map((e) => [e.type, e.id])).toEqual([
      ['MarketClosed', 'market-closed:kalshi:KXNFLGAME-26OCT08TBDAL-DAL:1'],
      ['MarketClosed', 'market-closed:kalshi:KXNFLGAME-26OCT08TBDAL-TB:1'],
    ]);

    // It comes back: mapped again, with a new id. Then the soccer game ends: its six close at once.
    state.kalshi.set('KXNFLGAME', [realEvent]);
    await scheduler.runNext();
    await bus.publish({
      type: 'GameFinal',
      id: asEventId('final'),
      ts: 0,
      gameId: asGameId('mun-tot'),
      homeScore: 1,
      awayScore: 1,
      winner: 'draw',
    });
    await bus.idle();
    expect(events.slice(10).map((e) => e.id)).toEqual([
      'market-mapped:kalshi:KXNFLGAME-26OCT08TBDAL-DAL:2',
      'market-mapped:kalshi:KXNFLGAME-26OCT08TBDAL-TB:2',
      ...Array(6).fill(expect.stringMatching(/^market-closed:.*:1$/)),
    ]);
    expect(discovery.counters()).toMatchObject({ mapped: 2, published: { mapped: 10, closed: 8 } });
    await discovery.stop();
  });

  it("reads each Polymarket market's taker delay once; a market whose delay cannot be read waits unmapped", async () => {
    state.down.add('/clob/');
    const { events, discovery, scheduler, bus } = await scenario();
    await scheduler.runNext();
    await bus.idle();
    const polymarket = () =>
      events.filter((e) => e.type === 'MarketMapped' && e.instrument.venue === 'polymarket');
    // The CLOB down: the three soccer markets are not traded as if they had no delay.
    expect(polymarket()).toEqual([]);
    expect(discovery.counters()).toMatchObject({
      mapped: 5,
      unmappedByReason: { malformed_listing: 1, taker_delay_unknown: 3 },
      endpointFailures: { 'polymarket GET /clob-markets/{condition_id}': 3 },
    });
    const game = discovery.report().games.find((g) => g.gameId === 'mun-tot');
    expect(game?.unmapped.map((u) => u.message)).toEqual(
      Array(3).fill(
        expect.stringMatching(/its taker delay could not be read \(GET \/clob-markets\/0x.* failed: .*503/),
      ),
    );
    // Back: mapped with the delay, each market asked once over the two runs that reach it.
    state.down.clear();
    await scheduler.runNext();
    await scheduler.runNext();
    await bus.idle();
    expect(polymarket().map((e) => e.type === 'MarketMapped' && e.instrument.takerDelayMs)).toEqual([
      3_000, 3_000, 3_000,
    ]);
    expect(state.clobAsked).toHaveLength(3);
    expect(new Set(state.clobAsked).size).toBe(3);
    expect(events.filter((e) => e.type === 'MarketClosed')).toEqual([]);
    await discovery.stop();
  });

  it('publishes the same events with the same ids when run twice', async () => {
    const ids = async () => {
      const { events, discovery, scheduler, bus } = await scenario();
      for (let i = 0; i < 3; i++) await scheduler.runNext();
      await bus.idle();
      await discovery.stop();
      return events.map((e) => `${e.type} ${e.id} ${e.ts}`);
    };
    const first = await ids();
    expect(first.length).toBeGreaterThan(0);
    expect(await ids()).toEqual(first);
  });

  it('a series whose fee terms do not answer is skipped, counted, and read on the next run', async () => {
    state.down.add('/trade-api/v2/series/KXNFLGAME');
    const { events, discovery, scheduler, bus } = await scenario();
    await scheduler.runNext();
    await bus.idle();
    expect(discovery.counters().endpointFailures).toEqual({ 'kalshi GET /series/KXNFLGAME': 1 });
    expect(events.filter((e) => e.type === 'MarketMapped' && e.instrument.gameId === 'tb-dal')).toEqual([]);
    state.down.clear();
    await scheduler.runNext();
    await bus.idle();
    expect(events.filter((e) => e.type === 'MarketMapped' && e.instrument.gameId === 'tb-dal')).toHaveLength(
      2,
    );
    expect(events.filter((e) => e.type === 'MarketClosed')).toEqual([]);
    await discovery.stop();
  });

  it('stops following a game that never ends, closing its markets as at a final', async () => {
    // Runs every 6 h; a game is dropped 12 h after its start (TB@DAL starts 00:15 on the 9th).
    const { events, discovery, scheduler, bus, clock } = await scenario({
      intervalMs: 6 * 3_600_000,
      maxGameAgeMs: 12 * 3_600_000,
    });
    while (clock.now() < Date.parse('2026-10-09T12:15Z')) await scheduler.runNext();
    await scheduler.runNext();
    await bus.idle();
    expect(events.filter((e) => e.type === 'MarketClosed').map((e) => e.id)).toEqual([
      'market-closed:kalshi:KXNFLGAME-26OCT08TBDAL-DAL:1',
      'market-closed:kalshi:KXNFLGAME-26OCT08TBDAL-TB:1',
    ]);
    expect(discovery.report().games.map((g) => g.gameId)).toEqual(['mun-tot', 'nba-far']);
    await discovery.stop();
  });

  it('does not ask the venues for a game until it is within the lookahead', async () => {
    const clock = new SimulatedClock(Date.parse('2026-10-08T12:00Z'));
    const scheduler = new ManualScheduler(clock);
    const bus = new MemoryBus();
    const discovery = startMarketDiscovery({
      bus,
      clock,
      scheduler,
      kalshi: null,
      gamma: null,
      leagues: ['nba'],
      log: createLogger({ level: 'silent' }),
      intervalMs: 60_000,
    });
    await bus.publish(scheduled('nba-far', 'nba', 'BOS', 'NY', '2027-01-10T00:30Z'));
    await bus.idle();
    expect(scheduler.next).toBe(Date.parse('2027-01-03T00:30Z'));
    await discovery.stop();
  });
});

// ---- the existing simulators, with what their admin APIs take today ---------------------------
describe('market discovery against the Kalshi and Polymarket simulators', () => {
  let kalshi: SimFixture;
  let poly: PolySimFixture;
  beforeEach(async () => {
    kalshi = await startSimFixture({ seedMaker: false });
    poly = await startPolySimFixture({ seedMaker: false });
    // The fixture lists the Rams' market of NYG@LAR; the Giants' one is added over the admin API.
    const admin = new URL('/sim/markets', kalshi.baseUrl);
    const added = await fetch(admin, {
      method: 'POST',
      body: JSON.stringify({
        ticker: 'KXNFLGAME-26SEP21NYGLAR-NYG',
        event_ticker: 'KXNFLGAME-26SEP21NYGLAR',
        series_ticker: 'KXNFLGAME',
        close_time_ms: Date.UTC(2026, 8, 22),
      }),
    });
    expect(added.status).toBe(201);
  });
  afterEach(async () => {
    await kalshi.close();
    await poly.close();
  });

  it('reads both venues, maps nothing without rules text, counts and survives an endpoint error', async () => {
    const clock = new SimulatedClock(Date.parse('2026-09-21T12:00Z'));
    const scheduler = new ManualScheduler(clock);
    const bus = new MemoryBus();
    const events: ArbeesEvent[] = [];
    bus.subscribe({ group: 'test', consumer: 't', topics: ['markets'], handler: (e) => void events.push(e) });
    const discovery = startMarketDiscovery({
      bus,
      clock,
      scheduler,
      kalshi: {
        http: new KalshiHttp({
          baseUrl: kalshi.baseUrl,
          key: { keyId: kalshi.keyId, privateKey: kalshi.privateKey },
          getAttempts: 1,
        }),
        simulated: true,
      },
      gamma: {
        http: new PolymarketHttp({
          baseUrl: poly.gammaUrl,
          address: '0x0',
          limits: GAMMA_LIMITS,
          getAttempts: 1,
        }),
        clob: new PolymarketHttp({ baseUrl: poly.baseUrl, address: '', getAttempts: 1 }),
        simulated: true,
      },
      leagues: ['nfl'],
      log: createLogger({ level: 'silent' }),
      intervalMs: 30_000,
    });
    await bus.publish(scheduled('nyg-lar', 'nfl', 'LAR', 'NYG', '2026-09-22T00:15Z'));
    await bus.idle();
    await scheduler.runNext();
    expect(discovery.counters()).toMatchObject({
      runs: 1,
      listingsRead: { kalshi: 1, polymarket: 1 },
      mapped: 0,
      unmappedByReason: { rules_missing: 2 },
      endpointFailures: {},
    });
    expect(discovery.report().unmatched.map((u) => [u.venue, u.listing, u.message])).toEqual([
      ['kalshi', 'KXNFLGAME-26SEP21NYGLAR', expect.stringMatching(/has no rules text/)],
      ['polymarket', 'nfl-nyg-lar-2026-09-21', expect.stringMatching(/has no rules text/)],
    ]);

    // The simulator answers 503 to the next /events: counted by name, the run goes on, the one after reads again.
    const scenario = await fetch(new URL('/sim/scenarios', kalshi.baseUrl), {
      method: 'POST',
      body: JSON.stringify({
        method: 'GET',
        path_prefix: '/events',
        times: 1,
        effect: { kind: 'server_error', status: 503 },
      }),
    });
    expect(scenario.ok).toBe(true);
    await scheduler.runNext();
    expect(discovery.counters().endpointFailures).toEqual({
      'kalshi GET /events?series_ticker=KXNFLGAME': 1,
    });
    expect(discovery.counters().listingsRead).toEqual({ kalshi: 1, polymarket: 2 });
    await scheduler.runNext();
    expect(discovery.counters()).toMatchObject({
      runs: 3,
      runFailures: 0,
      listingsRead: { kalshi: 2, polymarket: 3 },
    });
    await bus.idle();
    expect(events).toEqual([]);
    await discovery.stop();
  });
});

// ---- the Kalshi simulator listing games as Kalshi does (POST /sim/games) -----------------------
describe('market discovery against games the Kalshi simulator lists as Kalshi does', () => {
  let kalshi: SimFixture;
  beforeEach(async () => {
    kalshi = await startSimFixture({ seedMaker: false });
  });
  afterEach(() => kalshi.close());

  /** Lists a game through the admin API with each team's Kalshi code and names from the tables. */
  async function listGame(simLeague: string, league: LeagueId, home: string, away: string, start: string) {
    const entry = (abbr: string) => teamByEspnAbbreviation(league, abbr) as TeamEntry;
    const team = (t: TeamEntry) => ({
      code: venueCodeOf(t, 'kalshi'),
      name: venueNameOf(t, 'kalshi'),
      event_name: league === 'nfl' ? `${venueCodeOf(t, 'kalshi')} ${t.nickname}` : venueNameOf(t, 'kalshi'),
    });
    const r = await fetch(new URL('/sim/games', kalshi.baseUrl), {
      method: 'POST',
      body: JSON.stringify({
        league: simLeague,
        start_time: start,
        home: team(entry(home)),
        away: team(entry(away)),
      }),
    });
    expect(r.status, await r.clone().text()).toBe(201);
    return ((await r.json()) as { event_ticker: string }).event_ticker;
  }

  it('maps NFL, NBA, NHL, MLB (a doubleheader) and EPL games, terms read from the simulator rules', async () => {
    // The simulator runs on the wall clock: games a few days ahead of it, so they are open.
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 3 * 86_400_000;
    const at = (ms: number) => new Date(day + ms).toISOString();
    const H = 3_600_000;
    const games = [
      { id: 'tb-dal', sim: 'nfl', league: 'nfl', home: 'DAL', away: 'TB', start: at(0.25 * H) },
      { id: 'atl-sa', sim: 'nba', league: 'nba', home: 'SA', away: 'ATL', start: at(0.5 * H) },
      { id: 'chi-nyi', sim: 'nhl', league: 'nhl', home: 'NYI', away: 'CHI', start: at(-1 * H) },
      { id: 'kc-chw-1', sim: 'mlb', league: 'mlb', home: 'CHW', away: 'KC', start: at(-6.75 * H) },
      { id: 'kc-chw-2', sim: 'mlb', league: 'mlb', home: 'CHW', away: 'KC', start: at(-0.25 * H) },
      { id: 'tot-mun', sim: 'soccer', league: 'eng.1', home: 'MAN', away: 'TOT', start: at(38 * H) },
    ] as const;
    const tickers = new Map<string, string>();
    for (const g of games) tickers.set(g.id, await listGame(g.sim, g.league, g.home, g.away, g.start));
    const clock = new SimulatedClock(Date.now());
    const scheduler = new ManualScheduler(clock);
    const bus = new MemoryBus();
    const events: ArbeesEvent[] = [];
    bus.subscribe({ group: 'test', consumer: 't', topics: ['markets'], handler: (e) => void events.push(e) });
    const discovery = startMarketDiscovery({
      bus,
      clock,
      scheduler,
      kalshi: {
        http: new KalshiHttp({
          baseUrl: kalshi.baseUrl,
          key: { keyId: kalshi.keyId, privateKey: kalshi.privateKey },
          getAttempts: 1,
        }),
        simulated: true,
      },
      gamma: null,
      leagues: ['nfl', 'nba', 'nhl', 'mlb', 'eng.1'],
      log: createLogger({ level: 'silent' }),
      intervalMs: 60_000,
    });
    for (const g of games) await bus.publish(scheduled(g.id, g.league, g.home, g.away, g.start));
    await bus.idle();
    await scheduler.runNext();
    await bus.idle();
    // The fixture's own bare market (added without a listing) has no rules: reported, not mapped.
    expect(discovery.report().unmatched.map((u) => `${u.listing}: ${u.message}`)).toEqual([
      'KXNFLGAME-26SEP21NYGLAR: market KXNFLGAME-26SEP21NYGLAR-LAR has no rules text',
    ]);
    const code = (league: LeagueId, abbr: string) =>
      venueCodeOf(teamByEspnAbbreviation(league, abbr) as TeamEntry, 'kalshi');
    for (const g of games) {
      const ticker = tickers.get(g.id) as string;
      const mapped = discovery
        .report()
        .games.find((x) => x.gameId === g.id)
        ?.kalshi.map((i) => `${i.symbol} ${i.outcome}`);
      expect(mapped?.sort()).toEqual(
        [
          `${ticker}-${code(g.league, g.home)} home_win`,
          `${ticker}-${code(g.league, g.away)} away_win`,
          ...(g.league === 'eng.1' ? [`${ticker}-TIE draw`] : []),
        ].sort(),
      );
    }
    // The doubleheader's two games, told apart by the tickers' HHMM.
    expect(tickers.get('kc-chw-1')).not.toBe(tickers.get('kc-chw-2'));
    const nfl = discovery.report().games.find((g) => g.gameId === 'tb-dal')?.kalshi[0];
    expect(nfl?.settlement).toEqual({
      includesOvertime: true,
      drawPossible: true,
      drawPayout: 'half',
      postponement: 'follows_rescheduled_game',
      postponementWindowHours: 48,
      unplayedPayout: 'fair_price',
    });
    const soccer = discovery.report().games.find((g) => g.gameId === 'tot-mun')?.kalshi[0];
    expect(soccer?.settlement).toMatchObject({
      includesOvertime: false,
      drawPayout: 'none',
      postponementWindowHours: 336,
    });
    expect(events.filter((e) => e.type === 'MarketMapped')).toHaveLength(13);
    await discovery.stop();
  });
});

// ---- the Polymarket simulator listing games as Polymarket does (POST /sim/games) ---------------
describe('market discovery against games the Polymarket simulator lists as Polymarket does', () => {
  let fx: GamesFixture;
  // On the minute, near the wall clock: the trader's signed requests carry the wall time.
  const startMs = Math.floor(Date.now() / 60_000) * 60_000;
  beforeEach(async () => {
    const { NFL, NBA, EPL } = demoGameSpecs(startMs);
    fx = await startGamesFixture({ NFL, NBA, EPL }, startMs);
  });
  afterEach(() => fx.close());

  it('maps the NFL and NBA moneylines and the three Premier League result markets, terms read from their descriptions', async () => {
    const clock = new SimulatedClock(startMs);
    const scheduler = new ManualScheduler(clock);
    const bus = new MemoryBus();
    const discovery = startMarketDiscovery({
      bus,
      clock,
      scheduler,
      kalshi: null,
      gamma: {
        http: fx.gammaHttp(),
        clob: new PolymarketHttp({ baseUrl: fx.urls.baseUrl, address: '' }),
        simulated: true,
      },
      leagues: ['nfl', 'nba', 'eng.1'],
      log: createLogger({ level: 'silent' }),
      intervalMs: 60_000,
    });
    const H = 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    await bus.publish(scheduled('ten-nyg', 'nfl', 'NYG', 'TEN', iso(startMs + 3 * H)));
    await bus.publish(scheduled('gs-phx', 'nba', 'PHX', 'GS', iso(startMs + 5 * H)));
    await bus.publish(scheduled('cry-eve', 'eng.1', 'EVE', 'CRY', iso(startMs + 4 * H)));
    await bus.idle();
    await scheduler.runNext();
    expect(discovery.report().unmatched.map((u) => `${u.listing}: ${u.message}`)).toEqual([]);
    const outcomes = (id: string) =>
      discovery
        .report()
        .games.find((g) => g.gameId === id)
        ?.polymarket.map((i) => i.outcome)
        .sort();
    expect(outcomes('ten-nyg')).toEqual(['away_win', 'home_win']);
    expect(outcomes('gs-phx')).toEqual(['away_win', 'home_win']);
    expect(outcomes('cry-eve')).toEqual(['away_win', 'draw', 'home_win']);
    // Token 0 of the NFL market is the team the slug names first (away): Titans.
    const nfl = fx.games.NFL?.markets[0]?.tokenIds;
    const mapped = discovery.mapped().filter((m) => m.instrument.gameId === 'ten-nyg');
    expect(mapped.find((m) => m.instrument.symbol === nfl?.[0])?.instrument.outcome).toBe('away_win');
    expect(mapped[0]?.instrument.settlement).toMatchObject({
      drawPayout: 'half',
      postponementWindowHours: null,
      unplayedPayout: 'half',
    });
    const soccer = discovery
      .mapped()
      .find((m) => m.instrument.gameId === 'cry-eve' && m.instrument.outcome === 'draw');
    expect(soccer?.instrument.settlement).toMatchObject({ includesOvertime: false, drawPayout: 'full' });
    // The simulator's live-sports delay (3 s), read before kick-off while its itode is still off.
    expect(new Set(discovery.mapped().map((m) => m.instrument.takerDelayMs))).toEqual(new Set([3_000]));
    await discovery.stop();
  });
});
