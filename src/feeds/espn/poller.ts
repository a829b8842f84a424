/**
 * The ESPN poller: polls each league's scoreboard and publishes GameScheduled, GameStateUpdated
 * and GameFinal on the bus (game-tracker.ts decides which).
 *
 * Cadence per league, in the injected clock's time: CRUNCH_TIME_INTERVAL while any of its games
 * is in crunch time (cadence.ts), POLL_INTERVAL while any is in play or about to start, and
 * otherwise an idle interval that wakes early for the next announcement or start. A game's
 * summary is fetched only while it is in play and its line is unknown (the scoreboard drops odds
 * at kick-off; the summary's pickcenter keeps them) or the scoreboard's entry for it was
 * unreadable. At most one request is in flight per scoreboard and per game. A failed request is
 * retried after an exponential backoff with jitter (Retry-After respected); every failure is
 * counted and logged, and none stops the poller.
 *
 * Timing goes through the Clock and Scheduler ports: the replay timeline in a replay, a timer
 * scheduler live. Each task schedules what comes next before it publishes, so with the replay
 * timeline the order of everything is fixed by the data.
 */
import type { Bus } from '../../bus/port.js';
import type { Clock } from '../../core/clock.js';
import { feedStalenessMs, type GameFeedStatus } from '../../core/feed-status.js';
import type { GameId } from '../../core/ids.js';
import type { Scheduler } from '../../core/scheduler.js';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF, isCrunchTime } from './cadence.js';
import type { EspnFailureKind, EspnFeedClient, EspnFetchOutcome } from './client.js';
import { espnGameId } from './game.js';
import { type FeedEvent, GameTracker, type Observation } from './game-tracker.js';
import { type EspnLeague, espnDay } from './leagues.js';

const DAY_MS = 24 * 3600_000;

import { parseScoreboard } from './scoreboard.js';
import { parseSummary } from './summary.js';
import { EspnParseError, type EspnParseResult } from './types.js';

/** The logging the poller does (the services' Logger fits). */
export interface FeedLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

export interface EspnPollerOptions {
  readonly client: EspnFeedClient;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly leagues: readonly EspnLeague[];
  /** POLL_INTERVAL, ms. */
  readonly pollIntervalMs: number;
  /** CRUNCH_TIME_INTERVAL, ms. */
  readonly crunchIntervalMs: number;
  /** Between polls while nothing is in play or about to start, ms (default 5 minutes). */
  readonly idleIntervalMs?: number;
  /** GameScheduled goes out this long before the start, ms (default 1 hour). */
  readonly announceLeadMs?: number;
  /**
   * Days ahead whose scoreboards are also read (`?dates=`), so games and their pregame lines are
   * known before ESPN's current day or week shows them (default 0: off; live runs look ahead).
   */
  readonly lookaheadDays?: number;
  /** How often the days ahead are read, ms (default 30 minutes). */
  readonly lookaheadIntervalMs?: number;
  /** A game in play whose line cannot be found is announced without one after this, ms (default 2 min). */
  readonly lineWaitMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Jitter source, uniform in [0, 1); seeded in a replay so the run is reproducible. */
  readonly random?: () => number;
  /** Arbees game id of an ESPN event (default `espn:<league>:<id>`). */
  readonly gameIdOf?: (league: EspnLeague, espnId: string) => GameId;
  readonly log?: FeedLogger;
}

export type PollerErrorKind = EspnFailureKind | 'not-espn' | 'publish' | 'internal';

export interface EspnPollerStats {
  readonly requests: { scoreboard: number; summary: number };
  readonly answers: { ok: number; notModified: number };
  readonly errors: Record<PollerErrorKind, number>;
  /** Parser problems: events skipped, values degraded. */
  readonly problems: { skipped: number; degraded: number };
  readonly published: { scheduled: number; states: number; finals: number };
  /** States seen again unchanged, not published again. */
  unchanged: number;
  /** States older than one already seen, dropped. */
  outOfOrder: number;
  /** States of sports the bus does not carry yet. */
  heldBack: number;
  /** Games announced without a pregame line. */
  linesMissing: number;
}

interface LeagueState {
  readonly league: EspnLeague;
  inFlight: boolean;
  failures: number;
  /** Games in the last scoreboard read. */
  gameIds: readonly GameId[];
}

