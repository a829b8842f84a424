/**
 * The game feed of a replay, one of two ways:
 * - `espn-http`: the simulated ESPN API (src/sim/espn) serves the replayed games on 127.0.0.1 at
 *   the replay's simulated time, and the ESPN poller (the live code path) polls it over real HTTP
 *   on the replay timeline and publishes what it reads. One poller per league, each started two
 *   hours before its league's first game and stopped when its games are final, so a replay that
 *   spans seasons does not poll through the months between them;
 * - `direct`: the replay publishes the states itself (backtests: faster).
 * Either way the simulated markets are told of each play when it happens, ahead of the feed.
 */
import type { Bus } from '../bus/port.js';
import type { Config, GameFeedKind } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { GameFeedStatus } from '../core/feed-status.js';
import type { GameId } from '../core/ids.js';
import type { Scheduler } from '../core/scheduler.js';
import { EspnHttpClient } from '../feeds/espn/client.js';
import { espnGameId } from '../feeds/espn/game.js';
import type { EspnLeague } from '../feeds/espn/leagues.js';
import { EspnPoller } from '../feeds/espn/poller.js';
import { nodeHttpGet } from '../feeds/http-get.js';
import { type GameFeedOptions, scheduleReplayGames, scheduleReplayPlays } from '../feeds/replay/game-feed.js';
import type { ReplayGame } from '../feeds/replay/nfl-bundle.js';
import { ReplayEspnSchedule, type SimLeague } from '../sim/espn/replay-schedule.js';
import { type EspnSimServer, startEspnSimServer } from '../sim/espn/server.js';
import { deriveSeed, SeededRandom } from '../sim/random.js';
import type { RunMode } from '../store/port.js';
import type { Logger } from './logger.js';

/** A game not final this long after its last play has been lost by the feed: the run stops. */
const GIVE_UP_AFTER_MS = 2 * 3600_000;
/** A league's poller starts this long before its first game (as the run's clock does). */
export const POLLER_LEAD_MS = 2 * 3600_000;

export interface ReplayGameFeedOptions {
  readonly kind: GameFeedKind;
  readonly bus: Bus;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly games: readonly ReplayGame[];
  readonly config: Config;
  readonly log: Logger;
  readonly onPlay: NonNullable<GameFeedOptions['onPlay']>;
}

export interface ReplayGameFeed {
  readonly kind: GameFeedKind;
  /** How fresh each game's state is: the polling feed publishes a state only when it changes. */
  readonly status: GameFeedStatus | undefined;
  start(): Promise<void>;
  /** True once some game should long have been final and is not: the run should stop. */
  overdue(): boolean;
  close(): Promise<void>;
}

/** The feed a run uses: ARBEES_FEED, else direct for a backtest and espn-http for a replay. */
export function feedKindFor(config: Config, mode: RunMode): GameFeedKind {
  return config.ARBEES_FEED ?? (mode === 'backtest' ? 'direct' : 'espn-http');
}

export function createReplayGameFeed(opts: ReplayGameFeedOptions): ReplayGameFeed {
  if (opts.kind === 'direct') {
    return {
      kind: 'direct',
      status: undefined,
      start: async () => {
        scheduleReplayGames({
          bus: opts.bus,
          scheduler: opts.scheduler,
          games: opts.games,
          feedDelayMs: opts.config.ARBEES_FEED_DELAY * 1000,
          pollIntervalMs: opts.config.POLL_INTERVAL * 1000,
          crunchIntervalMs: opts.config.CRUNCH_TIME_INTERVAL * 1000,
          onPlay: opts.onPlay,
        });
      },
      overdue: () => false,
      close: async () => undefined,
    };
  }
  return new EspnHttpReplayFeed(opts);
}

class EspnHttpReplayFeed implements ReplayGameFeed {
  readonly kind = 'espn-http' as const;
  private readonly schedule: ReplayEspnSchedule;
  private readonly pending: Set<GameId>;
  /** Games not yet final, per league: a league's poller stops when its set is empty. */
  private readonly pendingByLeague = new Map<SimLeague, Set<GameId>>();
  private readonly deadline: number;
  private server: EspnSimServer | null = null;
  private readonly pollers = new Map<SimLeague, EspnPoller>();
  private subscription: { close(): Promise<void> } | null = null;
  private readonly http = nodeHttpGet();
  private reportedOverdue = false;

