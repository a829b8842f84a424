import { describe, expect, it } from 'vitest';
import type { LedgerPosted } from '../core/events.js';
import { asClientOrderId, asEventId, asFillId, asGameId, asInstrumentId, asLedgerTxId } from '../core/ids.js';
import { type Centis, micros } from '../core/money.js';
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

  it('replays a settlement at a fraction from its memo, booking the same half payout again', () => {
    const fillEvent = {
      type: 'FillReceived' as const,
      id: asEventId('fill-1'),
      ts: 2,
      fillId: asFillId('fill-1'),
      clientOrderId: asClientOrderId('c-1'),
      gameId: asGameId('G'),
      instrumentId: asInstrumentId('kalshi:TIE'),
      venue: 'kalshi' as const,
      side: 'yes' as const,
      action: 'buy' as const,
      price: micros(400_000),
      qty: 1000 as Centis,
      fee: micros(0),
      liquidity: 'taker' as const,
    };
    const first = new PortfolioProjector({ deposits });
    const stored: LedgerPosted[] = first.open(1).filter((e) => e.type === 'LedgerPosted');
    stored.push(...first.onFill(fillEvent, 2).filter((e) => e.type === 'LedgerPosted'));
    const settled = first.onSettled(
      {
        type: 'MarketSettled',
        id: asEventId('settled-1'),
        ts: 3,
        instrumentId: asInstrumentId('kalshi:TIE'),
        venue: 'kalshi',
        result: 'yes',
        yesPayout: micros(500_000),
      },
      3,
    );
    stored.push(...settled.filter((e) => e.type === 'LedgerPosted'));
    expect(first.portfolio.cash('kalshi')).toBe(1_000_000 - 4_000_000 + 5_000_000);

    const second = new PortfolioProjector({ deposits });
    const report = second.restore({ ledger: stored, fills: [fillEvent], bankroll: null });
    expect(report).toMatchObject({ settlements: 1, mismatched: [] });
    expect(second.portfolio.cash('kalshi')).toBe(first.portfolio.cash('kalshi'));
  });
});
