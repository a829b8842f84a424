/**
 * The replay through the simulated world with Polymarket US enabled (ARBEES_VENUES names it):
 * the world lists the game on Polymarket US as the venue lists it, discovery maps the market,
 * the gateway brings its books over the signed markets WebSocket, orders go through the
 * Polymarket US adapter into the world's matching engine, and the market is settled from the
 * venue's own settlement. One NFL game, with postponement risk accepted so that Kalshi and
 * Polymarket US (whose postponement windows differ: 48 h and about two weeks) pair in arbitrage.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { feePerContract } from '../src/core/book.js';
import type { ArbeesEvent, FillReceived, MarketMapped, SignalRaised } from '../src/core/events.js';
import { asRunId } from '../src/core/ids.js';
import { loadNflBundle, selectGames } from '../src/feeds/replay/nfl-bundle.js';
import { createLogger } from '../src/services/logger.js';
import { runWorldReplay } from '../src/services/world-replay.js';
import type { SimWorld } from '../src/sim/world/sim-world.js';
import { openStore } from '../src/store/open.js';

describe('the replay through the simulated world with Polymarket US', () => {
  it('maps, follows, trades and settles the game on Polymarket US beside Kalshi and Polymarket', async () => {
    const config = loadConfig({
      env: { ARBEES_VENUES: 'kalshi,polymarket,polymarket-us', ARB_ACCEPT_POSTPONEMENT_RISK: '1' },
      envFile: null,
    });
    const games = selectGames(loadNflBundle('data/nfl'), { gameIds: ['2020_17_MIA_BUF'] });
    const lines: string[] = [];
    const events: ArbeesEvent[] = [];
    let world: SimWorld | null = null;
    const store = await openStore({ pglite: 'memory' });
    const runId = asRunId('world-pmus');
    try {
      const result = await runWorldReplay({
        config,
        games,
        store,
        runId,
        log: createLogger({ level: 'warn', write: (line) => lines.push(line) }),
        sleep: async () => {
          throw new Error('a run at full speed never sleeps');
        },
        onWorld: (w) => {
          world = w;
        },
        tap: (e) => {
          if (
            e.type === 'MarketMapped' ||
            e.type === 'FillReceived' ||
            e.type === 'MarketSettled' ||
            (e.type === 'SignalRaised' && e.kind === 'arbitrage') ||
            (e.type === 'BookSnapshot' && e.venue === 'polymarket-us')
          )
            events.push(e);
        },
      });
      const r = result.report;
      expect(result.completed).toBe(true);
      expect(r.games).toMatchObject({ final: 1 });

      // The world listed it as the venue names a game (away team first, US Eastern date).
      const mapped = events.filter((e): e is MarketMapped => e.type === 'MarketMapped');
      const us = mapped.filter((m) => m.instrument.venue === 'polymarket-us');
      expect(us.map((m) => m.instrument.instrumentId)).toEqual(['polymarket-us:aec-nfl-mia-buf-2021-01-03']);
      expect(us[0]?.instrument.fees).toMatchObject({ kind: 'polymarket_us' });
      expect(new Set(mapped.map((m) => m.instrument.venue))).toEqual(
        new Set(['kalshi', 'polymarket', 'polymarket-us']),
      );

      // Its books reached the bus from the gateway.
      expect(events.filter((e) => e.type === 'BookSnapshot').length).toBeGreaterThan(10);

      // Orders filled in the world's Polymarket US engine, with its fees, and booked.
      const usFills = events.filter(
        (e): e is FillReceived => e.type === 'FillReceived' && e.venue === 'polymarket-us',
      );
      expect(usFills.length).toBeGreaterThan(0);
      // Each fill booked as the venue executed it, with the fee the venue charged (to the micro-dollar).
      const exchange = (world as SimWorld | null)?.servers.polymarketUs?.exchange;
      const traderOrders = [...(exchange?.orders.values() ?? [])].filter((o) => o.accountId === 'trader');
      expect(exchange?.account('trader').trades.length).toBe(usFills.length);
      const charged = traderOrders.reduce((sum, o) => sum + o.commission, 0);
      expect(charged).toBeGreaterThan(0);
      expect(usFills.reduce((sum, f) => sum + f.fee, 0)).toBe(charged);

      // Polymarket US paired in arbitrage with Kalshi (and with Polymarket, both enabled and not
      // geoblocked here), each leg priced with its own venue's fee schedule.
      const FEE_KIND = {
        kalshi: 'kalshi_quadratic',
        polymarket: 'polymarket_taker',
        'polymarket-us': 'polymarket_us',
      };
      const arbs = events.filter((e): e is SignalRaised => e.type === 'SignalRaised');
      const withUs = arbs.filter((a) => a.venue === 'polymarket-us' || a.hedge?.venue === 'polymarket-us');
      for (const a of withUs) {
        const hedge = a.hedge!;
        expect(a.venue).not.toBe(hedge.venue);
        expect(a.feePerContract).toBe(feePerContract(a.fees, a.price));
        expect(hedge.feePerContract).toBe(feePerContract(hedge.fees, hedge.price));
        expect(a.fees.kind).toBe(FEE_KIND[a.venue as keyof typeof FEE_KIND]);
        expect(hedge.fees.kind).toBe(FEE_KIND[hedge.venue as keyof typeof FEE_KIND]);
      }
      expect(
        withUs.filter((a) => a.venue === 'kalshi' || a.hedge?.venue === 'kalshi').length,
      ).toBeGreaterThan(0);

      // Settled from the venue's own settlement; the ledger balances; the books agree at the end.
      const settled = events.flatMap((e) => (e.type === 'MarketSettled' ? [e.instrumentId] : []));
      expect(settled).toContain('polymarket-us:aec-nfl-mia-buf-2021-01-03');
      expect(r.ledger.imbalanceMicros).toBe(0);
      expect(r.positions.stillOpen).toBe(0);
      const states = await store.latestTradingStates(runId);
      expect(states.find((s) => s.scope === 'reconciliation')?.state).toBe('ACTIVE');
      expect(states.filter((s) => s.state === 'HALTED')).toEqual([]);
      expect(lines.filter((l) => /barrier gave up|handler failed|refused/.test(l))).toEqual([]);
    } finally {
      await store.close();
    }
  }, 600_000);
});
