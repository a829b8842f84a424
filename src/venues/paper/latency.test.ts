/**
 * Latency and the live-sports taker delay: an order meets the book as it stands when it
 * arrives, and a crossing order on a delayed instrument meets the book as it stands after the
 * delay. The sleep is the test's own (ManualSleep), so the book is changed exactly in between.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { asClientOrderId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { Timeline } from '../../feeds/replay/timeline.js';
import type { SubmitOutcome, VenueOrderReport } from '../port.js';
import { sleepOnScheduler } from './latency.js';
import { PaperVenue, type PaperVenueOptions } from './paper-venue.js';
import {
  KALSHI_INSTRUMENT,
  ManualSleep,
  POLY_INSTRUMENT,
  paperInstrument,
  paperIntent,
  snapshot,
} from './testing.js';

const T = 1_000_000;

function kalshiVenue(over: Partial<PaperVenueOptions> = {}) {
  const clock = new SimulatedClock(T);
  const manual = new ManualSleep(clock);
  const venue = new PaperVenue({
    venue: 'kalshi',
    clock,
    startingBalance: 1_000_000_000 as Micros,
    latencyMs: 60,
    sleep: manual.sleep,
    ...over,
  });
  venue.addInstrument(paperInstrument('kalshi'));
  const book = (asks: [number, number][], at = clock.now()) =>
    venue.onBook(
      snapshot({ instrumentId: KALSHI_INSTRUMENT, venue: 'kalshi', venueTs: at, bids: [[40, 10]], asks }),
    );
  return { clock, manual, venue, book };
}

/** Polymarket with a 3 s taker delay on its instrument, and no latency (the delay alone). */
function delayedPolymarket() {
  const clock = new SimulatedClock(T);
  const manual = new ManualSleep(clock);
  const venue = new PaperVenue({
    venue: 'polymarket',
    clock,
    startingBalance: 1_000_000_000 as Micros,
    sleep: manual.sleep,
  });
  venue.addInstrument(paperInstrument('polymarket', { takerDelayMs: 3_000 }));
  const book = (asks: [number, number][]) =>
    venue.onBook(
      snapshot({
        instrumentId: POLY_INSTRUMENT,
        venue: 'polymarket',
        venueTs: clock.now(),
        bids: [[40, 10]],
        asks,
      }),
    );
  const order = (id: string, cents: number) =>
    paperIntent({
      clientOrderId: id,
      venue: 'polymarket',
      instrumentId: POLY_INSTRUMENT,
      qty: 1_000 as Centis,
      limitPrice: (cents * 10_000) as Micros,
    });
  return { clock, manual, venue, book, order };
}

