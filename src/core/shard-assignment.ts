/**
 * Which game shard runs which game: a pure function of the games, the live shards and who holds
 * each game now. Sticky: a game whose holder is live stays there (moving it would cost a restart
 * of its feed and strategy for nothing). Balanced: a game without a live holder (new, or its
 * shard died) goes to the live shard with the fewest games, ties by shard name, games in id
 * order, so the same inputs always give the same answer.
 */
import type { GameId } from './ids.js';

export interface AssignmentInput {
  /** Games that need an owner (scheduled or in play, not final). */
  readonly games: readonly GameId[];
  readonly liveShards: readonly string[];
  /** The current holder of each game, from its lease or the last assignment. */
  readonly current: ReadonlyMap<GameId, string>;
}

/** Every live shard with its games, in id order; empty when no shard is live (nothing can run). */
export function assignGames(input: AssignmentInput): Map<string, GameId[]> {
  const shards = [...new Set(input.liveShards)].sort();
  const out = new Map<string, GameId[]>(shards.map((s) => [s, []]));
  if (shards.length === 0) return out;
  const games = [...new Set(input.games)].sort();
  const orphans: GameId[] = [];
  for (const game of games) {
    const holder = input.current.get(game);
    const kept = holder === undefined ? undefined : out.get(holder);
    if (kept) kept.push(game);
    else orphans.push(game);
  }
  for (const game of orphans) {
    let best = shards[0]!;
    for (const s of shards) if (out.get(s)!.length < out.get(best)!.length) best = s;
    out.get(best)!.push(game);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Shards whose last heartbeat is within `timeoutMs` of now. */
export function liveShards(
  heartbeats: readonly { readonly shard: string; readonly lastTs: number }[],
  now: number,
  timeoutMs: number,
): string[] {
  return heartbeats.filter((h) => now - h.lastTs <= timeoutMs).map((h) => h.shard);
}

/** Games whose owner differs between two assignments (what a reassignment moves). */
export function movedGames(
  before: ReadonlyMap<GameId, string>,
  after: ReadonlyMap<string, readonly GameId[]>,
): GameId[] {
  const moved: GameId[] = [];
  for (const [shard, games] of after) for (const g of games) if (before.get(g) !== shard) moved.push(g);
  return moved.sort();
}
