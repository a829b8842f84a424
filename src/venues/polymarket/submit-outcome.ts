/**
 * How the venue's answers to an order read as the port's outcomes and statuses: kills,
 * version mismatches, refusals and failures in transit. Pure: no Node API.
 */
import type { OrderIntent } from '../../core/events.js';
import { asVenueOrderId, type ClientOrderId } from '../../core/ids.js';
import type { Centis } from '../../core/money.js';
import type { SubmitOutcome, VenueOrderReport, VenueOrderStatus } from '../port.js';
import { describePolymarketError, type PolymarketHttpOutcome } from './http.js';
import type { PolymarketOrder } from './parse-order.js';

/**
 * The venue's answer to a FOK it cannot fill whole, or a FAK with nothing to match: a 400 with
 * these texts (as the CLOB words them). The order was valid and the market killed it, which
 * the port reports as an accepted order canceled with no fill, not as a rejection.
 */
const KILLED = /fully filled or killed|partially filled or killed/;

/** A 400 saying the order was signed for the other exchange version (the CLOB's own error code). */
export function isVersionMismatch(outcome: PolymarketHttpOutcome): boolean {
  return (
    outcome.kind === 'http_error' &&
    outcome.status === 400 &&
    describePolymarketError(outcome.status, outcome.body).includes('order_version_mismatch')
  );
}

/**
 * A refusal because the exchange already holds an order with this hash (sent before, by this or
 * an earlier process): looked up, not taken as a refusal. The CLOB's exact wording for it is not
 * documented; this matches the simulator's and the usual words.
 */
function isDuplicate(outcome: PolymarketHttpOutcome): boolean {
  return (
    outcome.kind === 'http_error' &&
    outcome.status < 500 &&
    /already exists|duplicate/i.test(describePolymarketError(outcome.status, outcome.body))
  );
}

export function isKill(outcome: PolymarketHttpOutcome, tif: OrderIntent['tif']): boolean {
  if (tif === 'GTC' || outcome.kind !== 'http_error' || outcome.status !== 400) return false;
  return KILLED.test(describePolymarketError(outcome.status, outcome.body));
}

export function killedReport(clientOrderId: ClientOrderId, orderHash: string, qty: number): VenueOrderReport {
  return {
    clientOrderId,
    venueOrderId: asVenueOrderId(orderHash),
    status: 'canceled',
    qty: qty as Centis,
    filledQty: 0 as Centis,
    fills: [],
  };
}

export function submitFailure(outcome: PolymarketHttpOutcome): SubmitOutcome | null {
  switch (outcome.kind) {
    case 'rate_limited':
      return { kind: 'rate_limited', retryAfterMs: outcome.retryAfterMs };
    case 'timeout':
      return { kind: 'unresolved', reason: 'post order timed out; the order may exist' };
    case 'network':
      // A refused connection never carried the order; anything else may have.
      return /ECONNREFUSED|no API credentials/.test(outcome.reason)
        ? { kind: 'transport', reason: outcome.reason }
        : { kind: 'unresolved', reason: `post order failed in transit: ${outcome.reason}` };
    case 'http_error':
      return outcome.status >= 500 || isDuplicate(outcome)
        ? {
            kind: 'unresolved',
            reason: `post order answered ${describePolymarketError(outcome.status, outcome.body)}`,
          }
        : { kind: 'rejected', reason: describePolymarketError(outcome.status, outcome.body) };
    case 'ok':
      return null;
  }
}

/** LIVE and DELAYED rest; MATCHED is filled when whole; CANCELED and UNMATCHED are done. */
export function statusOf(order: PolymarketOrder): VenueOrderStatus {
  switch (order.status) {
    case 'LIVE':
    case 'DELAYED':
      return 'resting';
    case 'MATCHED':
      return order.sizeMatched >= order.originalSize ? 'filled' : 'canceled';
    default:
      return 'canceled';
  }
}
