/**
 * The world's standing faults over real HTTP and WebSocket on loopback, each switched on alone:
 * 5xx and 429 answers (ESPN and both venues), added latency, orders carried out but never
 * answered, WebSocket drops, and a listing no team table can match. The timeline runs only as
 * far as the listings.
 */
import { createPrivateKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import type { OrderIntent } from '../../core/events.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asSignalId,
  EventIdSequence,
} from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { loadNflBundle, selectGames } from '../../feeds/replay/nfl-bundle.js';
import { Timeline } from '../../feeds/replay/timeline.js';
import { KalshiVenueClient } from '../../venues/kalshi/client.js';
import { discoverKalshiGames } from '../../venues/kalshi/discovery.js';
import { KalshiHttp } from '../../venues/kalshi/http.js';
import { KalshiWsClient, type KalshiWsConnectionEvent } from '../../venues/kalshi/ws.js';
import { type SimWorld, startSimWorld } from './sim-world.js';
import { testTeamLookup } from './testing.js';
import type { WorldFaults } from './world-faults.js';

const games = selectGames(loadNflBundle('data/nfl'), { gameIds: ['2020_17_ARI_LA'] });
const kickoff = games[0]!.info.kickoffTs;
let world: SimWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

/** A world with these faults, its timeline run until the Kalshi listing is there. */
async function worldWith(faults: WorldFaults, opts: { polymarketUs?: boolean } = {}): Promise<SimWorld> {
  const clock = new SimulatedClock(kickoff - 3 * 3_600_000);
  const timeline = new Timeline(clock);
  world = await startSimWorld({
    games,
    clock,
    scheduler: timeline,
    seed: 7,
    feedDelayMs: 0,
    balances: { kalshi: 1_000_000_000 as Micros, polymarket: 1_000_000_000 as Micros },
    teams: testTeamLookup,
    faults,
    ...(opts.polymarketUs ? { polymarketUs: { balance: 1_000_000_000 as Micros } } : {}),
  });
  const kalshi = world.servers.kalshi;
  await timeline.run({
    speed: null,
    sleep: async () => undefined,
    wallNow: () => performance.now(),
    shouldStop: () => kalshi.exchange.markets.size > 0,
  });
  return world;
}

const statusOf = async (url: string) => (await fetch(url)).status;

