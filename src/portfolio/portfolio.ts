/**
 * Positions, cash and P&L, kept as projections of the ledger: every change is first a balanced
 * transaction, then the position book follows. Pure: fills and settlements in, postings and
 * position changes out.
 */
import type { FillReceived, Posting } from '../core/events.js';
import type { GameId, InstrumentId } from '../core/ids.js';
import type { ContractSide, VenueName } from '../core/instruments.js';
import { type Centis, type Micros, notional, ONE_DOLLAR } from '../core/money.js';
import { accounts, Ledger } from './ledger.js';

export interface Position {
  readonly instrumentId: InstrumentId;
  readonly gameId: GameId;
  readonly venue: VenueName;
  readonly side: ContractSide;
  qty: Centis;
  /** What the open quantity cost, fees included. */
  costBasis: Micros;
  /** Fees paid on this position. */
  fees: Micros;
  realizedPnl: Micros;
}

export interface ClosedPosition {
  readonly instrumentId: InstrumentId;
  readonly gameId: GameId;
  readonly venue: VenueName;
  readonly side: ContractSide;
  readonly qty: Centis;
  readonly costBasis: Micros;
  readonly payout: Micros;
  /** Payout minus cost basis (fees included). */
  readonly pnl: Micros;
  readonly closedTs: number;
}

export interface PortfolioChange {
  readonly kind: 'deposit' | 'trade' | 'settlement';
  readonly postings: readonly Posting[];
  readonly positions: readonly Position[];
  readonly memo: string;
}

const key = (instrumentId: string, side: ContractSide) => `${instrumentId}|${side}`;

export class Portfolio {
  readonly ledger = new Ledger();
  private readonly open = new Map<string, Position>();
  readonly closed: ClosedPosition[] = [];
  private readonly realizedByDay = new Map<string, number>();

  deposit(venue: VenueName, amount: Micros): PortfolioChange {
    const postings: Posting[] = [
      { account: accounts.cash(venue), amount },
      { account: accounts.deposits(), amount: -amount as Micros },
    ];
    this.ledger.post({ postings });
    return { kind: 'deposit', postings, positions: [], memo: `deposit to ${venue}` };
  }

  /** Applies a buy fill: cash out for the contracts and the fee. */
  applyFill(fill: FillReceived): PortfolioChange {
    if (fill.action !== 'buy') throw new Error(`sell fills are not supported yet (${fill.fillId})`);
    const cost = notional(fill.price, fill.qty);
    const postings: Posting[] = [
      { account: accounts.position(fill.venue, fill.instrumentId, fill.side), amount: cost },
      { account: accounts.fees(fill.venue), amount: fill.fee },
      { account: accounts.cash(fill.venue), amount: -(cost + fill.fee) as Micros },
    ];
    this.ledger.post({ postings });
    const k = key(fill.instrumentId, fill.side);
    const pos = this.open.get(k) ?? {
      instrumentId: fill.instrumentId,
      gameId: fill.gameId,
      venue: fill.venue,
      side: fill.side,
      qty: 0 as Centis,
      costBasis: 0 as Micros,
      fees: 0 as Micros,
      realizedPnl: 0 as Micros,
    };
    pos.qty = (pos.qty + fill.qty) as Centis;
    pos.costBasis = (pos.costBasis + cost + fill.fee) as Micros;
    pos.fees = (pos.fees + fill.fee) as Micros;
    this.open.set(k, pos);
    return { kind: 'trade', postings, positions: [{ ...pos }], memo: `fill ${fill.fillId}` };
  }

  /** Settles every open position on the instrument: winners are paid $1 a contract. */
  settle(opts: {
    instrumentId: InstrumentId;
    result: ContractSide;
    ts: number;
    day: string;
  }): PortfolioChange | null {
    const postings: Posting[] = [];
    const changed: Position[] = [];
    for (const side of ['yes', 'no'] as const) {
      const pos = this.open.get(key(opts.instrumentId, side));
      if (!pos || pos.qty === 0) continue;
      const payout = side === opts.result ? notional(ONE_DOLLAR, pos.qty) : (0 as Micros);
      const contractsCost = pos.costBasis - pos.fees;
      const pnl = (payout - pos.costBasis) as Micros;
      postings.push(
        { account: accounts.cash(pos.venue), amount: payout },
        { account: accounts.position(pos.venue, pos.instrumentId, side), amount: -contractsCost as Micros },
        { account: accounts.realized(pos.venue), amount: (contractsCost - payout) as Micros },
      );
      this.closed.push({
        instrumentId: pos.instrumentId,
        gameId: pos.gameId,
        venue: pos.venue,
        side,
        qty: pos.qty,
        costBasis: pos.costBasis,
        payout,
        pnl,
        closedTs: opts.ts,
      });
      this.realizedByDay.set(opts.day, (this.realizedByDay.get(opts.day) ?? 0) + pnl);
      pos.realizedPnl = (pos.realizedPnl + pnl) as Micros;
      pos.qty = 0 as Centis;
      pos.costBasis = 0 as Micros;
      pos.fees = 0 as Micros;
      changed.push({ ...pos });
      this.open.delete(key(opts.instrumentId, side));
    }
    if (postings.length === 0) return null;
    this.ledger.post({ postings });
    return {
      kind: 'settlement',
      postings,
      positions: changed,
      memo: `settle ${opts.instrumentId} ${opts.result}`,
    };
  }

  cash(venue: VenueName): Micros {
    return this.ledger.balance(accounts.cash(venue));
  }

  totalCash(): Micros {
    let sum = 0;
    for (const row of this.ledger.trialBalance())
      if (row.account.startsWith('assets:cash:')) sum += row.balance;
    return sum as Micros;
  }

  openPositions(): Position[] {
    return [...this.open.values()];
  }

  position(instrumentId: InstrumentId, side: ContractSide): Position | undefined {
    return this.open.get(key(instrumentId, side));
  }

  /** Cash plus open positions valued by `markYes` (YES price per instrument), else at cost. */
  equity(markYes: (instrumentId: InstrumentId) => Micros | undefined): Micros {
    let total = this.totalCash() as number;
    for (const pos of this.open.values()) {
      const yes = markYes(pos.instrumentId);
      if (yes === undefined) total += pos.costBasis;
      else total += notional((pos.side === 'yes' ? yes : ONE_DOLLAR - yes) as Micros, pos.qty);
    }
    return total as Micros;
  }

  realizedOn(day: string): Micros {
    return (this.realizedByDay.get(day) ?? 0) as Micros;
  }

  realizedTotal(): Micros {
    return this.closed.reduce((s, c) => s + c.pnl, 0) as Micros;
  }
}
