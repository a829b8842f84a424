/**
 * The replay run trading Polymarket through the Polymarket simulator over loopback HTTP and
 * WebSocket: each simulated instrument listed as a market there, the makers quoting into its
 * book, the books reaching the bus from our market-channel client, the orders going through
 * PolymarketVenueClient and filling on the simulator's engine, and the reconciler comparing the
 * ledger with what the simulator reports. Kalshi goes through its simulator too, so arbitrage
 * pairs span both.
 */
import { describe, expect, it } from 'vitest';
import type { ArbeesEvent } from '../src/core/events.js';
import type { PolymarketSimVenue } from '../src/services/polymarket-sim-venue.js';
import { replayInMemory } from './support/replay-run.js';

const GAMES = ['2020_17_PIT_CLE', '2020_17_MIA_BUF'];

async function run(runId: string, mode: 'replay' | 'backtest') {
  let venue: PolymarketSimVenue | null = null;
  /** Reconciliation passes that read the simulator's account (each reads its balance once). */
  const accountReads = { balance: 0 };
  const { result, events, lines } = await replayInMemory({
    runId,
    gameIds: GAMES,
    mode,
    env: { ARBEES_FEED: 'direct' },
    keep: (e) =>
      e.type === 'BookSnapshot' ||
      e.type === 'FillReceived' ||
      e.type === 'Alert' ||
      e.type === 'TradingStateChanged' ||
      e.type === 'OrderIntent',
    run: {
      kalshiVenue: 'simulator',
      polymarketVenue: 'simulator',
      onPolymarketSim: (v) => {
        venue = v;
        const account = v.client.account;
        const balance = account.balance.bind(account);
        account.balance = () => {
          accountReads.balance += 1;
          return balance();
        };
      },
    },
  });
  return { result, events, lines, accountReads, venue: venue as PolymarketSimVenue | null };
}

const ofVenue = <T extends ArbeesEvent['type']>(events: ArbeesEvent[], type: T, venue: string) =>
  events.filter(
    (e): e is Extract<ArbeesEvent, { type: T }> => e.type === type && 'venue' in e && e.venue === venue,
  );

describe('one-process replay with the Polymarket simulator', () => {
  it('ingests Polymarket books over the WebSocket, fills orders on the simulator and reconciles', async () => {
    const { result, events, lines, venue, accountReads } = await run('polymarket-sim', 'replay');
    const r = result.report;
    expect(result.completed).toBe(true);
    expect(r.games).toMatchObject({ replayed: 2, final: 2 });
    const books = ofVenue(events, 'BookSnapshot', 'polymarket');
    expect(books.length).toBeGreaterThan(100);
    // Published by the market-channel bridge, for instruments named by their YES token id.
    expect(books.every((b) => b.id.startsWith('polymarket-ws'))).toBe(true);
    expect(books.every((b) => /^polymarket:\d{60,78}$/.test(b.instrumentId))).toBe(true);

    // Every Polymarket fill booked is one the simulator's trades record, and none is missing.
    const fills = ofVenue(events, 'FillReceived', 'polymarket');
    expect(fills.length).toBeGreaterThan(0);
    if (!venue) throw new Error('no simulator venue reported');
    const sim = (venue as PolymarketSimVenue).server;
    const trader = (venue as PolymarketSimVenue).adapter.http.address.toLowerCase();
    const simFills = new Map<string, { price: number; size: number; fee: number }>();
    for (const t of sim.exchange.trades) {
      if (t.takerAccountId === trader)
        simFills.set(`${t.id}:${t.maker.orderId}`, { price: t.price, size: t.size, fee: t.takerFee });
      else if (t.maker.accountId === trader)
        simFills.set(`${t.id}:${t.maker.orderId}`, { price: t.maker.price, size: t.size, fee: 0 });
    }
    expect(new Set(fills.map((f) => f.fillId as string))).toEqual(new Set(simFills.keys()));
    for (const f of fills) {
      const s = simFills.get(f.fillId as string);
      // Qty in centi-contracts, size in micro-shares; a NO fill is booked at the NO price.
      expect(f.qty * 10_000).toBe(s?.size);
      expect(f.fee).toBe(s?.fee);
      expect(f.price).toBe(s?.price);
    }

    // Arbitrage legs went out to both simulators.
    const arbs = events.filter((e) => e.type === 'OrderIntent' && e.purpose === 'arbitrage');
    expect(new Set(arbs.map((e) => (e.type === 'OrderIntent' ? e.venue : '')))).toEqual(
      new Set(['kalshi', 'polymarket']),
    );

    // The reconciler compared the ledger with the simulators at start and periodically after:
    // no drift, never a hold.
    expect(accountReads.balance).toBeGreaterThan(2);
    expect(
      events.some(
        (e) => e.type === 'TradingStateChanged' && e.scope === 'reconciliation' && e.state === 'ACTIVE',
      ),
    ).toBe(true);
    expect(events.filter((e) => e.type === 'Alert' && e.source === 'reconciler')).toEqual([]);
    const holds = events.filter(
      (e) => e.type === 'TradingStateChanged' && e.scope === 'reconciliation' && e.state !== 'ACTIVE',
    );
    expect(holds).toEqual([]);
    expect(r.ledger.imbalanceMicros).toBe(0);
    expect(r.positions.stillOpen).toBe(0);
    console.log(
      JSON.stringify({
        books: books.length,
        fills: fills.length,
        arbLegs: arbs.length,
        reconcilePasses: accountReads.balance,
        simTrades: sim.exchange.trades.length,
        requests: sim.stats.requests,
        frames: sim.feeds.stats.messagesSent,
      }),
    );
    expect(
      lines.filter((l) => /polymarket ws|refused|discrepancy/.test(l)).map((l) => l.slice(0, 400)),
    ).toEqual([]);
  }, 240_000);

  it('keeps a backtest on the paper venue', async () => {
    const { result, events, venue } = await run('polymarket-sim-backtest', 'backtest');
    expect(result.completed).toBe(true);
    expect(venue).toBeNull();
    const books = ofVenue(events, 'BookSnapshot', 'polymarket');
    expect(books.length).toBeGreaterThan(0);
    expect(books.every((b) => b.id.startsWith('sim-market'))).toBe(true);
  }, 180_000);
});
