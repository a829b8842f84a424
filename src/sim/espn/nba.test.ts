/**
 * The bundled NBA game (TOR at ORL, 2024-03-17) through the simulated ESPN API over real HTTP on
 * 127.0.0.1: the basketball scoreboard and summary read back by our NBA parser give the bundle's
 * states, and the ESPN poller follows the game from announcement to final.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { SimulatedClock } from '../../core/clock.js';
import type { ArbeesEvent } from '../../core/events.js';
import { EspnHttpClient } from '../../feeds/espn/client.js';
import { espnGameId } from '../../feeds/espn/game.js';
import { EspnPoller } from '../../feeds/espn/poller.js';
import { parseScoreboard } from '../../feeds/espn/scoreboard.js';
import { parseSummary } from '../../feeds/espn/summary.js';
import { nodeHttpGet } from '../../feeds/http-get.js';
import { loadNbaBundle } from '../../feeds/replay/nba-bundle.js';
import { Timeline } from '../../feeds/replay/timeline.js';
import { ReplayEspnSchedule } from './replay-schedule.js';
import { type EspnSimServer, NBA_PATH, NFL_PATH, startEspnSimServer } from './server.js';

const [game] = loadNbaBundle('data/nba');
const schedule = new ReplayEspnSchedule([game!]);
const sim = schedule.games[0]!;

describe('bundled NBA game', () => {
  it('is the real game: 450 plays, ORL 111-96 TOR, recorded times, ESPN win probability', () => {
    expect(game!.info).toMatchObject({
      sport: 'nba',
      homeTeam: 'ORL',
      awayTeam: 'TOR',
      espnEventId: '401585607',
    });
    expect(game!.states).toHaveLength(450);
    expect(game!.states.at(-1)).toMatchObject({ homeScore: 111, awayScore: 96, period: 4, clockSeconds: 0 });
    expect(game!.playTs![0]).toBe(Date.parse('2024-03-17T22:10:44Z'));
    for (let i = 1; i < game!.playTs!.length; i++)
      expect(game!.playTs![i]!).toBeGreaterThan(game!.playTs![i - 1]!);
    expect(game!.espnHomeWinProbability![0]).toBe(0.834);
    expect(sim).toMatchObject({ league: 'nba', espnId: '401585607' });
  });
});

describe('simulated ESPN API serving the NBA game over HTTP', () => {
  const clock = new SimulatedClock(sim.playTs[0]! - 3600_000);
  let server: EspnSimServer;
  const http = nodeHttpGet();
  const get = async (path: string) => {
    const res = await http.get(`http://127.0.0.1:${server.port}${path}`, {}, 5_000);
    return JSON.parse(res.body) as unknown;
  };

  beforeAll(async () => {
    server = await startEspnSimServer({ schedule, clock });
  });
  afterAll(async () => {
    http.close();
    await server.close();
  });

  it('shows the game scheduled before tip-off, with its line', async () => {
    const pre = parseScoreboard(await get(`${NBA_PATH}/scoreboard`), 'nba');
    expect(pre.games[0]!.state.status).toBe('pre');
    expect(pre.games[0]!.odds?.homeSpread).toBe(11.5);
  });

  it('gives every 15th play back through the NBA scoreboard and summary parsers', async () => {
    for (let i = 0; i < sim.playTs.length; i += 15) {
      clock.set(sim.playTs[i]!);
      const expected = { ...game!.states[i]!, gameId: espnGameId('nba', '401585607') };
      const board = parseScoreboard(await get(`${NBA_PATH}/scoreboard`), 'nba');
      expect(board.problems).toEqual([]);
      expect(board.games[0]!.state).toEqual(expected);
      const summary = parseSummary(await get(`${NBA_PATH}/summary?event=401585607`), 'nba');
      expect(summary.problems).toEqual([]);
      expect(summary.games[0]!.state).toEqual(expected);
      expect(summary.games[0]!.odds?.homeSpread).toBe(11.5);
    }
    // The NBA game is not on the NFL scoreboard.
    expect(parseScoreboard(await get(`${NFL_PATH}/scoreboard`), 'nfl').games).toEqual([]);
    clock.set(sim.finalTs);
    const post = parseScoreboard(await get(`${NBA_PATH}/scoreboard`), 'nba');
    expect(post.games[0]!.state).toMatchObject({ status: 'post', homeScore: 111, awayScore: 96 });
    expect(post.games[0]!.espnStatus.completed).toBe(true);
  });
});

describe('ESPN poller following the NBA game over HTTP', () => {
  it('announces it, publishes basketball states in order, and reports the final', async () => {
    const clock = new SimulatedClock(sim.playTs[0]! - 2 * 3600_000);
    const timeline = new Timeline(clock);
    const server = await startEspnSimServer({ schedule, clock, feedDelayMs: 10_000 });
    const bus = new MemoryBus({ now: () => clock.now() });
    const events: ArbeesEvent[] = [];
    bus.subscribe({ group: 't', consumer: 't-1', topics: ['games'], handler: (e) => void events.push(e) });
    const http = nodeHttpGet();
    const poller = new EspnPoller({
      client: new EspnHttpClient({ baseUrl: server.apiBase, timeoutMs: 5_000, get: http.get }),
      bus,
      clock,
      scheduler: timeline,
      leagues: ['nba'],
      pollIntervalMs: 10_000,
      crunchIntervalMs: 3_000,
      random: () => 1,
      gameIdOf: (league, id) => schedule.gameIdOf(id) ?? espnGameId(league, id),
    });
    bus.subscribe({
      group: 'stop',
      consumer: 'stop-1',
      topics: ['games'],
      handler: (e) => {
        if (e.type === 'GameFinal') poller.stop();
      },
    });
    try {
      poller.start();
      await timeline.run({
        speed: null,
        sleep: async () => undefined,
        wallNow: () => 0,
        afterTask: () => bus.idle(),
      });
      const scheduled = events.filter((e) => e.type === 'GameScheduled');
      expect(scheduled).toEqual([
        expect.objectContaining({
          gameId: game!.info.gameId,
          sport: 'nba',
          homeSpread: 11.5,
          homeTeam: 'ORL',
        }),
      ]);
      const states = events.flatMap((e) => (e.type === 'GameStateUpdated' ? [e.state] : []));
      // Polled every 10 s (3 s in crunch time): most plays are seen, each one a bundle state.
      expect(states.length).toBeGreaterThan(200);
      for (const s of states) {
        expect(s.sport).toBe('nba');
        expect(game!.states).toContainEqual(s);
      }
      const finals = events.filter((e) => e.type === 'GameFinal');
      expect(finals).toEqual([expect.objectContaining({ homeScore: 111, awayScore: 96, winner: 'home' })]);
      expect(Object.values(poller.stats().errors).reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      poller.stop();
      http.close();
      await server.close();
    }
  }, 120_000);
});