interface SummaryState {
  inFlight: boolean;
  failures: number;
  retryAt: number;
}

const newErrors = (): Record<PollerErrorKind, number> => ({
  'http-5xx': 0,
  'http-4xx': 0,
  'rate-limited': 0,
  timeout: 0,
  network: 0,
  'bad-json': 0,
  'not-espn': 0,
  publish: 0,
  internal: 0,
});

export class EspnPoller implements GameFeedStatus {
  private readonly tracker: GameTracker;
  private readonly leagues: LeagueState[];
  private readonly summaries = new Map<GameId, SummaryState>();
  private readonly counters: EspnPollerStats = {
    requests: { scoreboard: 0, summary: 0 },
    answers: { ok: 0, notModified: 0 },
    errors: newErrors(),
    problems: { skipped: 0, degraded: 0 },
    published: { scheduled: 0, states: 0, finals: 0 },
    unchanged: 0,
    outOfOrder: 0,
    heldBack: 0,
    linesMissing: 0,
  };
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly idleMs: number;
  private readonly announceLeadMs: number;
  private stopped = false;

  constructor(private readonly options: EspnPollerOptions) {
    this.announceLeadMs = options.announceLeadMs ?? 3600_000;
    this.tracker = new GameTracker({
      announceLeadMs: this.announceLeadMs,
      lineWaitMs: options.lineWaitMs ?? 120_000,
      gameIdOf: options.gameIdOf ?? espnGameId,
    });
    this.leagues = options.leagues.map((league) => ({ league, inFlight: false, failures: 0, gameIds: [] }));
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.idleMs = options.idleIntervalMs ?? 300_000;
  }

  /** Polls every league now, then on its own cadence until stop(). */
  start(): void {
    const now = this.options.clock.now();
    for (const ls of this.leagues) this.options.scheduler.at(now, () => this.pollLeague(ls));
    if ((this.options.lookaheadDays ?? 0) > 0)
      for (const ls of this.leagues) this.options.scheduler.at(now, () => this.pollAhead(ls));
  }

  /** No request is started after this; one in flight finishes and publishes nothing more. */
  stop(): void {
    this.stopped = true;
  }

  lastObservedTs(gameId: GameId): number | undefined {
    return this.tracker.get(gameId)?.lastObservedTs;
  }

  /** Ms since the last successful fetch that covered the game; null if none has. */
  stalenessMs(gameId: GameId): number | null {
    return feedStalenessMs(this, gameId, this.options.clock.now());
  }

  stats(): EspnPollerStats {
    return structuredClone(this.counters);
  }

  private async pollLeague(ls: LeagueState): Promise<void> {
    if (this.stopped || ls.inFlight) return;
    ls.inFlight = true;
    const events: FeedEvent[] = [];
    let nextTs: number;
    try {
      this.counters.requests.scoreboard += 1;
      const outcome = await this.options.client.scoreboard(ls.league);
      nextTs = this.afterScoreboard(ls, outcome, events);
    } catch (error) {
      ls.failures += 1;
      nextTs = this.failed(ls.league, 'scoreboard', 'internal', String(error), ls.failures);
    } finally {
      ls.inFlight = false;
    }
    if (this.stopped) return;
    this.options.scheduler.at(nextTs, () => this.pollLeague(ls));
    await this.publish(events);
  }

  /**
   * Reads the scoreboards of the days ahead: their games are tracked from then on, and announced
   * once they are within the announcement lead. The current day's poll keeps its own cadence.
   */
  private async pollAhead(ls: LeagueState): Promise<void> {
    const events: FeedEvent[] = [];
    const days = this.options.lookaheadDays ?? 0;
    for (let d = 1; d <= days && !this.stopped; d++) {
      const dates = espnDay(this.options.clock.now() + d * DAY_MS);
      try {
        this.counters.requests.scoreboard += 1;
        const outcome = await this.options.client.scoreboard(ls.league, { dates });
        const now = this.options.clock.now();
        if (outcome.kind === 'failed') {
          const f = outcome.failure;
          this.failed(ls.league, `scoreboard ${dates}`, f.kind, f.message, 1, f.retryAfterMs, f.status);
          continue;
        }
        if (outcome.kind === 'not-modified') {
          this.counters.answers.notModified += 1;
          continue;
        }
        const parsed = this.parse(ls.league, `scoreboard ${dates}`, () =>
          parseScoreboard(outcome.body, ls.league),
        );
        if (!parsed) continue;
        this.counters.answers.ok += 1;
        for (const reading of parsed.games)
          this.take(this.tracker.observe(reading, now, 'scoreboard'), events);
      } catch (error) {
        this.failed(ls.league, `scoreboard ${dates}`, 'internal', String(error), 1);
      }
    }
    if (this.stopped) return;
    const every = this.options.lookaheadIntervalMs ?? 30 * 60_000;
    this.options.scheduler.at(this.options.clock.now() + every, () => this.pollAhead(ls));
    await this.publish(events);
  }

