/**
 * Orders not done when submit returns: a venue that answers `resting` first (a Polymarket
 * live-sports taker delay makes every taker order come back delayed) is asked again on the
 * scheduler until the order is done, each answer applied like the first; arbitrage pairs are
 * judged once both legs are done.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../core/clock.js';
import type { FillReceived, OrderEvent, OrderIntent } from '../core/events.js';
import {
  asClientOrderId,
  asEventId,
  asFillId,
  asGameId,
  asInstrumentId,
  asSignalId,
  asVenueOrderId,
  type ClientOrderId,
} from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import type { ScheduledTask, Scheduler } from '../core/scheduler.js';
import type { SubmitOutcome, VenueClient, VenueOrderReport, VenueOrderStatus } from '../venues/port.js';
import { followUpDelay } from './follow-up.js';
import { type OrderJournal, OrderManager } from './order-manager.js';

/** Runs tasks one at a time, in time order, moving the clock to each task's time. */
class ManualScheduler implements Scheduler {
  readonly tasks: { ts: number; task: ScheduledTask }[] = [];
  constructor(private readonly clock: SimulatedClock) {}
  at(ts: number, task: ScheduledTask): void {
    this.tasks.push({ ts, task });
    this.tasks.sort((a, b) => a.ts - b.ts);
  }
  /** Runs the next task; false when none is waiting. */
  async next(): Promise<boolean> {
    const t = this.tasks.shift();
    if (!t) return false;
    this.clock.set(t.ts);
    await t.task();
    return true;
  }
  /** Runs tasks until none is left, at most `limit`. */
  async drain(limit = 50): Promise<number> {
    let n = 0;
    while (n < limit && (await this.next())) n += 1;
    return n;
  }
}

type Answer = VenueOrderReport | null | Error;

/** A venue whose answers are scripted: submit once, then getOrder answers in turn (the last repeats). */
class ScriptedVenue implements VenueClient {
  readonly live = false;
  readonly submitted: OrderIntent[] = [];
  readonly asked: ClientOrderId[] = [];
  readonly canceled: ClientOrderId[] = [];
  constructor(
    readonly venue: VenueName,
    private readonly onSubmit: (intent: OrderIntent) => SubmitOutcome,
    private readonly answers: Map<string, Answer[]> = new Map(),
    private readonly onCancel?: (id: ClientOrderId) => VenueOrderReport | null,
  ) {}
  script(id: string, ...answers: Answer[]): this {
    this.answers.set(id, answers);
    return this;
  }
  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    this.submitted.push(intent);
    return this.onSubmit(intent);
  }
  async getOrder(id: ClientOrderId): Promise<VenueOrderReport | null> {
    this.asked.push(id);
    const list = this.answers.get(id) ?? [null];
    const answer = list.length > 1 ? list.shift()! : list[0]!;
    if (answer instanceof Error) throw answer;
    return answer;
  }
  async cancel(id: ClientOrderId): Promise<VenueOrderReport | null> {
    this.canceled.push(id);
    return this.onCancel?.(id) ?? null;
  }
}

const fill = (fillId: string, qty: number, price = 500_000) => ({
  fillId: asFillId(fillId),
  price: price as Micros,
  qty: qty as Centis,
  fee: 0 as Micros,
  liquidity: 'taker' as const,
  ts: 0,
});

function report(
  id: string,
  qty: number,
  status: VenueOrderStatus,
  fills: ReturnType<typeof fill>[] = [],
): VenueOrderReport {
  return {
    clientOrderId: asClientOrderId(id),
    venueOrderId: asVenueOrderId(`v-${id}`),
    status,
    qty: qty as Centis,
    filledQty: fills.reduce((s, f) => s + f.qty, 0) as Centis,
    fills,
  };
}

const intent = (over: Partial<OrderIntent> = {}): OrderIntent => ({
  type: 'OrderIntent',
  id: asEventId('intent:S1.L1'),
  ts: 0,
  clientOrderId: asClientOrderId('S1.L1'),
  signalId: asSignalId('S1'),
  leg: 1,
  gameId: asGameId('G'),
  instrumentId: asInstrumentId('polymarket:111'),
  venue: 'polymarket',
  side: 'yes',
  action: 'buy',
  qty: 1000 as Centis,
  limitPrice: 500_000 as Micros,
  tif: 'FOK',
  legCount: 1,
  purpose: 'entry',
  ...over,
});

