/** The simulated ESPN API over real HTTP on 127.0.0.1: routes, shape, ETags, feed delay, faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import type { NflGameState } from '../../core/game-state.js';
import { parseScoreboard } from '../../feeds/espn/scoreboard.js';
import { parseSummary } from '../../feeds/espn/summary.js';
import { loadNflBundle, selectGames } from '../../feeds/replay/nfl-bundle.js';
import { ReplayEspnSchedule } from './replay-schedule.js';
import { type EspnSimServer, NFL_PATH, startEspnSimServer } from './server.js';

const GAMES = ['2020_17_MIA_BUF', '2020_17_PIT_CLE', '2020_17_SEA_SF'];
const schedule = new ReplayEspnSchedule(selectGames(loadNflBundle('data/nfl'), { gameIds: GAMES }));
const buf = schedule.byGame(schedule.games[0]!.game.info.gameId)!;
const DELAY_MS = 10_000;
const clock = new SimulatedClock(buf.game.info.kickoffTs - 3600_000);
let server: EspnSimServer;
let origin: string;

beforeAll(async () => {
  server = await startEspnSimServer({ schedule, clock, feedDelayMs: DELAY_MS, recordRequests: true });
  origin = server.apiBase.replace('/apis/site/v2/sports', '');
});
afterAll(() => server.close());

/** Waits (boundedly) for a condition another party brings about. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers });

describe('simulated ESPN server', () => {
  it('listens on 127.0.0.1 and serves the week as an ESPN scoreboard', async () => {
    expect(server.apiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/apis\/site\/v2\/sports$/);
    clock.set(buf.game.info.kickoffTs - 3600_000);
    const res = await get(`${NFL_PATH}/scoreboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { leagues: { slug: string }[] };
    expect(body.leagues[0]!.slug).toBe('nfl');
    const parsed = parseScoreboard(body, 'nfl');
    expect(parsed.problems).toEqual([]);
    expect(parsed.games.map((g) => g.state.status)).toEqual(['pre', 'pre', 'pre']);
  });

  it('shows each game as it was the feed delay ago', async () => {
    const t = buf.playTs[40]!;
    clock.set(t + DELAY_MS / 2);
    const early = parseScoreboard(await (await get(`${NFL_PATH}/scoreboard`)).json(), 'nfl');
    const game = early.games.find((g) => g.espnId === buf.espnId)!;
    expect(game.state).toMatchObject({
      playSeq: (buf.game.states[39] as NflGameState).playSeq,
      status: 'in',
    });
    clock.set(t + DELAY_MS);
    const late = parseScoreboard(await (await get(`${NFL_PATH}/scoreboard`)).json(), 'nfl');
    expect(late.games.find((g) => g.espnId === buf.espnId)!.state).toMatchObject({
      playSeq: (buf.game.states[40] as NflGameState).playSeq,
    });
  });

  it('answers 304 to If-None-Match until a game changes', async () => {
    clock.set(buf.playTs[60]! + DELAY_MS);
    const first = await get(`${NFL_PATH}/scoreboard`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const before = server.stats.notModified;
    const again = await get(`${NFL_PATH}/scoreboard`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(server.stats.notModified).toBe(before + 1);
    clock.set(buf.playTs[61]! + DELAY_MS);
    const changed = await get(`${NFL_PATH}/scoreboard`, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    await changed.arrayBuffer();
  });

  it('serves a summary with pickcenter, and 404 for an unknown event or path', async () => {
    const res = await get(`${NFL_PATH}/summary?event=${buf.espnId}`);
    expect(res.status).toBe(200);
    const summary = parseSummary(await res.json(), 'nfl');
    expect(summary.problems).toEqual([]);
    expect(summary.games[0]!.odds?.homeSpread).toBe(buf.game.info.homeSpread);
    expect((await get(`${NFL_PATH}/summary?event=1`)).status).toBe(404);
    // A league ESPN carries and the world does not play: empty, as on a day without games.
    const nhl = await get('/apis/site/v2/sports/hockey/nhl/scoreboard');
    expect(nhl.status).toBe(200);
    expect(((await nhl.json()) as { events: unknown[] }).events).toEqual([]);
    expect((await get('/apis/site/v2/sports/curling/wcf/scoreboard')).status).toBe(404);
    expect((await get(`${NFL_PATH}/scoreboard?dates=tomorrow`)).status).toBe(400);
    const day = (await (await get(`${NFL_PATH}/scoreboard?dates=${buf.day}`)).json()) as {
      events: unknown[];
    };
    expect(day.events).toHaveLength(3);
    expect(server.requests.some((r) => r.endpoint === 'summary' && r.eventId === buf.espnId)).toBe(true);
  });

  it('injects 5xx, 429 with Retry-After and malformed JSON for the next requests, then recovers', async () => {
    server.faults.failNext(2, { kind: 'status', status: 503 });
    server.faults.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 7 });
    server.faults.failNext(1, { kind: 'malformed' }, 'scoreboard');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await get(`${NFL_PATH}/scoreboard`);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('7');
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([503, 503, 429]);
    const malformed = await get(`${NFL_PATH}/scoreboard`);
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    expect((await get(`${NFL_PATH}/scoreboard`)).status).toBe(200);
  });

  it('holds requests while stalled and answers them on resume; adds latency', async () => {
    server.faults.stall();
    const received = server.stats.requests;
    let answered = false;
    const pending = get(`${NFL_PATH}/summary?event=${buf.espnId}`).then((res) => {
      answered = true;
      return res;
    });
    await until(() => server.stats.requests > received);
    expect(answered).toBe(false);
    server.faults.resume();
    expect((await pending).status).toBe(200);
    server.faults.latencyMs = 20;
    expect((await get(`${NFL_PATH}/scoreboard`)).status).toBe(200);
    server.faults.latencyMs = 0;
  });
});