describe('world faults', () => {
  it('5xx: ESPN and both venues answer 503 at the rate given', async () => {
    const w = await worldWith({ serverErrorRate: 1 });
    expect(await statusOf(`${w.endpoints.espn.url}/football/nfl/scoreboard`)).toBe(503);
    expect(await statusOf(`${w.endpoints.kalshi!.rest}/exchange/status`)).toBe(503);
    expect(await statusOf(`${w.endpoints.polymarket!.clob}/time`)).toBe(503);
    expect(await statusOf(`${w.endpoints.polymarket!.gamma}/events`)).toBe(503);
  });

  it('Polymarket US, when the world serves it, takes the same request faults', async () => {
    const w = await worldWith({ serverErrorRate: 1 }, { polymarketUs: true });
    expect(await statusOf(`${w.endpoints.polymarketUs!.gateway}/v1/markets`)).toBe(503);
    expect(w.servers.polymarketUs!.stats.scenariosApplied).toBe(1);
  });

  it('429: ESPN and both venues answer 429 at the rate given', async () => {
    const w = await worldWith({ rateLimitRate: 1 });
    const espn = await fetch(`${w.endpoints.espn.url}/football/nfl/scoreboard`);
    expect([espn.status, espn.headers.get('retry-after')]).toEqual([429, '1']);
    expect(await statusOf(`${w.endpoints.kalshi!.rest}/exchange/status`)).toBe(429);
    expect(await statusOf(`${w.endpoints.polymarket!.clob}/time`)).toBe(429);
  });

  it('latency: every answer is held back, and still given', async () => {
    const w = await worldWith({ latencyMs: 20 });
    expect(w.servers.espn.faults.latencyMs).toBe(20);
    const applied = w.servers.kalshi.stats.scenariosApplied;
    expect(await statusOf(`${w.endpoints.kalshi!.rest}/exchange/status`)).toBe(200);
    expect(w.servers.kalshi.stats.scenariosApplied).toBe(applied + 1);
    expect(await statusOf(`${w.endpoints.polymarket!.clob}/time`)).toBe(200);
    expect(w.servers.polymarket.stats.scenariosApplied).toBeGreaterThan(0);
  });

  it('unanswered orders: the order is carried out, the client times out, and finds it by its id', async () => {
    const w = await worldWith({ unansweredOrderRate: 1 });
    const key = {
      keyId: w.credentials.kalshi.keyId,
      privateKey: createPrivateKey(w.credentials.kalshi.privateKeyPem),
    };
    const http = new KalshiHttp({ baseUrl: w.endpoints.kalshi!.rest, key, timeoutMs: 300, getAttempts: 1 });
    const client = new KalshiVenueClient({ http });
    const ticker = 'KXNFLGAME-21JAN03ARILAR-LAR';
    const intent: OrderIntent = {
      type: 'OrderIntent',
      id: asEventId('fault-test:1'),
      ts: 0,
      clientOrderId: asClientOrderId('sig-1.L1'),
      signalId: asSignalId('sig-1'),
      leg: 1,
      gameId: asGameId('2020_17_ARI_LA'),
      instrumentId: asInstrumentId(`kalshi:${ticker}`),
      venue: 'kalshi',
      side: 'yes',
      action: 'buy',
      qty: 100 as Centis,
      limitPrice: 100_000 as Micros,
      tif: 'GTC',
      legCount: 1,
      purpose: 'entry',
    };
    const out = await client.submit(intent);
    expect(out.kind).toBe('unresolved');
    // Reads are answered: only order placement hangs.
    const found = await client.getOrder(intent.clientOrderId);
    expect(found).toMatchObject({ clientOrderId: 'sig-1.L1' });
    expect([...w.servers.kalshi.exchange.orders.values()].some((o) => o.clientOrderId === 'sig-1.L1')).toBe(
      true,
    );
  });

  it('ws-drop: the venues cut every WebSocket connection, which comes back', async () => {
    const w = await worldWith({ wsDropEveryMs: 100 });
    const events: KalshiWsConnectionEvent[] = [];
    const ids = new EventIdSequence('fault-ws');
    const ws = new KalshiWsClient({
      url: w.endpoints.kalshi!.ws,
      key: {
        keyId: w.credentials.kalshi.keyId,
        privateKey: createPrivateKey(w.credentials.kalshi.privateKeyPem),
      },
      tickers: ['KXNFLGAME-21JAN03ARILAR-LAR'],
      fills: false,
      trades: false,
      clock: new SimulatedClock(0),
      nextId: () => ids.next(),
      backoff: { initialMs: 10, maxMs: 20 },
      sinks: { onBook: () => undefined, onParseError: () => undefined, onVenueError: () => undefined },
      onConnectionEvent: (e) => events.push(e),
    });
    ws.start();
    try {
      // Bounded wait: opened, cut by the venue, opened again.
      for (let i = 0; i < 300 && events.filter((e) => e.kind === 'open').length < 2; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(events.map((e) => e.kind)).toContain('closed');
      expect(events.filter((e) => e.kind === 'open').length).toBeGreaterThanOrEqual(2);
    } finally {
      await ws.stop();
    }
  });

  it('unmatchable: the game is listed under a team code no table knows', async () => {
    const w = await worldWith({ unmatchableGames: ['2020_17_ARI_LA'] });
    const found = await discoverKalshiGames({
      http: new KalshiHttp({ baseUrl: w.endpoints.kalshi!.rest, key: null }),
      leagues: ['nfl'],
    });
    expect(found.games.map((g) => [g.awayCode, g.homeCode])).toEqual([['ARI', 'QZX']]);
    expect(testTeamLookup('nfl', 'QZX')).toBeUndefined();
    // ESPN still shows the real game.
    expect(w.games[0]?.info.homeTeam).toBe('LAR');
  });
});
