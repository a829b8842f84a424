import { hashTypedData } from 'viem';
import { privateKeyToAccount, signTypedData } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { orderV1Vectors, orderV2Vectors } from './fixtures/load.js';
import {
  exchangeFor,
  ORDER_V2_TYPES,
  OrderSigner,
  type OrderV2,
  orderDigest,
  orderDigestReference,
  orderDomain,
  postOrderBody,
  recoverOrderSigner,
} from './sign-order.js';

const v2 = orderV2Vectors();
const o = v2.order;
const order: OrderV2 = {
  salt: BigInt(o.salt),
  maker: o.maker,
  signer: o.signer,
  tokenId: BigInt(o.tokenId),
  makerAmount: BigInt(o.makerAmount),
  takerAmount: BigInt(o.takerAmount),
  side: o.side === 0 ? 'BUY' : 'SELL',
  signatureType: o.signatureType,
  timestamp: BigInt(o.timestamp),
  metadata: o.metadata,
  builder: o.builder,
};

describe('V2/V3 order signing', () => {
  const signer = new OrderSigner(v2.privateKey);
  for (const c of v2.cases) {
    const label = `v${c.domain.version} ${c.domain.verifyingContract}`;
    it(`hashes and signs byte for byte on ${label}`, async () => {
      const domain = signer.domainFor(c.domain);
      expect(orderDigest(domain, order)).toBe(c.hash);
      expect(orderDigestReference(domain, order)).toBe(c.hash);
      const signed = await signer.sign(domain, order);
      expect(signed).toEqual({ hash: c.hash, signature: c.signature });
      // viem's generic typed-data signer agrees with the precomputed path
      const slow = await signTypedData({
        privateKey: v2.privateKey,
        domain: c.domain,
        types: ORDER_V2_TYPES,
        primaryType: 'Order',
        message: { ...order, side: 0 },
      });
      expect(slow).toBe(c.signature);
      expect(await recoverOrderSigner({ domain, order, signature: signed.signature })).toBe(v2.address);
    });
  }

  it('picks the exchange by version and neg risk, matching the vector domains', () => {
    const [plain, negRisk, v3] = v2.cases.map(
      (c: { domain: { verifyingContract: string } }) => c.domain.verifyingContract,
    );
    expect(exchangeFor({ version: '2', chainId: 137, negRisk: false })).toBe(plain);
    expect(exchangeFor({ version: '2', chainId: 137, negRisk: true })).toBe(negRisk);
    expect(exchangeFor({ version: '3', chainId: 137, negRisk: true })).toBe(v3);
    expect(exchangeFor({ version: '3', chainId: 80002, negRisk: false })).toBe(
      '0x9fE6e61422AdB6F610d8597F9684b16912D50C3D',
    );
  });

  it('caches one domain per (version, chain, exchange)', () => {
    const signer2 = new OrderSigner(v2.privateKey);
    const a = signer2.domainFor(v2.cases[0].domain);
    expect(
      signer2.domainFor({
        ...v2.cases[0].domain,
        verifyingContract: v2.cases[0].domain.verifyingContract.toLowerCase(),
      }),
    ).toBe(a);
    expect(signer2.domainFor(v2.cases[2].domain)).not.toBe(a);
  });

  it('recovers someone else when any signed field changes', async () => {
    const domain = orderDomain(v2.cases[0].domain);
    const { signature } = await signer.sign(domain, order);
    const changed = { ...order, makerAmount: order.makerAmount + 1n };
    expect(await recoverOrderSigner({ domain, order: changed, signature })).not.toBe(v2.address);
    expect(await recoverOrderSigner({ domain, order, signature: '0x1234' })).toBeNull();
  });

  it('refuses POLY_1271 (the ERC-7739 wrapper is not built)', async () => {
    const domain = orderDomain(v2.cases[0].domain);
    await expect(signer.sign(domain, { ...order, signatureType: 3 })).rejects.toThrow(/ERC-7739/);
  });
});

describe('POST /order body', () => {
  it('serialises to the exact body of the L2 vector', () => {
    const body = postOrderBody({
      order,
      signature: v2.cases[0].signature,
      owner: '000000000-0000-0000-0000-000000000000',
      orderType: 'GTC',
    });
    expect(JSON.stringify(body)).toBe(v2.l2_hmac_over_post_order.body);
  });

  it('refuses postOnly with FOK, and a salt beyond a double', () => {
    expect(() =>
      postOrderBody({ order, signature: '0x', owner: 'k', orderType: 'FOK', postOnly: true }),
    ).toThrow(/postOnly/);
    expect(() =>
      postOrderBody({ order: { ...order, salt: 2n ** 60n }, signature: '0x', owner: 'k', orderType: 'GTC' }),
    ).toThrow(/safe integer/);
  });
});

describe('V1 order hashes (legacy struct, viem typed data)', () => {
  const v1 = orderV1Vectors();
  const types = { Order: v1.eip712.types.Order.map(([name, type]: [string, string]) => ({ name, type })) };
  for (const c of v1.cases) {
    it(`matches ${c.name}`, async () => {
      const domain = {
        name: 'Polymarket CTF Exchange',
        version: '1',
        chainId: c.chainId,
        verifyingContract: c.verifyingContract,
      };
      const hash = hashTypedData({ domain, types, primaryType: 'Order', message: c.order });
      expect(hash).toBe(c.expected.orderHash_digest);
      if (c.expected.signature) {
        const account = privateKeyToAccount(v1.privateKey);
        if (c.order.signer.toLowerCase() === account.address.toLowerCase()) {
          const sig = await signTypedData({
            privateKey: v1.privateKey,
            domain,
            types,
            primaryType: 'Order',
            message: c.order,
          });
          expect(sig).toBe(c.expected.signature);
        }
      }
    });
  }
});
