/**
 * The paper path with Polymarket US, as a US trader runs it in two terminals: `arbees sim world
 * --polymarket-us` serving one NFL game on a sped-up clock, and `arbees run --mode paper
 * --until-idle` with `ARBEES_VENUES=kalshi,polymarket-us` pointed at it by the world's printed
 * settings alone (its Polymarket US key among them). The run maps the game's market on Polymarket
 * US, follows its book over the signed markets WebSocket, fills paper orders against it, settles
 * from the venue's settlement and exits 0 by itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asRunId } from '../src/core/ids.js';
import { openStore } from '../src/store/open.js';
import { cleanEnv, startArbees, startWorld, type WorldProcess } from './support/world-process.js';

describe('arbees run --mode paper with Polymarket US against arbees sim world', () => {
  let world: WorldProcess | null = null;
  let dir: string | null = null;
  afterAll(async () => {
    await world?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('trades the game on Polymarket US on paper to its settlement and exits 0', async () => {
    world = await startWorld([
      '--games',
      '2020_17_MIA_BUF',
      '--speed',
      '200',
      '--lead',
      '1',
      '--polymarket-us',
    ]);
    expect(world.settings.POLYMARKET_US_KEY_ID).toBeTruthy();
    dir = await mkdtemp(join(tmpdir(), 'arbees-paper-pmus-'));
    const db = join(dir, 'pglite');
    const run = startArbees(
      [
        'run',
        '--mode',
        'paper',
        '--until-idle',
        '--json',
        '--leagues',
        'nfl',
        '--run-id',
        'paper-pmus',
        '--db',
        db,
      ],
      {
        ...cleanEnv(),
        ...world.settings,
        ARBEES_VENUES: 'kalshi,polymarket-us',
        ARBEES_LOG_LEVEL: 'info',
      },
    );
    const code = await run.exited;
    expect(code, run.stderr().slice(-4000)).toBe(0);
    const out = JSON.parse(run.stdout()) as {
      completed: boolean;
      idle: { gamesFinal: number; unsettled: string[] };
      report: { positions: { stillOpen: number }; ledger: { imbalanceMicros: number } };
    };
    expect(out.completed).toBe(true);
    expect(out.idle.gamesFinal).toBe(1);
    expect(out.idle.unsettled).toEqual([]);
    expect(out.report.positions.stillOpen).toBe(0);
    expect(out.report.ledger.imbalanceMicros).toBe(0);
    const log = run.stderr();
    expect(log).toMatch(/polymarket-us gateway follows \{"instrumentId":"polymarket-us:aec-nfl-mia-buf-/);
    expect(log).toMatch(/polymarket-us ws connected/);
    expect(log).not.toMatch(/\[error\]/);

    const store = await openStore({ pglite: db });
    try {
      const runId = asRunId('paper-pmus');
      const fills = await store.listFills(runId);
      expect(fills.filter((f) => f.venue === 'polymarket-us').length).toBeGreaterThan(0);
      const account = await store.loadPaperAccount(runId, 'polymarket-us');
      expect(account?.positions ?? []).toEqual([]);
    } finally {
      await store.close();
    }
  }, 600_000);
});
