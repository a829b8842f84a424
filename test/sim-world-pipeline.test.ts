/**
 * The pipeline's own front end cannot tell the simulated world from the real one: the ESPN poller
 * reads the world's ESPN over HTTP and announces each game, and market discovery asks the
 * world's Kalshi and Gamma for listings and matches them with the team tables, exactly as a
 * paper run would against the real hosts. Every listed market is mapped (both team markets on
 * Kalshi, both tokens of the Polymarket moneyline), Washington included (ESPN WSH, Kalshi WAS),
 * and nothing is left unmatched; the unmatchable-listing fault is reported as such.
 */
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../src/bus/memory-bus.js';
import { SimulatedClock } from '../src/core/clock.js';
import type { MarketMapped } from '../src/core/events.js';
import type { Micros } from '../src/core/money.js';
import { EspnHttpClient } from '../src/feeds/espn/client.js';
import { EspnPoller } from '../src/feeds/espn/poller.js';
import { fetchGet } from '../src/feeds/http-get.js';
import { loadNbaBundle } from '../src/feeds/replay/nba-bundle.js';
import { loadNflBundle, selectGames } from '../src/feeds/replay/nfl-bundle.js';
import type { ReplayGame } from '../src/feeds/replay/replay-game.js';
import { Timeline } from '../src/feeds/replay/timeline.js';
import { silentLogger } from '../src/services/logger.js';
import { type MarketDiscovery, startMarketDiscovery } from '../src/services/market-discovery.js';
import { startSimWorld } from '../src/sim/world/sim-world.js';
import { worldTeamsFromTables } from '../src/sim/world/team-tables.js';
import type { WorldFaults } from '../src/sim/world/world-faults.js';
import { KalshiHttp } from '../src/venues/kalshi/http.js';
import { GAMMA_LIMITS, PolymarketHttp } from '../src/venues/polymarket/http.js';

const bundle = [...loadNflBundle('data/nfl'), ...loadNbaBundle('data/nba')];
const HOUR = 3_600_000;

/**
 * The world's games announced by the poller and matched by discovery, on the replay timeline,
 * until every listing is read (all mapped, or `expected` mapped and the rest reported).
 */
async function discover(
  games: readonly ReplayGame[],
  expected: number,
  faults: WorldFaults = {},
): Promise<{ mapped: MarketMapped[]; discovery: MarketDiscovery }> {
  const firstKickoff = Math.min(...games.map((g) => g.info.kickoffTs));
  const lastKickoff = Math.max(...games.map((g) => g.info.kickoffTs));
  const clock = new SimulatedClock(firstKickoff - 3 * HOUR);
  const timeline = new Timeline(clock);
  const bus = new MemoryBus({ now: () => clock.now() });
  const world = await startSimWorld({
    games,
    clock,
    scheduler: timeline,
    seed: 42,
    feedDelayMs: 10_000,
    balances: { kalshi: 1_000_000_000 as Micros, polymarket: 1_000_000_000 as Micros },
    teams: worldTeamsFromTables,
    faults,
  });
  const mapped: MarketMapped[] = [];
  const sub = bus.subscribe({
    group: 'test',
    consumer: 'test-1',
    topics: ['markets'],
    handler: (event) => {
      if (event.type === 'MarketMapped') mapped.push(event);
    },
  });
  const poller = new EspnPoller({
    client: new EspnHttpClient({ baseUrl: world.endpoints.espn.url, get: fetchGet() }),
    bus,
    clock,
    scheduler: timeline,
    leagues: ['nfl', 'nba'],
    pollIntervalMs: 10_000,
    crunchIntervalMs: 5_000,
    random: () => 0.5,
    log: silentLogger,
  });
  const discovery = startMarketDiscovery({
    bus,
    clock,
    scheduler: timeline,
    kalshi: { http: new KalshiHttp({ baseUrl: world.endpoints.kalshi!.rest, key: null }), simulated: true },
    gamma: {
      http: new PolymarketHttp({
        baseUrl: world.endpoints.polymarket!.gamma,
        address: '',
        limits: GAMMA_LIMITS,
      }),
      clob: new PolymarketHttp({ baseUrl: world.endpoints.polymarket!.clob, address: '' }),
      simulated: true,
    },
    leagues: ['nfl', 'nba'],
    log: silentLogger,
    intervalMs: 60_000,
  });
  poller.start();
  try {
    await timeline.run({
      speed: null,
      sleep: async () => undefined,
      wallNow: () => performance.now(),
      afterTask: () => bus.idle(),
      // Every game is announced an hour ahead; a run a second later reads the listings.
      shouldStop: () => mapped.length >= expected || clock.now() > lastKickoff,
    });
    await discovery.runNow();
    return { mapped, discovery };
  } finally {
    poller.stop();
    await discovery.stop();
    await sub.close();
    await world.close();
  }
}

