/**
 * Turns fills and settlements into the portfolio's events: position changes, ledger postings
 * and bankroll snapshots, with equity marked to the latest mid. Keeps the bankroll curve and the
 * peak for drawdown. Pure: events in, events out, time from the caller.
 */
import type {
  BankrollSnapshot,
  BookSnapshot,
  FillReceived,
  LedgerPosted,
  MarketSettled,
  OrderIntent,
  PositionChanged,
} from '../core/events.js';
import { tradeFee } from '../core/fees.js';
import { asLedgerTxId, type EventId, type InstrumentId } from '../core/ids.js';
import type { FeeSchedule, VenueName } from '../core/instruments.js';
import { type Centis, type Micros, notional } from '../core/money.js';
import { Portfolio, type PortfolioChange, type Position } from './portfolio.js';
import { type RestoreReport, replayLedger, type StoredHistory } from './replay-ledger.js';

export type { RestoreReport, StoredHistory } from './replay-ledger.js';

export type PortfolioEvent = PositionChanged | LedgerPosted | BankrollSnapshot;

/** A stored position row, as the store gives it back. */
export type StoredPositionRow = Omit<PositionChanged, 'type' | 'id'>;

export interface BankrollPoint {
  readonly ts: number;
  readonly equity: Micros;
}

export interface ProjectorOptions {
  /** Starting cash per venue wallet. */
  readonly deposits: ReadonlyArray<{ venue: VenueName; amount: Micros }>;
}

export class PortfolioProjector {
  readonly portfolio = new Portfolio();
  private readonly marks = new Map<InstrumentId, Micros>();
  /** Every fill booked, with its venue. */
  private readonly seenFills = new Map<string, VenueName>();
  private readonly settled = new Set<InstrumentId>();
  /** Fills booked by an earlier process of the run, rebuilt from the store. */
  private readonly restoredFills = new Set<string>();
  private seq = 0;
  private peak = 0;
  /** Venues whose opening deposit is in the ledger: booked once per run, never on a restart. */
  private readonly deposited = new Set<VenueName>();
  maxDrawdown = 0;
  readonly curve: BankrollPoint[] = [];

  constructor(private readonly options: ProjectorOptions) {}

  /** The opening deposits of the venues not yet funded (none after a restart), then a snapshot. */
  open(now: number): PortfolioEvent[] {
    const out: PortfolioEvent[] = [];
    for (const d of this.options.deposits) {
      if (this.deposited.has(d.venue)) continue;
      this.deposited.add(d.venue);
      out.push(this.ledgerEvent(this.portfolio.deposit(d.venue, d.amount), 'deposit', d.venue, now));
    }
    out.push(this.snapshot(now));
    return out;
  }

  /** Sets cash aside for a buy order until it fills or ends (its limit cost plus the fee there). */
  onIntent(intent: OrderIntent, fees: FeeSchedule | undefined, now: number): PortfolioEvent[] {
    if (intent.action !== 'buy') return [];
    const fee = fees
      ? tradeFee({ schedule: fees, price: intent.limitPrice, qty: intent.qty, liquidity: 'taker' })
      : 0;
    const change = this.portfolio.reserve({
      orderId: intent.clientOrderId,
      venue: intent.venue,
      amount: (notional(intent.limitPrice, intent.qty) + fee) as Micros,
    });
    return change ? [this.ledgerEvent(change, 'reservation', intent.clientOrderId, now)] : [];
  }

  /** An order that has ended gives back what is left of its reservation. */
  onOrderEnded(clientOrderId: string, now: number): PortfolioEvent[] {
    const change = this.portfolio.release({ orderId: clientOrderId });
    return change ? [this.ledgerEvent(change, 'release', clientOrderId, now)] : [];
  }

  onBook(book: BookSnapshot): void {
    const bid = book.bids[0]?.price;
    const ask = book.asks[0]?.price;
    if (bid !== undefined && ask !== undefined)
      this.marks.set(book.instrumentId, Math.round((bid + ask) / 2) as Micros);
  }

  onFill(fill: FillReceived, now: number): PortfolioEvent[] {
    if (this.seenFills.has(fill.fillId)) return [];
    this.seenFills.set(fill.fillId, fill.venue);
    const change = this.portfolio.applyFill(fill);
    return [
      ...this.positionEvents(change.positions, now),
      this.ledgerEvent(change, 'trade', fill.fillId, now),
      this.snapshot(now),
    ];
  }

  onSettled(event: MarketSettled, now: number): PortfolioEvent[] {
    if (this.settled.has(event.instrumentId)) return [];
    this.settled.add(event.instrumentId);
    this.marks.delete(event.instrumentId);
    const change = this.portfolio.settle({
      instrumentId: event.instrumentId,
      result: event.result,
      ...(event.yesPayout === undefined ? {} : { yesPayout: event.yesPayout }),
      ts: now,
    });
    if (!change) return [];
    return [
      ...this.positionEvents(change.positions, now),
      this.ledgerEvent(change, 'settlement', event.instrumentId, now),
      this.snapshot(now),
    ];
  }

