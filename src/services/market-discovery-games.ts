/**
 * The feed's games of some US-Eastern days, as the ESPN poller would announce them: each league's
 * scoreboard of each day (`?dates=YYYYMMDD`), read by the ESPN parsers, each game turned into the
 * poller's GameScheduled by its game tracker. For one-shot reads (`arbees markets`); the live path
 * keeps the poller. A scoreboard that does not answer, or answers something that is not one, is
 * reported by name and the others are still read; an event the parser skips is a feed problem.
 */
import type { GameScheduled } from '../core/events.js';
import type { GameId } from '../core/ids.js';
import type { EspnFeedClient } from '../feeds/espn/client.js';
import { espnGameId } from '../feeds/espn/game.js';
import { GameTracker } from '../feeds/espn/game-tracker.js';
import type { EspnLeague } from '../feeds/espn/leagues.js';
import { parseScoreboard } from '../feeds/espn/scoreboard.js';
import type { EspnGame } from '../feeds/espn/types.js';
import type { EndpointFailure } from './market-discovery-read.js';

export interface FeedGameSeen {
  readonly scheduled: GameScheduled;
  /** ESPN's state of the game when read: `post` covers final, postponed and canceled games. */
  readonly state: 'pre' | 'in' | 'post';
  readonly completed: boolean;
  /** ESPN's words for it ("Final", "Postponed", "1:23 - 3rd Quarter"), when given. */
  readonly detail: string | null;
}

export interface FeedGamesRead {
  readonly games: readonly FeedGameSeen[];
  /** Events a scoreboard had that the parser could not read, with why (an event without an id as `espn:<league>:?`). */
  readonly problems: readonly { readonly gameId: GameId; readonly problem: string }[];
}

/**
 * A game not yet started is announced by the poller only once its line is known; the markets do
 * not depend on the line, so a game without one is announced here all the same (homeSpread 0).
 */
function withLine(game: EspnGame): EspnGame {
  if (game.state.status !== 'pre' || game.odds?.homeSpread !== undefined) return game;
  return { ...game, odds: { ...game.odds, homeSpread: 0 } };
}

export async function readFeedGames(opts: {
  readonly client: EspnFeedClient;
  readonly leagues: readonly EspnLeague[];
  /** US-Eastern days, YYYYMMDD. */
  readonly days: readonly string[];
  readonly now: number;
  readonly onEndpointFailure: EndpointFailure;
}): Promise<FeedGamesRead> {
  // Every game announced at once, whatever its start; a game on two days' boards is announced once.
  const tracker = new GameTracker({
    announceLeadMs: Number.POSITIVE_INFINITY,
    lineWaitMs: 0,
    gameIdOf: espnGameId,
  });
  const games = new Map<GameId, FeedGameSeen>();
  const problems: { gameId: GameId; problem: string }[] = [];
  for (const league of opts.leagues)
    for (const day of opts.days) {
      const endpoint = `espn GET ${league} scoreboard?dates=${day}`;
      const outcome = await opts.client.scoreboard(league, { dates: day });
      if (outcome.kind !== 'ok') {
        opts.onEndpointFailure(
          endpoint,
          outcome.kind === 'failed' ? outcome.failure.message : 'answered 304 to a first request',
        );
        continue;
      }
      let parsed: ReturnType<typeof parseScoreboard>;
      try {
        parsed = parseScoreboard(outcome.body, league);
      } catch (error) {
        opts.onEndpointFailure(endpoint, error instanceof Error ? error.message : String(error));
        continue;
      }
      for (const p of parsed.problems)
        if (p.effect === 'skipped')
          problems.push({
            gameId: espnGameId(league, p.espnId ?? '?'),
            problem: `ESPN ${league} ${day} ${p.path}: ${p.reason}`,
          });
      for (const game of parsed.games) {
        const scheduled = tracker
          .observe(withLine(game), opts.now, 'scoreboard')
          .events.find((e): e is GameScheduled => e.type === 'GameScheduled');
        if (!scheduled) continue;
        games.set(scheduled.gameId, {
          scheduled,
          state: game.state.status,
          completed: game.espnStatus.completed,
          detail: game.espnStatus.detail,
        });
      }
    }
  return { games: [...games.values()], problems };
}
