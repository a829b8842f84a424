/**
 * The replay through the simulated world: the live pipeline (live-pipeline.ts: the ESPN poller,
 * market discovery and matching, the gateways' WebSocket books, strategy, risk, execution through
 * the venues' adapters, ledger, reconciliation) aimed at `arbees sim world` run in this process
 * on the replay clock. The world serves the recorded games over ESPN's API and lists their
 * markets on its Kalshi and Polymarket simulators, with makers quoting in their books; the
 * pipeline finds them as it would find tonight's games. What differs from a live run is the
 * endpoints and the clock, nothing else.
 *
 * The clock is a SimulatedClock driven by the timeline: the world's steps, the poller's polls,
 * the follow-ups and the reconciliations are all tasks on it. After each task a barrier waits
 * until everything the task set off has been handled (the bus, and every WebSocket frame the
 * world sent the gateways) and lets the gateways publish the books that changed, until nothing
 * more moves; so each task sees the world as of its own instant, and a replay runs the same way
 * every time. Long quiet spells between game days are cut to WORLD_REPLAY_GAP_MS (the games move
 * with their plays; the tickers carry the dates the world plays them on).
 */
import type { MemoryBus } from '../bus/memory-bus.js';
import type { Config } from '../config/schema.js';
import { SimulatedClock } from '../core/clock.js';
import { type ArbeesEvent, TOPICS } from '../core/events.js';
import type { GameState } from '../core/game-state.js';
import type { GameId, RunId } from '../core/ids.js';
import type { Micros } from '../core/money.js';
import { espnGameId } from '../feeds/espn/game.js';
import type { EspnLeague } from '../feeds/espn/leagues.js';
import { nodeHttpGet } from '../feeds/http-get.js';
import { espnWinProbabilityLookup, type ReplayGame, sportOf } from '../feeds/replay/replay-game.js';
import { Timeline } from '../feeds/replay/timeline.js';
import { deriveSeed, SeededRandom } from '../sim/random.js';
import { type SimWorld, startSimWorld, worldBalances } from '../sim/world/sim-world.js';
import { worldTeamsFromTables } from '../sim/world/team-tables.js';
import { scheduleWorldGames } from '../sim/world/world-games.js';
import { createWinProbabilityModels, type WinProbabilityModels } from '../sports/models.js';
import type { Store } from '../store/port.js';
import { loadKalshiPrivateKey } from '../venues/kalshi/auth.js';
import { pmusSigningKey } from '../venues/polymarket-us/auth.js';
import type { MarketDataGateway } from './gateways/market-data-gateway.js';
import { type LivePipeline, openLivePipeline } from './live-pipeline.js';
import type { Logger } from './logger.js';
import { loggingBus } from './logging-bus.js';
import type { OneProcessRunResult } from './one-process.js';
import type { RunBus } from './run-bus.js';
import { type Progress, watchFinals } from './run-progress.js';

const HOUR_MS = 3_600_000;
/** The world starts this long before the first game (the poller announces games a day ahead). */
const WORLD_REPLAY_LEAD_MS = 3 * HOUR_MS;
/** A quiet spell between game days longer than this is cut to it (under the idle horizon's 6 h). */
export const WORLD_REPLAY_GAP_MS = 3 * HOUR_MS;
/** How long (wall ms) a barrier waits for frames before going on without them (a dropped connection). */
const CATCH_UP_WAIT_MS = 5_000;
/** The market channel URL's tag: the world counts the frames it sends to our gateway's connections. */
const POLYMARKET_FEED_TAG = 'replay-gateway';

/** A replay that cannot start, naming why (shown to the user without a stack). */
export class WorldReplayRefused extends Error {
  override readonly name = 'WorldReplayRefused';
}

export interface WorldReplayOptions {
  readonly config: Config;
  readonly games: readonly ReplayGame[];
  readonly store: Store;
  readonly runId: RunId;
  readonly log: Logger;
  readonly models?: WinProbabilityModels;
  /** Wall-clock wait for --speed; never called when speed is null. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly wallNow?: () => number;
  /** True asks the run to stop after the task in hand (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: Progress) => void;
  /** Sees every event published (tests, debugging). */
  readonly tap?: (event: ArbeesEvent) => void;
  /** Told of the world once it is up (tests compare its venues' accounts with the ledger). */
  readonly onWorld?: (world: SimWorld) => void;
  /** Told of the run's bus and clock before it starts (the CLI mounts the API on them). */
  readonly onBus?: (run: RunBus) => Promise<void>;
}