/** A journal in memory: an intent saved before (an earlier process) is not fresh. */
function memoryJournal(saved = new Set<string>()): OrderJournal & { fills: FillReceived[] } {
  const fills: FillReceived[] = [];
  return {
    fills,
    saveIntent: async (i) => {
      const fresh = !saved.has(i.clientOrderId);
      saved.add(i.clientOrderId);
      return fresh;
    },
    recordOrderEvents: async () => undefined,
    recordFills: async (f) => void fills.push(...f),
  };
}

function setup(venues: VenueClient[], opts: { followUp?: boolean; saved?: Set<string> } = {}) {
  const clock = new SimulatedClock(0);
  const scheduler = new ManualScheduler(clock);
  const published: (OrderEvent | FillReceived | OrderIntent)[] = [];
  const unhedged: string[] = [];
  const errors: string[] = [];
  const journal = memoryJournal(opts.saved);
  const manager = new OrderManager({
    venues: new Map(venues.map((v) => [v.venue, v])),
    journal,
    clock,
    publish: async (e) => void published.push(e),
    publishIntent: async (i) => void published.push(i),
    onUnhedged: async ({ unhedged: qty, resolved }) => void unhedged.push(`${qty}:${resolved}`),
    ...(opts.followUp === false
      ? {}
      : {
          followUp: {
            scheduler,
            onError: (id: ClientOrderId, e: unknown) => void errors.push(`${id}: ${String(e)}`),
          },
        }),
  });
  const types = (id?: string) =>
    published.filter((e) => !id || ('clientOrderId' in e && e.clientOrderId === id)).map((e) => e.type);
  return { clock, scheduler, published, unhedged, errors, journal, manager, types };
}

const accepted = (r: VenueOrderReport): SubmitOutcome => ({ kind: 'accepted', report: r });

