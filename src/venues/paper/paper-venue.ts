/**
 * The paper venue: fills orders against the books it is fed (simulated or live market data) as
 * the venue would. An order meets the book `latencyMs` after it is submitted (its trip to the
 * venue and the book's trip back); on an instrument with a live-sports taker delay, an order
 * that would cross waits that delay too and then meets the book as it is then. Matching walks
 * the levels up to the limit with each venue's fee per level: IOC fills what it can, FOK all or
 * nothing. The liquidity it takes stays taken until the next snapshot. It never fills against a
 * book older than `maxBookAgeMs`.
 *
 * Every finished order is kept by client order id, so submitting it again returns the first
 * result and never trades twice; with a persistence port the account (cash, positions, orders
 * and fills) is saved after each change and restored by `PaperVenue.open`.
 *
 * With latency 0 and no taker delay nothing is awaited before matching: a backtest on the replay
 * timeline matches in the task that submits, exactly as before latency was modelled.
 */
import type { Clock } from '../../core/clock.js';
import type { BookDelta, BookSnapshot, OrderIntent } from '../../core/events.js';
import {
  asFillId,
  asVenueOrderId,
  type ClientOrderId,
  type FillId,
  type InstrumentId,
} from '../../core/ids.js';
import type { ContractSide, VenueInstrument, VenueName } from '../../core/instruments.js';
import { type Centis, type Micros, notional } from '../../core/money.js';
import { matchIoc } from '../../execution/matching.js';
import type {
  SubmitOutcome,
  VenueAccount,
  VenueClient,
  VenueFill,
  VenueOrderReport,
  VenuePosition,
} from '../port.js';
import { PaperAccount } from './account.js';
import { applyBookDelta, bookFromSnapshot, crosses, type HeldBook } from './book.js';
import { PaperAccountConflictError, type PaperAccountPersistence } from './persistence.js';

export interface PaperVenueOptions {
  readonly venue: VenueName;
  readonly clock: Clock;
  /** The account's cash at this venue when it starts (a restored account keeps its own). */
  readonly startingBalance: Micros;
  /**
   * Submission to matching, ms (DEFAULT_PAPER_LATENCY_MS in paper runs). 0, the default, matches
   * at once without waiting.
   */
  readonly latencyMs?: number;
  /**
   * Waits out latency and taker delays (a timer live, `sleepOnScheduler` on a scheduler). Needed
   * when latencyMs is above 0; without it an order that must wait a taker delay is rejected.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /** No fill against a book the venue stamped longer ago than this, ms; absent: no limit. */
  readonly maxBookAgeMs?: number;
  /** Told of a save that failed; the change goes again with the next save. */
  readonly onPersistError?: (error: unknown) => void;
}

export interface PersistentPaperVenueOptions extends PaperVenueOptions {
  readonly persistence: PaperAccountPersistence;
}

/** An order between submission and its result. */
interface InFlight {
  readonly intent: OrderIntent;
  canceled: boolean;
  /** Set as soon as the order is under way; a resubmission gets the same result. */
  outcome?: Promise<SubmitOutcome>;
}

export class PaperVenue implements VenueClient, VenueAccount {
  readonly venue: VenueName;
  readonly live = false;
  readonly account: VenueAccount = this;
  private readonly clock: Clock;
  private readonly latencyMs: number;
  private paper: PaperAccount;
  private persistence: PaperAccountPersistence | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly instruments = new Map<InstrumentId, VenueInstrument>();
  private readonly books = new Map<InstrumentId, HeldBook>();
  private readonly inFlight = new Map<ClientOrderId, InFlight>();
  /** Saves that failed (each retried with the next). */
  persistFailures = 0;

  constructor(private readonly options: PaperVenueOptions) {
    this.venue = options.venue;
    this.clock = options.clock;
    this.latencyMs = options.latencyMs ?? 0;
    if (!Number.isInteger(this.latencyMs) || this.latencyMs < 0)
      throw new RangeError(
        `paper venue ${options.venue}: latencyMs must be a whole number ≥ 0, got ${this.latencyMs}`,
      );
    if (this.latencyMs > 0 && !options.sleep)
      throw new Error(
        `paper venue ${options.venue}: a latency of ${this.latencyMs} ms needs a sleep function`,
      );
    const maxAge = options.maxBookAgeMs;
    if (maxAge !== undefined && !(maxAge >= 0))
      throw new RangeError(`paper venue ${options.venue}: maxBookAgeMs must be ≥ 0, got ${maxAge}`);
    this.paper = new PaperAccount({ cash: options.startingBalance, positions: [], orders: [], version: 0 });
  }

