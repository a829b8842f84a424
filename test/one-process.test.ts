/**
 * The whole pipeline in one process over real replayed games: the report is consistent with
 * what the store holds, the ledger balances, and a backtest is byte-for-byte reproducible.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { asRunId } from '../src/core/ids.js';
import { loadNflBundle, selectGames } from '../src/feeds/replay/nfl-bundle.js';
import { silentLogger } from '../src/services/logger.js';
import { runOneProcess } from '../src/services/one-process.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';

const GAMES = ['2020_16_MIN_NO', '2020_16_TB_DET', '2020_16_SF_ARI', '2020_17_MIA_BUF'];

async function backtest(store: Store, runId = 'det-test') {
  const config = loadConfig({ env: {}, envFile: null });
  const games = selectGames(loadNflBundle('data/nfl'), { gameIds: GAMES });
  const result = await runOneProcess({
    config,
    games,
    store,
    runId: asRunId(runId),
    mode: 'backtest',
    log: silentLogger,
    sleep: async () => {
      throw new Error('a backtest never sleeps');
    },
  });
  const fills = await store.listFills(asRunId(runId));
  return { result, fills };
}

describe('one-process pipeline (PGlite)', () => {
  it('trades the replayed games end to end and books everything', async () => {
    const store = await openStore({ pglite: 'memory' });
    try {
      const { result, fills } = await backtest(store);
      const r = result.report;
      expect(result.completed).toBe(true);
      expect(r.simulatedMarkets).toBe(true);
      expect(r.games).toMatchObject({ replayed: GAMES.length, final: GAMES.length });
      expect(r.model.plays).toBeGreaterThan(400);
      expect(r.model.brier).toBeLessThan(0.25);
      expect(r.signals.raised).toBeGreaterThan(0);
      expect(r.signals.approved + r.signals.denied).toBe(r.signals.raised);
      expect(r.fills.count).toBeGreaterThan(0);
      expect(fills).toHaveLength(r.fills.count);
      expect(r.ledger.imbalanceMicros).toBe(0);
      expect(r.orders.illegalTransitions).toBe(0);
      // Every position is settled when its game ends.
      expect(r.positions.stillOpen).toBe(0);
      expect(r.positions.won + r.positions.lost).toBe(r.positions.settled);
      // Ending equity = bankroll + realized P&L (fees inside) when nothing is open.
      expect(r.pnl.endingEquityMicros).toBe(r.pnl.startingBankrollMicros + r.pnl.realizedAfterFeesMicros);
      // The intervals resample these games, and their point figures are the report's own.
      const stats = r.statistics!;
      expect(stats.games).toBe(GAMES.length);
      expect(stats.positionsWithoutGame).toBe(0);
      expect(stats.pnlAfterFeesMicros.value).toBe(r.pnl.realizedAfterFeesMicros);
      expect(stats.winRatePct.value).toBe(r.positions.winRatePct);
      expect(stats.pnlAfterFeesMicros.low).toBeLessThanOrEqual(r.pnl.realizedAfterFeesMicros);
      expect(stats.pnlAfterFeesMicros.high).toBeGreaterThanOrEqual(r.pnl.realizedAfterFeesMicros);
      expect(stats.resamples).toBe(2000);
      const balances = await store.trialBalance(asRunId('det-test'));
      expect(balances.reduce((s, b) => s + b.balance, 0)).toBe(0);
      expect(await store.countRows('orders', asRunId('det-test'))).toBe(r.orders.sent);
      expect(await store.countRows('games', asRunId('det-test'))).toBe(GAMES.length);
      expect(await store.countRows('game_states', asRunId('det-test'))).toBe(r.games.plays);
      expect(await store.countRows('signals', asRunId('det-test'))).toBe(r.signals.raised);
      expect(await store.countRows('risk_decisions', asRunId('det-test'))).toBe(r.signals.raised);
      const run = await store.getRun(asRunId('det-test'));
      expect(run?.status).toBe('completed');
    } finally {
      await store.close();
    }
  });

  it('gives byte-identical trades and report for the same data and configuration', async () => {
    const outputs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const store = await openStore({ pglite: 'memory' });
      try {
        const { result, fills } = await backtest(store);
        outputs.push(JSON.stringify({ report: result.report, fills }));
      } finally {
        await store.close();
      }
    }
    expect(outputs[0]!.length).toBeGreaterThan(1000);
    expect(outputs[1]).toBe(outputs[0]);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('one-process pipeline (PostgreSQL)', () => {
  it('stores the same run in a real PostgreSQL server', async () => {
    const schema = `arbees_it_${process.pid}_${Date.now()}`;
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL, schema });
    const pg = await import('pg');
    try {
      const { result, fills } = await backtest(store, 'pg-run');
      expect(result.completed).toBe(true);
      expect(fills).toHaveLength(result.report.fills.count);
      const balances = await store.trialBalance(asRunId('pg-run'));
      expect(balances.reduce((s, b) => s + b.balance, 0)).toBe(0);
    } finally {
      await store.close();
      const client = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