describe('order follow-ups', () => {
  it('follows a delayed order until it fills, publishing its fill once, before the status', async () => {
    const venue = new ScriptedVenue('polymarket', (i) => accepted(report(i.clientOrderId, i.qty, 'resting')));
    venue.script(
      'S1.L1',
      report('S1.L1', 1000, 'resting'),
      report('S1.L1', 1000, 'filled', [fill('f1', 1000)]),
    );
    const { scheduler, manager, types, journal } = setup([venue]);
    await manager.handleIntent(intent());
    expect(types()).toEqual(['OrderSubmitted', 'OrderAccepted']);
    expect(manager.workingOrders().map((i) => i.clientOrderId)).toEqual(['S1.L1']);
    expect(scheduler.tasks.map((t) => t.ts)).toEqual([1_000]);

    await scheduler.next(); // still delayed: asked again 2 s later
    expect(types()).toEqual(['OrderSubmitted', 'OrderAccepted']);
    expect(scheduler.tasks.map((t) => t.ts)).toEqual([3_000]);
    await scheduler.next();
    expect(types()).toEqual(['OrderSubmitted', 'OrderAccepted', 'FillReceived', 'OrderFilled']);
    expect(manager.workingOrders()).toEqual([]);
    expect(journal.fills.map((f) => f.fillId)).toEqual(['f1']);
    expect(scheduler.tasks).toEqual([]); // done: no more questions
    expect(venue.submitted).toHaveLength(1);
    expect(manager.followUpStats()).toEqual({ following: 0, failures: 0 });
  });

  it('asks with a doubling interval, capped at 30 s', async () => {
    const venue = new ScriptedVenue('polymarket', (i) => accepted(report(i.clientOrderId, i.qty, 'resting')));
    venue.script('S1.L1', report('S1.L1', 1000, 'resting'));
    const { scheduler, manager, clock } = setup([venue]);
    await manager.handleIntent(intent());
    const times: number[] = [];
    for (let n = 0; n < 8; n++) {
      times.push(scheduler.tasks[0]!.ts);
      await scheduler.next();
    }
    const gaps = times.map((t, i) => t - (i === 0 ? 0 : times[i - 1]!));
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(clock.now()).toBe(times.at(-1));
    expect(followUpDelay(1_000, 1_000, 30_000)).toBe(30_000); // no overflow on a long follow-up
    expect(manager.workingOrders()).toHaveLength(1);
  });

  it('publishes the fills of a resting order as they come, and the kill switch cancels it', async () => {
    const venue = new ScriptedVenue(
      'polymarket',
      (i) => accepted(report(i.clientOrderId, i.qty, 'resting')),
      new Map(),
      (id) => report(id, 1000, 'canceled', [fill('f1', 300), fill('f2', 200)]),
    );
    venue.script(
      'S1.L1',
      report('S1.L1', 1000, 'resting', [fill('f1', 300)]),
      report('S1.L1', 1000, 'resting', [fill('f1', 300), fill('f2', 200)]),
    );
    const { scheduler, manager, types, journal } = setup([venue]);
    await manager.handleIntent(intent({ tif: 'GTC' }));
    await scheduler.next();
    await scheduler.next();
    expect(types()).toEqual([
      'OrderSubmitted',
      'OrderAccepted',
      'FillReceived',
      'OrderPartiallyFilled',
      'FillReceived',
      'OrderPartiallyFilled',
    ]);
    const result = await manager.cancelAll();
    expect(result).toEqual({ canceled: 1, failed: [] });
    expect(venue.canceled).toEqual(['S1.L1']);
    expect(types().at(-1)).toBe('OrderCanceled');
    expect(manager.state(asClientOrderId('S1.L1'))).toMatchObject({ status: 'CANCELED', filledQty: 500 });
    expect(journal.fills.map((f) => f.fillId)).toEqual(['f1', 'f2']); // each fill once
    // The follow-up already scheduled finds the order done and stops without asking.
    const asked = venue.asked.length;
    await scheduler.drain();
    expect(venue.asked).toHaveLength(asked);
    expect(scheduler.tasks).toEqual([]);
  });

  it('keeps asking after a lookup that fails, and never resends', async () => {
    const venue = new ScriptedVenue('polymarket', () => ({ kind: 'unresolved', reason: 'timed out' }));
    venue.script(
      'S1.L1',
      new Error('venue down'),
      new Error('still down'),
      report('S1.L1', 1000, 'filled', [fill('f1', 1000)]),
    );
    const { scheduler, manager, types, errors } = setup([venue]);
    await manager.handleIntent(intent());
    expect(types()).toEqual(['OrderSubmitted', 'OrderUnresolved']);
    expect(manager.workingOrders()).toHaveLength(1);
    await scheduler.drain();
    expect(types()).toEqual([
      'OrderSubmitted',
      'OrderUnresolved',
      'OrderAccepted',
      'FillReceived',
      'OrderFilled',
    ]);
    expect(errors).toEqual(['S1.L1: Error: venue down', 'S1.L1: Error: still down']);
    expect(manager.followUpStats()).toEqual({ following: 0, failures: 2 });
    expect(venue.submitted).toHaveLength(1);
  });

  it('gives an order the venue does not list a few questions before it counts as never received', async () => {
    const venue = new ScriptedVenue('polymarket', () => ({ kind: 'unresolved', reason: 'not listed yet' }));
    venue.script('S1.L1', null, null, report('S1.L1', 1000, 'filled', [fill('f1', 1000)]));
    const first = setup([venue]);
    await first.manager.handleIntent(intent());
    await first.scheduler.drain();
    expect(first.types()).toEqual([
      'OrderSubmitted',
      'OrderUnresolved',
      'OrderAccepted',
      'FillReceived',
      'OrderFilled',
    ]);

    const lost = new ScriptedVenue('polymarket', () => ({ kind: 'transport', reason: 'connection reset' }));
    const second = setup([lost]);
    await second.manager.handleIntent(intent());
    await second.scheduler.drain();
    expect(second.types()).toEqual(['OrderSubmitted', 'OrderUnresolved', 'OrderRejected']);
    expect(lost.asked).toHaveLength(4); // once at once, three follow-ups
    expect(lost.submitted).toHaveLength(1);
  });

  it('after a restart, follows up a recovered order that is still working', async () => {
    const venue = new ScriptedVenue('polymarket', () => {
      throw new Error('a recovered order is never sent again');
    });
    venue.script(
      'S1.L1',
      report('S1.L1', 1000, 'resting'),
      report('S1.L1', 1000, 'filled', [fill('f1', 1000)]),
    );
    const { scheduler, manager, types } = setup([venue], { saved: new Set(['S1.L1']) });
    await manager.handleIntent(intent());
    expect(types()).toEqual(['OrderSubmitted', 'OrderUnresolved', 'OrderAccepted']);
    expect(manager.workingOrders()).toHaveLength(1);
    await scheduler.drain();
    expect(types().slice(3)).toEqual(['FillReceived', 'OrderFilled']);
    expect(venue.submitted).toEqual([]);
  });

  it('without the option, a resting order is looked at once, as before', async () => {
    const venue = new ScriptedVenue('polymarket', (i) => accepted(report(i.clientOrderId, i.qty, 'resting')));
    const { scheduler, manager, types } = setup([venue], { followUp: false });
    await manager.handleIntent(intent());
    expect(types()).toEqual(['OrderSubmitted', 'OrderAccepted']);
    expect(scheduler.tasks).toEqual([]);
    expect(venue.asked).toEqual([]);
    expect(manager.workingOrders()).toHaveLength(1);
  });
});