  /**
   * Rebuilds the state from the run's stored ledger (the system of record), replaying each
   * transaction in booking order; the fills it books come from the stored fills. Call once,
   * on a fresh projector, before anything else. See `replayLedger` for what cannot be rebuilt.
   */
  restore(history: StoredHistory): RestoreReport {
    const report = replayLedger(this.portfolio, history, {
      deposited: (venue) => this.deposited.add(venue),
      booked: (fill) => {
        this.seenFills.set(fill.fillId, fill.venue);
        this.restoredFills.add(fill.fillId);
      },
      settled: (id) => {
        this.settled.add(id);
        this.marks.delete(id);
      },
    });
    // Ids go on after the last stored one; +1 because a batch's bankroll snapshot takes the
    // number after its ledger transaction.
    if (report.lastSeq > 0) this.seq = Math.max(this.seq, report.lastSeq + 1);
    // A restart's opening snapshot has no ledger transaction after it: its number is only in its
    // id. Going on after it means a new event never takes the id of a stored (or queued) one.
    const snapshotSeq = /^bankroll:(\d+)$/.exec(history.bankroll?.id ?? '');
    if (snapshotSeq) this.seq = Math.max(this.seq, Number(snapshotSeq[1]));
    // The peak is not in the ledger: the latest stored snapshot carries it (at least this
    // high, as marks are not restored). The run's worst drawdown so far is not kept anywhere;
    // the latest snapshot's drawdown is a lower bound.
    if (history.bankroll) {
      this.peak = Math.max(this.peak, history.bankroll.peakEquity);
      this.maxDrawdown = Math.max(this.maxDrawdown, history.bankroll.drawdown);
    }
    return report;
  }

  /**
   * Position changes that bring stored rows in line with the portfolio (rows a crash left behind
   * the ledger): open positions that differ, and stored open rows the portfolio has closed.
   */
  repairPositions(stored: readonly StoredPositionRow[], now: number): PositionChanged[] {
    const rows = new Map(stored.map((r) => [`${r.instrumentId}|${r.side}`, r]));
    const stale: Position[] = [];
    for (const p of this.portfolio.openPositions()) {
      const r = rows.get(`${p.instrumentId}|${p.side}`);
      if (!r || r.qty !== p.qty || r.costBasis !== p.costBasis || r.realizedPnl !== p.realizedPnl)
        stale.push({ ...p });
    }
    for (const r of stored) {
      if (r.qty === 0 || this.portfolio.position(r.instrumentId, r.side)) continue;
      stale.push({
        instrumentId: r.instrumentId,
        gameId: r.gameId,
        venue: r.venue,
        side: r.side,
        qty: 0 as Centis,
        costBasis: 0 as Micros,
        fees: 0 as Micros,
        realizedPnl: this.portfolio.realizedFor(r.instrumentId, r.side),
      });
    }
    return this.positionEvents(stale, now);
  }

  /** Whether a fill is booked. */
  hasBooked(fillId: string): boolean {
    return this.seenFills.has(fillId);
  }

  /**
   * Ids of every fill at `venue` booked in the ledger, for reconciliation; without those an
   * earlier process booked when the venue does not outlive the process (the paper venues).
   */
  bookedFillIds(
    venue: VenueName,
    opts: { includeRestored: boolean } = { includeRestored: true },
  ): Set<string> {
    const out = new Set<string>();
    for (const [id, v] of this.seenFills)
      if (v === venue && (opts.includeRestored || !this.restoredFills.has(id))) out.add(id);
    return out;
  }

  equity(): Micros {
    return this.portfolio.equity((id) => this.marks.get(id));
  }

  snapshot(now: number): BankrollSnapshot {
    const equity = this.equity();
    this.peak = Math.max(this.peak, equity);
    const drawdown = this.peak - equity;
    this.maxDrawdown = Math.max(this.maxDrawdown, drawdown);
    this.curve.push({ ts: now, equity });
    const venueCash: Partial<Record<VenueName, Micros>> = {};
    for (const d of this.options.deposits) venueCash[d.venue] = this.portfolio.cash(d.venue);
    this.seq += 1;
    return {
      type: 'BankrollSnapshot',
      id: `bankroll:${this.seq}` as EventId,
      ts: now,
      cash: (this.portfolio.totalCash() + this.portfolio.reservedTotal()) as Micros,
      venueCash,
      equity,
      peakEquity: this.peak as Micros,
      drawdown: drawdown as Micros,
      realizedPnl: this.portfolio.realizedTotal(),
      unrealizedPnl: this.portfolio.unrealizedPnl((id) => this.marks.get(id)),
      openPositions: this.portfolio.openPositions().length,
    };
  }

  private positionEvents(positions: readonly Position[], now: number): PositionChanged[] {
    return positions.map((p) => {
      this.seq += 1;
      return {
        type: 'PositionChanged',
        id: `position:${this.seq}` as EventId,
        ts: now,
        instrumentId: p.instrumentId,
        venue: p.venue,
        gameId: p.gameId,
        side: p.side,
        qty: p.qty,
        costBasis: p.costBasis,
        realizedPnl: p.realizedPnl,
      };
    });
  }

  private ledgerEvent(
    change: PortfolioChange,
    kind: LedgerPosted['kind'],
    ref: string,
    now: number,
  ): LedgerPosted {
    this.seq += 1;
    return {
      type: 'LedgerPosted',
      id: `ledger:${this.seq}` as EventId,
      ts: now,
      txId: asLedgerTxId(`tx-${this.seq}`),
      kind,
      postings: change.postings,
      ref,
      memo: change.memo,
    };
  }
}
