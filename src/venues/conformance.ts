/**
 * The behaviour every VenueClient shares, as vitest cases to run against any of them: a test
 * file calls `defineVenueConformance(name, setUp)` with a way to build the client and seed its
 * book. Each case starts from a fresh venue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderIntent, TimeInForce } from '../core/events.js';
import { asClientOrderId, asEventId, asGameId, asSignalId, type InstrumentId } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import type { VenueClient, VenueOrderReport } from './port.js';

export interface ConformanceLevel {
  readonly price: Micros;
  readonly qty: Centis;
}

export interface ConformanceVenue {
  readonly client: VenueClient;
  readonly instrumentId: InstrumentId;
  /** Puts resting YES bids and asks (best first) from another participant on the book. */
  seedBook(book: { bids: readonly ConformanceLevel[]; asks: readonly ConformanceLevel[] }): Promise<void>;
  close(): Promise<void>;
}

const level = (cents: number, contracts: number): ConformanceLevel => ({
  price: (cents * 10_000) as Micros,
  qty: (contracts * 100) as Centis,
});

export function defineVenueConformance(name: string, setUp: () => Promise<ConformanceVenue>): void {
  describe(`VenueClient conformance: ${name}`, () => {
    let venue: ConformanceVenue;
    let n = 0;
    beforeEach(async () => {
      venue = await setUp();
      await venue.seedBook({ bids: [level(42, 5), level(40, 10)], asks: [level(45, 5), level(47, 10)] });
    });
    afterEach(() => venue.close());

    const intent = (o: {
      qty: number;
      cents: number;
      tif?: TimeInForce;
      side?: 'yes' | 'no';
    }): OrderIntent => {
      n += 1;
      return {
        type: 'OrderIntent',
        id: asEventId(`conf:${n}`),
        ts: 0,
        clientOrderId: asClientOrderId(`conf-${n}.L1`),
        signalId: asSignalId(`conf-${n}`),
        leg: 1,
        gameId: asGameId('conformance'),
        instrumentId: venue.instrumentId,
        venue: venue.client.venue,
        side: o.side ?? 'yes',
        action: 'buy',
        qty: (o.qty * 100) as Centis,
        limitPrice: (o.cents * 10_000) as Micros,
        tif: o.tif ?? 'IOC',
        legCount: 1,
        purpose: 'entry',
      };
    };
    const accepted = async (order: OrderIntent): Promise<VenueOrderReport> => {
      const out = await venue.client.submit(order);
      if (out.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(out)}`);
      return out.report;
    };
    const filledOf = (r: VenueOrderReport) => r.fills.reduce((s, f) => s + f.qty, 0);

    it('fills a marketable IOC order at the resting price', async () => {
      const report = await accepted(intent({ qty: 3, cents: 45 }));
      expect(report).toMatchObject({ status: 'filled', qty: 300, filledQty: 300 });
      expect(report.fills.map((f) => [f.price, f.qty])).toEqual([[450_000, 300]]);
      expect(report.fills[0]?.fee).toBeGreaterThan(0);
    });

    it('walks levels and cancels the IOC remainder', async () => {
      const report = await accepted(intent({ qty: 20, cents: 47 }));
      expect(report).toMatchObject({ status: 'canceled', filledQty: 1_500 });
      expect(filledOf(report)).toBe(report.filledQty);
    });

    it('prices a NO purchase on the NO leg', async () => {
      const report = await accepted(intent({ qty: 2, cents: 60, side: 'no' }));
      expect(report.fills.map((f) => f.price)).toEqual([580_000]);
    });

    it('kills a fill-or-kill order it cannot fill whole', async () => {
      const report = await accepted(intent({ qty: 20, cents: 45, tif: 'FOK' }));
      expect(report).toMatchObject({ status: 'canceled', filledQty: 0, fills: [] });
    });

    it('trades nothing when the limit does not cross', async () => {
      const report = await accepted(intent({ qty: 1, cents: 44 }));
      expect(report.filledQty).toBe(0);
    });

    it('finds a submitted order by client order id, and nothing for an unknown one', async () => {
      const order = intent({ qty: 1, cents: 45 });
      const report = await accepted(order);
      expect(await venue.client.getOrder(order.clientOrderId)).toEqual(report);
      expect(await venue.client.getOrder(asClientOrderId('never-sent.L1'))).toBeNull();
    });
    it('accounts for a fill: cash down by cost and fee, the position and the fill listed', async () => {
      const account = venue.client.account;
      if (!account) throw new Error(`${name} has no account queries; reconciliation needs them`);
      const before = await account.balance();
      const report = await accepted(intent({ qty: 3, cents: 45 }));
      const spent = report.fills.reduce((s, f) => s + Math.round((f.price * f.qty) / 100) + f.fee, 0);
      expect(spent).toBeGreaterThan(0);
      expect(before - (await account.balance())).toBe(spent);
      expect(await account.positions()).toEqual([
        { instrumentId: venue.instrumentId, side: 'yes', qty: 300 },
      ]);
      expect((await account.fillIds()).sort()).toEqual(report.fills.map((f) => f.fillId).sort());
      expect(await account.openOrders()).toEqual([]);
    });
  });
}