  /** Delegates to the pollers, which exist once the server has a port. */
  readonly status: GameFeedStatus = {
    lastObservedTs: (id) => {
      for (const poller of this.pollers.values()) {
        const ts = poller.lastObservedTs(id);
        if (ts !== undefined) return ts;
      }
      return undefined;
    },
  };

  constructor(private readonly opts: ReplayGameFeedOptions) {
    this.schedule = new ReplayEspnSchedule(opts.games);
    this.pending = new Set(opts.games.map((g) => g.info.gameId));
    for (const g of this.schedule.games) {
      const set = this.pendingByLeague.get(g.league) ?? new Set<GameId>();
      set.add(g.game.info.gameId);
      this.pendingByLeague.set(g.league, set);
    }
    const lastFinal = Math.max(...this.schedule.games.map((g) => g.finalTs));
    this.deadline = lastFinal + opts.config.ARBEES_FEED_DELAY * 1000 + GIVE_UP_AFTER_MS;
  }

  async start(): Promise<void> {
    const { config, clock, log } = this.opts;
    const delayMs = config.ARBEES_FEED_DELAY * 1000;
    this.server = await startEspnSimServer({ schedule: this.schedule, clock, feedDelayMs: delayMs });
    const apiBase = this.server.apiBase;
    for (const league of this.schedule.leagues()) {
      // The NFL poller keeps the seed it always had, so NFL replays poll exactly as before.
      const seedKey = league === 'nfl' ? 'espn-poller' : `espn-poller:${league}`;
      const random = new SeededRandom(deriveSeed(config.ARBEES_SEED, seedKey));
      const poller = new EspnPoller({
        client: new EspnHttpClient({ baseUrl: apiBase, get: this.http.get }),
        bus: this.opts.bus,
        clock,
        scheduler: this.opts.scheduler,
        leagues: [league as EspnLeague],
        pollIntervalMs: config.POLL_INTERVAL * 1000,
        crunchIntervalMs: config.CRUNCH_TIME_INTERVAL * 1000,
        random: () => random.next(),
        // The simulated events stand for the bundle's games, which the markets know by bundle id.
        gameIdOf: (l, espnId) => this.schedule.gameIdOf(espnId) ?? espnGameId(l, espnId),
        log,
      });
      this.pollers.set(league, poller);
    }
    // Polling of a league ends when its replayed games are final, so the timeline can run out.
    this.subscription = this.opts.bus.subscribe({
      group: 'replay-feed',
      consumer: 'replay-feed-1',
      topics: ['games'],
      handler: (event) => {
        if (event.type !== 'GameFinal') return;
        this.pending.delete(event.gameId);
        for (const [league, set] of this.pendingByLeague) {
          if (set.delete(event.gameId) && set.size === 0) this.pollers.get(league)?.stop();
        }
      },
    });
    scheduleReplayPlays({ scheduler: this.opts.scheduler, games: this.opts.games, onPlay: this.opts.onPlay });
    log.info(`game feed: simulated ESPN API at ${apiBase}, polled every ${config.POLL_INTERVAL} s`);
    for (const [league, poller] of this.pollers) {
      const startAt = (this.schedule.firstKickoffTs(league) ?? clock.now()) - POLLER_LEAD_MS;
      if (startAt <= clock.now()) poller.start();
      else this.opts.scheduler.at(startAt, () => poller.start());
    }
  }

  overdue(): boolean {
    if (this.pending.size === 0 || this.opts.clock.now() <= this.deadline) return false;
    if (!this.reportedOverdue) {
      this.reportedOverdue = true;
      this.opts.log.error('games never reported final by the ESPN feed; stopping the run', {
        games: [...this.pending],
      });
    }
    return true;
  }

  async close(): Promise<void> {
    for (const poller of this.pollers.values()) poller.stop();
    await this.subscription?.close();
    this.http.close();
    await this.server?.close();
    for (const [league, poller] of this.pollers) {
      const s = poller.stats();
      const errors = Object.values(s.errors).reduce((a, b) => a + b, 0);
      // The NFL line reads as it always has; other leagues are named.
      const who = league === 'nfl' && this.pollers.size === 1 ? '' : `${league} `;
      this.opts.log.info(
        `game feed: ${who}${s.requests.scoreboard} scoreboard and ${s.requests.summary} summary requests ` +
          `(${s.answers.notModified} not modified), ${errors} errors; published ${s.published.scheduled} ` +
          `games, ${s.published.states} states, ${s.published.finals} finals`,
        errors > 0 ? { errors: s.errors } : undefined,
      );
    }
  }
}
