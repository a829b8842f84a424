/**
 * The replay through the simulated world (what `npm start` runs): the live pipeline, with the
 * ESPN poller reading the world's ESPN over HTTP, market discovery matching the world's Kalshi
 * and Polymarket listings, the gateways bringing the books over the venues' WebSockets, orders
 * through the adapters into the world's matching engines, and settlement from the venues'
 * resolutions, on the replay clock. Two games of different leagues three years apart (the gap
 * is cut); the same report twice.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import type { ArbeesEvent, MarketMapped } from '../src/core/events.js';
import { asRunId } from '../src/core/ids.js';
import { loadNbaBundle } from '../src/feeds/replay/nba-bundle.js';
import { loadNflBundle, selectGames } from '../src/feeds/replay/nfl-bundle.js';
import { createLogger } from '../src/services/logger.js';
import { runWorldReplay } from '../src/services/world-replay.js';
import { openStore } from '../src/store/open.js';

const GAMES = ['2020_17_MIA_BUF', 'nba'];

async function replayThroughWorld(runId: string) {
  const config = loadConfig({ env: {}, envFile: null });
  const games = selectGames([...loadNflBundle('data/nfl'), ...loadNbaBundle('data/nba')], { gameIds: GAMES });
  const lines: string[] = [];
  const events: ArbeesEvent[] = [];
  const store = await openStore({ pglite: 'memory' });
  try {
    const result = await runWorldReplay({
      config,
      games,
      store,
      runId: asRunId(runId),
      log: createLogger({ level: 'warn', write: (line) => lines.push(line) }),
      sleep: async () => {
        throw new Error('a run at full speed never sleeps');
      },
      tap: (e) => {
        if (e.type === 'MarketMapped' || e.type === 'FillReceived' || e.type === 'MarketSettled')
          events.push(e);
      },
    });
    const states = await store.latestTradingStates(asRunId(runId));
    return { result, events, lines, states };
  } finally {
    await store.close();
  }
}

describe('the replay through the simulated world', () => {
  it('discovers, maps, trades and settles both games through the live pipeline, the same way twice', async () => {
    const a = await replayThroughWorld('world-a');
    const r = a.result.report;
    expect(a.result.completed).toBe(true);
    expect(r.games).toMatchObject({ final: 2 });

    // Each game's markets found by discovery on both venues: the two team markets on Kalshi,
    // the moneyline's two tokens on Polymarket.
    const mapped = a.events.filter((e): e is MarketMapped => e.type === 'MarketMapped');
    const byGame = new Map<string, Set<string>>();
    for (const m of mapped) {
      const set = byGame.get(m.instrument.gameId) ?? new Set<string>();
      set.add(m.instrument.instrumentId);
      byGame.set(m.instrument.gameId, set);
    }
    expect(byGame.size).toBe(2);
    for (const [, instruments] of byGame) {
      const venues = [...instruments].map((i) => i.split(':')[0]).sort();
      expect(venues).toEqual(['kalshi', 'kalshi', 'polymarket', 'polymarket']);
    }
    expect([...byGame.keys()].every((g) => g.startsWith('espn:'))).toBe(true);

    // Orders filled in the world's engines on both venues; every market settled by its venue.
    const fills = a.events.filter((e) => e.type === 'FillReceived');
    expect(new Set(fills.map((f) => f.type === 'FillReceived' && f.venue))).toEqual(
      new Set(['kalshi', 'polymarket']),
    );
    const settled = new Set(a.events.flatMap((e) => (e.type === 'MarketSettled' ? [e.instrumentId] : [])));
    expect(settled.size).toBe(8);
    expect(r.ledger.imbalanceMicros).toBe(0);
    expect(r.positions.stillOpen).toBe(0);
    // A game the ESPN poller saw unchanged is current as of the poll: a quiet stretch between
    // plays does not make the books look out of sync with it (the backtest of these games has none).
    expect(r.signals.denials.CLOCK_OUT_OF_SYNC ?? 0).toBe(0);
    // The ledger agrees with the world's venues at the end, as at the start.
    const reconciliation = a.states.find((s) => s.scope === 'reconciliation');
    expect(reconciliation?.state).toBe('ACTIVE');
    expect(a.states.filter((s) => s.state === 'HALTED')).toEqual([]);
    expect(a.lines.filter((l) => /barrier gave up|handler failed|refused/.test(l))).toEqual([]);

    // The barrier fixes when each frame's book reaches the bus: the same run gives the same report.
    const b = await replayThroughWorld('world-a');
    expect(JSON.stringify(b.result.report)).toBe(JSON.stringify(r));
  }, 600_000);
});
