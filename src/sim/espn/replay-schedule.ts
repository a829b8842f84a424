/**
 * What each replayed game looks like to ESPN at a given moment: scheduled before its first
 * play, in play (at its latest play) until a minute after its last one, then final. Play times are
 * the replay's own (recorded, or estimated by play-times.ts), so the simulated ESPN and the direct
 * replay feed agree on when each play happens. Games are served under their league (NFL, NBA).
 * Pure: time is passed in.
 */
import type { GameState } from '../../core/game-state.js';
import type { GameId } from '../../core/ids.js';
import type { Sport } from '../../core/instruments.js';
import type { EspnLeague } from '../../feeds/espn/leagues.js';
import { FINAL_AFTER_LAST_PLAY_MS } from '../../feeds/replay/game-feed.js';
import { easternGameDay, type ReplayGame } from '../../feeds/replay/nfl-bundle.js';
import { replayPlayTimes, sportOf } from '../../feeds/replay/replay-game.js';
import { nbaTeam } from './nba-teams.js';
import { nflTeam, type SimTeam } from './nfl-teams.js';

/** The leagues the simulated ESPN serves, by the sport of the replayed game. */
export type SimLeague = Extract<EspnLeague, 'nfl' | 'nba'>;
const LEAGUE_OF_SPORT: Partial<Record<Sport, SimLeague>> = { nfl: 'nfl', nba: 'nba' };

export function simLeagueOf(game: ReplayGame): SimLeague {
  const league = LEAGUE_OF_SPORT[sportOf(game)];
  if (!league) {
    throw new Error(`the simulated ESPN API cannot serve ${sportOf(game)} game ${game.info.gameId}`);
  }
  return league;
}

export interface SimGame {
  readonly game: ReplayGame;
  readonly league: SimLeague;
  /** ESPN's event id: the game's own when it came from ESPN, else 9 digits derived from its id. */
  readonly espnId: string;
  readonly home: SimTeam & { readonly abbreviation: string };
  readonly away: SimTeam & { readonly abbreviation: string };
  /** When each recorded play happens, epoch ms (same index as game.states). */
  readonly playTs: readonly number[];
  /** When the game is over. */
  readonly finalTs: number;
  /** Kick-off date in US Eastern time, YYYYMMDD (ESPN's `dates` parameter). */
  readonly day: string;
  /** Kick-off as ESPN states it before the game, e.g. "12/27 - 1:00 PM EST". */
  readonly kickoffText: string;
}

export type SimPhase =
  | { readonly status: 'pre' }
  | { readonly status: 'in'; readonly index: number; readonly state: GameState }
  | { readonly status: 'post' }
  /** Called off before it started, with no make-up game (a simulated world's cancellation). */
  | { readonly status: 'canceled' };

/** A finished week stays on the scoreboard this long before the next week replaces it. */
export const FINALS_SHOWN_MS = 12 * 3600_000;

const EASTERN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

