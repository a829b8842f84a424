import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import type { OrderIntent } from '../../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../../core/fees.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asOutcomeId,
  asSignalId,
} from '../../core/ids.js';
import type { FeeSchedule, VenueName } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';
import { PaperVenue } from './paper-venue.js';

const instrumentId = asInstrumentId('kalshi:G-HOME');

function venueWithBook(venue: VenueName = 'kalshi', fees: FeeSchedule = KALSHI_SPORTS_FEES) {
  const v = new PaperVenue({
    venue,
    clock: new SimulatedClock(1000),
    startingBalance: 1_000_000_000 as Micros,
  });
  v.addInstrument({
    instrumentId,
    venue,
    symbol: 'G-HOME',
    gameId: asGameId('G'),
    outcomeId: asOutcomeId('G/home_win'),
    outcome: 'home_win',
    tickSize: 10_000 as Micros,
    fees,
    settlement: { includesOvertime: true, drawPossible: false, postponement: 'follows_rescheduled_game' },
    simulated: true,
  });
  v.onBook({
    type: 'BookSnapshot',
    id: asEventId('b'),
    ts: 1000,
    instrumentId,
    venue,
    bids: [
      { price: 480_000 as Micros, qty: 1000 as Centis },
      { price: 470_000 as Micros, qty: 2000 as Centis },
    ],
    asks: [
      { price: 500_000 as Micros, qty: 1000 as Centis },
      { price: 510_000 as Micros, qty: 2000 as Centis },
    ],
    venueTs: 1000,
  });
  return v;
}

const intent = (over: Partial<OrderIntent> = {}): OrderIntent => ({
  type: 'OrderIntent',
  id: asEventId('i'),
  ts: 1000,
  clientOrderId: asClientOrderId('S1.L1'),
  signalId: asSignalId('S1'),
  leg: 1,
  gameId: asGameId('G'),
  instrumentId,
  venue: 'kalshi',
  side: 'yes',
  action: 'buy',
  qty: 2500 as Centis,
  limitPrice: 510_000 as Micros,
  tif: 'IOC',
  legCount: 1,
  purpose: 'entry',
  ...over,
});

describe('paper venue', () => {
  it('walks the book up to the limit, with a fee per level', async () => {
    const out = await venueWithBook().submit(intent());
    expect(out.kind).toBe('accepted');
    if (out.kind !== 'accepted') return;
    expect(out.report.status).toBe('filled');
    expect(out.report.fills.map((f) => [f.price, f.qty, f.fee])).toEqual([
      [500_000, 1000, 180_000], // 10 @ 0.50: 0.175 -> $0.18
      [510_000, 1500, 270_000], // 15 @ 0.51: 0.262395 -> $0.27
    ]);
  });

  it('fills partly and cancels the rest of an IOC order', async () => {
    const out = await venueWithBook().submit(intent({ qty: 5000 as Centis }));
    if (out.kind !== 'accepted') throw new Error('expected accepted');
    expect(out.report).toMatchObject({ status: 'canceled', filledQty: 3000 });
  });

  it('kills a fill-or-kill order the book cannot fill whole, and fills one it can', async () => {
    const v = venueWithBook();
    const killed = await v.submit(
      intent({ clientOrderId: asClientOrderId('F1.L1'), qty: 3001 as Centis, tif: 'FOK' }),
    );
    expect(killed).toMatchObject({
      kind: 'accepted',
      report: { status: 'canceled', filledQty: 0, fills: [] },
    });
    expect(await v.balance()).toBe(1_000_000_000);
    const whole = await v.submit(
      intent({ clientOrderId: asClientOrderId('F2.L1'), qty: 3000 as Centis, tif: 'FOK' }),
    );
    expect(whole).toMatchObject({ kind: 'accepted', report: { status: 'filled', filledQty: 3000 } });
  });

  it('charges integer fees per venue and moves cash by cost plus fee exactly', async () => {
    const kalshi = venueWithBook();
    const k = await kalshi.submit(intent({ qty: 1 as Centis, limitPrice: 500_000 as Micros }));
    if (k.kind !== 'accepted') throw new Error('expected accepted');
    // 0.01 contract @ 0.50: 0.07 x 0.01 x 0.25 = $0.000175, rounded up to the cent.
    expect(k.report.fills.map((f) => f.fee)).toEqual([10_000]);
    expect(await kalshi.balance()).toBe(1_000_000_000 - 5_000 - 10_000);
    const poly = venueWithBook('polymarket', POLYMARKET_SPORTS_FEES);
    const p = await poly.submit(
      intent({ venue: 'polymarket', qty: 1234 as Centis, limitPrice: 510_000 as Micros }),
    );
    if (p.kind !== 'accepted') throw new Error('expected accepted');
    // 10 @ 0.50: $0.075; 2.34 @ 0.51: 2.34 x 0.03 x 0.2499 = $0.01754298, floored to $0.00001.
    expect(p.report.fills.map((f) => [f.price, f.qty, f.fee])).toEqual([
      [500_000, 1000, 75_000],
      [510_000, 234, 17_540],
    ]);
    expect(await poly.balance()).toBe(1_000_000_000 - 5_000_000 - 75_000 - 1_193_400 - 17_540);
  });

  it('buys NO by hitting YES bids at 1 - bid', async () => {
    const out = await venueWithBook().submit(
      intent({ side: 'no', qty: 1000 as Centis, limitPrice: 520_000 as Micros }),
    );
    if (out.kind !== 'accepted') throw new Error('expected accepted');
    expect(out.report.fills.map((f) => f.price)).toEqual([520_000]);
  });

  it('uses the Polymarket fee formula on Polymarket instruments', async () => {
    const v = venueWithBook('polymarket', POLYMARKET_SPORTS_FEES);
    const out = await v.submit(intent({ venue: 'polymarket', qty: 1000 as Centis }));
    if (out.kind !== 'accepted') throw new Error('expected accepted');
    expect(out.report.fills[0]?.fee).toBe(75_000); // 10 x 0.03 x 0.25
  });

  it('takes the liquidity it used, and never trades the same client order id twice', async () => {
    const v = venueWithBook();
    const first = await v.submit(intent({ qty: 1000 as Centis, limitPrice: 500_000 as Micros }));
    const again = await v.submit(intent({ qty: 1000 as Centis, limitPrice: 500_000 as Micros }));
    expect(again).toEqual(first);
    const second = await v.submit(
      intent({ clientOrderId: asClientOrderId('S2.L1'), qty: 1000 as Centis, limitPrice: 500_000 as Micros }),
    );
    if (second.kind !== 'accepted') throw new Error('expected accepted');
    expect(second.report.filledQty).toBe(0); // the 0.50 level was used up
    expect(await v.getOrder(asClientOrderId('S1.L1'))).toEqual(
      first.kind === 'accepted' ? first.report : null,
    );
  });

  it('rejects what it cannot do, saying why', async () => {
    const v = venueWithBook();
    expect(
      await v.submit(intent({ clientOrderId: asClientOrderId('x1'), instrumentId: asInstrumentId('nope') })),
    ).toMatchObject({
      kind: 'rejected',
      reason: 'unknown instrument nope',
    });
    expect(await v.submit(intent({ clientOrderId: asClientOrderId('x2'), tif: 'GTC' }))).toMatchObject({
      kind: 'rejected',
    });
    expect(
      await v.submit(intent({ clientOrderId: asClientOrderId('x3'), venue: 'polymarket' })),
    ).toMatchObject({ kind: 'rejected' });
  });
});
