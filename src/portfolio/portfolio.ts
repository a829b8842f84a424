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
  /** Realized P&L from opening to close, fees included. */
  readonly pnl: Micros;
  readonly closedTs: number;
}

export interface PortfolioChange {
  readonly kind: 'deposit' | 'trade' | 'settlement' | 'reservation' | 'release';
  readonly postings: readonly Posting[];
  readonly positions: readonly Position[];
  readonly memo: string;
}

const key = (instrumentId: string, side: ContractSide) => `${instrumentId}|${side}`;

/**
 * A settlement's memo: `settle <instrument> <result>`, and ` yes-pays <micros>` when the venue
 * paid a fraction; the ledger replay reads the settlement back from it (replay-ledger.ts).
 */
export function settlementMemo(instrumentId: string, result: ContractSide, yesPayout?: Micros): string {
  return yesPayout === undefined
    ? `settle ${instrumentId} ${result}`
    : `settle ${instrumentId} ${result} yes-pays ${yesPayout}`;
}

export class Portfolio {
  readonly ledger = new Ledger();
  private readonly open = new Map<string, Position>();
  readonly closed: ClosedPosition[] = [];
  private readonly realizedByDay = new Map<string, number>();
  private readonly realizedByKey = new Map<string, number>();
  private readonly realizedAtOpen = new Map<string, number>();
  private readonly reservations = new Map<string, { venue: VenueName; remaining: number }>();

  deposit(venue: VenueName, amount: Micros): PortfolioChange {
    const postings: Posting[] = [
      { account: accounts.cash(venue), amount },
      { account: accounts.deposits(), amount: -amount as Micros },
    ];
    this.ledger.post({ postings });
    return { kind: 'deposit', postings, positions: [], memo: `deposit to ${venue}` };
  }

  /** Sets cash aside for an order in flight. Nothing happens for a second reservation of one order. */
  reserve(opts: { orderId: string; venue: VenueName; amount: Micros }): PortfolioChange | null {
    if (this.reservations.has(opts.orderId) || opts.amount <= 0) return null;
    const postings: Posting[] = [
      { account: accounts.reserved(opts.venue), amount: opts.amount },
      { account: accounts.cash(opts.venue), amount: -opts.amount as Micros },
    ];
    this.ledger.post({ postings });
    this.reservations.set(opts.orderId, { venue: opts.venue, remaining: opts.amount });
    return { kind: 'reservation', postings, positions: [], memo: `reserve for ${opts.orderId}` };
  }

  /** Gives back up to `amount` (all of it by default) of an order's reservation. */
  release(opts: { orderId: string; amount?: Micros }): PortfolioChange | null {
    const r = this.reservations.get(opts.orderId);
    if (!r) return null;
    const amount = Math.min(r.remaining, opts.amount ?? r.remaining);
    if (amount <= 0) return null;
    const postings: Posting[] = [
      { account: accounts.cash(r.venue), amount: amount as Micros },
      { account: accounts.reserved(r.venue), amount: -amount as Micros },
    ];
    this.ledger.post({ postings });
    r.remaining -= amount;
    if (r.remaining === 0) this.reservations.delete(opts.orderId);
    return { kind: 'release', postings, positions: [], memo: `release for ${opts.orderId}` };
  }

  reservedAt(venue: VenueName): Micros {
    let sum = 0;
    for (const r of this.reservations.values()) if (r.venue === venue) sum += r.remaining;
    return sum as Micros;
  }

  reservedTotal(): Micros {
    let sum = 0;
    for (const r of this.reservations.values()) sum += r.remaining;
    return sum as Micros;
  }

  /** Applies a fill: a buy adds contracts at cost; a sell takes them out at average cost. */
  applyFill(fill: FillReceived): PortfolioChange {
    return fill.action === 'buy' ? this.applyBuy(fill) : this.applySell(fill);
  }

  private openPosition(fill: FillReceived): Position {
    const k = key(fill.instrumentId, fill.side);
    const existing = this.open.get(k);
    if (existing) return existing;
    const pos: Position = {
      instrumentId: fill.instrumentId,
      gameId: fill.gameId,
      venue: fill.venue,
      side: fill.side,
      qty: 0 as Centis,
      costBasis: 0 as Micros,
      fees: 0 as Micros,
      // Realized P&L is cumulative per instrument and side, across re-openings.
      realizedPnl: (this.realizedByKey.get(k) ?? 0) as Micros,
    };
    this.open.set(k, pos);
    this.realizedAtOpen.set(k, pos.realizedPnl);
    return pos;
  }

  private applyBuy(fill: FillReceived): PortfolioChange {
    const cost = notional(fill.price, fill.qty);
    const postings: Posting[] = [
      { account: accounts.position(fill.venue, fill.instrumentId, fill.side), amount: cost },
      { account: accounts.fees(fill.venue), amount: fill.fee },
      { account: accounts.cash(fill.venue), amount: -(cost + fill.fee) as Micros },
    ];
    this.ledger.post({ postings });
    const pos = this.openPosition(fill);
    pos.qty = (pos.qty + fill.qty) as Centis;
    pos.costBasis = (pos.costBasis + cost + fill.fee) as Micros;
    pos.fees = (pos.fees + fill.fee) as Micros;
    return { kind: 'trade', postings, positions: [{ ...pos }], memo: `fill ${fill.fillId}` };
  }

