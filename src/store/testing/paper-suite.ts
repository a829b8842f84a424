/**
 * Paper-account behaviour every Store shows; run from storeBehaviour (suite.ts) on each backend,
 * against the store it opened and migrated.
 */
import { expect, it } from 'vitest';
import {
  asClientOrderId,
  asFillId,
  asInstrumentId,
  asRunId,
  asVenueOrderId,
  centis,
  micros,
} from '../../core/index.js';
import type { PaperOrderRecord, Store } from '../port.js';
import { INSTRUMENT, T0 } from './fixtures.js';

const OTHER_INSTRUMENT = asInstrumentId('kalshi:KXNFLGAME-19SEP08PITNE-PIT');

function paperOrder(n: number, fills: number): PaperOrderRecord {
  const clientOrderId = asClientOrderId(`sig:${n}.L1`);
  return {
    clientOrderId,
    venueOrderId: asVenueOrderId(`kalshi-paper-${clientOrderId}`),
    status: fills > 0 ? 'filled' : 'canceled',
    qty: centis(1_000 * Math.max(1, fills)),
    filledQty: centis(1_000 * fills),
    fills: Array.from({ length: fills }, (_, i) => ({
      fillId: asFillId(`${clientOrderId}.F${i + 1}`),
      price: micros(500_000 + 10_000 * i),
      qty: centis(1_000),
      fee: micros(180_000),
      liquidity: 'taker' as const,
      ts: T0 + n * 1_000 + i,
    })),
  };
}

export function paperAccountBehaviour(store: () => Store): void {
  const run = asRunId('run-paper');

  it('keeps a paper account: cash, open positions, and every order with its fills, read back exactly', async () => {
    const s = store();
    expect(await s.loadPaperAccount(run, 'kalshi')).toBeNull();
    expect(
      await s.savePaperAccount(run, 'kalshi', {
        version: 0,
        cash: micros(500_000_000),
        positions: [],
        orders: [],
      }),
    ).toBe(true);
    expect(await s.loadPaperAccount(run, 'kalshi')).toEqual({
      version: 0,
      cash: 500_000_000,
      positions: [],
      orders: [],
    });
    const orders = [paperOrder(2, 2), paperOrder(1, 0), paperOrder(3, 1)];
    const saved = await s.savePaperAccount(run, 'kalshi', {
      version: 3,
      cash: micros(479_230_000),
      positions: [
        { instrumentId: OTHER_INSTRUMENT, side: 'no', qty: centis(1_000) },
        { instrumentId: INSTRUMENT, side: 'yes', qty: centis(2_000) },
      ],
      orders,
    });
    expect(saved).toBe(true);
    const back = await s.loadPaperAccount(run, 'kalshi');
    expect(back).toEqual({
      version: 3,
      cash: 479_230_000,
      // By instrument, then side.
      positions: [
        { instrumentId: INSTRUMENT, side: 'yes', qty: 2_000 },
        { instrumentId: OTHER_INSTRUMENT, side: 'no', qty: 1_000 },
      ],
      // In the order they were saved.
      orders,
    });
    expect(await s.countRows('paper_orders', run)).toBe(3);
  });

  it('closes a position saved at 0 and keeps an order saved again as it was first stored', async () => {
    const s = store();
    const again = { ...paperOrder(2, 2), status: 'canceled' as const, fills: [] };
    expect(
      await s.savePaperAccount(run, 'kalshi', {
        version: 4,
        cash: micros(481_230_000),
        positions: [{ instrumentId: OTHER_INSTRUMENT, side: 'no', qty: centis(0) }],
        orders: [again, paperOrder(4, 1)],
      }),
    ).toBe(true);
    const back = await s.loadPaperAccount(run, 'kalshi');
    expect(back?.positions).toEqual([{ instrumentId: INSTRUMENT, side: 'yes', qty: 2_000 }]);
    expect(back?.orders.map((o) => [o.clientOrderId, o.fills.length])).toEqual([
      ['sig:2.L1', 2],
      ['sig:1.L1', 0],
      ['sig:3.L1', 1],
      ['sig:4.L1', 1],
    ]);
    expect(back?.cash).toBe(481_230_000);
  });

  it('refuses a save older than the stored version and writes none of it; the same version is written again', async () => {
    const s = store();
    const stale = await s.savePaperAccount(run, 'kalshi', {
      version: 3,
      cash: micros(1),
      positions: [{ instrumentId: INSTRUMENT, side: 'yes', qty: centis(0) }],
      orders: [paperOrder(9, 1)],
    });
    expect(stale).toBe(false);
    const back = await s.loadPaperAccount(run, 'kalshi');
    expect(back).toMatchObject({ version: 4, cash: 481_230_000 });
    expect(back?.positions).toHaveLength(1);
    expect(back?.orders.map((o) => o.clientOrderId)).not.toContain('sig:9.L1');
    // A retried save (same version, same change) goes through.
    expect(
      await s.savePaperAccount(run, 'kalshi', {
        version: 4,
        cash: micros(481_230_000),
        positions: [],
        orders: [],
      }),
    ).toBe(true);
  });

  it('writes a save whole or not at all', async () => {
    const s = store();
    const broken = s.savePaperAccount(run, 'kalshi', {
      version: 5,
      cash: micros(7),
      positions: [{ instrumentId: INSTRUMENT, side: 'maybe' as 'yes', qty: centis(5) }],
      orders: [paperOrder(10, 1)],
    });
    await expect(broken).rejects.toThrow();
    const back = await s.loadPaperAccount(run, 'kalshi');
    expect(back).toMatchObject({ version: 4, cash: 481_230_000 });
    expect(back?.orders.map((o) => o.clientOrderId)).not.toContain('sig:10.L1');
  });

  it('keeps each run and venue apart', async () => {
    const s = store();
    expect(await s.loadPaperAccount(run, 'polymarket')).toBeNull();
    expect(await s.loadPaperAccount(asRunId('run-paper-other'), 'kalshi')).toBeNull();
    await s.savePaperAccount(run, 'polymarket', {
      version: 1,
      cash: micros(42),
      positions: [{ instrumentId: INSTRUMENT, side: 'yes', qty: centis(300) }],
      orders: [paperOrder(2, 1)],
    });
    expect((await s.loadPaperAccount(run, 'polymarket'))?.orders).toHaveLength(1);
    expect((await s.loadPaperAccount(run, 'kalshi'))?.orders).toHaveLength(4);
    expect((await s.loadPaperAccount(run, 'kalshi'))?.positions).toEqual([
      { instrumentId: INSTRUMENT, side: 'yes', qty: 2_000 },
    ]);
  });
}
