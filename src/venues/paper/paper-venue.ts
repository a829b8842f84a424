/**
 * The paper venue: fills orders against the books it is fed (simulated or live market data),
 * taking the liquidity it uses until the next snapshot, with each venue's fee formula. It keeps
 * every order by client order id, so submitting the same order twice returns the first result
 * and never trades twice.
 */
import type { Clock } from '../../core/clock.js';
import type { BookSnapshot, OrderIntent } from '../../core/events.js';
import {
  asFillId,
  asVenueOrderId,
  type ClientOrderId,
  type FillId,
  type InstrumentId,
} from '../../core/ids.js';
import type { ContractSide, VenueInstrument, VenueName } from '../../core/instruments.js';
import { type Centis, type Micros, notional, ONE_DOLLAR } from '../../core/money.js';
import { type BookSides, matchIoc } from '../../execution/matching.js';
import type {
  SubmitOutcome,
  VenueAccount,
  VenueClient,
  VenueFill,
  VenueOrderReport,
  VenuePosition,
} from '../port.js';

export interface PaperVenueOptions {
  readonly venue: VenueName;
  readonly clock: Clock;
  /** The account's starting cash at this venue. */
  readonly startingBalance: Micros;
}

export class PaperVenue implements VenueClient, VenueAccount {
  readonly venue: VenueName;
  readonly live = false;
  readonly account: VenueAccount = this;
  private cash: number;
  private readonly held = new Map<string, VenuePosition>();
  private readonly clock: Clock;
  private readonly instruments = new Map<InstrumentId, VenueInstrument>();
  private readonly books = new Map<InstrumentId, BookSides>();
  private readonly orders = new Map<ClientOrderId, VenueOrderReport>();

  constructor(options: PaperVenueOptions) {
    this.venue = options.venue;
    this.clock = options.clock;
    this.cash = options.startingBalance;
  }

  async balance(): Promise<Micros> {
    return this.cash as Micros;
  }

  async openOrders(): Promise<ClientOrderId[]> {
    // IOC and FOK orders never rest here.
    return [];
  }

  async fillIds(): Promise<FillId[]> {
    return [...this.orders.values()].flatMap((o) => o.fills.map((f) => f.fillId));
  }

  async positions(): Promise<VenuePosition[]> {
    return [...this.held.values()].filter((p) => p.qty !== 0);
  }

  /** Pays $1 a contract on the winning side of a resolved instrument and closes its positions. */
  settle(instrumentId: InstrumentId, result: ContractSide): void {
    for (const side of ['yes', 'no'] as const) {
      const key = `${instrumentId}|${side}`;
      const pos = this.held.get(key);
      if (!pos) continue;
      if (side === result) this.cash += notional(ONE_DOLLAR, pos.qty);
      this.held.delete(key);
    }
  }

  addInstrument(instrument: VenueInstrument): void {
    this.instruments.set(instrument.instrumentId, instrument);
  }

  /** A fresh book replaces what was left of the last one. */
  onBook(book: BookSnapshot): void {
    this.books.set(book.instrumentId, { bids: book.bids, asks: book.asks });
  }

  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    const known = this.orders.get(intent.clientOrderId);
    if (known) return { kind: 'accepted', report: known };
    if (intent.venue !== this.venue)
      return { kind: 'rejected', reason: `order for ${intent.venue} sent to ${this.venue}` };
    const instrument = this.instruments.get(intent.instrumentId);
    if (!instrument) return { kind: 'rejected', reason: `unknown instrument ${intent.instrumentId}` };
    if (intent.qty <= 0) return { kind: 'rejected', reason: `quantity must be positive, got ${intent.qty}` };
    if (intent.tif === 'GTC')
      return { kind: 'rejected', reason: 'the paper venue matches IOC and FOK orders only' };
    const book = this.books.get(intent.instrumentId);
    if (!book) return { kind: 'rejected', reason: `no market data for ${intent.instrumentId}` };

    const result = matchIoc({
      book,
      side: intent.side,
      action: intent.action,
      limitPrice: intent.limitPrice,
      qty: intent.qty,
      fees: instrument.fees,
    });
    if (intent.tif === 'FOK' && result.remainingQty > 0) {
      return this.remember(intent, [], 'canceled');
    }
    const ts = this.clock.now();
    if (intent.action === 'sell') {
      const have = this.held.get(`${intent.instrumentId}|${intent.side}`)?.qty ?? 0;
      if (have < result.filledQty)
        return { kind: 'rejected', reason: `cannot sell ${result.filledQty}: ${have} held` };
    } else {
      const cost = result.fills.reduce((s, f) => s + notional(f.price, f.qty) + f.fee, 0);
      if (cost > this.cash)
        return { kind: 'rejected', reason: `insufficient balance: needs ${cost}, has ${this.cash}` };
    }
    this.books.set(intent.instrumentId, result.book);
    this.book(intent, result.fills);
    const fills: VenueFill[] = result.fills.map((f, i) => ({
      fillId: asFillId(`${intent.clientOrderId}.F${i + 1}`),
      price: f.price,
      qty: f.qty,
      fee: f.fee,
      liquidity: 'taker',
      ts,
    }));
    return this.remember(intent, fills, result.remainingQty > 0 ? 'canceled' : 'filled');
  }

  async getOrder(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    return this.orders.get(clientOrderId) ?? null;
  }

  async cancel(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    // IOC and FOK orders never rest, so there is nothing left to cancel.
    return this.orders.get(clientOrderId) ?? null;
  }

  /** Moves cash and positions for the fills of one order. */
  private book(intent: OrderIntent, fills: readonly { price: Micros; qty: Centis; fee: Micros }[]): void {
    const key = `${intent.instrumentId}|${intent.side}`;
    const pos = this.held.get(key) ?? {
      instrumentId: intent.instrumentId,
      side: intent.side,
      qty: 0 as Centis,
    };
    let qty = pos.qty as number;
    for (const f of fills) {
      const value = notional(f.price, f.qty);
      if (intent.action === 'buy') {
        this.cash -= value + f.fee;
        qty += f.qty;
      } else {
        this.cash += value - f.fee;
        qty -= f.qty;
      }
    }
    this.held.set(key, { ...pos, qty: qty as Centis });
  }

  private remember(intent: OrderIntent, fills: VenueFill[], status: 'filled' | 'canceled'): SubmitOutcome {
    const filledQty = fills.reduce((s, f) => s + f.qty, 0) as Centis;
    const report: VenueOrderReport = {
      clientOrderId: intent.clientOrderId,
      venueOrderId: asVenueOrderId(`${this.venue}-paper-${intent.clientOrderId}`),
      status,
      qty: intent.qty,
      filledQty,
      fills,
    };
    this.orders.set(intent.clientOrderId, report);
    return { kind: 'accepted', report };
  }
}