  /**
   * A paper venue whose account lives in `persistence`: restored from it when it was saved
   * before (the same run started again), else started with `startingBalance` and saved.
   */
  static async open(options: PersistentPaperVenueOptions): Promise<PaperVenue> {
    const venue = new PaperVenue(options);
    const stored = await options.persistence.load();
    if (stored) venue.paper = new PaperAccount(stored);
    venue.persistence = options.persistence;
    if (!stored) {
      const first = { version: 0, cash: options.startingBalance, positions: [], orders: [] };
      if (!(await options.persistence.save(first))) throw new PaperAccountConflictError(0);
    }
    return venue;
  }

  async balance(): Promise<Micros> {
    return this.paper.balance();
  }

  /** Orders submitted and not yet matched (travelling, or waiting out a taker delay). */
  async openOrders(): Promise<ClientOrderId[]> {
    return [...this.inFlight.keys()];
  }

  async fillIds(): Promise<FillId[]> {
    return this.paper.fillIds();
  }

  async positions(): Promise<VenuePosition[]> {
    return this.paper.positions();
  }

  /** Pays $1 a contract on the winning side of a resolved instrument and closes its positions. */
  settle(instrumentId: InstrumentId, result: ContractSide): Promise<void> {
    const changed = this.paper.settle(instrumentId, result);
    return changed ? this.persist() : Promise.resolve();
  }

  addInstrument(instrument: VenueInstrument): void {
    this.instruments.set(instrument.instrumentId, instrument);
  }

  /** A fresh book replaces what was left of the last one. */
  onBook(book: BookSnapshot): void {
    this.books.set(book.instrumentId, bookFromSnapshot(book));
  }

  /** Moves the book on; a delta before any snapshot has nothing to apply to and is dropped. */
  onBookDelta(delta: BookDelta): void {
    const book = this.books.get(delta.instrumentId);
    if (book) this.books.set(delta.instrumentId, applyBookDelta(book, delta));
  }

  submit(intent: OrderIntent): Promise<SubmitOutcome> {
    const known = this.paper.order(intent.clientOrderId);
    if (known) return Promise.resolve({ kind: 'accepted', report: known });
    const travelling = this.inFlight.get(intent.clientOrderId)?.outcome;
    if (travelling) return travelling;
    const refusal = this.refusal(intent);
    if (refusal) return Promise.resolve({ kind: 'rejected', reason: refusal });
    // Nothing to wait for: matched here and now, nothing awaited (the backtest's path).
    if (this.latencyMs === 0) {
      const arrived = this.arrive(intent);
      if (arrived.kind !== 'taker_delay') return this.done(arrived);
    }
    const flight: InFlight = { intent, canceled: false };
    this.inFlight.set(intent.clientOrderId, flight);
    flight.outcome = this.travel(flight).then((outcome) => this.done(outcome));
    return flight.outcome;
  }

  async getOrder(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    const known = this.paper.order(clientOrderId);
    if (known) return known;
    const travelling = this.inFlight.get(clientOrderId);
    if (!travelling) return null;
    return { ...this.emptyReport(clientOrderId, travelling.intent.qty), status: 'resting' };
  }

  /** Stops an order that has not met the book yet; a finished one is returned as it is. */
  async cancel(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    const travelling = this.inFlight.get(clientOrderId);
    if (travelling && !travelling.canceled) {
      travelling.canceled = true;
      this.inFlight.delete(clientOrderId);
      if (!this.paper.order(clientOrderId)) {
        this.paper.record(this.emptyReport(clientOrderId, travelling.intent.qty), travelling.intent);
        await this.persist();
      }
    }
    return this.paper.order(clientOrderId) ?? null;
  }

  /** Waits for every save under way; a failed one is tried again first. */
  async flush(): Promise<void> {
    await this.persist();
  }

  /** Why the venue refuses the order on arrival, before anything is matched; null if it takes it. */
  private refusal(intent: OrderIntent): string | null {
    if (intent.venue !== this.venue) return `order for ${intent.venue} sent to ${this.venue}`;
    if (!this.instruments.has(intent.instrumentId)) return `unknown instrument ${intent.instrumentId}`;
    if (intent.qty <= 0) return `quantity must be positive, got ${intent.qty}`;
    if (intent.tif === 'GTC') return 'the paper venue matches IOC and FOK orders only';
    return null;
  }

  /** The order's way to the book and through a taker delay; ends with its result. */
  private async travel(flight: InFlight): Promise<SubmitOutcome> {
    const { intent } = flight;
    try {
      if (this.latencyMs > 0) await this.options.sleep!(this.latencyMs);
      if (flight.canceled) return this.canceledOutcome(intent);
      const arrived = this.arrive(intent);
      if (arrived.kind !== 'taker_delay') return arrived;
      const sleep = this.options.sleep;
      if (!sleep)
        return {
          kind: 'rejected',
          reason: `${intent.instrumentId} delays crossing orders ${arrived.delayMs} ms and the paper venue was given no sleep function`,
        };
      await sleep(arrived.delayMs);
      if (flight.canceled) return this.canceledOutcome(intent);
      const book = this.bookFor(intent.instrumentId);
      if (typeof book === 'string') return { kind: 'rejected', reason: book };
      return this.match(intent, book);
    } finally {
      if (this.inFlight.get(intent.clientOrderId) === flight) this.inFlight.delete(intent.clientOrderId);
    }
  }