  /** Takes in a scoreboard answer; returns when to poll the league next. */
  private afterScoreboard(ls: LeagueState, outcome: EspnFetchOutcome, events: FeedEvent[]): number {
    const now = this.options.clock.now();
    if (outcome.kind === 'failed') {
      ls.failures += 1;
      const f = outcome.failure;
      return this.failed(ls.league, 'scoreboard', f.kind, f.message, ls.failures, f.retryAfterMs, f.status);
    }
    if (outcome.kind === 'not-modified') {
      ls.failures = 0;
      this.counters.answers.notModified += 1;
      for (const id of ls.gameIds) {
        const seen = this.tracker.reconfirm(id, now);
        this.take(seen, events);
        const game = this.tracker.get(id);
        if (seen.wantsSummary && game) this.requestSummary(ls.league, game.espnId, now);
      }
      return now + this.intervalMs(ls, now);
    }
    const parsed = this.parse(ls.league, 'scoreboard', () => parseScoreboard(outcome.body, ls.league));
    if (!parsed) {
      ls.failures += 1;
      return now + backoffDelayMs(this.backoff, ls.failures, this.random);
    }
    ls.failures = 0;
    this.counters.answers.ok += 1;
    const ids: GameId[] = [];
    for (const reading of parsed.games) {
      const seen = this.tracker.observe(reading, now, 'scoreboard');
      this.take(seen, events);
      ids.push(this.gameIdOf(ls.league, reading.espnId));
      if (seen.wantsSummary) this.requestSummary(ls.league, reading.espnId, now);
    }
    // An unreadable entry for a game known to be in play: its summary may be readable. The game
    // is still on the scoreboard, so it still sets the cadence.
    for (const p of parsed.problems) {
      if (p.effect !== 'skipped' || p.espnId === undefined) continue;
      const gameId = this.gameIdOf(ls.league, p.espnId);
      const known = this.tracker.get(gameId);
      if (!known) continue;
      if (!ids.includes(gameId)) ids.push(gameId);
      if (known.latest.status === 'in') this.requestSummary(ls.league, p.espnId, now);
    }
    ls.gameIds = ids;
    return now + this.intervalMs(ls, now);
  }

  private requestSummary(league: EspnLeague, espnId: string, now: number): void {
    const gameId = this.gameIdOf(league, espnId);
    let s = this.summaries.get(gameId);
    if (!s) {
      s = { inFlight: false, failures: 0, retryAt: 0 };
      this.summaries.set(gameId, s);
    }
    if (s.inFlight || now < s.retryAt || this.stopped) return;
    // In flight from the moment it is queued, so a second poll cannot queue it again.
    s.inFlight = true;
    const state = s;
    this.options.scheduler.at(now, () => this.fetchSummary(league, espnId, state));
  }

  private async fetchSummary(league: EspnLeague, espnId: string, s: SummaryState): Promise<void> {
    const events: FeedEvent[] = [];
    try {
      if (this.stopped) return;
      this.counters.requests.summary += 1;
      const outcome = await this.options.client.summary(league, espnId);
      const now = this.options.clock.now();
      if (outcome.kind === 'failed') {
        s.failures += 1;
        const f = outcome.failure;
        s.retryAt = this.failed(
          league,
          `summary ${espnId}`,
          f.kind,
          f.message,
          s.failures,
          f.retryAfterMs,
          f.status,
        );
      } else if (outcome.kind === 'not-modified') {
        s.failures = 0;
        this.counters.answers.notModified += 1;
        this.take(this.tracker.reconfirm(this.gameIdOf(league, espnId), now), events);
      } else {
        const parsed = this.parse(league, `summary ${espnId}`, () => parseSummary(outcome.body, league));
        const reading = parsed?.games[0];
        if (!reading) {
          s.failures += 1;
          s.retryAt = now + backoffDelayMs(this.backoff, s.failures, this.random);
        } else {
          s.failures = 0;
          this.counters.answers.ok += 1;
          this.take(this.tracker.observe(reading, now, 'summary'), events);
        }
      }
    } catch (error) {
      s.failures += 1;
      s.retryAt = this.failed(league, `summary ${espnId}`, 'internal', String(error), s.failures);
    } finally {
      s.inFlight = false;
    }
    if (!this.stopped) await this.publish(events);
  }

