import { describe, expect, it } from 'vitest';
import { complementCanonicaliser, reconcile } from './reconcile.js';

const holdings = (cash: number, positions: Array<[string, number]> = []) => ({
  cash,
  positions: new Map(positions),
});

describe('reconciliation', () => {
  it('passes when the venue agrees with the ledger', () => {
    expect(
      reconcile({
        venue: 'kalshi',
        ledger: holdings(5_000_000_000, [['K|yes', 1_000]]),
        reported: holdings(5_000_000_000, [['K|yes', 1_000]]),
      }),
    ).toEqual({
      venue: 'kalshi',
      discrepancies: [],
      verdict: 'ok',
    });
  });

  it('alerts above 0.01 % and halts above 1 %', () => {
    const small = reconcile({
      venue: 'kalshi',
      ledger: holdings(5_000_000_000),
      reported: holdings(5_001_000_000),
    }); // 0.02 %
    expect(small.verdict).toBe('alert');
    expect(small.discrepancies[0]).toMatchObject({ kind: 'balance', key: 'cash:kalshi', severity: 'alert' });
    const big = reconcile({
      venue: 'kalshi',
      ledger: holdings(5_000_000_000),
      reported: holdings(4_900_000_000),
    }); // 2 %
    expect(big.verdict).toBe('halt');
    const tiny = reconcile({
      venue: 'kalshi',
      ledger: holdings(5_000_000_000),
      reported: holdings(5_000_100_000),
    }); // 0.002 %
    expect(tiny.verdict).toBe('ok');
  });

  it('finds positions the ledger or the venue does not know', () => {
    const r = reconcile({
      venue: 'polymarket',
      ledger: holdings(1_000, [['A|yes', 500]]),
      reported: holdings(1_000, [['B|no', 300]]),
    });
    expect(r.verdict).toBe('halt');
    expect(r.discrepancies.map((d) => [d.key, d.ledger, d.venueValue])).toEqual([
      ['A|yes', 500, 0],
      ['B|no', 0, 300],
    ]);
  });

  it('halts on an order or fill that one side does not know', () => {
    const r = reconcile({
      venue: 'kalshi',
      ledger: { cash: 1, positions: new Map(), openOrders: new Set(), fills: new Set(['f1']) },
      reported: {
        cash: 1,
        positions: new Map(),
        openOrders: new Set(['S9.L1']),
        fills: new Set(['f1', 'f2']),
      },
    });
    expect(r.verdict).toBe('halt');
    expect(r.discrepancies.map((d) => [d.kind, d.key])).toEqual([
      ['order', 'S9.L1'],
      ['fill', 'f2'],
    ]);
  });

  it('compares a Polymarket NO of one token with the venue holding the other token as one position', () => {
    const complements: Record<string, string> = {
      'polymarket:A': 'polymarket:B',
      'polymarket:B': 'polymarket:A',
    };
    const canonicalKey = complementCanonicaliser((id) => complements[id] ?? null);
    const ledger = holdings(1_000, [
      ['polymarket:A|no', 200], // bought as NO of A...
      ['polymarket:B|yes', 100], // ...and as YES of B: one token at the venue
      ['polymarket:C|no', 50], // complement unknown: compared as it is
    ]);
    const reported = holdings(1_000, [
      ['polymarket:B|yes', 300],
      ['polymarket:C|no', 50],
    ]);
    expect(reconcile({ venue: 'polymarket', ledger, reported, canonicalKey })).toMatchObject({
      verdict: 'ok',
      discrepancies: [],
    });
    // Compared key by key, the same holdings look like two faults.
    const raw = reconcile({ venue: 'polymarket', ledger, reported });
    expect(raw.discrepancies.map((d) => [d.key, d.ledger, d.venueValue])).toEqual([
      ['polymarket:A|no', 200, 0],
      ['polymarket:B|yes', 100, 300],
    ]);
    // A real difference still shows, under the canonical key.
    const short = reconcile({
      venue: 'polymarket',
      ledger,
      reported: holdings(1_000, [
        ['polymarket:B|yes', 250],
        ['polymarket:C|no', 50],
      ]),
      canonicalKey,
    });
    expect(short.discrepancies.map((d) => [d.key, d.ledger, d.venueValue])).toEqual([
      ['polymarket:B|yes', 300, 250],
    ]);
  });
});
