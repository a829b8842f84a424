import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GameId } from './ids.js';
import { assignGames, liveShards, movedGames } from './shard-assignment.js';

const game = (i: number) => `nfl:g${String(i).padStart(3, '0')}` as GameId;
const spread = (m: Map<string, GameId[]>) => {
  const sizes = [...m.values()].map((g) => g.length);
  return Math.max(...sizes) - Math.min(...sizes);
};
const ownerOf = (m: Map<string, readonly GameId[]>) => {
  const owner = new Map<GameId, string>();
  for (const [s, games] of m) for (const g of games) owner.set(g, s);
  return owner;
};

const arbInput = fc
  .record({
    games: fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }),
    shards: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 }),
    holders: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'gone'), { maxLength: 40 }),
  })
  .map(({ games, shards, holders }) => {
    const ids = games.map(game);
    const current = new Map<GameId, string>();
    ids.forEach((g, i) => {
      const h = holders[i];
      if (h !== undefined) current.set(g, h);
    });
    return { games: ids, liveShards: shards as readonly string[], current };
  });

describe('assignGames', () => {
  it('spreads new games evenly, in id order, ties by shard name', () => {
    const out = assignGames({
      games: [game(3), game(1), game(2)],
      liveShards: ['s2', 's1'],
      current: new Map(),
    });
    expect(out).toEqual(
      new Map([
        ['s1', [game(1), game(3)]],
        ['s2', [game(2)]],
      ]),
    );
  });

  it("keeps live shards' games and spreads a dead shard's over the live ones", () => {
    const before = assignGames({
      games: [1, 2, 3, 4, 5, 6].map(game),
      liveShards: ['a', 'b', 'c'],
      current: new Map(),
    });
    const after = assignGames({
      games: [1, 2, 3, 4, 5, 6].map(game),
      liveShards: ['a', 'c'],
      current: ownerOf(before),
    });
    for (const g of before.get('a')!) expect(after.get('a')).toContain(g);
    for (const g of before.get('c')!) expect(after.get('c')).toContain(g);
    expect(spread(after)).toBe(0);
    expect(movedGames(ownerOf(before), after)).toEqual(before.get('b'));
  });

  it('assigns nothing when no shard is live', () => {
    expect(assignGames({ games: [game(1)], liveShards: [], current: new Map() }).size).toBe(0);
  });

  it('every game goes to exactly one live shard', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const out = assignGames(input);
        const assigned = [...out.values()].flat();
        if (input.liveShards.length === 0) return assigned.length === 0;
        expect([...out.keys()].sort()).toEqual([...input.liveShards].sort());
        expect(assigned.sort()).toEqual([...input.games].sort());
        return true;
      }),
    );
  });

  it('is sticky: a game held by a live shard stays with it', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const out = assignGames(input);
        for (const g of input.games) {
          const holder = input.current.get(g);
          if (holder !== undefined && input.liveShards.includes(holder)) expect(out.get(holder)).toContain(g);
        }
      }),
    );
  });

  it('is balanced: from nothing within one game; orphans never widen the spread of what is kept beyond one', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        if (input.liveShards.length === 0) return;
        expect(spread(assignGames({ ...input, current: new Map() }))).toBeLessThanOrEqual(1);
        const keptOnly = assignGames({
          ...input,
          games: input.games.filter((g) => input.liveShards.includes(input.current.get(g) ?? '')),
        });
        expect(spread(assignGames(input))).toBeLessThanOrEqual(Math.max(1, spread(keptOnly)));
      }),
    );
  });

  it('is deterministic and idempotent: assigning again from its own answer changes nothing', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const out = assignGames(input);
        expect(assignGames(input)).toEqual(out);
        expect(assignGames({ ...input, current: ownerOf(out) })).toEqual(out);
      }),
    );
  });
});

describe('liveShards', () => {
  it('keeps shards heard from within the timeout', () => {
    const beats = [
      { shard: 'a', lastTs: 10_000 },
      { shard: 'b', lastTs: 3_999 },
      { shard: 'c', lastTs: 4_000 },
    ];
    expect(liveShards(beats, 10_000, 6_000)).toEqual(['a', 'c']);
  });
});
