/**
 * Uptime of a run on one UTC day, from what it stored (docs/reports.md): the share of the day's
 * live-game minutes, summed over games, in which the run had stored something about the game
 * (a game state, or a quote of one of its markets) within the last `watchWindowMinutes`.
 * Pure: stored timestamps in, minutes out.
 */

export const MINUTE_MS = 60_000;

/** One game as the store knows it; absent times are null. */
export interface GameLiveSpan {
  readonly gameId: string;
  /** The sport, when the game's schedule is stored. */
  readonly sport: string | null;
  /** Scheduled start. */
  readonly startTs: number | null;
  /** The first stored state with the game in play. */
  readonly firstLiveTs: number | null;
  /** Its game clock, seconds remaining. */
  readonly firstLiveClock: number | null;
  /** The last stored state of the game, of any status. */
  readonly lastStateTs: number | null;
  /** When the game was final (GameFinal). */
  readonly finalTs: number | null;
}

/** A minute (epoch minute number) in which the run stored a state or a quote of the game. */
export interface GameActivityMinute {
  readonly gameId: string;
  readonly minute: number;
}

/** A stored game state's time and game clock. */
export interface GameClockPoint {
  readonly gameId: string;
  readonly ts: number;
  readonly gameSecondsRemaining: number;
}

/** Game-clock seconds a gap may run off and still be a break: about one kick-off or one play. */
export const BREAK_CLOCK_SECONDS = 60;

export interface UptimeResult {
  /** Live game-minutes of the day (a minute with two games live counts twice). */
  readonly liveMinutes: number;
  /** Of those, the minutes the run was watching. */
  readonly watchedMinutes: number;
  /** watchedMinutes / liveMinutes in parts per million; null when no game was live. */
  readonly uptimePpm: number | null;
  /** Games live during the day that the run saw. */
  readonly gamesLive: number;
  /** Games scheduled to start during the day with nothing stored about them: not measurable. */
  readonly gamesUnseen: number;
  /** Game-minutes left out as breaks in play (half time, reviews). */
  readonly breakMinutes: number;
}

/** Regulation game time of the sports whose state counts a clock down (baseball has none). */
const REGULATION_SECONDS: Readonly<Record<string, number>> = {
  nfl: 3600,
  ncaaf: 3600,
  nba: 2880,
  ncaamb: 2400,
  nhl: 3600,
  soccer: 5400,
};

/**
 * A game is live from its scheduled start (or its first in-play state, when earlier or when the
 * start is unknown) until it was final (or its last stored state, when no final is stored). When
 * the first in-play state stored shows the game clock at its start (within BREAK_CLOCK_SECONDS),
 * the run saw the start: the game is live from then, and a late kick-off is not live time.
 */
export function liveWindow(g: GameLiveSpan): { fromTs: number; toTs: number } | null {
  const starts = [g.startTs, g.firstLiveTs].filter((t): t is number => t !== null);
  if (starts.length === 0 || g.firstLiveTs === null) return null;
  const regulation = g.sport === null ? undefined : REGULATION_SECONDS[g.sport];
  const sawTheStart =
    regulation !== undefined &&
    g.firstLiveClock !== null &&
    regulation - g.firstLiveClock <= BREAK_CLOCK_SECONDS;
  const fromTs = sawTheStart ? g.firstLiveTs : Math.min(...starts);
  const toTs = g.finalTs ?? g.lastStateTs;
  if (toTs === null || toTs <= fromTs) return null;
  return { fromTs, toTs };
}

export function measureUptime(opts: {
  readonly fromTs: number;
  readonly toTs: number;
  readonly games: readonly GameLiveSpan[];
  readonly activity: readonly GameActivityMinute[];
  /** The stored game states of the day (and the lookback before it). */
  readonly clock: readonly GameClockPoint[];
  readonly watchWindowMinutes: number;
}): UptimeResult {
  const breaks = breakMinutes(opts.clock, opts.watchWindowMinutes);
  const seen = new Map<string, Set<number>>();
  for (const a of opts.activity) {
    const set = seen.get(a.gameId) ?? new Set<number>();
    set.add(a.minute);
    seen.set(a.gameId, set);
  }
  const dayFirst = Math.floor(opts.fromTs / MINUTE_MS);
  const dayEnd = Math.ceil(opts.toTs / MINUTE_MS);
  let liveMinutes = 0;
  let watchedMinutes = 0;
  let gamesLive = 0;
  let gamesUnseen = 0;
  let breakCount = 0;
  for (const g of opts.games) {
    const window = liveWindow(g);
    if (!window) {
      const nothingStored = g.firstLiveTs === null && g.lastStateTs === null && g.finalTs === null;
      if (nothingStored && g.startTs !== null && g.startTs >= opts.fromTs && g.startTs < opts.toTs)
        gamesUnseen += 1;
      continue;
    }
    const first = Math.max(dayFirst, Math.floor(window.fromTs / MINUTE_MS));
    const end = Math.min(dayEnd, Math.ceil(window.toTs / MINUTE_MS));
    if (end <= first) continue;
    gamesLive += 1;
    const minutes = seen.get(g.gameId) ?? new Set<number>();
    const paused = breaks.get(g.gameId) ?? new Set<number>();
    // Walk the minutes keeping the last minute with activity at or before each one.
    let lastSeen = Number.NEGATIVE_INFINITY;
    for (let m = first - opts.watchWindowMinutes; m < first; m++) if (minutes.has(m)) lastSeen = m;
    for (let m = first; m < end; m++) {
      if (minutes.has(m)) lastSeen = m;
      if (paused.has(m)) {
        breakCount += 1;
        continue;
      }
      liveMinutes += 1;
      if (m - lastSeen < opts.watchWindowMinutes) watchedMinutes += 1;
    }
  }
  return {
    liveMinutes,
    watchedMinutes,
    uptimePpm: liveMinutes === 0 ? null : Math.round((watchedMinutes * 1_000_000) / liveMinutes),
    gamesLive,
    gamesUnseen,
    breakMinutes: breakCount,
  };
}

/** Per game, the minutes strictly inside gaps longer than the window over which the clock stood (nearly) still. */
function breakMinutes(clock: readonly GameClockPoint[], windowMinutes: number): Map<string, Set<number>> {
  const byGame = new Map<string, GameClockPoint[]>();
  for (const p of clock) {
    const list = byGame.get(p.gameId) ?? [];
    list.push(p);
    byGame.set(p.gameId, list);
  }
  const out = new Map<string, Set<number>>();
  for (const [gameId, points] of byGame) {
    points.sort((a, b) => a.ts - b.ts);
    const set = new Set<number>();
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (b.ts - a.ts <= windowMinutes * MINUTE_MS) continue;
      if (a.gameSecondsRemaining - b.gameSecondsRemaining > BREAK_CLOCK_SECONDS) continue;
      for (let m = Math.floor(a.ts / MINUTE_MS) + 1; m < Math.floor(b.ts / MINUTE_MS); m++) set.add(m);
    }
    out.set(gameId, set);
  }
  return out;
}
