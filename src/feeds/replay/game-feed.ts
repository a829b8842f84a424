/**
 * The replay game feed: puts recorded real games on the `games` topic at their (estimated) times.
 * GameScheduled an hour before kick-off, one GameStateUpdated per recorded play, GameFinal after
 * the last one.
 */
import type { Bus } from '../../bus/port.js';
import type { GameState } from '../../core/game-state.js';
import { EventIdSequence, type GameId } from '../../core/ids.js';
import type { Scheduler } from '../../core/scheduler.js';
import { isCrunchTime as isCrunchTimeAnySport } from '../espn/cadence.js';
import { type ReplayGame, replayPlayTimes, sportOf } from './replay-game.js';

export interface GameFeedOptions {
  readonly bus: Bus;
  readonly scheduler: Scheduler;
  readonly games: readonly ReplayGame[];
  /**
   * How long after a play the feed reports it, ms. ESPN's data runs some seconds behind the
   * broadcast; market makers watching the game react sooner.
   */
  readonly feedDelayMs?: number;
  /**
   * Re-reports the current state at this interval between plays, as a poller would, ms; 0 = only
   * on change. `crunchIntervalMs` applies late in close games.
   */
  readonly pollIntervalMs?: number;
  readonly crunchIntervalMs?: number;
  /** Told of each play when it happens, before the feed reports it (the simulated markets). */
  readonly onPlay?: (play: { gameId: GameId; state: GameState; ts: number }) => void | Promise<void>;
}

export const PREGAME_LEAD_MS = 60 * 60 * 1000;
/** A game is over (final) this long after its last recorded play. */
export const FINAL_AFTER_LAST_PLAY_MS = 60 * 1000;

/** Late in a close game (per sport: src/feeds/espn/cadence.ts), as the live poller judges it. */
export function isCrunchTime(state: GameState): boolean {
  return isCrunchTimeAnySport(state);
}

/**
 * Tells `onPlay` of each play at the moment it happens, publishing nothing: when the game data
 * reaches the bus another way (the simulated ESPN API), the markets still see the plays first.
 */
export function scheduleReplayPlays(options: {
  readonly scheduler: Scheduler;
  readonly games: readonly ReplayGame[];
  readonly onPlay: NonNullable<GameFeedOptions['onPlay']>;
}): void {
  for (const game of options.games) {
    const { info, states } = game;
    const times = replayPlayTimes(game);
    states.forEach((state, i) => {
      const ts = times[i]!;
      options.scheduler.at(ts, () => options.onPlay({ gameId: info.gameId, state, ts }));
    });
  }
}

/** Schedules every game; returns the time the last game ends. */
export function scheduleReplayGames(options: GameFeedOptions): number {
  const { bus, scheduler, games, feedDelayMs = 0, onPlay } = options;
  let end = 0;
  for (const game of games) {
    const { info } = game;
    const ids = new EventIdSequence(`game:${info.gameId}`);
    const times = replayPlayTimes(game);
    scheduler.at(info.kickoffTs - PREGAME_LEAD_MS, () =>
      bus
        .publish({
          type: 'GameScheduled',
          id: ids.next(),
          ts: info.kickoffTs - PREGAME_LEAD_MS,
          gameId: info.gameId,
          sport: sportOf(game),
          homeTeam: info.homeTeam,
          awayTeam: info.awayTeam,
          startTs: info.kickoffTs,
          homeSpread: info.homeSpread,
          season: info.season,
          week: info.week,
          seasonType: info.seasonType,
        })
        .then(() => undefined),
    );
    game.states.forEach((state, i) => {
      const playTs = times[i]!;
      if (onPlay) scheduler.at(playTs, () => onPlay({ gameId: info.gameId, state, ts: playTs }));
      const ts = playTs + feedDelayMs;
      const report = (at: number) =>
        bus
          .publish({ type: 'GameStateUpdated', id: ids.next(), ts: at, gameId: info.gameId, state })
          .then(() => undefined);
      scheduler.at(ts, () => report(ts));
      // Between this play and the next, a poller sees the same state again at each interval.
      const interval = isCrunchTime(state) ? options.crunchIntervalMs : options.pollIntervalMs;
      const next = (times[i + 1] ?? playTs) + feedDelayMs;
      if (interval && interval > 0) {
        for (let at = ts + interval; at < next; at += interval) scheduler.at(at, () => report(at));
      }
    });
    const finalTs = (times.at(-1) ?? info.kickoffTs) + feedDelayMs + FINAL_AFTER_LAST_PLAY_MS;
    end = Math.max(end, finalTs);
    const { finalHomeScore: home, finalAwayScore: away } = info;
    scheduler.at(finalTs, () =>
      bus
        .publish({
          type: 'GameFinal',
          id: ids.next(),
          ts: finalTs,
          gameId: info.gameId,
          homeScore: home,
          awayScore: away,
          winner: home > away ? 'home' : away > home ? 'away' : 'draw',
        })
        .then(() => undefined),
    );
  }
  return end;
}
