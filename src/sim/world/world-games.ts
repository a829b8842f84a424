/**
 * When the simulated world plays its recorded games. A world on a live clock (`arbees sim world`)
 * plays them from now on, the way tonight's games would come: the first starts `leadMs` after
 * the world does, games of one day keep their times relative to each other (two 1 p.m. kick-offs
 * stay simultaneous), and a gap of days between game days is cut to `gapMs`, so nobody waits
 * out the week between NFL Sundays. A team never plays twice on one US Eastern day (the venues
 * and ESPN name a game by its teams and that day: two games of the same teams would share a
 * ticker, and a feed takes a team's game of the day as one); the later game is moved to the next day's first
 * minutes, with every game after it. Pure.
 */
import type { ReplayGame } from '../../feeds/replay/replay-game.js';
import { replayPlayTimes } from '../../feeds/replay/replay-game.js';
import { easternDate, easternInstant } from '../../venues/matching/eastern-time.js';

export interface WorldGamesOptions {
  /** Epoch ms the world starts at; the first game starts `leadMs` later. */
  readonly startMs: number;
  readonly leadMs: number;
  /** A quiet spell longer than this between one game's end and the next game's start is cut to it. */
  readonly gapMs: number;
}

/** How long after kick-off a game is taken to run, for the gap rule, when it has no play times. */
const ASSUMED_GAME_MS = 4 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** Five past midnight, US Eastern, of the day after the instant's. */
function nextEasternDayStart(ts: number): number {
  const next = new Date(Date.parse(`${easternDate(ts)}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return easternInstant(next, 0, 5) ?? ts + DAY_MS;
}

/** The games moved to the world's calendar, each with its plays moved by the same amount. */
export function scheduleWorldGames<G extends ReplayGame>(games: readonly G[], opts: WorldGamesOptions): G[] {
  const order = [...games].sort(
    (a, b) => a.info.kickoffTs - b.info.kickoffTs || (a.info.gameId < b.info.gameId ? -1 : 1),
  );
  const shifts = new Map<G, number>();
  let shift = 0;
  let lastEnd: number | null = null;
  /** The Eastern days each team (league and abbreviation) plays on. */
  const playedOn = new Map<string, Set<string>>();
  for (const g of order) {
    const start = g.info.kickoffTs;
    if (lastEnd === null) shift = opts.startMs + opts.leadMs - start;
    else {
      // A quiet spell longer than the gap before this game: pull it (and all after it) forward.
      const quiet = start + shift - lastEnd;
      if (quiet > opts.gapMs) shift -= quiet - opts.gapMs;
    }
    // A team already plays on this Eastern day: a day later, and everything after.
    const teams = [g.info.homeTeam, g.info.awayTeam].map((t) => `${g.info.sport ?? 'nfl'} ${t}`);
    const busy = (day: string) => teams.some((t) => playedOn.get(t)?.has(day));
    // Moved to the next Eastern day's first minutes (not a whole day on: a world on a live clock
    // would wait out the rest of that day).
    while (busy(easternDate(start + shift))) shift = nextEasternDayStart(start + shift) - start;
    for (const t of teams)
      playedOn.set(t, (playedOn.get(t) ?? new Set<string>()).add(easternDate(start + shift)));
    shifts.set(g, shift);
    const end = (g.playTs?.at(-1) ?? replayPlayTimes(g).at(-1) ?? start + ASSUMED_GAME_MS) + shift;
    lastEnd = lastEnd === null ? end : Math.max(lastEnd, end);
  }
  return games.map((g) => moveGame(g, shifts.get(g) ?? 0));
}

function moveGame<G extends ReplayGame>(g: G, by: number): G {
  if (by === 0) return g;
  const playTs = replayPlayTimes(g).map((t) => t + by);
  return { ...g, info: { ...g.info, kickoffTs: g.info.kickoffTs + by }, playTs };
}
