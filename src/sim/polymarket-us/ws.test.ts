/** The simulator's private WebSocket: an order snapshot, then one update per execution. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Micros } from '../../core/money.js';
import { pmusAuthHeaders, pmusSigningKey } from '../../venues/polymarket-us/auth.js';
import { SIM_PMUS_MARKET, SIM_PMUS_TRADER, type SimPmusFixture, startPmusSimFixture } from './testing.js';

let fx: SimPmusFixture;
beforeEach(async () => {
  fx = await startPmusSimFixture();
});
afterEach(() => fx.close());

describe('Polymarket US simulator: private WebSocket', () => {
  it('sends the open orders, then each execution of the account only', async () => {
    const path = '/v1/ws/private';
    const headers = pmusAuthHeaders(pmusSigningKey(fx.keyId, fx.secret), {
      timestampMs: Date.now(),
      method: 'GET',
      path,
    });
    const socket = new WebSocket(`${fx.wsUrl}${path}`, { headers });
    const frames: Record<string, unknown>[] = [];
    socket.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((resolve) => socket.once('open', resolve));
    try {
      socket.send(
        JSON.stringify({
          subscribe: { requestId: 'o-1', subscriptionType: 'SUBSCRIPTION_TYPE_ORDER', marketSlugs: [] },
        }),
      );
      await vi.waitFor(() => expect(frames).toHaveLength(1));
      expect(frames[0]).toEqual({ requestId: 'o-1', orderSubscriptionSnapshot: { orders: [], eof: true } });
      const out = fx.sim.exchange.submit(
        SIM_PMUS_TRADER,
        {
          slug: SIM_PMUS_MARKET.slug,
          intent: 'ORDER_INTENT_BUY_LONG',
          price: 450_000 as Micros,
          qty: 200,
          tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
          postOnly: false,
        },
        Date.now(),
      );
      expect(out.kind).toBe('created');
      await vi.waitFor(() => expect(frames).toHaveLength(2));
      expect(frames[1]).toMatchObject({
        requestId: 'o-1',
        orderSubscriptionUpdate: {
          execution: {
            type: 'EXECUTION_TYPE_FILL',
            lastShares: '2',
            lastPx: { value: '0.45' },
            aggressor: true,
            order: { state: 'ORDER_STATE_FILLED', cumQuantity: 2, marketSlug: SIM_PMUS_MARKET.slug },
          },
        },
      });
      // The maker's side of that trade is not this account's: nothing more arrives for it.
      expect(frames).toHaveLength(2);
    } finally {
      socket.terminate();
    }
  });
});