const reportOf = (out: SubmitOutcome): VenueOrderReport => {
  if (out.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(out)}`);
  return out.report;
};

describe('paper venue latency', () => {
  it('matches against the book as it stands when the order arrives, not when it was sent', async () => {
    const { clock, manual, venue, book } = kalshiVenue();
    book([[45, 10]]);
    const pending = venue.submit(paperIntent({ clientOrderId: 'A.L1', limitPrice: 480_000 as Micros }));
    expect(await manual.asleep()).toBe(60);
    // While it travels the order is open at the venue, with nothing filled.
    expect(await venue.openOrders()).toEqual([asClientOrderId('A.L1')]);
    expect(await venue.getOrder(asClientOrderId('A.L1'))).toMatchObject({ status: 'resting', filledQty: 0 });
    book(
      [
        [47, 4],
        [48, 10],
      ],
      clock.now() + 30,
    ); // the book moves up while the order travels
    manual.wake();
    const report = reportOf(await pending);
    expect(report.fills.map((f) => [f.price, f.qty, f.ts])).toEqual([
      [470_000, 400, T + 60],
      [480_000, 600, T + 60],
    ]);
    expect(report.status).toBe('filled');
    expect(await venue.openOrders()).toEqual([]);
  });

  it('fills nothing when the book moved away during the latency', async () => {
    const { manual, venue, book } = kalshiVenue();
    book([[45, 10]]);
    const pending = venue.submit(paperIntent({ clientOrderId: 'A.L1', limitPrice: 450_000 as Micros }));
    await manual.asleep();
    book([[52, 10]]);
    manual.wake();
    expect(reportOf(await pending)).toMatchObject({ status: 'canceled', filledQty: 0, fills: [] });
    expect(await venue.balance()).toBe(1_000_000_000);
    expect(await venue.positions()).toEqual([]);
  });

  it('gives an order submitted again while it travels the one result, trading once', async () => {
    const { manual, venue, book } = kalshiVenue();
    book([[45, 10]]);
    const intent = paperIntent({ clientOrderId: 'A.L1', limitPrice: 450_000 as Micros });
    const first = venue.submit(intent);
    const again = venue.submit(intent);
    await manual.asleep();
    expect(manual.pending).toBe(1);
    manual.wake();
    expect(await again).toEqual(await first);
    expect(await venue.fillIds()).toEqual(['A.L1.F1']);
  });

  it('cancels an order still travelling: it never trades', async () => {
    const { manual, venue, book } = kalshiVenue();
    book([[45, 10]]);
    const pending = venue.submit(paperIntent({ clientOrderId: 'A.L1', limitPrice: 450_000 as Micros }));
    await manual.asleep();
    expect(await venue.cancel(asClientOrderId('A.L1'))).toMatchObject({ status: 'canceled', filledQty: 0 });
    expect(await venue.openOrders()).toEqual([]);
    manual.wake();
    expect(reportOf(await pending)).toMatchObject({ status: 'canceled', fills: [] });
    expect(await venue.balance()).toBe(1_000_000_000);
  });

  it('refuses to fill against a book older than its limit, also one that aged during the latency', async () => {
    const { clock, manual, venue, book } = kalshiVenue({ maxBookAgeMs: 5_000 });
    book([[45, 10]], clock.now() - 4_990); // 4.99 s old when sent, 5.05 s when it arrives
    const pending = venue.submit(paperIntent({ clientOrderId: 'A.L1', limitPrice: 450_000 as Micros }));
    await manual.asleep();
    manual.wake();
    expect(await pending).toEqual({
      kind: 'rejected',
      reason: `book for ${KALSHI_INSTRUMENT} is 5050 ms old, past the paper venue's limit of 5000 ms`,
    });
    book([[45, 10]]);
    const fresh = venue.submit(paperIntent({ clientOrderId: 'B.L1', limitPrice: 450_000 as Micros }));
    await manual.asleep();
    manual.wake();
    expect(reportOf(await fresh).filledQty).toBe(1_000);
  });

  it('with latency 0 matches within submit, asking for no sleep at all', async () => {
    const clock = new SimulatedClock(T);
    const manual = new ManualSleep(clock);
    const venue = new PaperVenue({
      venue: 'kalshi',
      clock,
      startingBalance: 1_000_000_000 as Micros,
      sleep: manual.sleep,
    });
    venue.addInstrument(paperInstrument('kalshi'));
    venue.onBook(
      snapshot({ instrumentId: KALSHI_INSTRUMENT, venue: 'kalshi', venueTs: T, bids: [], asks: [[45, 10]] }),
    );
    const pending = venue.submit(paperIntent({ clientOrderId: 'A.L1', limitPrice: 450_000 as Micros }));
    // fillIds() reads the account when called: the fill is there before anything was awaited.
    const idsAtOnce = venue.fillIds();
    expect(await idsAtOnce).toEqual(['A.L1.F1']);
    expect(reportOf(await pending).filledQty).toBe(1_000);
    expect(manual.asked).toEqual([]);
  });

  it('with latency 0 does not deadlock a replay timeline task that awaits the order', async () => {
    const clock = new SimulatedClock(T);
    const timeline = new Timeline(clock);
    const venue = new PaperVenue({ venue: 'kalshi', clock, startingBalance: 1_000_000_000 as Micros });
    venue.addInstrument(paperInstrument('kalshi'));
    venue.onBook(
      snapshot({ instrumentId: KALSHI_INSTRUMENT, venue: 'kalshi', venueTs: T, bids: [], asks: [[45, 10]] }),
    );
    let filled = -1;
    timeline.at(T + 10, async () => {
      const out = await venue.submit(paperIntent({ clientOrderId: 'A.L1', limitPrice: 450_000 as Micros }));
      filled = reportOf(out).filledQty;
    });
    expect(await timeline.run({ speed: null, sleep: async () => {}, wallNow: () => 0 })).toBe(true);
    expect(filled).toBe(1_000);
  });

  it('waits its latency on a scheduler: on the timeline, the order meets the book of a later task', async () => {
    const clock = new SimulatedClock(T);
    const timeline = new Timeline(clock);
    const venue = new PaperVenue({
      venue: 'kalshi',
      clock,
      startingBalance: 1_000_000_000 as Micros,
      latencyMs: 60,
      sleep: sleepOnScheduler({ scheduler: timeline, clock }),
    });
    venue.addInstrument(paperInstrument('kalshi'));
    const at = (ts: number, asks: [number, number][]) =>
      timeline.at(ts, () =>
        venue.onBook(
          snapshot({ instrumentId: KALSHI_INSTRUMENT, venue: 'kalshi', venueTs: ts, bids: [], asks }),
        ),
      );
    at(T, [[45, 10]]);
    let outcome: Promise<SubmitOutcome> | undefined;
    // The task submits and does not wait for the result (waiting inside a task never ends).
    timeline.at(T + 100, () => {
      outcome = venue.submit(paperIntent({ clientOrderId: 'A.L1', limitPrice: 500_000 as Micros }));
    });
    at(T + 130, [[49, 10]]);
    at(T + 170, [[55, 10]]);
    await timeline.run({ speed: null, sleep: async () => {}, wallNow: () => 0 });
    const report = reportOf(await outcome!);
    expect(report.fills.map((f) => [f.price, f.ts])).toEqual([[490_000, T + 160]]);
  });
});

