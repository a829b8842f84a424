import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../core/events.js';
import { asClientOrderId, asEventId, asInstrumentId, asVenueOrderId } from '../core/ids.js';
import type { Centis } from '../core/money.js';
import { initialOrderState, type OrderState, TERMINAL, transition } from './order-state.js';

const base = {
  id: asEventId('e'),
  ts: 0,
  clientOrderId: asClientOrderId('c'),
  instrumentId: asInstrumentId('i'),
  venue: 'kalshi' as const,
};
const ev = {
  submitted: (): OrderEvent => ({ ...base, type: 'OrderSubmitted' }),
  accepted: (): OrderEvent => ({ ...base, type: 'OrderAccepted', venueOrderId: asVenueOrderId('v') }),
  rejected: (): OrderEvent => ({ ...base, type: 'OrderRejected', reason: 'r' }),
  unresolved: (): OrderEvent => ({ ...base, type: 'OrderUnresolved', reason: 'timeout' }),
  partial: (filled: number): OrderEvent => ({
    ...base,
    type: 'OrderPartiallyFilled',
    filledQty: filled as Centis,
    leavesQty: (1000 - filled) as Centis,
  }),
  filled: (filled: number): OrderEvent => ({ ...base, type: 'OrderFilled', filledQty: filled as Centis }),
  canceled: (): OrderEvent => ({ ...base, type: 'OrderCanceled', reason: 'ioc', canceledQty: 0 as Centis }),
  expired: (): OrderEvent => ({ ...base, type: 'OrderExpired' }),
};

const run = (events: OrderEvent[]) => {
  let state: OrderState = initialOrderState(1000 as Centis);
  const refused: string[] = [];
  for (const e of events) {
    const r = transition(state, e);
    if (r.ok) state = r.state;
    else refused.push(r.error);
  }
  return { state, refused };
};

describe('order state machine', () => {
  it('follows the happy path', () => {
    const { state, refused } = run([ev.submitted(), ev.accepted(), ev.partial(400), ev.filled(1000)]);
    expect(refused).toEqual([]);
    expect(state).toMatchObject({ status: 'FILLED', filledQty: 1000, venueOrderId: 'v' });
  });

  it('resolves an unresolved order by what the venue says', () => {
    expect(run([ev.submitted(), ev.unresolved(), ev.accepted(), ev.canceled()]).state.status).toBe(
      'CANCELED',
    );
    expect(run([ev.submitted(), ev.unresolved(), ev.rejected()]).state.status).toBe('REJECTED');
  });

  it('refuses illegal transitions without applying them', () => {
    const { state, refused } = run([ev.submitted(), ev.canceled(), ev.accepted(), ev.filled(1000)]);
    expect(state.status).toBe('CANCELED');
    expect(refused).toEqual([
      'illegal transition CANCELED -> OrderAccepted',
      'illegal transition CANCELED -> OrderFilled',
    ]);
    expect(run([ev.accepted()]).refused).toEqual(['illegal transition INTENT -> OrderAccepted']);
  });

  it('refuses fills that go backwards or past the order', () => {
    const { state, refused } = run([ev.submitted(), ev.partial(600), ev.partial(500), ev.filled(900)]);
    expect(state).toMatchObject({ status: 'PARTIALLY_FILLED', filledQty: 600 });
    expect(refused).toHaveLength(2);
  });

  it('never reaches an illegal state, whatever the events (property)', () => {
    const event = fc.oneof(
      fc.constant(ev.submitted()),
      fc.constant(ev.accepted()),
      fc.constant(ev.rejected()),
      fc.constant(ev.unresolved()),
      fc.integer({ min: 0, max: 1200 }).map(ev.partial),
      fc.integer({ min: 0, max: 1200 }).map(ev.filled),
      fc.constant(ev.canceled()),
      fc.constant(ev.expired()),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        let state = initialOrderState(1000 as Centis);
        for (const e of events) {
          const before = state;
          const r = transition(state, e);
          if (!r.ok) continue;
          state = r.state;
          // Invariants: fills only grow and stay within the order; terminal states are final;
          // FILLED means fully filled.
          expect(state.filledQty).toBeGreaterThanOrEqual(before.filledQty);
          expect(state.filledQty).toBeLessThanOrEqual(state.qty);
          expect(TERMINAL.has(before.status)).toBe(false);
          if (state.status === 'FILLED') expect(state.filledQty).toBe(state.qty);
          if (state.status === 'PARTIALLY_FILLED') expect(state.filledQty).toBeLessThan(state.qty);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
