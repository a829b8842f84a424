/**
 * The game shards split the strategy by game (one EdgeShard per game, as many shards as wanted);
 * the one-process run has one EdgeShard for every game. This checks the split changes no
 * decision: the events of a one-process backtest over overlapping games, fed in their order to
 * one EdgeShard and to one EdgeShard per game, raise the same signals in the same order (ids
 * aside), and the single one raises exactly what the one-process run raised. A strategy warmed
 * from a game's history half-way through (a takeover) raises what the game's strategy would have.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import type { ArbeesEvent, SignalRaised } from '../src/core/events.js';
import { asRunId, type GameId, type InstrumentId } from '../src/core/ids.js';
import { loadNflBundle, selectGames } from '../src/feeds/replay/nfl-bundle.js';
import { applyToStrategy, GameContext } from '../src/services/game-context.js';
import { silentLogger } from '../src/services/logger.js';
import { runOneProcess } from '../src/services/one-process.js';
import { shardOptionsFrom } from '../src/services/settings.js';
import { createWinProbabilityModels } from '../src/sports/models.js';
import { openStore } from '../src/store/open.js';
import { EdgeShard } from '../src/strategy/edge-shard.js';

// Kick-off at the same time: their events interleave all game long.
const GAMES = ['2020_17_ATL_TB', '2020_17_BAL_CIN', '2020_17_DAL_NYG'];

/** The strategy shard service's routing, on a chosen shard per event, with now = the event's time. */
function feed(events: readonly ArbeesEvent[], shardFor: (gameId: GameId) => EdgeShard): SignalRaised[] {
  const gameOf = new Map<InstrumentId, GameId>();
  const out: SignalRaised[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'GameScheduled':
        shardFor(e.gameId).onGameScheduled(e);
        break;
      case 'MarketMapped':
        gameOf.set(e.instrument.instrumentId, e.instrument.gameId);
        shardFor(e.instrument.gameId).onMarketMapped(e.instrument);
        break;
      case 'GameStateUpdated':
        out.push(...shardFor(e.gameId).onGameState({ state: e.state, ts: e.ts, now: e.ts }));
        break;
      case 'BookSnapshot': {
        const g = gameOf.get(e.instrumentId);
        if (g) out.push(...shardFor(g).onBook(e, e.ts));
        break;
      }
      case 'GameFinal':
        shardFor(e.gameId).onGameFinal(e.gameId);
        break;
      case 'PositionChanged':
        shardFor(e.gameId).onPositionChanged(e);
        break;
      default:
        break;
    }
  }
  return out;
}

const withoutIds = (s: SignalRaised) => {
  const { id: _id, signalId: _signalId, ...rest } = s;
  return rest;
};

describe('one strategy per game', () => {
  it('raises what one strategy for every game raises, and what the one-process run raised', async () => {
    const config = loadConfig({ env: {}, envFile: null });
    const models = createWinProbabilityModels();
    const store = await openStore({ pglite: 'memory' });
    const events: ArbeesEvent[] = [];
    try {
      await runOneProcess({
        config,
        games: selectGames(loadNflBundle('data/nfl'), { gameIds: GAMES }),
        store,
        runId: asRunId('partition-test'),
        mode: 'backtest',
        models,
        log: silentLogger,
        sleep: async () => undefined,
        tap: (e) => void events.push(e),
      });
    } finally {
      await store.close();
    }
    const ran = events.filter((e): e is SignalRaised => e.type === 'SignalRaised');
    expect(ran.length).toBeGreaterThan(10);

    const single = new EdgeShard(shardOptionsFrom(config, models, 'shard-1'));
    const one = feed(events, () => single);
    expect(one.map(withoutIds)).toEqual(ran.map(withoutIds));

    const perGame = new Map<GameId, EdgeShard>();
    const split = feed(events, (g) => {
      let s = perGame.get(g);
      if (!s) {
        s = new EdgeShard(shardOptionsFrom(config, models, `${g}@1`));
        perGame.set(g, s);
      }
      return s;
    });
    expect(perGame.size).toBe(GAMES.length);
    expect(split.map(withoutIds)).toEqual(one.map(withoutIds));
    expect(new Set(split.map((s) => s.id)).size).toBe(split.length);

    // A takeover half-way through: a new strategy warmed from the game's history goes on raising
    // exactly what the game's strategy would have.
    const game = GAMES[0] as GameId;
    const context = new GameContext();
    const half = Math.floor(events.length / 2);
    for (const e of events.slice(0, half)) context.observe(e);
    const taken = new EdgeShard(shardOptionsFrom(config, models, `${game}@2`));
    context.warm(game, taken);
    const continued = new EdgeShard(shardOptionsFrom(config, models, `${game}@1`));
    const fromContinued: SignalRaised[] = [];
    const fromTaken: SignalRaised[] = [];
    events.forEach((e, i) => {
      const seen = context.observe(e);
      if (!seen || seen.gameId !== game) return;
      const c = applyToStrategy(continued, seen.event, e.ts);
      if (i < half) return;
      fromContinued.push(...c);
      fromTaken.push(...applyToStrategy(taken, seen.event, e.ts));
    });
    expect(fromContinued.length).toBeGreaterThan(0);
    expect(fromTaken.map(withoutIds)).toEqual(fromContinued.map(withoutIds));
  }, 300_000);
});
