import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FillReceived } from '../core/events.js';
import { asClientOrderId, asEventId, asFillId, asGameId, asInstrumentId } from '../core/ids.js';
import type { ContractSide, VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { Ledger, UnbalancedTransactionError } from './ledger.js';
import { Portfolio } from './portfolio.js';

let n = 0;
const fill = (o: {
  instrument: string;
  venue?: VenueName;
  side: ContractSide;
  price: number;
  qty: number;
  fee: number;
}): FillReceived => {
  n += 1;
  return {
    type: 'FillReceived',
    id: asEventId(`f${n}`),
    ts: n,
    fillId: asFillId(`f${n}`),
    clientOrderId: asClientOrderId(`c${n}`),
    gameId: asGameId('G'),
    instrumentId: asInstrumentId(o.instrument),
    venue: o.venue ?? 'kalshi',
    side: o.side,
    action: 'buy',
    price: o.price as Micros,
    qty: o.qty as Centis,
    fee: o.fee as Micros,
    liquidity: 'taker',
  };
};

describe('ledger', () => {
  it('refuses a transaction that does not sum to zero, changing nothing', () => {
    const l = new Ledger();
    expect(() =>
      l.post({
        postings: [
          { account: 'a', amount: 5 as Micros },
          { account: 'b', amount: -4 as Micros },
        ],
      }),
    ).toThrow(UnbalancedTransactionError);
    expect(l.trialBalance()).toEqual([]);
  });
});

describe('portfolio', () => {
  it('books a winning position: cash back $1 a contract, P&L after fees', () => {
    const p = new Portfolio();
    p.deposit('kalshi', 1_000_000_000 as Micros);
    p.applyFill(fill({ instrument: 'K', side: 'yes', price: 400_000, qty: 1000, fee: 170_000 }));
    expect(p.cash('kalshi')).toBe(1_000_000_000 - 4_000_000 - 170_000);
    const change = p.settle({
      instrumentId: asInstrumentId('K'),
      result: 'yes',
      ts: Date.UTC(2020, 11, 27, 20),
    });
    expect(change?.positions[0]).toMatchObject({ qty: 0, realizedPnl: 10_000_000 - 4_170_000 });
    expect(p.cash('kalshi')).toBe(1_000_000_000 + 5_830_000);
    expect(p.realizedOn('2020-12-27')).toBe(5_830_000);
    expect(p.ledger.imbalance()).toBe(0);
  });

  it('books a losing NO position', () => {
    const p = new Portfolio();
    p.deposit('polymarket', 100_000_000 as Micros);
    p.applyFill(
      fill({ instrument: 'P', venue: 'polymarket', side: 'no', price: 300_000, qty: 500, fee: 31_500 }),
    );
    p.settle({ instrumentId: asInstrumentId('P'), result: 'yes', ts: 1 });
    expect(p.closed[0]).toMatchObject({ pnl: -1_531_500 });
    expect(p.realizedTotal()).toBe(-1_531_500);
  });

  it('books a settlement at a fraction (a tie at $0.50 each): YES and NO holders are each paid half', () => {
    const p = new Portfolio();
    p.deposit('kalshi', 1_000_000_000 as Micros);
    p.applyFill(fill({ instrument: 'T', side: 'yes', price: 400_000, qty: 1000, fee: 170_000 }));
    p.applyFill(fill({ instrument: 'T', side: 'no', price: 550_000, qty: 200, fee: 40_000 }));
    const before = p.cash('kalshi');
    const change = p.settle({
      instrumentId: asInstrumentId('T'),
      result: 'yes',
      yesPayout: 500_000 as Micros,
      ts: 1,
    });
    // 10 YES contracts at $0.50 and 2 NO contracts at $0.50: $6.00 back, not $10.00.
    expect(p.cash('kalshi') - before).toBe(6_000_000);
    expect(change?.memo).toBe('settle T yes yes-pays 500000');
    const bySide = Object.fromEntries(p.closed.map((c) => [c.side, c.pnl]));
    expect(bySide).toEqual({ yes: 5_000_000 - 4_170_000, no: 1_000_000 - 1_140_000 });
    expect(p.ledger.imbalance()).toBe(0);
    expect(() =>
      p.settle({ instrumentId: asInstrumentId('T'), result: 'yes', yesPayout: 1_000_001 as Micros, ts: 2 }),
    ).toThrow(/not in \[0, \$1\]/);
  });

  it('sells at average cost and books the difference as realized P&L', () => {
    const p = new Portfolio();
    p.deposit('kalshi', 1_000_000_000 as Micros);
    p.applyFill(fill({ instrument: 'S', side: 'yes', price: 400_000, qty: 1000, fee: 170_000 }));
    p.applyFill(fill({ instrument: 'S', side: 'yes', price: 600_000, qty: 1000, fee: 170_000 }));
    // Average cost 0.50 + 0.017 fees; sell half at 0.70 with a 0.15 fee.
    const change = p.applyFill({
      ...fill({ instrument: 'S', side: 'yes', price: 700_000, qty: 1000, fee: 150_000 }),
      action: 'sell',
    });
    expect(change.positions[0]).toMatchObject({
      qty: 1000,
      costBasis: 5_170_000,
      realizedPnl: 7_000_000 - 150_000 - 5_170_000,
    });
    expect(p.unrealizedPnl(() => 800_000 as Micros)).toBe(8_000_000 - 5_170_000);
    expect(p.ledger.imbalance()).toBe(0);
    expect(() =>
      p.applyFill({ ...fill({ instrument: 'S', side: 'yes', price: 1, qty: 2000, fee: 0 }), action: 'sell' }),
    ).toThrow(/exceeds the 1000 held/);
  });

  it('reserves cash for an order in flight and gives back what the fills did not use', () => {
    const p = new Portfolio();
    p.deposit('kalshi', 100_000_000 as Micros);
    p.reserve({ orderId: 'o1', venue: 'kalshi', amount: 10_000_000 as Micros });
    expect(p.cash('kalshi')).toBe(90_000_000);
    expect(p.reserve({ orderId: 'o1', venue: 'kalshi', amount: 1 as Micros })).toBeNull(); // once per order
    p.release({ orderId: 'o1', amount: 4_170_000 as Micros });
    p.applyFill(fill({ instrument: 'R', side: 'yes', price: 400_000, qty: 1000, fee: 170_000 }));
    p.release({ orderId: 'o1' });
    expect(p.reservedTotal()).toBe(0);
    expect(p.cash('kalshi')).toBe(100_000_000 - 4_170_000);
    expect(p.equity(() => undefined)).toBe(100_000_000); // unmarked positions count at cost, fees included
    expect(p.equity(() => 400_000 as Micros)).toBe(100_000_000 - 170_000); // marked: the fee is gone
    expect(p.ledger.imbalance()).toBe(0);
  });

  it('keeps the ledger at zero and positions equal to their fills, for any fills and settlements (property)', () => {
    const arbFill = fc.record({
      instrument: fc.constantFrom('A', 'B', 'C'),
      venue: fc.constantFrom<VenueName>('kalshi', 'polymarket'),
      side: fc.constantFrom<ContractSide>('yes', 'no'),
      price: fc.integer({ min: 1, max: 9999 }).map((x) => x * 100),
      qty: fc.integer({ min: 1, max: 100_000 }),
      fee: fc.integer({ min: 0, max: 5_000_000 }),
    });
    const step = fc.oneof(
      arbFill.map((f) => ({ kind: 'fill' as const, f })),
      fc
        .record({ f: arbFill, share: fc.integer({ min: 1, max: 100 }) })
        .map(({ f, share }) => ({ kind: 'sell' as const, f, share })),
      fc
        .record({
          instrument: fc.constantFrom('A', 'B', 'C'),
          result: fc.constantFrom<ContractSide>('yes', 'no'),
        })
        .map((s) => ({
          kind: 'settle' as const,
          s,
        })),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const p = new Portfolio();
        p.deposit('kalshi', 1_000_000_000_000 as Micros);
        p.deposit('polymarket', 1_000_000_000_000 as Micros);
        const bought = new Map<string, number>();
        for (const st of steps) {
          if (st.kind === 'sell') {
            const held = p.position(asInstrumentId(st.f.instrument), st.f.side)?.qty ?? 0;
            const qty = Math.floor((held * st.share) / 100);
            if (qty === 0) continue;
            p.applyFill({ ...fill({ ...st.f, qty }), action: 'sell' });
            const k = `${st.f.instrument}|${st.f.side}`;
            bought.set(k, (bought.get(k) ?? 0) - qty);
          } else if (st.kind === 'fill') {
            p.applyFill(fill(st.f));
            const k = `${st.f.instrument}|${st.f.side}`;
            bought.set(k, (bought.get(k) ?? 0) + st.f.qty);
          } else {
            p.settle({ instrumentId: asInstrumentId(st.s.instrument), result: st.s.result, ts: 0 });
            bought.delete(`${st.s.instrument}|yes`);
            bought.delete(`${st.s.instrument}|no`);
          }
          expect(p.ledger.imbalance()).toBe(0);
        }
        for (const pos of p.openPositions())
          expect(pos.qty).toBe(bought.get(`${pos.instrumentId}|${pos.side}`));
      }),
      { numRuns: 500 },
    );
  });
});
