/**
 * The whole pipeline with its game feed going through the simulated ESPN API over HTTP on
 * 127.0.0.1 and the ESPN poller: every play reaches the bus, the trading books balance, and the
 * run is reproducible (the poller runs on the replay timeline, so the HTTP round trips happen
 * at fixed simulated times).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { feedKindFor } from '../src/services/replay-game-feed.js';
import { replayInMemory } from './support/replay-run.js';

const GAMES = ['2020_17_PIT_CLE', '2020_17_MIA_BUF'];

async function run(runId: string) {
  const { result, lines, plays, inspected } = await replayInMemory({
    runId,
    gameIds: GAMES,
    mode: 'backtest',
    env: { ARBEES_FEED: 'espn-http' },
    logLevel: 'info',
    inspect: async (store, id) => ({
      fills: await store.listFills(id),
      states: await store.countRows('game_states', id),
    }),
  });
  return { result, lines, plays, ...inspected };
}

describe('choice of game feed', () => {
  it('is espn-http for a replay and direct for a backtest unless ARBEES_FEED says otherwise', () => {
    const unset = loadConfig({ env: {}, envFile: null });
    expect(feedKindFor(unset, 'replay')).toBe('espn-http');
    expect(feedKindFor(unset, 'backtest')).toBe('direct');
    const direct = loadConfig({ env: { ARBEES_FEED: 'direct' }, envFile: null });
    expect(feedKindFor(direct, 'replay')).toBe('direct');
    expect(() => loadConfig({ env: { ARBEES_FEED: 'carrier-pigeon' }, envFile: null })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { ARBEES_FEED: 'carrier-pigeon' }, envFile: null })).toThrow(
      /ARBEES_FEED/,
    );
  });
});

describe('one-process pipeline fed by the simulated ESPN API over HTTP', () => {
  it('delivers every play through the poller and trades the games to the end', async () => {
    const { result, fills, states, lines, plays } = await run('espn-http');
    const r = result.report;
    expect(result.completed).toBe(true);
    expect(r.games).toMatchObject({ replayed: 2, final: 2, plays });
    expect(states).toBe(plays);
    expect(r.fills.count).toBeGreaterThan(0);
    expect(fills).toHaveLength(r.fills.count);
    expect(r.ledger.imbalanceMicros).toBe(0);
    expect(r.positions.stillOpen).toBe(0);
    expect(lines.some((l) => /simulated ESPN API at http:\/\/127\.0\.0\.1:\d+\//.test(l))).toBe(true);
    expect(lines.find((l) => l.includes('scoreboard and'))).toMatch(/, 0 errors; published 2 games/);
  });

  it('gives the same trades and report twice', async () => {
    const a = await run('espn-http-a');
    const b = await run('espn-http-a');
    const out = (x: typeof a) => JSON.stringify({ report: x.result.report, fills: x.fills });
    expect(out(a).length).toBeGreaterThan(1000);
    expect(out(b)).toBe(out(a));
  });
});
