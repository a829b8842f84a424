import { describe, expect, it } from 'vitest';
import type { LedgerPosted } from '../core/events.js';
import { asEventId, asLedgerTxId } from '../core/ids.js';
import { micros } from '../core/money.js';
import { PortfolioProjector } from './projector.js';
import { LedgerReplayError, ledgerSeq } from './replay-ledger.js';

const deposits = [
  { venue: 'kalshi' as const, amount: micros(1_000_000) },
  { venue: 'polymarket' as const, amount: micros(1_000_000) },
];

function tx(
  n: number,
  kind: LedgerPosted['kind'],
  ref: string,
  postings: LedgerPosted['postings'],
): LedgerPosted {
  return {
    type: 'LedgerPosted',
    id: asEventId(`ledger:${n}`),
    ts: n,
    txId: asLedgerTxId(`tx-${n}`),
    kind,
    postings,
    ref,
    memo: '',
  };
}

const deposit = (n: number, venue: 'kalshi' | 'polymarket') =>
  tx(n, 'deposit', venue, [
    { account: `assets:cash:${venue}`, amount: micros(1_000_000) },
    { account: 'equity:deposits', amount: micros(-1_000_000) },
  ]);

describe('replaying the stored ledger', () => {
  it('books the deposits once per run and numbers new rows after the stored ones', () => {
    const p = new PortfolioProjector({ deposits });
    const report = p.restore({
      ledger: [deposit(2, 'polymarket'), deposit(1, 'kalshi')],
      fills: [],
      bankroll: null,
    });
    expect(report).toMatchObject({ transactions: 2, lastSeq: 2 });
    const events = p.open(5);
    expect(events.map((e) => e.type)).toEqual(['BankrollSnapshot']);
    expect(events[0]?.id).toBe('bankroll:4');
    expect(p.portfolio.cash('kalshi')).toBe(1_000_000);
    expect(p.portfolio.ledger.imbalance()).toBe(0);
  });

  it('names a booked fill that is not among the stored fills, and an id it cannot order', () => {
    const trade = tx(3, 'trade', 'kalshi-fill-9', [
      { account: 'assets:cash:kalshi', amount: micros(-10) },
      { account: 'assets:positions:kalshi:X:yes', amount: micros(10) },
    ]);
    const p = new PortfolioProjector({ deposits });
    expect(() => p.restore({ ledger: [deposit(1, 'kalshi'), trade], fills: [], bankroll: null })).toThrow(
      /tx-3 books fill "kalshi-fill-9", which is not among the run's stored fills/,
    );
    expect(() => ledgerSeq('tx:7')).toThrow(LedgerReplayError);
  });
});
