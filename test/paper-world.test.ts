/**
 * The paper path end to end, as a trader runs it in two terminals: `arbees sim world` serving an
 * NFL and an NBA game on a sped-up clock, and `arbees run --mode paper --until-idle` pointed at it
 * by the world's printed settings alone. The run discovers the games on ESPN's scoreboards, maps
 * markets on both venues through the real discovery code, follows the books over the venues'
 * WebSockets, trades on paper, settles from the venues' own resolutions, and exits 0 by itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asRunId } from '../src/core/ids.js';
import { openStore } from '../src/store/open.js';
import { cleanEnv, startArbees, startWorld, type WorldProcess } from './support/world-process.js';

const SPEED = '200';

describe('arbees run --mode paper against arbees sim world', () => {
  let world: WorldProcess | null = null;
  let dir: string | null = null;
  afterAll(async () => {
    await world?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('trades an NFL and an NBA game on paper to their settlement and exits 0', async () => {
    world = await startWorld(['--games', '2020_17_MIA_BUF,nba', '--speed', SPEED, '--lead', '1']);
    dir = await mkdtemp(join(tmpdir(), 'arbees-paper-'));
    const db = join(dir, 'pglite');
    const run = startArbees(
      [
        'run',
        '--mode',
        'paper',
        '--until-idle',
        '--json',
        '--leagues',
        'nfl,nba',
        '--run-id',
        'paper-proof',
        '--db',
        db,
      ],
      { ...cleanEnv(), ...world.settings, ARBEES_LOG_LEVEL: 'info' },
    );
    const code = await run.exited;
    expect(code, run.stderr().slice(-4000)).toBe(0);
    const out = JSON.parse(run.stdout()) as {
      completed: boolean;
      idle: { gamesFinal: number; unsettled: string[] };
      report: {
        leagues: { league: string; games: number }[];
        fills: { count: number };
        signals: { raised: number };
        positions: { settled: number; stillOpen: number };
        ledger: { transactions: number; imbalanceMicros: number };
      };
    };
    expect(out.completed).toBe(true);
    expect(out.idle.gamesFinal).toBe(2);
    expect(out.idle.unsettled).toEqual([]);
    const r = out.report;
    expect(r.leagues.map((l) => l.league).sort()).toEqual(['nba', 'nfl']);
    expect(r.signals.raised).toBeGreaterThan(0);
    expect(r.fills.count).toBeGreaterThan(0);
    // Every position settled by its venue's resolution; nothing left open.
    expect(r.positions.settled).toBeGreaterThan(0);
    expect(r.positions.stillOpen).toBe(0);
    expect(r.ledger.transactions).toBeGreaterThan(0);
    expect(r.ledger.imbalanceMicros).toBe(0);
    const log = run.stderr();
    // Markets mapped on both venues by discovery, books over both WebSockets.
    expect(log).toMatch(/kalshi gateway follows \{"instrumentId":"kalshi:KXNFLGAME-/);
    expect(log).toMatch(/kalshi gateway follows \{"instrumentId":"kalshi:KXNBAGAME-/);
    expect(log).toMatch(/polymarket gateway follows/);
    expect(log).toMatch(/kalshi ws connected/);
    expect(log).toMatch(/polymarket ws connected/);
    expect(log).toMatch(/polymarket market settled/);
    expect(log).toMatch(/kalshi market settled/);
    expect(log).not.toMatch(/\[error\]/);

    // The paper account and ledger are in the store: what the report says is what was kept.
    const store = await openStore({ pglite: db });
    try {
      const runId = asRunId('paper-proof');
      expect((await store.getRun(runId))?.status).toBe('completed');
      expect((await store.listFills(runId)).length).toBe(r.fills.count);
      const account = await store.loadPaperAccount(runId, 'kalshi');
      expect(account?.positions ?? []).toEqual([]);
    } finally {
      await store.close();
    }
  }, 600_000);
});
