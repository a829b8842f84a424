/**
 * The replay game feed: puts recorded real games on the `games` topic at their (estimated) times.
 * GameScheduled an hour before kick-off, one GameStateUpdated per recorded play, GameFinal after
 * the last one.
 */
import type { Bus } from '../../bus/port.js';
import { EventIdSequence } from '../../core/ids.js';
import type { Scheduler } from '../../core/scheduler.js';
import type { ReplayGame } from './nfl-bundle.js';
import { estimatePlayTimes } from './play-times.js';

export interface GameFeedOptions {
  readonly bus: Bus;
  readonly scheduler: Scheduler;
  readonly games: readonly ReplayGame[];
}

export const PREGAME_LEAD_MS = 60 * 60 * 1000;
const FINAL_AFTER_LAST_PLAY_MS = 60 * 1000;

/** Schedules every game; returns the time the last game ends. */
export function scheduleReplayGames({ bus, scheduler, games }: GameFeedOptions): number {
  let end = 0;
  for (const game of games) {
    const { info } = game;
    const ids = new EventIdSequence(`game:${info.gameId}`);
    const times = estimatePlayTimes(info.kickoffTs, game.states);
    scheduler.at(info.kickoffTs - PREGAME_LEAD_MS, () =>
      bus
        .publish({
          type: 'GameScheduled',
          id: ids.next(),
          ts: info.kickoffTs - PREGAME_LEAD_MS,
          gameId: info.gameId,
          sport: 'nfl',
          homeTeam: info.homeTeam,
          awayTeam: info.awayTeam,
          startTs: info.kickoffTs,
          homeSpread: info.homeSpread,
          season: info.season,
          week: info.week,
        })
        .then(() => undefined),
    );
    game.states.forEach((state, i) => {
      const ts = times[i]!;
      scheduler.at(ts, () =>
        bus
          .publish({ type: 'GameStateUpdated', id: ids.next(), ts, gameId: info.gameId, state })
          .then(() => undefined),
      );
    });
    const finalTs = (times.at(-1) ?? info.kickoffTs) + FINAL_AFTER_LAST_PLAY_MS;
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