  private applySell(fill: FillReceived): PortfolioChange {
    const k = key(fill.instrumentId, fill.side);
    const pos = this.open.get(k);
    if (!pos || pos.qty < fill.qty) {
      throw new Error(`sell fill ${fill.fillId} of ${fill.qty} exceeds the ${pos?.qty ?? 0} held of ${k}`);
    }
    const proceeds = notional(fill.price, fill.qty);
    // The share of the position sold takes the same share of its contract cost and buy fees.
    const contractsCost = pos.costBasis - pos.fees;
    const costOut = Math.round((contractsCost * fill.qty) / pos.qty);
    const feesOut = Math.round((pos.fees * fill.qty) / pos.qty);
    const pnl = proceeds - fill.fee - costOut - feesOut;
    const postings: Posting[] = [
      { account: accounts.cash(fill.venue), amount: (proceeds - fill.fee) as Micros },
      { account: accounts.fees(fill.venue), amount: fill.fee },
      { account: accounts.position(fill.venue, fill.instrumentId, fill.side), amount: -costOut as Micros },
      { account: accounts.realized(fill.venue), amount: (costOut - proceeds) as Micros },
    ];
    this.ledger.post({ postings });
    pos.qty = (pos.qty - fill.qty) as Centis;
    pos.costBasis = (pos.costBasis - costOut - feesOut) as Micros;
    pos.fees = (pos.fees - feesOut) as Micros;
    this.book(pos, pnl, fill.ts);
    return { kind: 'trade', postings, positions: [{ ...pos }], memo: `fill ${fill.fillId}` };
  }

  /** Adds realized P&L to a position, and closes it when nothing is left. */
  private book(pos: Position, pnl: number, ts: number): void {
    const k = key(pos.instrumentId, pos.side);
    pos.realizedPnl = (pos.realizedPnl + pnl) as Micros;
    this.realizedByKey.set(k, pos.realizedPnl);
    const day = new Date(ts).toISOString().slice(0, 10);
    this.realizedByDay.set(day, (this.realizedByDay.get(day) ?? 0) + pnl);
    if (pos.qty === 0) {
      this.closed.push({
        instrumentId: pos.instrumentId,
        gameId: pos.gameId,
        venue: pos.venue,
        side: pos.side,
        pnl: (pos.realizedPnl - (this.realizedAtOpen.get(k) ?? 0)) as Micros,
        closedTs: ts,
      });
      this.open.delete(k);
    }
  }

  /**
   * Settles every open position on the instrument: winners are paid $1 a contract, or, when the
   * venue settled at a fraction (`yesPayout`, e.g. $0.50 each on a tie), a YES contract that and a
   * NO contract the rest of the dollar.
   */
  settle(opts: {
    instrumentId: InstrumentId;
    result: ContractSide;
    /** What one YES contract pays; absent: $1 to the `result` side. */
    yesPayout?: Micros;
    ts: number;
  }): PortfolioChange | null {
    const yesPays = opts.yesPayout ?? (opts.result === 'yes' ? ONE_DOLLAR : 0);
    if (!Number.isSafeInteger(yesPays) || yesPays < 0 || yesPays > ONE_DOLLAR)
      throw new Error(
        `settlement of ${opts.instrumentId}: a YES payout of ${yesPays} micros is not in [0, $1]`,
      );
    const postings: Posting[] = [];
    const changed: Position[] = [];
    for (const side of ['yes', 'no'] as const) {
      const pos = this.open.get(key(opts.instrumentId, side));
      if (!pos || pos.qty === 0) continue;
      const perContract = (side === 'yes' ? yesPays : ONE_DOLLAR - yesPays) as Micros;
      const payout = notional(perContract, pos.qty);
      const contractsCost = pos.costBasis - pos.fees;
      const pnl = payout - pos.costBasis;
      postings.push(
        { account: accounts.cash(pos.venue), amount: payout },
        { account: accounts.position(pos.venue, pos.instrumentId, side), amount: -contractsCost as Micros },
        { account: accounts.realized(pos.venue), amount: (contractsCost - payout) as Micros },
      );
      pos.qty = 0 as Centis;
      pos.costBasis = 0 as Micros;
      pos.fees = 0 as Micros;
      this.book(pos, pnl, opts.ts);
      changed.push({ ...pos });
    }
    if (postings.length === 0) return null;
    this.ledger.post({ postings });
    return {
      kind: 'settlement',
      postings,
      positions: changed,
      memo: settlementMemo(opts.instrumentId, opts.result, opts.yesPayout),
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
    let total = this.totalCash() + this.reservedTotal();
    for (const pos of this.open.values()) {
      const yes = markYes(pos.instrumentId);
      if (yes === undefined) total += pos.costBasis;
      else total += notional((pos.side === 'yes' ? yes : ONE_DOLLAR - yes) as Micros, pos.qty);
    }
    return total as Micros;
  }

  /** Open positions valued by `markYes` minus what they cost; positions without a mark count 0. */
  unrealizedPnl(markYes: (instrumentId: InstrumentId) => Micros | undefined): Micros {
    let total = 0;
    for (const pos of this.open.values()) {
      const yes = markYes(pos.instrumentId);
      if (yes === undefined) continue;
      total += notional((pos.side === 'yes' ? yes : ONE_DOLLAR - yes) as Micros, pos.qty) - pos.costBasis;
    }
    return total as Micros;
  }

  /** Realized P&L of an instrument and side so far, across re-openings (0 if never traded). */
  realizedFor(instrumentId: InstrumentId, side: ContractSide): Micros {
    return (this.realizedByKey.get(key(instrumentId, side)) ?? 0) as Micros;
  }

  /** Realized P&L booked on each UTC day (YYYY-MM-DD), by the time of the fill or settlement. */
  realizedByDays(): ReadonlyMap<string, Micros> {
    return new Map(this.realizedByDay as Map<string, Micros>);
  }

  realizedOn(day: string): Micros {
    return (this.realizedByDay.get(day) ?? 0) as Micros;
  }

  realizedTotal(): Micros {
    return this.closed.reduce((s, c) => s + c.pnl, 0) as Micros;
  }
}