  /**
   * The order reaches the venue: matched against the book now, unless it would cross on an
   * instrument with a taker delay (then it waits, and meets the book as it is after the delay).
   * An order that would not cross is not delayed: an IOC one ends at once with nothing filled.
   */
  private arrive(intent: OrderIntent): SubmitOutcome | { kind: 'taker_delay'; delayMs: number } {
    const book = this.bookFor(intent.instrumentId);
    if (typeof book === 'string') return { kind: 'rejected', reason: book };
    const delayMs = this.instruments.get(intent.instrumentId)?.takerDelayMs ?? 0;
    if (delayMs > 0 && crosses(book, intent)) return { kind: 'taker_delay', delayMs };
    return this.match(intent, book);
  }

  /** The result once what it changed is saved (at once, without a store). */
  private done(outcome: SubmitOutcome): Promise<SubmitOutcome> {
    if (outcome.kind !== 'accepted' || !this.persistence) return Promise.resolve(outcome);
    return this.persist().then(() => outcome);
  }

  /** The book to match against, or why there is none fit to fill against. */
  private bookFor(instrumentId: InstrumentId): HeldBook | string {
    const book = this.books.get(instrumentId);
    if (!book) return `no market data for ${instrumentId}`;
    const limit = this.options.maxBookAgeMs;
    const age = this.clock.now() - book.venueTs;
    if (limit !== undefined && age > limit)
      return `book for ${instrumentId} is ${age} ms old, past the paper venue's limit of ${limit} ms`;
    return book;
  }

  private match(intent: OrderIntent, book: HeldBook): SubmitOutcome {
    const instrument = this.instruments.get(intent.instrumentId)!;
    const result = matchIoc({
      book,
      side: intent.side,
      action: intent.action,
      limitPrice: intent.limitPrice,
      qty: intent.qty,
      fees: instrument.fees,
    });
    if (intent.tif === 'FOK' && result.remainingQty > 0) return this.finish(intent, [], 'canceled');
    const ts = this.clock.now();
    if (intent.action === 'sell') {
      const have = this.paper.heldQty(intent.instrumentId, intent.side);
      if (have < result.filledQty)
        return { kind: 'rejected', reason: `cannot sell ${result.filledQty}: ${have} held` };
    } else {
      const cash = this.paper.balance();
      const cost = result.fills.reduce((s, f) => s + notional(f.price, f.qty) + f.fee, 0);
      if (cost > cash)
        return { kind: 'rejected', reason: `insufficient balance: needs ${cost}, has ${cash}` };
    }
    this.books.set(intent.instrumentId, { ...result.book, venueTs: book.venueTs });
    const fills: VenueFill[] = result.fills.map((f, i) => ({
      fillId: asFillId(`${intent.clientOrderId}.F${i + 1}`),
      price: f.price,
      qty: f.qty,
      fee: f.fee,
      liquidity: 'taker',
      ts,
    }));
    return this.finish(intent, fills, result.remainingQty > 0 ? 'canceled' : 'filled');
  }

  private canceledOutcome(intent: OrderIntent): SubmitOutcome {
    const report = this.paper.order(intent.clientOrderId);
    return report ? { kind: 'accepted', report } : this.finish(intent, [], 'canceled');
  }

  private finish(intent: OrderIntent, fills: VenueFill[], status: 'filled' | 'canceled'): SubmitOutcome {
    const report: VenueOrderReport = {
      ...this.emptyReport(intent.clientOrderId, intent.qty),
      status,
      filledQty: fills.reduce((s, f) => s + f.qty, 0) as Centis,
      fills,
    };
    this.paper.record(report, intent);
    return { kind: 'accepted', report };
  }

  private emptyReport(clientOrderId: ClientOrderId, qty: Centis): VenueOrderReport {
    return {
      clientOrderId,
      venueOrderId: asVenueOrderId(`${this.venue}-paper-${clientOrderId}`),
      status: 'canceled',
      qty,
      filledQty: 0 as Centis,
      fills: [],
    };
  }

  /** Saves what changed, after any save under way; never rejects (failures are reported). */
  private persist(): Promise<void> {
    const persistence = this.persistence;
    if (!persistence) return Promise.resolve();
    this.saving = this.saving.then(async () => {
      const change = this.paper.unsaved();
      if (!change) return;
      try {
        if (await persistence.save(change)) this.paper.saved(change);
        else throw new PaperAccountConflictError(change.version);
      } catch (error) {
        this.persistFailures += 1;
        this.options.onPersistError?.(error);
      }
    });
    return this.saving;
  }
}
