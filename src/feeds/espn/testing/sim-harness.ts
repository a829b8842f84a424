/**
 * Test harness: the simulated ESPN server and an EspnPoller polling it over real HTTP on
 * 127.0.0.1, both on one replay timeline, so tests move simulated time instead of waiting.
 */
import { MemoryBus } from '../../../bus/memory-bus.js';
import { SimulatedClock } from '../../../core/clock.js';
import type { ArbeesEvent, GameFinal, GameScheduled, GameStateUpdated } from '../../../core/events.js';
import type { GameId } from '../../../core/ids.js';
import { ReplayEspnSchedule } from '../../../sim/espn/replay-schedule.js';
import { type EspnSimServer, startEspnSimServer } from '../../../sim/espn/server.js';
import { nodeHttpGet } from '../../http-get.js';
import { loadNflBundle, selectGames } from '../../replay/nfl-bundle.js';
import { Timeline } from '../../replay/timeline.js';
import type { BackoffPolicy } from '../cadence.js';
import { EspnHttpClient } from '../client.js';
import { espnGameId } from '../game.js';
import { EspnPoller } from '../poller.js';

export interface HarnessOptions {
  readonly gameIds: readonly string[];
  /** Where simulated time starts, relative to the first kick-off (default two hours before). */
  readonly startOffsetMs?: number;
  readonly feedDelayMs?: number;
  readonly pollIntervalMs?: number;
  readonly crunchIntervalMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Wall-clock limit of one request (short, for tests of a stalled server). */
  readonly timeoutMs?: number;
  readonly lookaheadDays?: number;
  readonly announceLeadMs?: number;
}

export interface Harness {
  readonly schedule: ReplayEspnSchedule;
  readonly clock: SimulatedClock;
  readonly server: EspnSimServer;
  readonly poller: EspnPoller;
  readonly events: ArbeesEvent[];
  /** Runs the timeline until simulated time `ts` (every task due before it runs). */
  runUntil(ts: number): Promise<void>;
  scheduled(): GameScheduled[];
  states(gameId?: GameId): GameStateUpdated[];
  finals(): GameFinal[];
  close(): Promise<void>;
}

const bundle = loadNflBundle('data/nfl');

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const schedule = new ReplayEspnSchedule(selectGames(bundle, { gameIds: [...options.gameIds] }));
  const first = schedule.firstKickoffTs()!;
  const clock = new SimulatedClock(first + (options.startOffsetMs ?? -2 * 3600_000));
  const timeline = new Timeline(clock);
  const server = await startEspnSimServer({
    schedule,
    clock,
    feedDelayMs: options.feedDelayMs ?? 10_000,
    recordRequests: true,
  });
  const bus = new MemoryBus({ now: () => clock.now() });
  const events: ArbeesEvent[] = [];
  bus.subscribe({
    group: 'test',
    consumer: 'test-1',
    topics: ['games'],
    handler: (e) => void events.push(e),
  });
  // The transport the default run uses.
  const http = nodeHttpGet();
  const poller = new EspnPoller({
    client: new EspnHttpClient({
      baseUrl: server.apiBase,
      timeoutMs: options.timeoutMs ?? 5_000,
      get: http.get,
    }),
    bus,
    clock,
    scheduler: timeline,
    leagues: ['nfl'],
    pollIntervalMs: options.pollIntervalMs ?? 10_000,
    crunchIntervalMs: options.crunchIntervalMs ?? 3_000,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.lookaheadDays === undefined ? {} : { lookaheadDays: options.lookaheadDays }),
    ...(options.announceLeadMs === undefined ? {} : { announceLeadMs: options.announceLeadMs }),
    // No jitter: each backoff is its ceiling, so tests can state it.
    random: () => 1,
    gameIdOf: (league, id) => schedule.gameIdOf(id) ?? espnGameId(league, id),
  });
  poller.start();
  const of = <T extends ArbeesEvent['type']>(type: T) =>
    events.filter((e): e is Extract<ArbeesEvent, { type: T }> => e.type === type);
  return {
    schedule,
    clock,
    server,
    poller,
    events,
    async runUntil(ts) {
      let reached = false;
      timeline.at(ts, () => {
        reached = true;
      });
      await timeline.run({
        speed: null,
        sleep: async () => undefined,
        wallNow: () => 0,
        afterTask: () => bus.idle(),
        shouldStop: () => reached,
      });
    },
    scheduled: () => of('GameScheduled'),
    states: (gameId) => of('GameStateUpdated').filter((e) => gameId === undefined || e.gameId === gameId),
    finals: () => of('GameFinal'),
    async close() {
      poller.stop();
      http.close();
      await server.close();
    },
  };
}
