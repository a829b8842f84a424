/**
 * What each replayed game looks like to ESPN at a given moment: scheduled before its first
 * play, in play (at its latest play) until a minute after its last one, then final. Play times are
 * the replay's own estimates (play-times.ts), so the simulated ESPN and the direct replay feed
 * agree on when each play happens. Pure: time is passed in.
 */
import type { NflGameState } from '../../core/game-state.js';
import type { GameId } from '../../core/ids.js';
import { FINAL_AFTER_LAST_PLAY_MS } from '../../feeds/replay/game-feed.js';
import { easternGameDay, type ReplayGame } from '../../feeds/replay/nfl-bundle.js';
import { estimatePlayTimes } from '../../feeds/replay/play-times.js';
import { nflTeam, type SimTeam } from './nfl-teams.js';

export interface SimGame {
  readonly game: ReplayGame;
  /** ESPN-style event id (9 digits), derived from the bundle's game id. */
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
  | { readonly status: 'in'; readonly index: number; readonly state: NflGameState }
  | { readonly status: 'post' };

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
  /** Games grouped by season, season type and week, in kick-off order. */
  private readonly weeks: readonly (readonly SimGame[])[];

  constructor(replayGames: readonly ReplayGame[]) {
    // Ids are assigned in game-id order, so a game keeps its id whichever others are replayed
    // (barring a hash collision, which moves the later game on to the next free id).
    const sorted = [...replayGames].sort((a, b) => (a.info.gameId < b.info.gameId ? -1 : 1));
    const ids = new Map<GameId, string>();
    const taken = new Set<string>();
    for (const g of sorted) {
      let n = hash32(g.info.gameId) % 10_000_000;
      while (taken.has(String(400_000_000 + n))) n = (n + 1) % 10_000_000;
      const id = String(400_000_000 + n);
      taken.add(id);
      ids.set(g.info.gameId, id);
    }
    this.games = replayGames.map((game) => {
      const playTs = estimatePlayTimes(game.info.kickoffTs, game.states);
      const sim: SimGame = {
        game,
        espnId: ids.get(game.info.gameId)!,
        home: { ...nflTeam(game.info.homeTeam), abbreviation: game.info.homeTeam },
        away: { ...nflTeam(game.info.awayTeam), abbreviation: game.info.awayTeam },
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
      const key = `${season}/${seasonType}/${week}`;
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

  /** The game as ESPN shows it at `ts`. */
  phaseAt(g: SimGame, ts: number): SimPhase {
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
   * The week ESPN's scoreboard shows at `ts` (its default, without `dates`): the first week with
   * a game not yet over for FINALS_SHOWN_MS; after the last week, the last week.
   */
  currentWeek(ts: number): readonly SimGame[] {
    for (const week of this.weeks) {
      if (week.some((g) => g.finalTs + FINALS_SHOWN_MS > ts)) return week;
    }
    return this.weeks.at(-1) ?? [];
  }

  /** Games on one US Eastern day, YYYYMMDD (the scoreboard's `dates=` filter). */
  onDay(day: string): readonly SimGame[] {
    return this.games
      .filter((g) => g.day === day)
      .sort((a, b) => a.game.info.kickoffTs - b.game.info.kickoffTs);
  }

  /** The kick-off of the first game, epoch ms (where a standalone replay starts). */
  firstKickoffTs(): number | undefined {
    let first: number | undefined;
    for (const g of this.games) first = Math.min(first ?? g.game.info.kickoffTs, g.game.info.kickoffTs);
    return first;
  }
}