/**
 * Each instrument once, as last mapped: a Polymarket market whose price passes 0.96 moves to a
 * 0.001 tick, as the venue does, and discovery maps it again with the new tick.
 */
const summaries = (mapped: readonly MarketMapped[]) =>
  [...new Map(mapped.map((m) => [m.instrument.instrumentId, m.instrument])).values()]
    .map((i) => `${i.venue} ${i.outcome} ${i.symbol.length > 30 ? 'token' : i.symbol}`)
    .sort();

describe('the pipeline against the simulated world', () => {
  it('maps every market the world lists for the NFL games, Washington included', async () => {
    // Kick-offs 20 minutes apart: Carolina at Washington, the Rams (LA in the recording) at Seattle.
    const games = selectGames(bundle, { gameIds: ['2020_16_CAR_WAS', '2020_16_LA_SEA'] });
    const { mapped, discovery } = await discover(games, 8);
    expect(discovery.report().unmatched).toEqual([]);
    expect(summaries(mapped)).toEqual(
      [
        'kalshi home_win KXNFLGAME-20DEC27CARWAS-WAS',
        'kalshi away_win KXNFLGAME-20DEC27CARWAS-CAR',
        'kalshi home_win KXNFLGAME-20DEC27LARSEA-SEA',
        'kalshi away_win KXNFLGAME-20DEC27LARSEA-LAR',
        'polymarket away_win token',
        'polymarket home_win token',
        'polymarket away_win token',
        'polymarket home_win token',
      ].sort(),
    );
    // Each game's instruments belong to the ESPN game the poller announced.
    expect(new Set(mapped.map((m) => m.instrument.gameId)).size).toBe(2);
  }, 120_000);

  it('maps the NBA game on both venues', async () => {
    const { mapped, discovery } = await discover(selectGames(bundle, { gameIds: ['nba'] }), 4);
    expect(discovery.report().unmatched).toEqual([]);
    expect(summaries(mapped)).toEqual(
      [
        'kalshi home_win KXNBAGAME-24MAR17TORORL-ORL',
        'kalshi away_win KXNBAGAME-24MAR17TORORL-TOR',
        'polymarket away_win token',
        'polymarket home_win token',
      ].sort(),
    );
    // Polymarket's live-sports taker delay, read from the world's CLOB for each market.
    const delays = mapped
      .filter((m) => m.instrument.venue === 'polymarket')
      .map((m) => m.instrument.takerDelayMs);
    expect(new Set(delays)).toEqual(new Set([3_000]));
  }, 120_000);

  it('reports a listing no table knows as unmatched, and maps nothing of it', async () => {
    const games = selectGames(bundle, { gameIds: ['2020_17_ARI_LA'] });
    const { mapped, discovery } = await discover(games, 1, { unmatchableGames: ['2020_17_ARI_LA'] });
    expect(mapped).toEqual([]);
    const unmatched = discovery.report().unmatched;
    expect(unmatched.map((u) => u.venue).sort()).toEqual(['kalshi', 'polymarket']);
    for (const u of unmatched) expect(u.message).toMatch(/QZX|qzx|Quizzix|team/i);
  }, 120_000);
});
