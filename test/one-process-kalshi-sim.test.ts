/**
 * The replay run trading Kalshi through the Kalshi simulator over loopback HTTP and WebSocket:
 * the makers quote into the simulator's exchange, the books reach the bus from our WebSocket
 * client, the orders go through our REST client and fill on the simulator's matching engine.
 * A backtest stays on the in-process paper venue.
 */
import { describe, expect, it } from 'vitest';
import type { ArbeesEvent } from '../src/core/events.js';
import { replayInMemory } from './support/replay-run.js';

const GAMES = ['2020_17_PIT_CLE', '2020_17_MIA_BUF'];

const run = (runId: string, mode: 'replay' | 'backtest') =>
  replayInMemory({
    runId,
    gameIds: GAMES,
    mode,
    env: { ARBEES_FEED: 'direct' },
    keep: (e) => e.type === 'BookSnapshot' || e.type === 'FillReceived',
    run: { kalshiVenue: 'simulator' },
  });

const kalshiBooks = (events: ArbeesEvent[]) =>
  events.filter((e) => e.type === 'BookSnapshot' && e.venue === 'kalshi');
const kalshiFills = (events: ArbeesEvent[]) =>
  events.filter((e) => e.type === 'FillReceived' && e.venue === 'kalshi');

describe('one-process replay with the Kalshi simulator', () => {
  it('ingests Kalshi books over the WebSocket and fills Kalshi orders on the simulator', async () => {
    const { result, events, lines } = await run('kalshi-sim', 'replay');
    const r = result.report;
    expect(result.completed).toBe(true);
    expect(r.games).toMatchObject({ replayed: 2, final: 2 });
    const books = kalshiBooks(events);
    expect(books.length).toBeGreaterThan(100);
    // Published by the WebSocket bridge, not by the simulated markets.
    expect(books.every((b) => b.id.startsWith('kalshi-ws'))).toBe(true);
    const fills = kalshiFills(events);
    expect(fills.length).toBeGreaterThan(0);
    // The simulator's fill ids, read back through the REST client.
    expect(fills.every((f) => f.type === 'FillReceived' && f.fillId.includes('sim-trade-'))).toBe(true);
    expect(r.ledger.imbalanceMicros).toBe(0);
    expect(r.positions.stillOpen).toBe(0);
    expect(lines.filter((l) => /kalshi ws|refused/.test(l)).map((l) => l.slice(0, 400))).toEqual([]);
  }, 180_000);

  it('gives the same report and fills twice: the barrier fixes when each book reaches the bus', async () => {
    const a = await run('kalshi-sim-a', 'replay');
    const b = await run('kalshi-sim-a', 'replay');
    const out = (x: typeof a) =>
      JSON.stringify({
        report: x.result.report,
        fills: kalshiFills(x.events).map((f) => ({ ...f, id: '' })),
      });
    expect(out(a).length).toBeGreaterThan(1000);
    expect(out(b)).toBe(out(a));
  }, 300_000);

  it('keeps a backtest on the paper venue', async () => {
    const { result, events } = await run('kalshi-sim-backtest', 'backtest');
    expect(result.completed).toBe(true);
    const books = kalshiBooks(events);
    expect(books.length).toBeGreaterThan(0);
    expect(books.every((b) => b.id.startsWith('sim-market'))).toBe(true);
    expect(
      kalshiFills(events).every((f) => f.type === 'FillReceived' && !f.fillId.includes('sim-trade-')),
    ).toBe(true);
  }, 180_000);
});
