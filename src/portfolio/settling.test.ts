import { describe, expect, it } from 'vitest';
import { complementCanonicaliser, reconcile } from './reconcile.js';
import { SETTLING_CAP_MS, SettlingMarkets } from './settling.js';

const HOUR = 3_600_000;
const pass = (ledger: [number, [string, number][]], venue: [number, [string, number][]]) =>
  reconcile({
    venue: 'kalshi',
    ledger: { cash: ledger[0], positions: new Map(ledger[1]) },
    reported: { cash: venue[0], positions: new Map(venue[1]) },
  });

describe('settling markets', () => {
  it('sets aside cash and the market in the window, ends it when both agree', () => {
    const s = new SettlingMarkets();
    s.settledByUs('kalshi', 'K', 0);
    // Our ledger paid out 1000 contracts at $1; the venue has not yet.
    const apart = pass([2_000_000_000, []], [1_000_000_000, [['K|yes', 1_000]]]);
    expect(apart.verdict).toBe('halt');
    const held = s.apply(apart, HOUR);
    expect(held).toMatchObject({ verdict: 'ok', discrepancies: [] });
    expect(held.deferred?.map((d) => d.key)).toEqual(['cash:kalshi', 'K|yes']);
    expect(s.settling('kalshi')).toEqual(['K']);
    const agreed = pass([2_000_000_000, []], [2_000_000_000, []]);
    expect(s.apply(agreed, 2 * HOUR)).toEqual(agreed);
    expect(s.settling('kalshi')).toEqual([]);
    // Over: the next difference counts at once.
    expect(s.apply(apart, 3 * HOUR).verdict).toBe('halt');
  });

  it('counts a difference in another market at once', () => {
    const s = new SettlingMarkets();
    s.settledByUs('kalshi', 'K', 0);
    const r = s.apply(pass([2_000_000_000, [['J|no', 10]]], [1_000_000_000, [['K|yes', 1_000]]]), HOUR);
    expect(r.discrepancies.map((d) => d.key)).toEqual(['J|no']);
    expect(r.verdict).toBe('halt');
    expect(r.deferred?.map((d) => d.key)).toEqual(['cash:kalshi', 'K|yes']);
  });

  it('counts the difference again once the window reaches 6 hours', () => {
    const s = new SettlingMarkets();
    s.settledByUs('kalshi', 'K', 0);
    const apart = pass([2_000_000_000, []], [1_000_000_000, [['K|yes', 1_000]]]);
    expect(s.apply(apart, SETTLING_CAP_MS - 1).verdict).toBe('ok');
    expect(s.apply(apart, SETTLING_CAP_MS).verdict).toBe('halt');
    expect(s.expired).toBe(1);
    // The venue showing the market settled does not open it again; only a settlement of ours.
    s.shownByVenue('kalshi', 'K', SETTLING_CAP_MS + 1);
    expect(s.apply(apart, SETTLING_CAP_MS + 2).verdict).toBe('halt');
  });

  it('sets aside the venue-side key of a Polymarket NO (the other token)', () => {
    const canonical = complementCanonicaliser((id) => (id === 'A' ? 'B' : id === 'B' ? 'A' : null));
    const s = new SettlingMarkets();
    s.shownByVenue('polymarket', 'A', 0); // the venue paid out; our ledger still holds NO of A
    const r = reconcile({
      venue: 'polymarket',
      ledger: { cash: 1_000_000, positions: new Map([['A|no', 500]]) },
      reported: { cash: 6_000_000, positions: new Map() },
      canonicalKey: canonical,
    });
    expect(r.discrepancies.map((d) => d.key)).toEqual(['cash:polymarket', 'B|yes']);
    expect(s.apply(r, HOUR, canonical)).toMatchObject({ verdict: 'ok', discrepancies: [] });
  });
});
