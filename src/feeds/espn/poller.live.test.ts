/**
 * The poller on real timers (the live shape): polls far more often than a slow server answers,
 * and still never has two requests in flight for one scoreboard or one game. Waits are bounded
 * and nothing is asserted about how long anything took.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { LiveClock, SimulatedClock } from '../../core/clock.js';
import type { ArbeesEvent } from '../../core/events.js';
import { ReplayEspnSchedule } from '../../sim/espn/replay-schedule.js';
import { type EspnSimServer, startEspnSimServer } from '../../sim/espn/server.js';
import { loadNflBundle, selectGames } from '../replay/nfl-bundle.js';
import { TimerScheduler } from '../timer-scheduler.js';
import { EspnHttpClient } from './client.js';
import { EspnPoller } from './poller.js';

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

let server: EspnSimServer | undefined;
let scheduler: TimerScheduler | undefined;
afterEach(async () => {
  scheduler?.stop();
  await server?.close();
});

describe('EspnPoller on real timers', () => {
  it('keeps one request in flight per scoreboard and per game while the server is slow', async () => {
    const schedule = new ReplayEspnSchedule(
      selectGames(loadNflBundle('data/nfl'), { gameIds: ['2020_17_PIT_CLE'] }),
    );
    const sim = schedule.games[0]!;
    // The game is in play, and stays at one moment: the poller sees it live without a line.
    const gameClock = new SimulatedClock(sim.playTs[40]!);
    server = await startEspnSimServer({ schedule, clock: gameClock, recordRequests: true });
    server.faults.endpointLatencyMs.scoreboard = 30;
    server.faults.endpointLatencyMs.summary = 300;
    const clock = new LiveClock();
    const errors: unknown[] = [];
    scheduler = new TimerScheduler({ clock, onError: (e) => errors.push(e) });
    const bus = new MemoryBus({ now: () => clock.now() });
    const events: ArbeesEvent[] = [];
    bus.subscribe({ group: 't', consumer: 't', topics: ['games'], handler: (e) => void events.push(e) });
    const poller = new EspnPoller({
      client: new EspnHttpClient({ baseUrl: server.apiBase }),
      bus,
      clock,
      scheduler,
      leagues: ['nfl'],
      pollIntervalMs: 5,
      crunchIntervalMs: 5,
      gameIdOf: (_league, id) => schedule.gameIdOf(id)!,
    });
    poller.start();
    await until(() => events.some((e) => e.type === 'GameStateUpdated'));
    poller.stop();
    const requests = server.requests;
    const scoreboards = requests.filter((r) => r.endpoint === 'scoreboard').length;
    // Several scoreboard polls each wanted the summary while it was in flight; one was sent.
    expect(scoreboards).toBeGreaterThan(3);
    expect(requests.filter((r) => r.endpoint === 'summary')).toHaveLength(1);
    expect(server.stats.maxInFlight['scoreboard:']).toBe(1);
    expect(server.stats.maxInFlight[`summary:${sim.espnId}`]).toBe(1);
    const scheduled = events.find((e) => e.type === 'GameScheduled');
    expect(scheduled).toMatchObject({ gameId: '2020_17_PIT_CLE', homeSpread: sim.game.info.homeSpread });
    expect(errors).toEqual([]);
  });
});