describe('arbitrage pairs with a delayed leg', () => {
  const legs = (): [OrderIntent, OrderIntent] => {
    const base = intent({ signalId: asSignalId('A1'), legCount: 2, purpose: 'arbitrage' });
    return [
      {
        ...base,
        clientOrderId: asClientOrderId('A1.L1'),
        leg: 1,
        venue: 'kalshi',
        instrumentId: asInstrumentId('kalshi:G-HOME'),
      },
      { ...base, clientOrderId: asClientOrderId('A1.L2'), leg: 2, side: 'no', limitPrice: 480_000 as Micros },
    ];
  };
  const kalshiFills = () =>
    new ScriptedVenue('kalshi', (i) =>
      accepted(report(i.clientOrderId, i.qty, 'filled', [fill(`k-${i.clientOrderId}`, i.qty)])),
    );

  it('waits for the delayed leg, and needs no hedge when it fills', async () => {
    const poly = new ScriptedVenue('polymarket', (i) => accepted(report(i.clientOrderId, i.qty, 'resting')));
    poly.script('A1.L2', report('A1.L2', 1000, 'filled', [fill('p1', 1000, 480_000)]));
    const { scheduler, manager, unhedged, published } = setup([kalshiFills(), poly]);
    const [a, b] = legs();
    await manager.handleIntent(a);
    await manager.handleIntent(b);
    // Judged now, the pair would look unhedged by 1000 and a hedge would go out.
    expect(unhedged).toEqual([]);
    await scheduler.drain();
    expect(unhedged).toEqual([]);
    expect(published.filter((e) => e.type === 'OrderIntent')).toEqual([]);
    expect(manager.workingOrders()).toEqual([]);
  });

  it('hedges once, when the delayed leg ends unfilled, and waits for a delayed hedge too', async () => {
    const poly = new ScriptedVenue('polymarket', (i) => accepted(report(i.clientOrderId, i.qty, 'resting')));
    poly.script('A1.L2', report('A1.L2', 1000, 'resting'), report('A1.L2', 1000, 'canceled'));
    // The hedge (leg 3) is delayed too, then fills whole: no unwind follows.
    poly.script('A1.L3', report('A1.L3', 1000, 'filled', [fill('p3', 1000, 490_000)]));
    const { scheduler, manager, unhedged, published } = setup([kalshiFills(), poly]);
    const [a, b] = legs();
    await manager.handleIntent(a);
    await manager.handleIntent(b);
    await scheduler.next(); // L2 still delayed
    expect(unhedged).toEqual([]);
    await scheduler.next(); // L2 canceled unfilled: the hedge goes out, delayed
    expect(unhedged).toEqual(['1000:false']);
    const intents = () => published.filter((e): e is OrderIntent => e.type === 'OrderIntent');
    expect(intents().map((i) => i.purpose)).toEqual(['hedge']);
    await scheduler.drain();
    expect(unhedged).toEqual(['1000:false', '0:true']);
    expect(intents().map((i) => i.purpose)).toEqual(['hedge']); // once, and no unwind
    expect(poly.submitted.map((i) => i.clientOrderId)).toEqual(['A1.L2', 'A1.L3']);
  });

  it('unwinds after a delayed hedge that ends unfilled', async () => {
    const poly = new ScriptedVenue('polymarket', (i) => accepted(report(i.clientOrderId, i.qty, 'resting')));
    poly.script('A1.L2', report('A1.L2', 1000, 'canceled'));
    poly.script('A1.L3', report('A1.L3', 1000, 'canceled'));
    const kalshi = kalshiFills();
    const { scheduler, manager, unhedged, published } = setup([kalshi, poly]);
    const [a, b] = legs();
    await manager.handleIntent(a);
    await manager.handleIntent(b);
    await scheduler.drain();
    const intents = published.filter((e): e is OrderIntent => e.type === 'OrderIntent');
    expect(intents.map((i) => [i.purpose, i.venue, i.action])).toEqual([
      ['hedge', 'polymarket', 'buy'],
      ['unwind', 'kalshi', 'sell'],
    ]);
    expect(unhedged).toEqual(['1000:false', '0:true']); // the unwind filled whole
  });
});