function kickoffText(ts: number): string {
  const p = Object.fromEntries(EASTERN.formatToParts(ts).map((part) => [part.type, part.value]));
  return `${p.month}/${p.day} - ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

/** FNV-1a, 32 bits. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class ReplayEspnSchedule {
  readonly games: readonly SimGame[];
  private readonly byEspnId = new Map<string, SimGame>();
  private readonly byGameId = new Map<GameId, SimGame>();
  /** When each canceled game was called off, epoch ms. */
  private readonly canceledAt = new Map<GameId, number>();
  /** Games grouped by season, season type and week, in kick-off order. */
  private readonly weeks: readonly (readonly SimGame[])[];

  constructor(replayGames: readonly ReplayGame[]) {
    // Ids are assigned in game-id order, so a game keeps its id whichever others are replayed
    // (barring a hash collision, which moves the later game on to the next free id).
    const sorted = [...replayGames].sort((a, b) => (a.info.gameId < b.info.gameId ? -1 : 1));
    const ids = new Map<GameId, string>();
    const taken = new Set<string>();
    for (const g of sorted) if (g.info.espnEventId) taken.add(g.info.espnEventId);
    for (const g of sorted) {
      if (g.info.espnEventId) {
        ids.set(g.info.gameId, g.info.espnEventId);
        continue;
      }
      let n = hash32(g.info.gameId) % 10_000_000;
      while (taken.has(String(400_000_000 + n))) n = (n + 1) % 10_000_000;
      const id = String(400_000_000 + n);
      taken.add(id);
      ids.set(g.info.gameId, id);
    }
    this.games = replayGames.map((game) => {
      const playTs = replayPlayTimes(game);
      const league = simLeagueOf(game);
      const team = league === 'nba' ? nbaTeam : nflTeam;
      const sim: SimGame = {
        game,
        league,
        espnId: ids.get(game.info.gameId)!,
        home: { ...team(game.info.homeTeam), abbreviation: game.info.homeTeam },
        away: { ...team(game.info.awayTeam), abbreviation: game.info.awayTeam },
        playTs,
        finalTs: (playTs.at(-1) ?? game.info.kickoffTs) + FINAL_AFTER_LAST_PLAY_MS,
        day: easternGameDay(game.info.kickoffTs).replaceAll('-', ''),
        kickoffText: kickoffText(game.info.kickoffTs),
      };
      this.byEspnId.set(sim.espnId, sim);
      this.byGameId.set(game.info.gameId, sim);
      return sim;
    });
    const groups = new Map<string, SimGame[]>();
    const byKickoff = [...this.games].sort((a, b) => a.game.info.kickoffTs - b.game.info.kickoffTs);
    for (const g of byKickoff) {
      const { season, seasonType, week } = g.game.info;
      // ESPN's NFL scoreboard shows a week; the NBA's shows a day.
      const key = g.league === 'nfl' ? `nfl/${season}/${seasonType}/${week}` : `${g.league}/${g.day}`;
      const list = groups.get(key) ?? [];
      list.push(g);
      groups.set(key, list);
    }
    this.weeks = [...groups.values()];
  }

  byEspn(espnId: string): SimGame | undefined {
    return this.byEspnId.get(espnId);
  }

  byGame(gameId: GameId): SimGame | undefined {
    return this.byGameId.get(gameId);
  }

  /** The bundle's game id of an ESPN event id this schedule serves. */
  gameIdOf(espnId: string): GameId | undefined {
    return this.byEspnId.get(espnId)?.game.info.gameId;
  }

  /**
   * Calls a game off at `atMs`, before its first play: from then on ESPN shows it canceled.
   * Refused (throws) for a game that starts before that.
   */
  cancel(gameId: GameId, atMs: number): void {
    const g = this.byGameId.get(gameId);
    if (!g) throw new Error(`no game ${gameId} to cancel`);
    const first = g.playTs[0];
    if (first !== undefined && first <= atMs)
      throw new Error(`game ${gameId} has started: it cannot be canceled`);
    this.canceledAt.set(gameId, atMs);
  }

  /** The game as ESPN shows it at `ts`. */
  phaseAt(g: SimGame, ts: number): SimPhase {
    const canceledAt = this.canceledAt.get(g.game.info.gameId);
    if (canceledAt !== undefined && ts >= canceledAt) return { status: 'canceled' };
    const times = g.playTs;
    if (times.length === 0 || ts < times[0]!) return { status: 'pre' };
    if (ts >= g.finalTs) return { status: 'post' };
    // Latest play at or before ts (binary search: a game has a few hundred plays).
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (times[mid]! <= ts) lo = mid;
      else hi = mid - 1;
    }
    return { status: 'in', index: lo, state: g.game.states[lo]! };
  }

  /**
   * The week (NBA: the day) a league's scoreboard shows at `ts` (its default, without `dates`):
   * the first with a game not yet over for FINALS_SHOWN_MS; after the last, the last.
   */
  currentWeek(ts: number, league: SimLeague = 'nfl'): readonly SimGame[] {
    const weeks = this.weeks.filter((w) => w[0]?.league === league);
    for (const week of weeks) {
      if (week.some((g) => g.finalTs + FINALS_SHOWN_MS > ts)) return week;
    }
    return weeks.at(-1) ?? [];
  }

  /** A league's games on one US Eastern day, YYYYMMDD (the scoreboard's `dates=` filter). */
  onDay(day: string, league: SimLeague = 'nfl'): readonly SimGame[] {
    return this.games
      .filter((g) => g.day === day && g.league === league)
      .sort((a, b) => a.game.info.kickoffTs - b.game.info.kickoffTs);
  }

  /** The kick-off of the first game (of a league), epoch ms (where a standalone replay starts). */
  firstKickoffTs(league?: SimLeague): number | undefined {
    let first: number | undefined;
    for (const g of this.games) {
      if (league !== undefined && g.league !== league) continue;
      first = Math.min(first ?? g.game.info.kickoffTs, g.game.info.kickoffTs);
    }
    return first;
  }

  /** The leagues with games in this schedule, in a fixed order. */
  leagues(): SimLeague[] {
    return (['nfl', 'nba'] as const).filter((l) => this.games.some((g) => g.league === l));
  }
}