export async function runWorldReplay(opts: WorldReplayOptions): Promise<OneProcessRunResult> {
  const { config, store, runId, log } = opts;
  const models = opts.models ?? createWinProbabilityModels();
  const firstKickoff = Math.min(...opts.games.map((g) => g.info.kickoffTs));
  const clock = new SimulatedClock(firstKickoff - WORLD_REPLAY_LEAD_MS);
  const timeline = new Timeline(clock);
  const bus = loggingBus({ clock, log });
  if (opts.tap) {
    const tap = opts.tap;
    bus.subscribe({ group: 'tap', consumer: 'tap-1', topics: TOPICS, handler: (e) => tap(e) });
  }
  const games = scheduleWorldGames(opts.games, {
    startMs: clock.now(),
    leadMs: WORLD_REPLAY_LEAD_MS,
    gapMs: WORLD_REPLAY_GAP_MS,
  });
  // The world plays its games from the start with fresh accounts: a ledger kept under this run id
  // could never agree with them.
  if ((await store.listLedger(runId)).length > 0)
    throw new WorldReplayRefused(
      `run ${runId} already has a ledger: a replay through the world starts its venues afresh and cannot go on from it; use a new --run-id`,
    );
  // Kalshi and Polymarket always; Polymarket US when the venues traded name it.
  const withPolymarketUs = config.ARBEES_VENUES.includes('polymarket-us');
  const world = await startSimWorld({
    games,
    clock,
    scheduler: timeline,
    seed: config.ARBEES_SEED,
    models,
    feedDelayMs: config.ARBEES_FEED_DELAY * 1000,
    ...worldBalances(config.ARBEES_BANKROLL as Micros, withPolymarketUs),
    teams: worldTeamsFromTables,
  });
  opts.onWorld?.(world);
  const espn = nodeHttpGet();
  const endpoints = {
    ...world.endpoints,
    polymarket: world.endpoints.polymarket && {
      ...world.endpoints.polymarket,
      wsMarket: `${world.endpoints.polymarket.wsMarket}?client=${POLYMARKET_FEED_TAG}`,
    },
  };
  const kalshi = world.credentials.kalshi;
  const seeded = new SeededRandom(deriveSeed(config.ARBEES_SEED, 'espn-poller'));
  const random = () => seeded.next();
  let pipeline: LivePipeline | null = null;
  let completed = false;
  let failed = false;
  try {
    pipeline = await openLivePipeline({
      config,
      // Real orders through the adapters, into the world's matching engines.
      tradingMode: 'live',
      runMode: 'replay',
      store,
      runId,
      log,
      env: world.settings,
      endpoints,
      leagues: leaguesOf(games),
      models,
      clock,
      scheduler: timeline,
      bus,
      kalshiKey: { keyId: kalshi.keyId, privateKey: loadKalshiPrivateKey(kalshi.privateKeyPem) },
      pmusKey: world.endpoints.polymarketUs
        ? pmusSigningKey(world.credentials.polymarketUs.keyId, world.credentials.polymarketUs.secret)
        : null,
      // Its frames would come when the barrier does not wait for them; fills come in the answers.
      pmusPrivateChannel: false,
      inputs: {
        gatewayMode: 'barrier',
        espnGet: espn.get,
        lookaheadDays: 2,
        announceLeadMs: 24 * HOUR_MS,
        random,
        // The clock stands still within a task: a token bucket could not refill.
        unlimitedRates: true,
        // On loopback nothing is lost that a periodic REST resync would repair.
        feeds: { polymarket: { resyncCheckMs: 2_147_483_647 } },
        // A market closing days out must not hold the timeline open.
        watchCloseTime: false,
      },
      heartbeats: false,
      // Reproducible: the same signal and client order ids every run.
      shardName: 'shard-1',
      maxOrderCost: null,
      referenceWinProbability: referenceFor(opts.games, world.games),
    });
    const live = pipeline;
    await opts.onBus?.({ bus, clock });
    const barrier = worldBarrier({ bus, pipeline: live, world, log });
    const progress = watchFinals({
      bus,
      clock,
      games: games.length,
      report: () => live.analytics.report({ statistics: false }),
      onProgress: opts.onProgress,
    });
    completed = await timeline.run({
      speed: config.ARBEES_SPEED,
      sleep: opts.sleep,
      wallNow: opts.wallNow ?? (() => performance.now()),
      afterTask: () => barrier.settle(),
      // Every game final and resolved in the world, and settled in the ledger.
      shouldStop: () => opts.shouldStop?.() === true || (world.done() && live.idle()),
      maxPacedGapMs: WORLD_REPLAY_GAP_MS,
    });
    // The timeline never runs dry (the poller keeps polling): the end is the world done and the run idle.
    completed = opts.shouldStop?.() !== true && world.done() && live.idle();
    // Every game the world played must have reached the run: one it never followed is a fault.
    const missed = world.games.filter(
      (g) => !progress.finals.has(espnGameId(sportOf(g) as EspnLeague, g.info.espnEventId ?? '')),
    );
    if (completed && missed.length > 0) {
      completed = false;
      log.error('the world played games the run never followed to their end', {
        games: missed.map((g) => g.info.gameId).join(','),
      });
    }
    await live.core.reconciler.runOnce();
    await progress.subscription.close();
    log.info('replay through the world finished', {
      tasks: timeline.tasksRun,
      barrierRounds: barrier.rounds,
      worldRequests:
        world.servers.kalshi.stats.requests +
        world.servers.polymarket.stats.requests +
        (world.servers.polymarketUs?.stats.requests ?? 0),
    });
    return { completed, report: live.analytics.report(), events: bus.stats().published };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await pipeline?.close({ failed, completed });
    espn.close();
    await world.close();
  }
}