  /** Parses a payload; a payload that is not what was asked for is counted, logged and null. */
  private parse(league: EspnLeague, what: string, run: () => EspnParseResult): EspnParseResult | null {
    let result: EspnParseResult;
    try {
      result = run();
    } catch (error) {
      if (!(error instanceof EspnParseError)) throw error;
      this.counters.errors['not-espn'] += 1;
      this.options.log?.warn('ESPN payload refused', { league, what, error: error.message });
      return null;
    }
    if (result.problems.length > 0) {
      for (const p of result.problems) this.counters.problems[p.effect] += 1;
      this.options.log?.warn('ESPN payload problems', {
        league,
        what,
        count: result.problems.length,
        first: result.problems[0],
      });
    }
    return result;
  }

  /** Collects an observation's events and counts what happened. */
  private take(seen: Observation, events: FeedEvent[]): void {
    events.push(...seen.events);
    if (seen.outcome === 'unchanged') this.counters.unchanged += 1;
    else if (seen.outcome === 'out-of-order') this.counters.outOfOrder += 1;
    else if (seen.outcome === 'held-back') this.counters.heldBack += 1;
    if (seen.lineMissing) {
      this.counters.linesMissing += 1;
      this.options.log?.warn('game announced without a pregame line', { gameId: seen.events[0]?.gameId });
    }
  }

  /** Counts and logs a failure; returns when to try again. */
  private failed(
    league: EspnLeague,
    what: string,
    kind: PollerErrorKind,
    message: string,
    failures: number,
    retryAfterMs?: number,
    status?: number,
  ): number {
    this.counters.errors[kind] += 1;
    const delay = backoffDelayMs(this.backoff, failures, this.random, retryAfterMs);
    this.options.log?.warn('ESPN request failed', {
      league,
      what,
      kind,
      ...(status === undefined ? {} : { status }),
      message,
      failures,
      retryInMs: delay,
    });
    return this.options.clock.now() + delay;
  }

  /** Next poll of a league: the fastest cadence any of its games needs. */
  private intervalMs(ls: LeagueState, now: number): number {
    const { pollIntervalMs, crunchIntervalMs } = this.options;
    let wake = now + this.idleMs;
    let live = false;
    for (const id of ls.gameIds) {
      const game = this.tracker.get(id);
      if (!game || game.final) continue;
      const state = game.latest;
      if (state.status === 'in') {
        if (isCrunchTime(state)) return crunchIntervalMs;
        live = true;
      } else if (state.status === 'pre') {
        const start = game.game.startTs;
        // About to start, or late: watch for the kick-off.
        if (start <= now + pollIntervalMs) live = true;
        else wake = Math.min(wake, start);
        const announceAt = start - this.announceLeadMs;
        if (!game.announced && announceAt > now) wake = Math.min(wake, announceAt);
      }
    }
    return live ? pollIntervalMs : Math.max(1000, wake - now);
  }

  private gameIdOf(league: EspnLeague, espnId: string): GameId {
    return (this.options.gameIdOf ?? espnGameId)(league, espnId);
  }

  private async publish(events: readonly FeedEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await this.options.bus.publish(event);
        if (event.type === 'GameScheduled') this.counters.published.scheduled += 1;
        else if (event.type === 'GameStateUpdated') this.counters.published.states += 1;
        else this.counters.published.finals += 1;
      } catch (error) {
        this.counters.errors.publish += 1;
        this.options.log?.warn('could not publish a game event', { id: event.id, error: String(error) });
      }
    }
  }
}
