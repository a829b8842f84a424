import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../core/events.js';
import { asClientOrderId, asEventId, asGameId, asInstrumentId, asSignalId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import type { PolymarketMarketInfo } from './markets.js';
import { buildOrder, saltFor } from './order-build.js';
import { exchangeFor, OrderSigner, orderDomain, recoverOrderSigner } from './sign-order.js';

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;
const address = privateKeyToAccount(KEY).address;
const market: PolymarketMarketInfo = {
  conditionId: `0x${'ab'.repeat(32)}`,
  tokenIds: ['111', '222'],
  tickSize: '0.01',
  negRisk: true,
  domainVersion: '2',
  fees: { kind: 'none' },
};
const intent = (o: Partial<OrderIntent> = {}): OrderIntent => ({
  type: 'OrderIntent',
  id: asEventId('e1'),
  ts: 1_780_000_000_000,
  clientOrderId: asClientOrderId('sig-1.L1'),
  signalId: asSignalId('sig-1'),
  leg: 1,
  gameId: asGameId('g'),
  instrumentId: asInstrumentId('polymarket:111'),
  venue: 'polymarket',
  side: 'yes',
  action: 'buy',
  qty: 300 as Centis,
  limitPrice: 450_000 as Micros,
  tif: 'IOC',
  legCount: 1,
  purpose: 'entry',
  ...o,
});
const identity = {
  signer: new OrderSigner(KEY),
  chainId: 137 as const,
  signerAddress: address,
  maker: address,
  signatureType: 0,
  owner: 'api-key',
};

describe('buildOrder', () => {
  it('is the same order, and the same hash, every time for one intent', async () => {
    const a = await buildOrder({ intent: intent(), tokenId: '111', market, identity, nowMs: 1 });
    const b = await buildOrder({ intent: intent(), tokenId: '111', market, identity, nowMs: 2 });
    expect(a.orderHash).toBe(b.orderHash);
    expect(a.body).toEqual(b.body);
    expect(a.body.order.salt).toBe(Number(saltFor(asClientOrderId('sig-1.L1'))));
    expect(Number.isSafeInteger(a.body.order.salt)).toBe(true);
    const other = await buildOrder({
      intent: intent({ clientOrderId: asClientOrderId('sig-2.L1') }),
      tokenId: '111',
      market,
      identity,
      nowMs: 1,
    });
    expect(other.orderHash).not.toBe(a.orderHash);
  });

  it('signs for the neg-risk V2 exchange, recoverable to the signer', async () => {
    const built = await buildOrder({ intent: intent(), tokenId: '111', market, identity, nowMs: 1 });
    const o = built.body.order;
    const domain = orderDomain({
      version: '2',
      chainId: 137,
      verifyingContract: exchangeFor({ version: '2', chainId: 137, negRisk: true }),
    });
    const signer = await recoverOrderSigner({
      domain,
      order: {
        salt: BigInt(o.salt),
        maker: o.maker,
        signer: o.signer,
        tokenId: BigInt(o.tokenId),
        makerAmount: BigInt(o.makerAmount),
        takerAmount: BigInt(o.takerAmount),
        side: o.side,
        signatureType: o.signatureType,
        timestamp: BigInt(o.timestamp),
        metadata: o.metadata,
        builder: o.builder,
      },
      signature: o.signature,
    });
    expect(signer).toBe(address);
    expect(built.body).toMatchObject({
      orderType: 'FAK',
      owner: 'api-key',
      order: { tokenId: '111', side: 'BUY', makerAmount: '1350000', takerAmount: '3000000' },
    });
  });

  it('buys NO as the complement token at the NO price, and maps FOK and GTC', async () => {
    const no = await buildOrder({
      intent: intent({ side: 'no', limitPrice: 600_000 as Micros, tif: 'FOK' }),
      tokenId: '111',
      market,
      identity,
      nowMs: 1,
    });
    expect(no.tokenId).toBe('222');
    expect(no.body).toMatchObject({ orderType: 'FOK', order: { tokenId: '222', makerAmount: '1800000' } });
    const sell = await buildOrder({
      intent: intent({ action: 'sell', tif: 'GTC' }),
      tokenId: '222',
      market,
      identity,
      nowMs: 1,
    });
    expect(sell.body).toMatchObject({ orderType: 'GTC', order: { tokenId: '222', side: 'SELL' } });
  });

  it('refuses a price off the tick before anything is sent', async () => {
    await expect(
      buildOrder({
        intent: intent({ limitPrice: 455_000 as Micros }),
        tokenId: '111',
        market,
        identity,
        nowMs: 1,
      }),
    ).rejects.toThrow(/tick/);
  });
});