function leaguesOf(games: readonly ReplayGame[]): EspnLeague[] {
  return [...new Set(games.map((g) => sportOf(g) as EspnLeague))].sort();
}

/** ESPN's own win probability for each state, under the game ids the poller gives the world's games. */
function referenceFor(
  recorded: readonly ReplayGame[],
  played: readonly ReplayGame[],
): (gameId: GameId, state: GameState) => number | undefined {
  const lookup = espnWinProbabilityLookup(recorded);
  const recordedId = new Map<GameId, GameId>();
  for (const g of played)
    if (g.info.espnEventId)
      recordedId.set(espnGameId(sportOf(g) as EspnLeague, g.info.espnEventId), g.info.gameId);
  return (gameId, state) => {
    const id = recordedId.get(gameId);
    return id === undefined ? undefined : lookup(id, state);
  };
}

/**
 * After a task: until nothing moves, wait for the bus to be idle and for every gateway to have
 * handled every frame the world sent it (and the books it follows to be in sync), then let the
 * gateways publish what changed.
 */
function worldBarrier(opts: {
  readonly bus: MemoryBus;
  readonly pipeline: LivePipeline;
  readonly world: SimWorld;
  readonly log: Logger;
}): { settle(): Promise<void>; readonly rounds: number } {
  const { bus, pipeline, world, log } = opts;
  /** Books a gateway waited for in vain: not waited for again until the count changes. */
  const unanswered = new Map<MarketDataGateway, number>();
  let rounds = 0;
  const catchUp = async (gateway: MarketDataGateway): Promise<void> => {
    const tag =
      gateway.venue === 'polymarket'
        ? POLYMARKET_FEED_TAG
        : gateway.venue === 'polymarket-us'
          ? world.credentials.polymarketUs.keyId
          : world.credentials.kalshi.keyId;
    const awaiting = () => {
      const n = gateway.awaitingBooks();
      return n > 0 && n !== unanswered.get(gateway);
    };
    const behind = () => gateway.framesHandled() < world.framesSent(gateway.venue, tag) || awaiting();
    const deadline = Date.now() + CATCH_UP_WAIT_MS;
    for (let spins = 0; behind(); spins += 1) {
      if (Date.now() > deadline) {
        unanswered.set(gateway, gateway.awaitingBooks());
        log.warn(`${gateway.venue} gateway: the replay barrier gave up waiting`, {
          handled: gateway.framesHandled(),
          sent: world.framesSent(gateway.venue, tag),
          awaitingBooks: gateway.awaitingBooks(),
        });
        return;
      }
      // A frame in flight on loopback arrives within a few turns of the event loop.
      await new Promise((resolve) => (spins < 50 ? setImmediate(resolve) : setTimeout(resolve, 1)));
    }
  };
  return {
    get rounds() {
      return rounds;
    },
    async settle() {
      for (;;) {
        rounds += 1;
        await bus.idle();
        for (const g of pipeline.inputs.gateways) await catchUp(g);
        let more = false;
        for (const g of pipeline.inputs.gateways) if (await g.flush()) more = true;
        if (!more) return;
      }
    },
  };
}
