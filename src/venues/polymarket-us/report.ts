/**
 * A Polymarket US order and its executions as the VenueOrderReport of the port. Prices at the
 * venue are always the YES leg's (polymarket-us.md §4); a fill of a NO intent is priced on the
 * NO leg here, as the ledger books it. The fee is the venue's `commissionNotionalCollected`
 * where it says it, else the published schedule's.
 */
import { POLYMARKET_US_FEES, tradeFee } from '../../core/fees.js';
import { asFillId, asVenueOrderId } from '../../core/ids.js';
import type { ContractSide } from '../../core/instruments.js';
import { type Centis, type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { VenueFill, VenueOrderReport, VenueOrderStatus } from '../port.js';
import type { PmusOrderRecord } from './order-store.js';
import type { PmusExecution, PmusOrder, PmusOrderState, PmusTrade } from './parse.js';

const STATUS: Record<PmusOrderState, VenueOrderStatus> = {
  ORDER_STATE_NEW: 'resting',
  ORDER_STATE_PARTIALLY_FILLED: 'resting',
  ORDER_STATE_PENDING_NEW: 'resting',
  ORDER_STATE_PENDING_REPLACE: 'resting',
  ORDER_STATE_PENDING_CANCEL: 'resting',
  ORDER_STATE_PENDING_RISK: 'resting',
  ORDER_STATE_FILLED: 'filled',
  ORDER_STATE_CANCELED: 'canceled',
  ORDER_STATE_REPLACED: 'canceled',
  ORDER_STATE_REJECTED: 'canceled',
  ORDER_STATE_EXPIRED: 'expired',
};

export function isOpenState(state: PmusOrderState): boolean {
  return STATUS[state] === 'resting';
}

const onLeg = (yesPrice: Micros, leg: ContractSide) =>
  leg === 'yes' ? yesPrice : ((ONE_DOLLAR - yesPrice) as Micros);

export function fillOfExecution(e: PmusExecution, leg: ContractSide): VenueFill | null {
  if (e.type !== 'EXECUTION_TYPE_FILL' && e.type !== 'EXECUTION_TYPE_PARTIAL_FILL') return null;
  if (e.lastShares === undefined || e.lastPx === undefined || e.lastShares <= 0) return null;
  const liquidity = e.aggressor === false ? 'maker' : 'taker';
  return {
    fillId: asFillId(e.tradeId ?? e.id),
    price: onLeg(e.lastPx, leg),
    qty: e.lastShares,
    fee:
      e.commissionNotionalCollected ??
      tradeFee({ schedule: POLYMARKET_US_FEES, price: e.lastPx, qty: e.lastShares, liquidity }),
    liquidity,
    ts: e.transactTime ?? 0,
  };
}

export function fillOfTrade(t: PmusTrade, leg: ContractSide, qty: Centis): VenueFill {
  const liquidity = t.aggressor === false ? 'maker' : 'taker';
  return {
    fillId: asFillId(t.tradeId),
    price: onLeg(t.price, leg),
    qty,
    fee: tradeFee({ schedule: POLYMARKET_US_FEES, price: t.price, qty, liquidity }),
    liquidity,
    ts: t.ts ?? 0,
  };
}

export function buildReport(
  record: PmusOrderRecord,
  order: PmusOrder,
  fills: readonly VenueFill[],
): VenueOrderReport {
  return {
    clientOrderId: record.clientOrderId,
    venueOrderId: asVenueOrderId(order.id),
    status: STATUS[order.state],
    qty: order.quantity,
    filledQty: (order.cumQuantity ?? fills.reduce((s, f) => s + f.qty, 0)) as Centis,
    fills: [...fills].sort((a, b) => a.ts - b.ts || (a.fillId < b.fillId ? -1 : 1)),
  };
}
