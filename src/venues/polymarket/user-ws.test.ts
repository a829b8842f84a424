/** The user channel over a real WebSocket against the Polymarket simulator. */
import { afterEach, describe, expect, it } from 'vitest';
import { asClientOrderId, asEventId, asGameId, asInstrumentId, asSignalId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from '../../sim/polymarket/testing.js';
import type { PolymarketOrder, PolymarketTrade } from './parse.js';
import { simVenueClient } from './testing.js';
import { PolymarketUserWs } from './user-ws.js';

let fx: PolySimFixture | null = null;
let user: PolymarketUserWs | null = null;
afterEach(async () => {
  user?.close();
  await fx?.close();
  fx = null;
  user = null;
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PolymarketUserWs against the simulator', () => {
  it('hears our order and trade, and the trade gives the same fills as the REST lookup', async () => {
    fx = await startPolySimFixture();
    const { client, credentials } = await simVenueClient(fx);
    const orders: PolymarketOrder[] = [];
    const trades: PolymarketTrade[] = [];
    const u = new PolymarketUserWs({
      url: `${fx.wsUrl}/user`,
      credentials,
      markets: [SIM_MARKET.conditionId],
      onOrder: (o) => orders.push(o),
      onTrade: (t) => trades.push(t),
    });
    user = u;
    await until(() => u.open, 'the user channel to open');
    await new Promise((r) => setTimeout(r, 50)); // the subscription reaches the server
    const clientOrderId = asClientOrderId('user-1.L1');
    const out = await client.submit({
      type: 'OrderIntent',
      id: asEventId('u1'),
      ts: 0,
      clientOrderId,
      signalId: asSignalId('user-1'),
      leg: 1,
      gameId: asGameId('g'),
      instrumentId: asInstrumentId(`polymarket:${SIM_MARKET.tokenIds[0]}`),
      venue: 'polymarket',
      side: 'yes',
      action: 'buy',
      qty: 300 as Centis,
      limitPrice: 450_000 as Micros,
      tif: 'IOC',
      legCount: 1,
      purpose: 'entry',
    });
    if (out.kind !== 'accepted') throw new Error(JSON.stringify(out));
    await until(() => trades.length >= 1, 'our trade');
    const fills = client.fillsOf(trades[0] as PolymarketTrade);
    expect(fills).toEqual(out.report.fills.map((fill) => ({ clientOrderId, fill })));
    expect(orders.every((o) => o.orderId === out.report.venueOrderId)).toBe(true);
    expect(u.counters.malformed).toBe(0);
    u.onText('{"event_type":"trade","id":""}');
    u.onText('not json');
    expect(u.counters.malformed).toBe(2);
  });
});
