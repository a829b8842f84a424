import { describe, expect, it } from 'vitest';
import { type Centis, type Micros, parseDollars } from '../../core/money.js';
import {
  isTickSize,
  limitOrderAmounts,
  marketOrderAmounts,
  parseOrderSize,
  type TickSize,
} from './amounts.js';
import { amountVectors } from './fixtures/load.js';

const v = amountVectors();
const price = (x: number | string) => parseDollars(String(x));
const size = (x: number | string) => parseOrderSize(String(x));

interface Computed {
  makerAmount: bigint;
  takerAmount: bigint;
}

function compute(
  args: { side: 'BUY' | 'SELL'; price: number | string; size?: number | string; amount?: number },
  tick: string,
): Computed {
  if (!isTickSize(tick)) throw new Error(`tick ${tick}`);
  const tickSize: TickSize = tick;
  if (args.amount !== undefined) {
    return args.side === 'BUY'
      ? marketOrderAmounts({ side: 'BUY', price: price(args.price), amount: price(args.amount), tickSize })
      : marketOrderAmounts({ side: 'SELL', price: price(args.price), amount: size(args.amount), tickSize });
  }
  return limitOrderAmounts({
    side: args.side,
    price: price(args.price),
    size: size(args.size ?? 0),
    tickSize,
  });
}

describe('order amounts: every vector', () => {
  const py = v.py_clob_client.cases;
  const rs = v.rs_clob_client_curated.cases;
  it('has all 46 cases', () => expect(py.length + rs.length).toBe(46));

  for (const c of py) {
    it(`py ${c.test}`, () => {
      const got = compute(c.args, c.options.tick_size);
      expect(got.makerAmount).toBe(BigInt(c.expected.makerAmount));
      expect(got.takerAmount).toBe(BigInt(c.expected.takerAmount));
    });
  }
  for (const c of rs) {
    it(`rs ${c.test}`, () => {
      if (c.error) {
        expect(() => compute(c, c.tick_size)).toThrow(/4 decimal places; the maximum lot size is 2/);
        return;
      }
      const got = compute(c, c.tick_size);
      expect(got.makerAmount).toBe(BigInt(c.makerAmount));
      expect(got.takerAmount).toBe(BigInt(c.takerAmount));
    });
  }
});

describe('order amounts: rules', () => {
  it('BUY 100 at 0.40 on tick 0.01 (the reference example)', () => {
    expect(
      limitOrderAmounts({ side: 'BUY', price: 400_000 as Micros, size: 10_000 as Centis, tickSize: '0.01' }),
    ).toEqual({
      makerAmount: 40_000_000n,
      takerAmount: 100_000_000n,
    });
  });
  it('refuses prices outside [tick, 1 - tick] and off the grid', () => {
    const base = { side: 'BUY' as const, size: 100 as Centis, tickSize: '0.01' as const };
    expect(() => limitOrderAmounts({ ...base, price: 995_000 as Micros })).toThrow(/outside/);
    expect(() => limitOrderAmounts({ ...base, price: 0 as Micros })).toThrow(/outside/);
    expect(() => limitOrderAmounts({ ...base, tickSize: '0.005', price: 503_000 as Micros })).toThrow(
      /multiple of tick/,
    );
    expect(limitOrderAmounts({ ...base, tickSize: '0.005', price: 505_000 as Micros }).makerAmount).toBe(
      505_000n,
    );
  });
  it('rounds sizes down to 2 decimals only when asked', () => {
    expect(() => parseOrderSize('1.239')).toThrow(/3 decimal places/);
    expect(parseOrderSize('1.239', { roundDown: true })).toBe(123);
    expect(parseOrderSize('1.2300')).toBe(123);
  });
  it('keeps cash a whole number of base units for any size and price (sampled)', () => {
    for (let centis = 1; centis < 5000; centis += 37) {
      for (let p = 100; p < 1_000_000; p += 9_900) {
        const a = limitOrderAmounts({
          side: 'SELL',
          price: p as Micros,
          size: centis as Centis,
          tickSize: '0.0001',
        });
        // exact product: amount decimals 6 holds centis x price / 1e8 exactly only when divisible
        const exact = (BigInt(centis) * BigInt(p)) / 100n;
        expect(a.takerAmount).toBe(exact);
      }
    }
  });
});
