/**
 * The order state machine as a pure function. An illegal transition is refused with a reason,
 * never applied; the caller logs and counts it.
 */
import type { OrderEvent } from '../core/events.js';
import type { VenueOrderId } from '../core/ids.js';
import type { Centis } from '../core/money.js';

export type OrderStatus =
  | 'INTENT'
  | 'SUBMITTED'
  | 'UNRESOLVED'
  | 'ACCEPTED'
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'CANCELED'
  | 'EXPIRED'
  | 'REJECTED';

export interface OrderState {
  readonly status: OrderStatus;
  readonly qty: Centis;
  readonly filledQty: Centis;
  readonly venueOrderId: VenueOrderId | null;
}

export type TransitionResult =
  | { readonly ok: true; readonly state: OrderState }
  | { readonly ok: false; readonly error: string };

export const TERMINAL: ReadonlySet<OrderStatus> = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED']);

/** Which event types each status accepts. */
const ALLOWED: { readonly [S in OrderStatus]: ReadonlySet<OrderEvent['type']> } = {
  INTENT: new Set(['OrderSubmitted']),
  // Fills can arrive before the acknowledgement; an IOC order can be canceled unfilled at once.
  SUBMITTED: new Set([
    'OrderAccepted',
    'OrderRejected',
    'OrderUnresolved',
    'OrderPartiallyFilled',
    'OrderFilled',
    'OrderCanceled',
    'OrderExpired',
  ]),
  // An unresolved order is settled by what the venue says when asked by client order id.
  UNRESOLVED: new Set([
    'OrderAccepted',
    'OrderRejected',
    'OrderPartiallyFilled',
    'OrderFilled',
    'OrderCanceled',
    'OrderExpired',
  ]),
  ACCEPTED: new Set(['OrderPartiallyFilled', 'OrderFilled', 'OrderCanceled', 'OrderExpired']),
  PARTIALLY_FILLED: new Set(['OrderPartiallyFilled', 'OrderFilled', 'OrderCanceled', 'OrderExpired']),
  FILLED: new Set(),
  CANCELED: new Set(),
  EXPIRED: new Set(),
  REJECTED: new Set(),
};

export function initialOrderState(qty: Centis): OrderState {
  return { status: 'INTENT', qty, filledQty: 0 as Centis, venueOrderId: null };
}

export function transition(state: OrderState, event: OrderEvent): TransitionResult {
  if (!ALLOWED[state.status].has(event.type)) {
    return { ok: false, error: `illegal transition ${state.status} -> ${event.type}` };
  }
  switch (event.type) {
    case 'OrderSubmitted':
      return { ok: true, state: { ...state, status: 'SUBMITTED' } };
    case 'OrderUnresolved':
      return { ok: true, state: { ...state, status: 'UNRESOLVED' } };
    case 'OrderAccepted':
      return { ok: true, state: { ...state, status: 'ACCEPTED', venueOrderId: event.venueOrderId } };
    case 'OrderRejected':
      return { ok: true, state: { ...state, status: 'REJECTED' } };
    case 'OrderPartiallyFilled': {
      if (event.filledQty <= state.filledQty || event.filledQty >= state.qty) {
        return {
          ok: false,
          error: `partial fill to ${event.filledQty} invalid from ${state.filledQty} of ${state.qty}`,
        };
      }
      return { ok: true, state: { ...state, status: 'PARTIALLY_FILLED', filledQty: event.filledQty } };
    }
    case 'OrderFilled': {
      if (event.filledQty !== state.qty) {
        return { ok: false, error: `filled ${event.filledQty} differs from order quantity ${state.qty}` };
      }
      return { ok: true, state: { ...state, status: 'FILLED', filledQty: event.filledQty } };
    }
    case 'OrderCanceled':
      return { ok: true, state: { ...state, status: 'CANCELED' } };
    case 'OrderExpired':
      return { ok: true, state: { ...state, status: 'EXPIRED' } };
  }
}
