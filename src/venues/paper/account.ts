/**
 * The paper account at one venue: cash, positions, and every finished order with its fills, by
 * client order id. Pure. It also keeps track of what changed since the last save, so a store
 * gets only the positions and orders that moved (at their new values) with the cash, and a save
 * that failed is folded into the next one.
 */
import type { ClientOrderId, FillId, InstrumentId } from '../../core/ids.js';
import type { Action, ContractSide } from '../../core/instruments.js';
import { type Centis, type Micros, notional, ONE_DOLLAR } from '../../core/money.js';
import type { VenueOrderReport, VenuePosition } from '../port.js';

/** Everything the account holds: what a store restores it from. */
export interface PaperAccountState {
  readonly cash: Micros;
  /** Open positions (quantity above 0). */
  readonly positions: readonly VenuePosition[];
  /** Every finished order, in the order they finished. */
  readonly orders: readonly VenueOrderReport[];
  /** How many changes the account has seen; a later state has a higher version. */
  readonly version: number;
}

/** What changed since the last save: the cash, and the positions and orders that moved. */
export interface PaperAccountChange {
  readonly version: number;
  readonly cash: Micros;
  /** Each at its new quantity; 0 means the position is closed. */
  readonly positions: readonly VenuePosition[];
  readonly orders: readonly VenueOrderReport[];
}

const keyOf = (instrumentId: InstrumentId, side: ContractSide) => `${instrumentId}|${side}`;

export class PaperAccount {
  private cash: number;
  private version: number;
  private readonly held = new Map<string, VenuePosition>();
  private readonly orders = new Map<ClientOrderId, VenueOrderReport>();
  /** Unsaved changes: each position or order with the version that last changed it. */
  private readonly unsavedPositions = new Map<
    string,
    { instrumentId: InstrumentId; side: ContractSide; version: number }
  >();
  private readonly unsavedOrders = new Map<ClientOrderId, number>();
  private unsavedCash = false;

  constructor(state: PaperAccountState) {
    this.cash = state.cash;
    this.version = state.version;
    for (const p of state.positions) this.held.set(keyOf(p.instrumentId, p.side), p);
    for (const o of state.orders) this.orders.set(o.clientOrderId, o);
  }

  balance(): Micros {
    return this.cash as Micros;
  }

  positions(): VenuePosition[] {
    return [...this.held.values()].filter((p) => p.qty !== 0);
  }

  heldQty(instrumentId: InstrumentId, side: ContractSide): number {
    return this.held.get(keyOf(instrumentId, side))?.qty ?? 0;
  }

  order(clientOrderId: ClientOrderId): VenueOrderReport | undefined {
    return this.orders.get(clientOrderId);
  }

  fillIds(): FillId[] {
    return [...this.orders.values()].flatMap((o) => o.fills.map((f) => f.fillId));
  }

  state(): PaperAccountState {
    return {
      cash: this.cash as Micros,
      positions: this.positions(),
      orders: [...this.orders.values()],
      version: this.version,
    };
  }

  /** Keeps a finished order and moves cash and the position for its fills. */
  record(
    order: VenueOrderReport,
    trade: { instrumentId: InstrumentId; side: ContractSide; action: Action },
  ): void {
    this.version += 1;
    this.orders.set(order.clientOrderId, order);
    this.unsavedOrders.set(order.clientOrderId, this.version);
    if (order.fills.length === 0) return;
    const key = keyOf(trade.instrumentId, trade.side);
    let qty = this.held.get(key)?.qty ?? 0;
    for (const f of order.fills) {
      const value = notional(f.price, f.qty);
      if (trade.action === 'buy') {
        this.cash -= value + f.fee;
        qty += f.qty;
      } else {
        this.cash += value - f.fee;
        qty -= f.qty;
      }
    }
    this.held.set(key, { instrumentId: trade.instrumentId, side: trade.side, qty: qty as Centis });
    this.unsavedPositions.set(key, {
      instrumentId: trade.instrumentId,
      side: trade.side,
      version: this.version,
    });
    this.unsavedCash = true;
  }

  /**
   * Pays $1 a contract on the winning side of a resolved instrument and closes both sides'
   * positions. False when the account held nothing there (a repeated settlement pays nothing).
   */
  settle(instrumentId: InstrumentId, result: ContractSide): boolean {
    let changed = false;
    for (const side of ['yes', 'no'] as const) {
      const key = keyOf(instrumentId, side);
      const pos = this.held.get(key);
      if (!pos) continue;
      if (!changed) this.version += 1;
      changed = true;
      if (side === result) this.cash += notional(ONE_DOLLAR, pos.qty);
      this.held.delete(key);
      this.unsavedPositions.set(key, { instrumentId, side, version: this.version });
    }
    if (changed) this.unsavedCash = true;
    return changed;
  }

  /** What changed since the last save confirmed by `saved`; null if nothing did. */
  unsaved(): PaperAccountChange | null {
    if (!this.unsavedCash && this.unsavedPositions.size === 0 && this.unsavedOrders.size === 0) return null;
    const positions = [...this.unsavedPositions].map(
      ([key, { instrumentId, side }]) => this.held.get(key) ?? { instrumentId, side, qty: 0 as Centis },
    );
    return {
      version: this.version,
      cash: this.cash as Micros,
      positions,
      orders: [...this.unsavedOrders.keys()].map((id) => this.orders.get(id)!),
    };
  }

  /**
   * The store holds `change`: what it covered is saved, unless it changed again since (a change
   * made while the save was under way is still unsaved).
   */
  saved(change: PaperAccountChange): void {
    for (const [key, { version }] of this.unsavedPositions)
      if (version <= change.version) this.unsavedPositions.delete(key);
    for (const [id, version] of this.unsavedOrders)
      if (version <= change.version) this.unsavedOrders.delete(id);
    if (this.version <= change.version) this.unsavedCash = false;
  }
}