describe('Polymarket live-sports taker delay', () => {
  it('matches a crossing order only after the delay, against the book as it is then', async () => {
    const { clock, manual, venue, book, order } = delayedPolymarket();
    book([[45, 10]]);
    const pending = venue.submit(order('P.L1', 48));
    expect(await manual.asleep()).toBe(3_000);
    expect(await venue.fillIds()).toEqual([]);
    expect(await venue.openOrders()).toEqual([asClientOrderId('P.L1')]);
    clock.advance(1_000);
    book([
      [46, 4],
      [48, 2],
    ]); // the book as it is when the delay ends
    manual.wake();
    const report = reportOf(await pending);
    expect(report.fills.map((f) => [f.price, f.qty, f.fee, f.ts])).toEqual([
      // 4 @ 0.46: 4 x 0.03 x 0.2484 = $0.029808; 2 @ 0.48: 2 x 0.03 x 0.2496 = $0.014976
      [460_000, 400, 29_800, T + 4_000],
      [480_000, 200, 14_970, T + 4_000],
    ]);
    expect(report).toMatchObject({ status: 'canceled', filledQty: 600 });
  });

  it('leaves a crossing order unfilled when the book moved away during the delay', async () => {
    const { manual, venue, book, order } = delayedPolymarket();
    book([[45, 10]]);
    const pending = venue.submit(order('P.L1', 46));
    await manual.asleep();
    book([[50, 10]]);
    manual.wake();
    expect(reportOf(await pending)).toMatchObject({ status: 'canceled', filledQty: 0, fills: [] });
    expect(await venue.balance()).toBe(1_000_000_000);
  });

  it('does not delay an order that would not cross: an IOC one ends at once with nothing filled', async () => {
    const { manual, venue, book, order } = delayedPolymarket();
    book([[45, 10]]);
    expect(reportOf(await venue.submit(order('P.L1', 44)))).toMatchObject({
      status: 'canceled',
      filledQty: 0,
    });
    expect(manual.asked).toEqual([]);
  });

  it('kills a fill-or-kill order the book after the delay cannot fill whole', async () => {
    const { manual, venue, book, order } = delayedPolymarket();
    book([[45, 10]]);
    const pending = venue.submit({ ...order('P.L1', 46), tif: 'FOK' });
    await manual.asleep();
    book([[45, 5]]);
    manual.wake();
    expect(reportOf(await pending)).toMatchObject({ status: 'canceled', filledQty: 0, fills: [] });
  });

  it('waits the latency and then the delay, and without a sleep function refuses a delayed order', async () => {
    const clock = new SimulatedClock(T);
    const manual = new ManualSleep(clock);
    const both = new PaperVenue({
      venue: 'polymarket',
      clock,
      startingBalance: 1_000_000_000 as Micros,
      latencyMs: 150,
      sleep: manual.sleep,
    });
    both.addInstrument(paperInstrument('polymarket', { takerDelayMs: 3_000 }));
    both.onBook(
      snapshot({
        instrumentId: POLY_INSTRUMENT,
        venue: 'polymarket',
        venueTs: T,
        bids: [],
        asks: [[45, 10]],
      }),
    );
    const pending = both.submit(
      paperIntent({
        clientOrderId: 'P.L1',
        venue: 'polymarket',
        instrumentId: POLY_INSTRUMENT,
        limitPrice: 450_000 as Micros,
      }),
    );
    expect(await manual.asleep()).toBe(150);
    manual.wake();
    expect(await manual.asleep()).toBe(3_000);
    manual.wake();
    expect(reportOf(await pending).fills.map((f) => f.ts)).toEqual([T + 3_150]);

    const noSleep = new PaperVenue({ venue: 'polymarket', clock, startingBalance: 1_000_000_000 as Micros });
    noSleep.addInstrument(paperInstrument('polymarket', { takerDelayMs: 3_000 }));
    noSleep.onBook(
      snapshot({
        instrumentId: POLY_INSTRUMENT,
        venue: 'polymarket',
        venueTs: clock.now(),
        bids: [],
        asks: [[45, 10]],
      }),
    );
    expect(
      await noSleep.submit(
        paperIntent({
          clientOrderId: 'P.L1',
          venue: 'polymarket',
          instrumentId: POLY_INSTRUMENT,
          limitPrice: 450_000 as Micros,
        }),
      ),
    ).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('3000 ms') });
  });

  it('refuses a latency it cannot wait out, naming the venue', () => {
    expect(
      () =>
        new PaperVenue({
          venue: 'kalshi',
          clock: new SimulatedClock(0),
          startingBalance: 0 as Micros,
          latencyMs: 60,
        }),
    ).toThrow(/paper venue kalshi: a latency of 60 ms needs a sleep function/);
    expect(
      () =>
        new PaperVenue({
          venue: 'kalshi',
          clock: new SimulatedClock(0),
          startingBalance: 0 as Micros,
          latencyMs: -1,
        }),
    ).toThrow(/latencyMs must be a whole number/);
  });
});
