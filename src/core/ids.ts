/** Branded identifiers: a GameId cannot be passed where an InstrumentId is expected. */

declare const idBrand: unique symbol;
type Brand<K extends string> = string & { readonly [idBrand]: K };

export type EventId = Brand<'EventId'>;
export type GameId = Brand<'GameId'>;
export type OutcomeId = Brand<'OutcomeId'>;
export type InstrumentId = Brand<'InstrumentId'>;
export type SignalId = Brand<'SignalId'>;
export type ClientOrderId = Brand<'ClientOrderId'>;
export type VenueOrderId = Brand<'VenueOrderId'>;
export type FillId = Brand<'FillId'>;
export type RunId = Brand<'RunId'>;
export type LedgerTxId = Brand<'LedgerTxId'>;

export const asEventId = (s: string) => s as EventId;
export const asGameId = (s: string) => s as GameId;
export const asOutcomeId = (s: string) => s as OutcomeId;
export const asInstrumentId = (s: string) => s as InstrumentId;
export const asSignalId = (s: string) => s as SignalId;
export const asClientOrderId = (s: string) => s as ClientOrderId;
export const asVenueOrderId = (s: string) => s as VenueOrderId;
export const asFillId = (s: string) => s as FillId;
export const asRunId = (s: string) => s as RunId;
export const asLedgerTxId = (s: string) => s as LedgerTxId;

/**
 * The client order id of one leg of a signal. Derived, never random, so a retry of the same
 * signal and leg can only ever name the same order.
 */
export function clientOrderIdFor(signalId: SignalId, leg: number): ClientOrderId {
  return `${signalId}.L${leg}` as ClientOrderId;
}

/**
 * Makes event ids `${prefix}:${n}` with a counter of its own. Each producer owns one, so the
 * same inputs give the same ids run after run.
 */
export class EventIdSequence {
  private n = 0;
  constructor(private readonly prefix: string) {}
  next(): EventId {
    this.n += 1;
    return `${this.prefix}:${this.n}` as EventId;
  }
}
